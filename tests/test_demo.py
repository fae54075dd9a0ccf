"""The demo tour (``make demo``): on the bundled emulator, and on "a Jenkins the demo was not
written for" (other job names, other parameters, a pipeline with and without an input step, a
freestyle job, no job named) — without sleeping: the tour runs on a LinkedClock."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk import demo
from jenkins_sdk.testing import (
    ArtifactSpec,
    InputSpec,
    JenkinsEmulator,
    LinkedClock,
    ParamDef,
    StageSpec,
)
from jenkins_sdk.testing import TestCaseSpec as CaseSpec
from jenkins_sdk.testing import TestReportSpec as ReportSpec
from jenkins_sdk.testing.demo import build_demo

STEPS = [
    "1. List the folder tree (one request)",
    "2. The job and its parameters",
    "3. Trigger it with its parameter defaults; follow it from the queue",
    "4. Watch the stages until an input step or the end",
    "5. Answer the input step",
    "6. Watch the stages until an input step or the end",
    "7. Stream the console live until the end",
    "8. The result (the exit code follows it)",
    "9. The stages, finished",
    "10. Download the artifacts",
    "11. The test report summary",
    "12. Why did the last build of a job fail?",
]


def _point_at(emu: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> LinkedClock:
    user, token = emu.credentials
    monkeypatch.setenv("JENKINS_URL", emu.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
    return LinkedClock(emu)


@pytest.fixture
def demo_env(jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> LinkedClock:
    build_demo(jenkins_emulator)
    return _point_at(jenkins_emulator, monkeypatch)


def test_the_tour_runs_every_step_and_exits_0(
    demo_env: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    out = StringIO()
    started = time.monotonic()
    code = demo.run_tour(clock=demo_env, out=out, download_dir=str(tmp_path))
    elapsed = time.monotonic() - started
    text = out.getvalue()
    assert code == 0, text
    assert "!!" not in text
    for step in STEPS:
        assert f"── {step}\n$ jenkins-sdk " in text, step
    positions = [text.index(step) for step in STEPS]
    assert positions == sorted(positions)
    # what each step showed
    assert "team/backend/api-tests" in text
    assert "started: team/deploy #3" in text
    assert "Approve: PAUSED_PENDING_INPUT" in text
    assert re.search(r"^proceeded: \S+$", text, re.MULTILINE)
    assert "Finished: SUCCESS" in text
    assert "team/deploy #3: SUCCESS" in text
    assert "tests: 4 total, 4 passed, 0 failed, 0 skipped" in text
    assert "FAILED in stage 'Deploy to staging'" in text
    assert text.rstrip().endswith(f"tour complete: 12 steps, artifacts in {tmp_path}")
    # the build really ran with the tour's parameters, and its artifacts landed
    build = jenkins_emulator.job("team/deploy").builds[3]
    assert {d.name: v for d, v in build.params} == {"TARGET": "staging", "VERSION": "1.4.2"}
    assert build.result == "SUCCESS"
    assert (tmp_path / "dist" / "app-1.4.2.tar.gz").stat().st_size == 8 * 1024 * 1024
    assert (tmp_path / "reports" / "junit.xml").exists()
    # nothing slept: virtual time went by on the linked clock, and the run was quick
    assert demo_env.monotonic() > 10
    assert elapsed < 10


def test_a_named_job_that_does_not_exist_stops_the_tour(
    demo_env: LinkedClock, tmp_path: Path
) -> None:
    out = StringIO()
    code = demo.run_tour(job="team/nope", clock=demo_env, out=out, download_dir=str(tmp_path))
    assert code == 1
    assert out.getvalue() == "!! no job team/nope on this controller (JENKINS_SDK_DEMO_JOB)\n"


# --- a Jenkins the demo was not written for ---------------------------------------------------


@pytest.fixture
def foreign(jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> LinkedClock:
    """Other folders, names and parameters than the demo controller's."""
    emu = jenkins_emulator
    emu.pipeline(
        "apps/web",
        params=[
            ParamDef("REGION", type="choice", choices=["eu-west", "us-east"]),
            ParamDef("DRY_RUN", type="boolean", default=True),
            ParamDef("NOTES", type="text", default="from the demo"),
            ParamDef("SECRET", type="password", default="s3cr3t"),
        ],
        stages=[
            StageSpec("Compile", 3),
            StageSpec("Approve", 1, input=InputSpec("Ship it?")),
            StageSpec("Ship", 2),
        ],
        artifacts=[ArtifactSpec("web.zip", content=b"PK")],
    )
    emu.freestyle(
        "tools/lint",
        params=[ParamDef("LEVEL", type="choice", choices=["warn", "error"])],
        duration=4,
        test_report=ReportSpec(cases=[CaseSpec("lint.Rules", "noTabs")]),
    )
    emu.pipeline("ops/nightly", stages=[StageSpec("Backup", 5), StageSpec("Verify", 2)])
    emu.history("ops/nightly", ["SUCCESS", "FAILURE"])
    return _point_at(emu, monkeypatch)


def _tour(clock: LinkedClock, tmp_path: Path, **kwargs: Any) -> tuple[int, str]:
    out = StringIO()
    kwargs.setdefault("params", ())
    kwargs.setdefault("failed_job", None)
    code = demo.run_tour(clock=clock, out=out, download_dir=str(tmp_path), **kwargs)
    return code, out.getvalue()


def test_a_named_pipeline_with_an_input_step(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job="apps/web")
    assert code == 0, text
    assert "!!" not in text
    build = jenkins_emulator.job("apps/web").builds[1]
    sent = {d.name: v for d, v in build.params}
    # the job's own defaults; a password parameter is left to Jenkins
    assert sent["REGION"] == "eu-west" and sent["NOTES"] == "from the demo"
    assert str(sent["DRY_RUN"]).lower() == "true"
    assert build.result == "SUCCESS"
    assert "Answer the input step" in text and "Ship: SUCCESS" in text
    assert (tmp_path / "web.zip").read_bytes() == b"PK"
    assert "(the build has no test report)" in text
    assert "$ jenkins-sdk why ops/nightly\n" in text  # the failed job it found by itself
    assert "tour complete" in text


def test_a_named_parameterised_freestyle_job(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job="tools/lint", params=["LEVEL=error"])
    assert code == 0, text
    build = jenkins_emulator.job("tools/lint").builds[1]
    assert {d.name: v for d, v in build.params} == {"LEVEL": "error"}
    assert "stages" not in re.findall(r"^\$ jenkins-sdk (\w+)", text, re.MULTILINE)
    assert "Answer the input step" not in text
    assert "(the build archived no artifacts)" in text
    assert "tests: 1 total, 1 passed" in text


def test_a_named_pipeline_without_an_input_step(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job="ops/nightly")
    assert code == 0, text
    assert "Answer the input step" not in text
    assert "Verify: SUCCESS" in text
    assert jenkins_emulator.job("ops/nightly").builds[3].result == "SUCCESS"


def test_no_job_named_reads_and_changes_nothing(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job=None)
    assert code == 0, text
    assert "── 2. The job and its parameters\n$ jenkins-sdk jobs show ops/nightly" in text
    assert "head of its console" in text and "Why did the last build" in text
    assert "read-only: nothing was triggered" in text
    methods = {entry.method for entry in jenkins_emulator.request_log}
    assert methods == {"GET"}  # not one POST: nothing queued, created or deleted
    assert not jenkins_emulator.state.queue
    assert sorted(jenkins_emulator.job("ops/nightly").builds) == [1, 2]


def test_no_job_named_with_trigger_builds_the_picked_job(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job=None, trigger=True)
    assert code == 0, text
    assert jenkins_emulator.job("ops/nightly").builds[3].result == "SUCCESS"


def test_an_input_can_be_aborted(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job="apps/web", input_action="abort")
    assert code == 0, text
    assert jenkins_emulator.job("apps/web").builds[1].result == "ABORTED"


def test_a_controller_without_jobs(
    jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = _point_at(jenkins_emulator, monkeypatch)
    code, text = _tour(clock, tmp_path, job=None)
    assert code == 0, text
    assert "no job to show" in text


# --- a Jenkins without the stage-view plugin (no wfapi/) ---------------------------------------
# Jenkins' setup wizard suggests pipeline-graph-view instead of pipeline-stage-view since 2024
# (jenkinsci/jenkins core/src/main/resources/jenkins/install/platform-plugins.json, #8884), and
# workflow-aggregator no longer depends on it: on a fresh controller every wfapi/ URL is a 404.
# Pending inputs are then read from the build's InputAction (pipeline-input-step-plugin
# InputAction.java: executions; InputStepExecution.java: id, settled).


def _without_stage_view(emu: JenkinsEmulator) -> None:
    emu.html_error(404, times=None, path="/wfapi/")


def _commands(text: str) -> list[str]:
    return re.findall(r"^\$ jenkins-sdk (\w+)", text, re.MULTILINE)


def test_without_stage_view_a_named_pipeline_with_an_input_step(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    _without_stage_view(jenkins_emulator)
    code, text = _tour(foreign, tmp_path, job="apps/web")
    assert code == 0, text
    assert "!!" not in text
    assert "no Pipeline: Stage View plugin" in text
    assert "stages" not in _commands(text)
    assert "$ jenkins-sdk input apps/web 1 --id " in text and "--proceed" in text
    assert jenkins_emulator.job("apps/web").builds[1].result == "SUCCESS"
    assert (tmp_path / "web.zip").read_bytes() == b"PK"


def test_without_stage_view_an_input_can_be_aborted(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    _without_stage_view(jenkins_emulator)
    code, text = _tour(foreign, tmp_path, job="apps/web", input_action="abort")
    assert code == 0, text
    assert jenkins_emulator.job("apps/web").builds[1].result == "ABORTED"


def test_without_stage_view_a_pipeline_without_input_and_the_read_only_tour(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    _without_stage_view(jenkins_emulator)
    code, text = _tour(foreign, tmp_path, job="ops/nightly")
    assert code == 0, text
    assert "Answer the input step" not in text and "stages" not in _commands(text)
    assert jenkins_emulator.job("ops/nightly").builds[3].result == "SUCCESS"
    code, text = _tour(foreign, tmp_path, job=None)
    assert code == 0, text
    assert "stages" not in _commands(text) and "head of its console" in text


@pytest.mark.parametrize(
    ("job", "words"),
    [
        ("apps", "apps is a folder, not a job the tour can build"),
        ("repos/svc", "repos/svc is a multibranch, not a job"),
        ("tools/off", "tools/off is not buildable"),
    ],
)
def test_a_named_item_that_cannot_be_built_is_refused_before_any_post(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path, job: str, words: str
) -> None:
    jenkins_emulator.multibranch("repos/svc", branches=["main"])
    jenkins_emulator.freestyle("tools/off", disabled=True)
    code, text = _tour(foreign, tmp_path, job=job)
    assert code == 1
    assert f"!! {words}" in text
    # a multibranch project's "build" is a branch scan, which may create or delete jobs
    assert {entry.method for entry in jenkins_emulator.request_log} == {"GET"}
    assert not jenkins_emulator.state.queue


def test_no_artifacts_no_download_folder(
    foreign: LinkedClock, jenkins_emulator: JenkinsEmulator, tmp_path: Path
) -> None:
    code, text = _tour(foreign, tmp_path, job="ops/nightly")
    assert code == 0, text
    assert "(the build archived no artifacts)" in text
    assert text.rstrip().endswith("tour complete: 8 steps")


def test_main_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_tour(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(demo, "run_tour", fake_tour)
    monkeypatch.setenv("JENKINS_URL", "https://ci.example.com/")
    monkeypatch.setenv("JENKINS_SDK_DEMO_JOB", "apps/web")
    monkeypatch.setenv("JENKINS_SDK_DEMO_PARAMS", "A=1 B=2")
    monkeypatch.setenv("JENKINS_SDK_DEMO_INPUT", "abort")
    monkeypatch.delenv("JENKINS_SDK_DEMO_TRIGGER", raising=False)
    assert demo.main([]) == 0
    assert calls == [
        {
            "job": "apps/web",
            "params": ("A=1", "B=2"),
            "failed_job": None,
            "trigger": False,
            "input_action": "abort",
        }
    ]
    monkeypatch.delenv("JENKINS_SDK_DEMO_JOB")
    assert demo.main(["--trigger"]) == 0
    assert calls[-1]["job"] is None and calls[-1]["trigger"] is True


def test_main_without_jenkins_url_serves_the_emulator(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN"):
        monkeypatch.setenv(name, "")  # recorded, so the demo's own settings are undone too
        monkeypatch.delenv(name)
    seen: list[str] = []

    def fake_tour() -> int:
        seen.append(os.environ["JENKINS_URL"])
        from jenkins_sdk.cli import main

        return main(["status", "team/flaky"])

    monkeypatch.setattr(demo, "run_tour", fake_tour)
    assert demo.main([]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"Jenkins emulator serving a demo controller at {seen[0]}")
    assert "team/flaky #1: FAILURE" in out


@pytest.mark.slow
def test_python_m_jenkins_sdk_demo_exits_0(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JENKINS_")}
    proc = subprocess.run(
        [sys.executable, "-m", "jenkins_sdk.demo", "--speed", "20"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "tour complete: 12 steps" in proc.stdout


def test_a_last_build_that_was_not_built_is_a_result_not_a_failure_of_the_tour(
    jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """core hudson.model.Result.NOT_BUILT: a real result (exit code 7 of `status`)."""
    jenkins_emulator.freestyle("skipped", params=[ParamDef("F", type="file")])
    jenkins_emulator.history("skipped", ["NOT_BUILT"])
    code, text = _tour(_point_at(jenkins_emulator, monkeypatch), tmp_path, job=None)
    assert code == 0, text
    assert "$ jenkins-sdk status skipped\nskipped #1: NOT_BUILT" in text
    assert "  param F (file)\n" in text  # no default is exported for a file parameter
