"""Fixtures for the command-line tests: the demo controller, JENKINS_* in the environment, a runner.

``jcli("jobs", "ls")`` runs ``jenkins_sdk.cli.main`` in-process against the emulator on the
test's :class:`LinkedClock` (every wait of the CLI advances the emulator, nothing sleeps) and
returns the exit code with the captured stdout and stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from jenkins_sdk.cli import main
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from jenkins_sdk.testing.demo import build_demo


@attrs.frozen
class Run:
    """What one command-line run left behind."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as one JSON document."""
        return json.loads(self.out)

    def items(self) -> list[Any]:
        """The items of a ``--json`` list document (``{"kind": "..._list", "items": [...]}``)."""
        data = self.json()
        assert data["schema_version"] == 1 and data["kind"].endswith("_list"), data
        items: list[Any] = data["items"]
        return items

    def lines(self) -> list[Any]:
        """stdout parsed as JSON Lines."""
        return [json.loads(line) for line in self.out.splitlines()]


RunCli = Callable[..., Run]


@pytest.fixture
def demo(jenkins_emulator: JenkinsEmulator) -> JenkinsEmulator:
    """The emulator, populated with the demo controller (``team/deploy``, ``team/flaky``, ...)."""
    return build_demo(jenkins_emulator)


@pytest.fixture
def jenkins_env(
    demo: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> JenkinsEmulator:
    """JENKINS_URL / JENKINS_USER_ID / JENKINS_API_TOKEN point at the demo emulator; the test runs
    in ``tmp_path`` and no user config file can leak in."""
    user, token = demo.credentials
    monkeypatch.setenv("JENKINS_URL", demo.url)
    monkeypatch.setenv("JENKINS_USER_ID", user)
    monkeypatch.setenv("JENKINS_API_TOKEN", token)
    monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.chdir(tmp_path)
    return demo


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], jenkins_clock: LinkedClock) -> RunCli:
    """Run the CLI in-process (no environment set up: see ``jcli``)."""

    def run(*argv: str, clock: Any = jenkins_clock) -> Run:
        capsys.readouterr()
        code = main(list(argv), clock=clock)
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def jcli(jenkins_env: JenkinsEmulator, run_cli: RunCli) -> RunCli:
    """Run the CLI against the demo emulator named by the environment."""
    return run_cli
