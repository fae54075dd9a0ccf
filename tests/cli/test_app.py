"""The command group itself: click's runner, the registration point, configuration sources."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from jenkins_sdk.cli import cli
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.cli.conftest import RunCli

#: The commands of this issue's layout (others add theirs through COMMAND_MODULES).
COMMANDS = {
    "artifacts",
    "build",
    "emulator",
    "input",
    "jobs",
    "logs",
    "nodes",
    "queue",
    "record",
    "replay",
    "stages",
    "status",
    "tests",
    "why",
}


def _env(emu: JenkinsEmulator, tmp_path: Path) -> dict[str, str | None]:
    user, token = emu.credentials
    return {
        "JENKINS_URL": emu.url,
        "JENKINS_USER_ID": user,
        "JENKINS_API_TOKEN": token,
        "JENKINS_PASSWORD": None,
        "JENKINS_SDK_CONFIG": str(tmp_path / "none.toml"),
    }


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = {
        line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()
    }
    assert listed >= COMMANDS


def test_every_command_comes_from_a_registered_module() -> None:
    import importlib

    from jenkins_sdk.cli.app import COMMAND_MODULES

    registered = {
        c.name
        for name in COMMAND_MODULES
        for c in importlib.import_module(f"jenkins_sdk.cli.{name}").COMMANDS
    }
    assert registered == set(cli.commands)


def test_click_runner_against_the_emulator(
    demo: JenkinsEmulator, jenkins_clock: LinkedClock, tmp_path: Path
) -> None:
    runner = CliRunner()
    env = _env(demo, tmp_path)
    obj = {"clock": jenkins_clock}
    result = runner.invoke(cli, ["jobs", "ls", "team", "--json"], env=env, obj=obj)
    assert result.exit_code == 0, result.output
    assert "deploy" in {j["name"] for j in json.loads(result.stdout)["items"]}
    # The group's standalone mode turns ctx.exit(code) into the process exit status too.
    result = runner.invoke(cli, ["status", "team/flaky"], env=env, obj=obj)
    assert result.exit_code == 1
    result = runner.invoke(cli, ["build", "team/app", "--wait"], env=env, obj=obj)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "finished: team/app #4 SUCCESS"


def test_no_url_is_a_usage_error(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN", "JENKINS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "none.toml"))
    r = run_cli("jobs", "ls")
    assert r.code == 2
    assert "no Jenkins URL: pass --url, set JENKINS_URL, or select a profile" in r.err


def test_unknown_command_and_option_are_usage_errors(jcli: RunCli) -> None:
    assert jcli("jobz").code == 2
    r = jcli("jobs", "ls", "--no-such-flag")
    assert r.code == 2 and "--no-such-flag" in r.err


def test_record_and_replay_flags_exclude_each_other(jcli: RunCli, tmp_path: Path) -> None:
    existing = tmp_path / "r.json"
    existing.write_text("{}")
    r = jcli("--record", str(tmp_path / "x.json"), "--replay", str(existing), "jobs", "ls")
    assert r.code == 2 and "exclude each other" in r.err


def test_flags_beat_the_environment(jcli: RunCli, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = jcli("--url", f"http://127.0.0.1:{port}/", "jobs", "ls")
    assert r.code == 6  # the flag's (dead) URL was used, not JENKINS_URL's emulator


def _write_config(path: Path, emu: JenkinsEmulator, current: str) -> None:
    user, token = emu.credentials
    path.write_text(
        f'current = "{current}"\n\n'
        "[profiles.emu]\n"
        f'url = "{emu.url}"\n'
        f'user = "{user}"\n'
        'token_env = "EMU_TOKEN"\n\n'
        "[profiles.broken]\n"
        'url = "http://127.0.0.1:9/"\n'
        f'user = "{user}"\n'
        f'token = "{token}"\n'
    )


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch, demo: JenkinsEmulator, tmp_path: Path) -> Path:
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN", "JENKINS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EMU_TOKEN", demo.credentials[1])
    monkeypatch.chdir(tmp_path)
    return tmp_path / "config.toml"


def test_profile_from_a_config_file(run_cli: RunCli, demo: JenkinsEmulator, no_env: Path) -> None:
    _write_config(no_env, demo, current="broken")
    r = run_cli("--config", str(no_env), "--profile", "emu", "jobs", "ls", "--json")
    assert r.code == 0, r.err
    assert "hello-world" in {j["name"] for j in r.items()}
    # the current profile is the default; it points nowhere
    assert run_cli("--config", str(no_env), "jobs", "ls").code == 6


def test_current_profile_of_the_config_file_named_by_the_environment(
    run_cli: RunCli, demo: JenkinsEmulator, no_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_config(no_env, demo, current="emu")
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(no_env))
    r = run_cli("status", "hello-world")
    assert r.code == 0, r.err
    assert r.out.startswith("hello-world #4: SUCCESS")


def test_unknown_profile_is_a_usage_error(
    run_cli: RunCli, demo: JenkinsEmulator, no_env: Path
) -> None:
    _write_config(no_env, demo, current="emu")
    r = run_cli("--config", str(no_env), "--profile", "staging", "jobs", "ls")
    assert r.code == 2
    assert "known profiles: broken, emu" in r.err
