"""``stages`` (table, JSON, --watch) and ``input`` (proceed with parameters, abort, --id)."""

from __future__ import annotations

import json

import pytest

from jenkins_sdk.cli import pipeline
from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def _paused_deploy(emu: JenkinsEmulator) -> int:
    """Start team/deploy #3 and bring it to its input step (Build 4 s + Test 5 s)."""
    emu.trigger("team/deploy", {"TARGET": "staging"})
    emu.advance(20)
    build = emu.job("team/deploy").builds[3]
    assert build.pending_input() is not None
    return 3


def test_stages_table_of_a_finished_run(jcli: RunCli) -> None:
    r = jcli("stages", "team/app", "1")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["ID", "STAGE", "STATUS", "DURATION"]
    assert [line.split()[1] for line in lines[1:5]] == ["Checkout", "Build", "Test", "Deploy"]
    assert all(line.split()[2] == "SUCCESS" for line in lines[1:5])
    assert lines[-1] == "run: SUCCESS"


def test_stages_of_a_failed_run_defaults_to_the_last_build(jcli: RunCli) -> None:
    r = jcli("stages", "team/flaky")
    assert r.code == 0, r.err
    row = next(line for line in r.out.splitlines() if "Deploy to staging" in line)
    assert "FAILED" in row
    assert r.out.splitlines()[-1] == "run: FAILED"


def test_stages_json(jcli: RunCli) -> None:
    r = jcli("stages", "team/deploy", "2", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["status"] == "SUCCESS"
    assert [s["name"] for s in data["stages"]] == ["Build", "Test", "Approve", "Deploy"]


def test_stages_watch_stops_at_the_input_step(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.trigger("team/deploy", {"TARGET": "staging"})
    jenkins_env.advance(6)  # quiet period (5 s) over: #3 runs its Build stage
    r = jcli("stages", "team/deploy", "3", "--watch", "--interval", "1")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("Build: IN_PROGRESS")
    assert any(line.startswith("Build: SUCCESS") for line in lines)  # the table updates
    assert any(line.startswith("Test: SUCCESS") for line in lines)
    assert any(line.startswith("Approve: PAUSED_PENDING_INPUT") for line in lines)
    assert not any(line.startswith("Deploy:") for line in lines)
    assert lines[-1] == (
        "run: PAUSED_PENDING_INPUT — answer it with: jenkins-sdk input team/deploy 3"
    )


def test_stages_watch_runs_to_the_end(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.trigger("team/app")
    jenkins_env.advance(6)  # past the quiet period: #4 exists
    r = jcli("stages", "team/app", "4", "--watch")
    assert r.code == 0, r.err
    assert r.out.splitlines()[-1] == "run: SUCCESS"
    assert "Deploy: SUCCESS" in r.out
    assert not jenkins_env.job("team/app").builds[4].building


def test_stages_watch_json_is_json_lines(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    _paused_deploy(jenkins_env)
    r = jcli("stages", "team/deploy", "3", "--watch", "--json")
    assert r.code == 0, r.err
    events = [json.loads(line) for line in r.out.splitlines()]
    head = {"schema_version": 1, "kind": "stage_event"}
    assert events[:3] == [
        {**head, "id": events[0]["id"], "stage": "Build", "status": "SUCCESS"},
        {**head, "id": events[1]["id"], "stage": "Test", "status": "SUCCESS"},
        {**head, "id": events[2]["id"], "stage": "Approve", "status": "PAUSED_PENDING_INPUT"},
    ]
    assert events[-1] == {
        "schema_version": 1,
        "kind": "run_end",
        "run": "PAUSED_PENDING_INPUT",
        "id": "3",
    }


def test_stages_watch_on_a_terminal_draws_a_live_table(
    jcli: RunCli, jenkins_env: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "is_tty", lambda stream=None: True)
    jenkins_env.trigger("team/app")
    jenkins_env.advance(6)  # past the quiet period: #4 exists
    r = jcli("stages", "team/app", "4", "--watch")
    assert r.code == 0, r.err
    assert "team/app #4" in r.out and "Checkout" in r.out and "Deploy" in r.out
    assert r.out.rstrip().endswith("run: SUCCESS")
    assert not jenkins_env.job("team/app").builds[4].building


def test_input_proceed_then_the_build_succeeds(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    number = _paused_deploy(jenkins_env)
    r = jcli("input", "team/deploy", str(number), "--proceed")
    assert r.code == 0, r.err
    first, second = r.out.splitlines()
    input_id = first.split()[1].rstrip(":")
    assert first == f"input {input_id}: Deploy to the target environment?"
    assert second == f"proceeded: {input_id}"
    r = jcli("build", "team/deploy")  # unrelated: keeps the CLI usable afterwards
    assert r.code == 0
    r = jcli("status", "team/deploy", str(number))
    assert r.code == 0 and "building" in r.out
    jenkins_env.advance(10)
    r = jcli("status", "team/deploy", str(number))
    assert (r.code, "SUCCESS" in r.out) == (0, True)


def test_input_proceed_with_parameters(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.trigger("team/release")
    jenkins_env.advance(10)
    r = jcli("input", "team/release", "1", "--proceed", "-p", "REASON=hotfix 42")
    assert r.code == 0, r.err
    build = jenkins_env.job("team/release").builds[1]
    approve = next(s for s in build.stages if s.spec.name == "Approve")
    assert approve.input_state == "proceeded"
    assert approve.input_values == {"REASON": "hotfix 42"}


def test_input_abort_ends_the_build_aborted(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    number = _paused_deploy(jenkins_env)
    r = jcli("input", "team/deploy", str(number), "--abort")
    assert r.code == 0, r.err
    assert r.out.splitlines()[-1].startswith("aborted: ")
    r = jcli("status", "team/deploy", str(number))
    assert r.code == 4 and "ABORTED" in r.out


def test_input_with_an_explicit_id(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    number = _paused_deploy(jenkins_env)
    spec = jenkins_env.job("team/deploy").builds[number].pending_input()
    assert spec is not None
    pending = jcli("stages", "team/deploy", str(number), "--json").json()
    assert pending["status"] == "PAUSED_PENDING_INPUT"
    wrong = jcli("input", "team/deploy", str(number), "--id", "NoSuchInput")
    assert wrong.code == 6 and "error:" in wrong.err
    input_id = _pending_id(jcli, number)
    r = jcli("input", "team/deploy", str(number), "--id", input_id)
    assert r.code == 0, r.err
    assert r.out == f"proceeded: {input_id}\n"  # no lookup line: the id was given


def _pending_id(jcli: RunCli, number: int) -> str:
    from jenkins_sdk.client import JenkinsClient

    with JenkinsClient.from_env() as client:
        return client.pipelines.pending_inputs("team/deploy", number)[0].id


def test_input_without_a_pending_step_is_an_error(jcli: RunCli) -> None:
    r = jcli("input", "team/deploy", "2")
    assert r.code == 6
    assert "team/deploy #2 has no pending input" in r.err


def test_stages_watch_deadline_is_a_timeout(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.trigger("team/app")
    jenkins_env.advance(6)
    r = jcli("--timeout", "4", "stages", "team/app", "4", "--watch", "--interval", "1")
    assert r.code == 5, r.out + r.err
    assert r.err.startswith("timeout: team/app #4 was still IN_PROGRESS")


def test_stages_live_watch_deadline_is_a_timeout(
    jcli: RunCli, jenkins_env: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "is_tty", lambda stream=None: True)
    jenkins_env.trigger("team/app")
    jenkins_env.advance(6)
    r = jcli("--timeout", "4", "stages", "team/app", "4", "--watch", "--interval", "1")
    assert r.code == 5, r.out + r.err
    assert "still IN_PROGRESS" in r.err


# A Jenkins without the stage-view plugin (the setup wizard suggests pipeline-graph-view instead
# since 2024: jenkinsci/jenkins platform-plugins.json): every wfapi/ URL is Stapler's 404 page.


def test_stages_without_stage_view_names_the_plugin(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    jenkins_env.html_error(404, times=None, path="/wfapi/")
    r = jcli("stages", "team/app", "1")
    assert r.code == 6
    assert r.err.splitlines() == [
        "error: this Jenkins has no Pipeline: Stage View plugin (pipeline-stage-view, which "
        "serves wfapi/): install it for stages, or answer an input with --id ID"
    ]
    r = jcli("stages", "hello-world")
    assert (
        r.err
        == "error: hello-world is a freestyle job: stages and input steps belong to pipelines\n"
    )
    assert jcli("stages", "team/app", "99").err == "error: no build 99 of team/app\n"


def test_input_without_stage_view_reads_the_builds_input_action(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    """pipeline-input-step-plugin InputAction.java (executions) / InputStepExecution.java (id,
    settled) / InputStep.java (message): the pending input, found without wfapi."""
    number = _paused_deploy(jenkins_env)
    jenkins_env.html_error(404, times=None, path="/wfapi/")
    r = jcli("input", "team/deploy", str(number), "--abort")
    assert r.code == 0, r.err
    assert r.out.splitlines()[0].startswith("input ") and r.out.endswith(
        "aborted: " + r.out.split()[1].rstrip(":") + "\n"
    )
    jenkins_env.advance(5)
    assert jenkins_env.job("team/deploy").builds[number].result == "ABORTED"
    r = jcli("input", "team/deploy", str(number))
    assert r.code == 6 and r.err == f"error: team/deploy #{number} has no pending input\n"
