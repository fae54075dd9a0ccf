"""The scripts under ``examples/`` run against the demo emulator (their waits advance it)."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from jenkins_sdk import SystemClock
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock, Outcome
from jenkins_sdk.testing.demo import build_demo

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo_env(jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> LinkedClock:
    """JENKINS_* name the demo emulator; every client's real clock advances it instead."""
    build_demo(jenkins_emulator)
    user, token = jenkins_emulator.credentials
    monkeypatch.setenv("JENKINS_URL", jenkins_emulator.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
    linked = LinkedClock(jenkins_emulator)
    monkeypatch.setattr(SystemClock, "sleep", lambda self, seconds: linked.sleep(seconds))
    monkeypatch.setattr(SystemClock, "monotonic", lambda self: linked.monotonic())
    return linked


Main = Callable[[list[str]], int]


def _main(name: str) -> Main:
    main: Main = _load(name).main
    return main


def test_every_example_is_tested() -> None:
    scripts = sorted(p.stem for p in EXAMPLES.glob("*.py"))
    assert scripts == ["monitor_many", "pipeline_input", "stream_logs", "trigger_and_wait"]
    for name in scripts:
        assert callable(_load(name).main)


def test_trigger_and_wait(
    demo_env: LinkedClock, jenkins_emulator: JenkinsEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    main = _main("trigger_and_wait")
    assert main(["team/app", "-p", "BRANCH=release", "-p", "ENV=production"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("queued team/app: queue item ")
    assert out[1:] == ["started team/app #4", "finished team/app #4: SUCCESS in 16.0 s"]
    build = jenkins_emulator.job("team/app").builds[4]
    assert {d.name: v for d, v in build.params}["ENV"] == "production"
    assert demo_env.sleeps  # it waited, on the linked clock
    jenkins_emulator.then("hello-world", Outcome(result="FAILURE"))
    assert main(["hello-world"]) == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("finished hello-world #5: FAILURE")


def test_stream_logs_follows_a_running_build(
    demo_env: LinkedClock, jenkins_emulator: JenkinsEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jenkins_emulator.trigger("team/app")
    jenkins_emulator.advance(6)
    assert _main("stream_logs")(["team/app", "lastBuild"]) == 0
    out = capsys.readouterr().out
    assert "[Pipeline] { (Deploy)" in out and "Finished: SUCCESS" in out
    offset = int(re.findall(r"resume with --from (\d+)", out)[-1])
    assert not jenkins_emulator.job("team/app").builds[4].building
    # resuming at the end prints nothing more; an error line makes it exit 1
    assert _main("stream_logs")(["team/app", "4", "--from", str(offset)]) == 0
    assert capsys.readouterr().out == f"-- 0 error line(s); resume with --from {offset}\n"
    assert _main("stream_logs")(["team/flaky", "1"]) == 1
    assert "ERROR: Deploy failed" in capsys.readouterr().out


def test_pipeline_input_proceeds_with_a_reason(
    demo_env: LinkedClock, jenkins_emulator: JenkinsEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main("pipeline_input")(["team/release", "--reason", "hotfix"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "team/release #1 started"
    assert "  Approve: PAUSED_PENDING_INPUT" in out
    assert "  input 'Deploy to production?': proceed (REASON=hotfix)" in out
    assert "  Deploy: SUCCESS" in out
    assert out[-1] == "team/release #1: SUCCESS"
    approve = next(
        s for s in jenkins_emulator.job("team/release").builds[1].stages if s.spec.name == "Approve"
    )
    assert approve.input_values == {"REASON": "hotfix"}


def test_pipeline_input_abort(demo_env: LinkedClock, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main("pipeline_input")(["team/deploy", "--abort"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "  input 'Deploy to the target environment?': abort" in out
    assert out[-1] == "team/deploy #3: ABORTED"


def test_monitor_many(
    demo_env: LinkedClock, jenkins_emulator: JenkinsEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jenkins_emulator.state.executors = 4
    assert _main("monitor_many")(["hello-world", "team/app"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "watching 2 builds of 2 jobs"
    assert sorted(out[1:3]) == ["  hello-world #5: SUCCESS", "  team/app #4: SUCCESS"]
    assert out[-1] == "summary: 2 SUCCESS"
    # the default jobs include an UNSTABLE one: exit 1
    assert _main("monitor_many")([]) == 1
    assert "1 UNSTABLE" in capsys.readouterr().out.splitlines()[-1]
