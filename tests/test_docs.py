"""The README and the documentation guides keep working: their Python blocks run against the demo
controller (blocks that use the pytest fixtures run under pytest), every ``jenkins-sdk`` line
parses with the real command group, and the TOML examples are valid profiles."""

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

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = (ROOT / "docs").rglob("*.md")
PAGES = [
    README,
    *sorted(p for p in GUIDES if "_build" not in p.parts and "protocol-" not in p.name),
]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(language: str, pages: list[Path] = PAGES) -> list[tuple[str, str]]:
    found = []
    for page in pages:
        for lang, body in FENCE.findall(page.read_text()):
            if lang == language:
                found.append((str(page.relative_to(ROOT)), body))
    return found


def _uses_fixtures(block: str) -> bool:
    return re.search(r"^def test_\w+\(.*jenkins_", block, re.MULTILINE) is not None


SCRIPT_BLOCKS = [(page, b) for page, b in _blocks("python") if not _uses_fixtures(b)]
FIXTURE_BLOCKS = [(page, b) for page, b in _blocks("python") if _uses_fixtures(b)]


def test_the_readme_starts_with_the_two_commands_and_links_the_docs() -> None:
    text = README.read_text()
    first = text.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split()[:2] for line in first] == [["make", "demo"], ["make", "test"]]
    assert "(docs/index.md)" in text and "make docs" in text
    assert len(text.splitlines()) < 60  # short: the guides live in docs/


def test_every_guide_has_runnable_blocks() -> None:
    pages = {page for page, _ in SCRIPT_BLOCKS + FIXTURE_BLOCKS}
    assert len(SCRIPT_BLOCKS) >= 12 and len(FIXTURE_BLOCKS) >= 1
    for guide in ("trigger-and-wait", "stream-logs", "pipelines", "monitoring", "record-replay"):
        assert f"docs/guides/{guide}.md" in pages


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


@pytest.mark.parametrize(
    ("page", "block"), SCRIPT_BLOCKS, ids=[f"{p}#{i}" for i, (p, _) in enumerate(SCRIPT_BLOCKS)]
)
def test_python_block_runs_against_the_demo_controller(
    demo_env: LinkedClock,
    jenkins_emulator: JenkinsEmulator,
    page: str,
    block: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    namespace: dict[str, Any] = {"__name__": "docs_block"}
    exec(compile(block, f"{page} python block", "exec"), namespace)
    tests = [fn for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    for fn in tests:  # a block that defines a test (record/replay) has it run, too
        fn()
    out = capsys.readouterr().out
    if "client.builds.trigger(" in block:
        assert (
            jenkins_emulator.counters.builds_started("team/app")
            + len(jenkins_emulator.job("team/release").builds)
            >= 1
        )
    if 'print(f"team/app #{build.number}: {build.result.value}")' in block:
        assert re.search(r"^team/app #4: SUCCESS$", out, re.MULTILINE), out
    if "submit_input" in block:
        assert "PAUSED_PENDING_INPUT" in out
        assert jenkins_emulator.job("team/release").builds[1].result == "SUCCESS"
    if "render_text()" in block:
        assert "FAILED in stage 'Deploy to staging'" in out
    if "9999" in block:
        assert out.startswith("no such build: 404 ")
    if tests:
        assert Path("tests/deploy.json").exists()


@pytest.mark.parametrize(("page", "block"), FIXTURE_BLOCKS)
def test_fixture_block_passes_under_pytest(
    pytester: pytest.Pytester, page: str, block: str
) -> None:
    pytester.makepyfile(test_docs_fixture_block=block)
    # In-process: the emulator fixtures come from the plugin jenkins_sdk registers (pytest11).
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1)


def _command_lines() -> list[list[str]]:
    lines: list[list[str]] = []
    for _page, block in _blocks("sh"):
        for raw in block.splitlines():
            lexer = shlex.shlex(raw.split("  #", 1)[0], posix=True, punctuation_chars=";|&")
            lexer.whitespace_split = True
            words: list[str] = []
            for token in [*lexer, ";"]:
                if token.strip(";|&"):
                    words.append(token)
                    continue
                if words and words[0] == "jenkins-sdk":
                    lines.append(words[1:])
                words = []
    return lines


def _parse(command: click.Command, name: str, args: list[str], parent: Any) -> str:
    """Parse ``args`` as click would; return the name of the (first) subcommand."""
    ctx = command.make_context(name, list(args), parent=parent)
    if not isinstance(command, click.Group):
        return name
    rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
    sub_name, sub, sub_args = command.resolve_command(ctx, rest)
    assert sub is not None and sub_name is not None
    _parse(sub, sub_name, sub_args, ctx)
    return sub_name


def test_every_cli_line_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "none.toml"))
    Path("session.json").write_text("{}")  # `replay` wants an existing file
    lines = _command_lines()
    assert len(lines) >= 25
    seen = set()
    for args in lines:
        seen.add(_parse(cli, "jenkins-sdk", args, None))
    assert seen >= {"jobs", "build", "status", "logs", "stages", "input", "artifacts", "tests"}
    assert seen >= {"why", "emulator", "record", "replay", "nodes"}


def test_the_toml_examples_are_valid_profiles(tmp_path: Path) -> None:
    blocks = _blocks("toml")
    assert blocks
    for _page, toml in blocks:
        path = tmp_path / "config.toml"
        path.write_text(toml)
        environ = {"PROD_JENKINS_TOKEN": "t", "LOCAL_JENKINS_PASSWORD": "p"}
        settings = resolve_settings(config_path=path, environ=environ)
        assert (settings.profile, settings.url, settings.user, settings.token) == (
            "prod",
            "https://ci.example.com/",
            "alice",
            "t",
        )
        local = resolve_settings(profile="local", config_path=path, environ=environ)
        assert (local.user, local.password) == ("admin", "p")


def test_every_public_module_has_an_api_page() -> None:
    import importlib.util
    import json

    pytest.importorskip("sphinx", reason="the docs extension needs the docs dependency group")

    spec = importlib.util.spec_from_file_location("pages", ROOT / "docs/_ext/generated_pages.py")
    assert spec is not None and spec.loader is not None
    pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages)
    snapshot = json.loads((ROOT / "tests/api/public_api.json").read_text())
    public = {name for name in snapshot if name.startswith("jenkins_sdk")}
    assert public <= {"jenkins_sdk", *pages.PUBLIC_MODULES}
    api = (ROOT / "docs/api").glob("*.md")
    documented = {m for page in api for m in re.findall(r"automodule:: (\S+)", page.read_text())}
    assert set(pages.PUBLIC_MODULES) <= documented


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    """``make docs`` in miniature: every warning (a broken reference to an SDK name, a page outside
    the table of contents, a docstring that does not parse) fails; the dummy builder resolves
    every reference without writing HTML."""
    pytest.importorskip("sphinx", reason="the docs dependency group is not installed")
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-n", "-b", "dummy",
         str(ROOT / "docs"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
