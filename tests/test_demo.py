"""The demo tour (``make demo``) runs end to end against the emulator without sleeping."""

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
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from jenkins_sdk.testing.demo import build_demo

STEPS = [
    "1. List the folder tree (one request)",
    "2. Trigger the parameterised pipeline; follow it from the queue",
    "3. Watch the stages until the input step",
    "4. Answer the input step",
    "5. Stream the console live until the end",
    "6. The result (the exit code follows it)",
    "7. The stages, finished",
    "8. Download the artifacts",
    "9. The test report summary",
    "10. Why did the last build of a job fail?",
]


@pytest.fixture
def demo_env(jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> LinkedClock:
    build_demo(jenkins_emulator)
    user, token = jenkins_emulator.credentials
    monkeypatch.setenv("JENKINS_URL", jenkins_emulator.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
    return LinkedClock(jenkins_emulator)


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
    assert text.rstrip().endswith(f"tour complete: 10 steps, artifacts in {tmp_path}")
    # the build really ran with the tour's parameters, and its artifacts landed
    build = jenkins_emulator.job("team/deploy").builds[3]
    assert {d.name: v for d, v in build.params} == {"TARGET": "staging", "VERSION": "1.4.2"}
    assert build.result == "SUCCESS"
    assert (tmp_path / "dist" / "app-1.4.2.tar.gz").stat().st_size == 8 * 1024 * 1024
    assert (tmp_path / "reports" / "junit.xml").exists()
    # nothing slept: virtual time went by on the linked clock, and the run was quick
    assert demo_env.monotonic() > 10
    assert elapsed < 10


def test_the_tour_stops_at_the_first_failing_step(demo_env: LinkedClock, tmp_path: Path) -> None:
    out = StringIO()
    code = demo.run_tour(job="team/nope", clock=demo_env, out=out, download_dir=str(tmp_path))
    assert code == 1
    assert "!! step 2 exited with 6" in out.getvalue()
    assert "── 3." not in out.getvalue()


def test_the_tour_needs_an_input_step_to_answer(demo_env: LinkedClock, tmp_path: Path) -> None:
    # team/app runs to the end without pausing: the tour says which step broke.
    out = StringIO()
    code = demo.run_tour(
        job="team/app", params=["BRANCH=main"], clock=demo_env, out=out, download_dir=str(tmp_path)
    )
    assert code == 1
    assert "!! step 4 exited with 6" in out.getvalue()


def test_main_tours_the_jenkins_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_tour(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(demo, "run_tour", fake_tour)
    monkeypatch.setenv("JENKINS_URL", "https://ci.example.com/")
    monkeypatch.setenv("JENKINS_SDK_DEMO_JOB", "apps/web")
    monkeypatch.setenv("JENKINS_SDK_DEMO_PARAMS", "A=1 B=2")
    assert demo.main([]) == 0
    assert calls == [{"job": "apps/web", "params": ("A=1", "B=2"), "failed_job": None}]


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
    assert "tour complete: 10 steps" in proc.stdout
