"""``build``, ``status`` and ``logs``: triggering, following, exit codes, console offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jenkins_sdk.testing import JenkinsEmulator, Outcome, ParamDef
from tests.cli.conftest import RunCli

STARTED = re.compile(r"^started: (\S+) #(\d+)$", re.MULTILINE)


def test_build_without_waiting_only_queues(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("build", "team/app")
    assert r.code == 0, r.err
    m = re.fullmatch(r"queued: team/app \(queue item (\d+)\)\n", r.out)
    assert m, r.out
    queued = jcli("queue", "ls", "--json").items()
    assert [item["id"] for item in queued] == [int(m.group(1))]


def test_build_json_without_waiting(jcli: RunCli) -> None:
    r = jcli("build", "hello-world", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["kind"] == "queued_build" and data["schema_version"] == 1
    assert data["job"] == "hello-world" and isinstance(data["queue_id"], int)
    assert data["number"] is None


def test_build_with_params_wait_start_prints_the_number(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    r = jcli(
        "build", "team/deploy", "-p", "TARGET=production", "--param", "VERSION=2.0", "--wait-start"
    )
    assert r.code == 0, r.err
    assert STARTED.findall(r.out) == [("team/deploy", "3")]
    build = jenkins_env.job("team/deploy").builds[3]
    assert {d.name: v for d, v in build.params} == {"TARGET": "production", "VERSION": "2.0"}
    assert build.building  # --wait-start returns as soon as the build has a number


def test_build_wait_start_json(jcli: RunCli) -> None:
    r = jcli("build", "team/app", "--wait-start", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["job"] == "team/app" and data["number"] == 4 and data["queue_id"] > 0


def test_build_wait_exits_0_on_success(jcli: RunCli) -> None:
    r = jcli("build", "team/app", "-p", "BRANCH=dev", "--wait")
    assert r.code == 0, r.err
    assert r.out.splitlines()[-1] == "finished: team/app #4 SUCCESS"
    assert "Finished:" not in r.out  # --wait alone does not print the console


@pytest.mark.parametrize(
    ("result", "code"),
    [("SUCCESS", 0), ("FAILURE", 1), ("UNSTABLE", 3), ("ABORTED", 4), ("NOT_BUILT", 7)],
)
def test_build_wait_exit_code_follows_the_result(
    jcli: RunCli, jenkins_env: JenkinsEmulator, result: str, code: int
) -> None:
    jenkins_env.then("hello-world", Outcome(result=result))
    r = jcli("build", "hello-world", "--wait")
    assert r.code == code, r.err
    assert r.out.splitlines()[-1] == f"finished: hello-world #5 {result}"


def test_build_wait_json_prints_the_finished_build(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    jenkins_env.then("hello-world", Outcome(result="UNSTABLE"))
    r = jcli("build", "hello-world", "--wait", "--json")
    assert r.code == 3, r.err
    data = r.json()  # only JSON on stdout: no "queued:" chatter
    assert data["number"] == 5 and data["result"] == "UNSTABLE" and data["building"] is False


def test_build_follow_streams_the_console_then_exits_with_the_result(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    jenkins_env.then("team/app", Outcome(result="FAILURE"))
    r = jcli("build", "team/app", "--follow")
    assert r.code == 1, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("queued: team/app")
    assert lines[1] == "started: team/app #4"
    assert "[Pipeline] { (Build)" in r.out
    assert "Finished: FAILURE" in r.out
    assert r.out.index("Finished: FAILURE") < r.out.index("finished: team/app #4 FAILURE")


def test_build_with_a_file_parameter(
    jcli: RunCli, jenkins_env: JenkinsEmulator, tmp_path: Path
) -> None:
    jenkins_env.freestyle("upload", params=[ParamDef("CONFIG", type="file"), ParamDef("NAME")])
    payload = tmp_path / "settings.yaml"
    payload.write_bytes(b"replicas: 3\n")
    r = jcli("build", "upload", "--file", f"CONFIG={payload}", "-p", "NAME=x", "--wait-start")
    assert r.code == 0, r.err
    build = jenkins_env.job("upload").builds[1]
    assert build.files == {"CONFIG": b"replicas: 3\n"}


def test_build_bad_param_syntax_is_a_usage_error(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    r = jcli("build", "team/app", "-p", "BRANCH")
    assert r.code == 2
    assert "expected KEY=VALUE" in r.err
    assert not jenkins_env.state.queue  # nothing was triggered


def test_build_of_an_unknown_job_is_error_6(jcli: RunCli) -> None:
    r = jcli("build", "team/nope", "--wait")
    assert r.code == 6
    assert r.err == "error: no job team/nope (jenkins-sdk jobs ls -r lists them)\n"


def test_build_wait_times_out_with_code_5(jcli: RunCli) -> None:
    # team/deploy pauses for an input step that nobody answers.
    r = jcli("--timeout", "30", "build", "team/deploy", "--wait")
    assert r.code == 5, r.out + r.err
    assert r.err.startswith("timeout:")


def test_ctrl_c_stops_cleanly_with_130(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    class Interrupting:
        def monotonic(self) -> float:
            return 0.0

        def sleep(self, seconds: float) -> None:
            raise KeyboardInterrupt

    r = jcli("build", "team/app", "--wait", clock=Interrupting())
    assert r.code == 130
    assert r.err.strip() == "interrupted"


def test_status_of_last_and_numbered_builds(jcli: RunCli) -> None:
    r = jcli("status", "hello-world")
    assert (r.code, r.out.split(":")[0]) == (0, "hello-world #4")
    assert "SUCCESS" in r.out
    r = jcli("status", "hello-world", "3")
    assert r.code == 1 and "hello-world #3: FAILURE" in r.out
    r = jcli("status", "team/backend/api-tests")
    assert r.code == 3 and "UNSTABLE" in r.out


def test_status_json(jcli: RunCli) -> None:
    r = jcli("status", "team/flaky", "1", "--json")
    assert r.code == 1
    data = r.json()
    assert data["number"] == 1 and data["result"] == "FAILURE"


def test_status_of_a_running_build_is_0(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.trigger("team/app")
    jenkins_env.advance(8)  # quiet period over, build #4 running
    r = jcli("status", "team/app")
    assert r.code == 0, r.err
    assert r.out.startswith("team/app #4: building")


def test_logs_whole_console(jcli: RunCli) -> None:
    r = jcli("logs", "hello-world", "1")
    assert r.code == 0, r.err
    assert "Hello from the Jenkins emulator\nünïcødé ✓ 日本語\n" in r.out
    assert r.out.rstrip().endswith("Finished: SUCCESS")


def test_logs_from_an_offset(jcli: RunCli) -> None:
    whole = jcli("logs", "team/app", "1").out.encode()
    offset = len(whole) // 2
    r = jcli("logs", "team/app", "1", "--from", str(offset))
    assert r.code == 0, r.err
    assert r.out.encode() == whole[offset:]


def test_logs_follow_streams_until_the_build_ends(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    jenkins_env.trigger("team/app")
    jenkins_env.advance(8)
    r = jcli("logs", "team/app", "--follow")
    assert r.code == 0, r.err
    assert "[Pipeline] { (Deploy)" in r.out
    assert r.out.rstrip().endswith("Finished: SUCCESS")
    assert not jenkins_env.job("team/app").builds[4].building


def test_logs_of_a_missing_build_is_error_6(jcli: RunCli) -> None:
    r = jcli("logs", "hello-world", "99")
    assert r.code == 6
    assert r.err == "error: no build 99 of hello-world\n"


def test_build_with_a_missing_file_is_a_usage_error(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    jenkins_env.freestyle("upload", params=[ParamDef("CONFIG", type="file")])
    r = jcli("build", "upload", "--file", "CONFIG=does-not-exist.yaml")
    assert r.code == 2
    assert "cannot read 'does-not-exist.yaml'" in r.err
    assert "Traceback" not in r.err
    assert not jenkins_env.state.queue


def test_build_wait_start_times_out_in_the_queue_with_code_5(jcli: RunCli) -> None:
    # The emulator's quiet period is 5 s: a 2 s deadline passes while the item waits.
    r = jcli("--timeout", "2", "build", "team/app", "--wait-start")
    assert r.code == 5, r.out + r.err
    assert r.err.startswith("timeout:")
    assert "started:" not in r.out


def test_a_queue_timeout_says_what_jenkins_waits_for(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    """core hudson.model.Queue.Item.getWhy (the queue item's ``why``): a build restricted to a
    label no node has never starts; the timeout line repeats Jenkins' reason."""
    jenkins_env.freestyle("pinned", label="no-such-label", quiet_period=0)
    r = jcli("--timeout", "3", "build", "pinned", "--wait-start")
    assert r.code == 5, r.out + r.err
    [line] = r.err.splitlines()
    assert line.startswith("timeout: queue item ") and "; Jenkins says: " in line
    assert "no-such-label" in line


def test_a_disabled_job_is_named_not_buildable(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    """core jenkins.model.ParameterizedJobMixIn.doBuild: 409 "<job> is not buildable"."""
    jenkins_env.freestyle("team/off", disabled=True)
    r = jcli("build", "team/off")
    assert r.code == 6
    assert r.err == "error: team/off is not buildable (disabled?): Jenkins refused the build\n"
    assert not jenkins_env.state.queue
