"""``emulator``: the bundled emulator from the command line (readable help, export lines)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest

from jenkins_sdk.cli import emulator
from jenkins_sdk.cli.app import main
from jenkins_sdk.testing import __main__ as testing_main
from tests.cli.conftest import RunCli


def _read_exports(lines: list[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in lines:
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value
    return env


def test_emulator_prints_export_lines_a_shell_can_eval(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "jenkins_sdk.cli", "emulator", "--port", "0", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().rstrip("\n") for _ in range(4)]
        env = _read_exports(lines)
        assert sorted(env) == ["JENKINS_API_TOKEN", "JENKINS_URL", "JENKINS_USER_ID"]
        assert lines[3].startswith("# ")  # a comment: harmless under eval
        url = env["JENKINS_URL"]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        # the lines work in a real shell
        script = "\n".join(lines) + '\nprintf "%s %s" "$JENKINS_URL" "$JENKINS_USER_ID"'
        shown = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
        assert shown.stdout == f"{url} admin"
        args = ["--config", os.devnull, "--url", url, "--user", "admin"]
        assert main([*args, "--token", env["JENKINS_API_TOKEN"], "status", "team/flaky"]) == 1
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err


def test_emulator_detach_serves_in_the_background(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jenkins_sdk.cli", "emulator", "--detach", "--empty"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    env = _read_exports(proc.stdout.splitlines())
    pid = int(env["JENKINS_SDK_EMULATOR_PID"])
    try:
        args = ["--config", os.devnull, "--url", env["JENKINS_URL"]]
        args += ["--user", env["JENKINS_USER_ID"], "--token", env["JENKINS_API_TOKEN"]]
        assert main([*args, "jobs", "ls", "--json"]) == 0  # --empty: serves, with no jobs
    finally:
        os.kill(pid, signal.SIGTERM)


def test_emulator_help_documents_every_flag_without_markup(run_cli: RunCli) -> None:
    r = run_cli("emulator", "--help")
    assert r.code == 0
    assert ":class:" not in r.out and "``" not in r.out
    options = [p for p in emulator.emulator.params if isinstance(p, click.Option)]
    for option in options:
        assert option.help, option.name
        assert option.opts[0] in r.out
    assert "export JENKINS_URL=" in r.out


def test_emulator_with_a_bad_flag_is_a_usage_error(run_cli: RunCli) -> None:
    r = run_cli("emulator", "--no-such-flag")
    assert r.code == 2
    assert r.err.startswith("error: No such option '--no-such-flag'")
    assert len(r.err.splitlines()) == 1


@pytest.mark.parametrize("value", ["-1", "70000"])
def test_emulator_port_out_of_range_is_a_usage_error(run_cli: RunCli, value: str) -> None:
    assert run_cli("emulator", "--port", value).code == 2


def test_python_m_testing_help_documents_every_flag_in_plain_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    p = testing_main.parser()
    for action in p._actions:
        assert action.help, f"{action.option_strings} is undocumented"
    p.print_help()
    text = capsys.readouterr().out
    assert "``" not in text and ":class:" not in text  # no raw reStructuredText
    assert "export lines" in text and "--empty" in text
