"""README.md's code blocks work: the Python ones run against the demo emulator, the pytest one runs
under pytest with the emulator fixtures, and every ``jenkins-sdk`` command line parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest

from jenkins_sdk import SystemClock
from jenkins_sdk.cli import cli
from jenkins_sdk.cli.profiles import resolve_settings
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from jenkins_sdk.testing.demo import build_demo

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text()) if lang == language]


def _uses_fixtures(block: str) -> bool:
    return re.search(r"^def test_\w+\(.*jenkins_", block, re.MULTILINE) is not None


SCRIPT_BLOCKS = [b for b in _blocks("python") if not _uses_fixtures(b)]
FIXTURE_BLOCKS = [b for b in _blocks("python") if _uses_fixtures(b)]


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    assert len(SCRIPT_BLOCKS) == 3
    assert len(FIXTURE_BLOCKS) == 1
    first = README.read_text().split("```sh\n", 1)[1]
    assert first.startswith("make demo") and "\nmake test" in first.split("```", 1)[0]


@pytest.fixture
def demo_env(
    jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> LinkedClock:
    """JENKINS_* name the demo emulator, every client's real clock advances it, cwd is tmp."""
    build_demo(jenkins_emulator)
    user, token = jenkins_emulator.credentials
    monkeypatch.setenv("JENKINS_URL", jenkins_emulator.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
    linked = LinkedClock(jenkins_emulator)
    monkeypatch.setattr(SystemClock, "sleep", lambda self, seconds: linked.sleep(seconds))
    monkeypatch.setattr(SystemClock, "monotonic", lambda self: linked.monotonic())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").mkdir()
    return linked


@pytest.mark.parametrize("index", range(len(SCRIPT_BLOCKS)))
def test_python_block_runs_against_the_demo_controller(
    demo_env: LinkedClock,
    jenkins_emulator: JenkinsEmulator,
    index: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    block = SCRIPT_BLOCKS[index]
    namespace: dict[str, Any] = {"__name__": f"readme_block_{index}"}
    exec(compile(block, f"README.md python block {index + 1}", "exec"), namespace)
    tests = [fn for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    for fn in tests:  # a block that defines a test (record/replay) has it run, too
        fn()
    out = capsys.readouterr().out
    if "client.builds.trigger(" in block:
        assert jenkins_emulator.counters.builds_started("team/app") >= 1
    if index == 0:
        assert re.search(r"^team/app #4: SUCCESS$", out, re.MULTILINE), out
        assert "PAUSED_PENDING_INPUT" in out
        release = jenkins_emulator.job("team/release").builds[1]
        assert release.result == "SUCCESS"
    if index == 1:
        assert "FAILED in stage 'Deploy to staging'" in out
        assert (Path("out") / "build" / "app.jar").exists()
    if tests:
        assert Path("tests/deploy.json").exists()


def test_pytest_fixture_block_passes_under_pytest(pytester: pytest.Pytester) -> None:
    [block] = FIXTURE_BLOCKS
    pytester.makepyfile(test_readme_fixture_block=block)
    # In-process: the emulator fixtures come from the plugin jenkins_sdk registers (pytest11).
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1)


def _command_lines() -> list[list[str]]:
    lines: list[list[str]] = []
    for block in _blocks("sh"):
        for raw in block.splitlines():
            code = raw.split("#", 1)[0]
            for part in code.split(";"):
                words = shlex.split(part)
                if words and words[0] == "jenkins-sdk":
                    lines.append(words[1:])
    return lines


def _parse(command: click.Command, name: str, args: list[str], parent: Any) -> None:
    ctx = command.make_context(name, list(args), parent=parent)
    if isinstance(command, click.Group):
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        sub_name, sub, sub_args = command.resolve_command(ctx, rest)
        assert sub is not None and sub_name is not None
        _parse(sub, sub_name, sub_args, ctx)


def test_every_cli_line_of_the_readme_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "none.toml"))
    Path("session.json").write_text("{}")  # `replay` wants an existing file
    lines = _command_lines()
    assert len(lines) >= 14
    seen = set()
    for args in lines:
        _parse(cli, "jenkins-sdk", args, None)
        seen.add(args[0])
    assert seen >= {"jobs", "build", "status", "logs", "stages", "input", "artifacts", "tests"}
    assert seen >= {"why", "queue", "nodes", "emulator", "record"}


def test_the_readme_config_example_is_a_valid_profile(tmp_path: Path) -> None:
    [toml] = _blocks("toml")
    path = tmp_path / "config.toml"
    path.write_text(toml)
    settings = resolve_settings(config_path=path, environ={"PROD_JENKINS_TOKEN": "t"})
    assert (settings.profile, settings.url, settings.user, settings.token) == (
        "prod",
        "https://ci.example.com/",
        "alice",
        "t",
    )
