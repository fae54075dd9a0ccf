"""Issue 18 item 1: credentials come from the same source as the URL they are sent to, or not at
all — checked on the wire, with a server that records every Authorization header it is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli
from tests.cli.servers import Capture, serving


@pytest.fixture
def capture() -> Iterator[Capture]:
    with serving() as server:
        yield server


@pytest.fixture
def prod(demo: JenkinsEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file whose profile 'prod' is the emulator (and the current profile)."""
    user, token = demo.credentials
    config = tmp_path / "config.toml"
    config.write_text(
        f'current = "prod"\n[profiles.prod]\nurl = "{demo.url}"\nuser = "{user}"\n'
        'token_env = "PROD_TOKEN"\n'
    )
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN", "JENKINS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROD_TOKEN", token)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(config))
    return config


def _prod_secret(demo: JenkinsEmulator) -> str:
    return demo.credentials[1]


def test_profile_beats_a_leftover_jenkins_url(
    run_cli: RunCli, prod: Path, capture: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JENKINS_URL", capture.url)  # as Jenkins exports it in every build
    r = run_cli("--profile", "prod", "jobs", "ls")
    assert r.code == 0, r.err
    assert "hello-world" in r.out  # the emulator answered, not the capture server
    assert capture.seen == []


def test_url_flag_with_a_profile_gets_no_profile_credentials(
    run_cli: RunCli, prod: Path, capture: Capture, demo: JenkinsEmulator
) -> None:
    r = run_cli("--profile", "prod", "--url", capture.url, "jobs", "ls")
    assert r.code == 0, r.err
    assert capture.seen and set(capture.seen) == {None}  # anonymous, prod's token stayed home


def test_environment_url_beats_the_current_profile_and_uses_only_its_own_credentials(
    run_cli: RunCli,
    prod: Path,
    capture: Capture,
    demo: JenkinsEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JENKINS_URL", capture.url)
    r = run_cli("jobs", "ls")
    assert r.code == 0, r.err
    assert set(capture.seen) == {None}  # the current profile's user and token were not sent
    monkeypatch.setenv("JENKINS_USER_ID", "ci-bot")
    monkeypatch.setenv("JENKINS_API_TOKEN", "env-token")
    capture.seen.clear()
    assert run_cli("jobs", "ls").code == 0
    assert set(capture.seen) == {"ci-bot:env-token"}
    assert all(_prod_secret(demo) not in (s or "") for s in capture.seen)


def test_a_stale_environment_token_never_reaches_the_profiles_url(
    run_cli: RunCli, prod: Path, demo: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JENKINS_USER_ID", "someone-else")
    monkeypatch.setenv("JENKINS_API_TOKEN", "stale-token")
    r = run_cli("status", "hello-world")
    assert r.code == 0, r.err  # prod's own user and token, not the environment's
    logged = {entry.user for entry in demo.request_log if entry.user}
    assert logged == {demo.credentials[0]}


def test_url_flag_naming_the_environments_origin_keeps_its_credentials(
    run_cli: RunCli, demo: JenkinsEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, token = demo.credentials
    monkeypatch.setenv("JENKINS_URL", demo.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "none.toml"))
    r = run_cli("--url", demo.url.rstrip("/"), "status", "hello-world")  # same origin
    assert r.code == 0, r.err


def test_a_401_says_which_credentials_were_left_out(
    run_cli: RunCli, prod: Path, demo: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JENKINS_USER_ID", "someone")
    monkeypatch.setenv("JENKINS_API_TOKEN", "tok")
    r = run_cli("--url", demo.url, "jobs", "ls")  # not the environment's URL: anonymous
    assert r.code == 6
    assert "refused an anonymous request" in r.err
    assert r.err.rstrip().endswith("; credentials of the environment go with another URL")
    assert "tok" not in r.err.replace("token", "")
