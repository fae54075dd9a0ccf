"""``record`` and ``replay``: a command's traffic recorded, then replayed with no network."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from jenkins_sdk.testing import LinkedClock
from tests.cli.conftest import RunCli


def test_record_then_replay_with_the_network_blocked(
    jcli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = tmp_path / "session.json"
    recorded = jcli("record", str(recording), "--", "jobs", "ls", "-r")
    assert recorded.code == 0, recorded.err
    assert "team/backend/api-tests" in recorded.out
    saved = json.loads(recording.read_text())
    assert saved  # a real recording was written
    assert _token() not in recording.read_text()

    def no_network(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("network blocked by the test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert jcli("jobs", "ls").code == 6  # the block works: live traffic now fails
    replayed = jcli("replay", str(recording), "--", "jobs", "ls", "-r")
    assert replayed.code == 0, replayed.err
    assert replayed.out == recorded.out
    # also the global flag, and a request that was never recorded
    assert jcli("--replay", str(recording), "jobs", "ls", "-r").out == recorded.out
    missed = jcli("--replay", str(recording), "nodes", "ls")
    assert missed.code == 6 and "error:" in missed.err


def _token() -> str:
    import os

    return os.environ["JENKINS_API_TOKEN"]


def test_replay_of_a_missing_file_is_a_usage_error(jcli: RunCli, tmp_path: Path) -> None:
    r = jcli("replay", str(tmp_path / "missing.json"), "--", "jobs", "ls")
    assert r.code == 2


def test_record_a_waiting_command_on_the_callers_clock(
    jcli: RunCli, tmp_path: Path, jenkins_clock: LinkedClock
) -> None:
    recording = tmp_path / "build.json"
    r = jcli("record", str(recording), "--", "build", "team/app", "--wait")
    assert r.code == 0, r.err
    assert r.out.splitlines()[-1] == "finished: team/app #4 SUCCESS"
    assert sum(jenkins_clock.sleeps) >= 16  # the wrapped command waited on the linked clock
    replayed = jcli("replay", str(recording), "--", "status", "team/app", "4")
    assert (replayed.code, replayed.out) == (0, "team/app #4: SUCCESS (16.0s)\n")
    missed = jcli("replay", str(recording), "--", "nodes", "ls")
    assert missed.code == 6  # never recorded: a miss is an error, not a live request
    assert "no recorded response" in missed.err


def test_replay_needs_no_url(jcli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recording = tmp_path / "session.json"
    recorded = jcli("record", str(recording), "--", "nodes", "ls", "--json")
    assert recorded.code == 0, recorded.err
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN"):
        monkeypatch.delenv(name)
    replayed = jcli("replay", str(recording), "--", "nodes", "ls", "--json")
    assert replayed.code == 0, replayed.err
    assert replayed.json() == recorded.json()
