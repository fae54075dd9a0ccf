"""Replay every committed recording (``recordings/``) offline through the real JenkinsClient.

Sockets are blocked for these tests, so any attempt to reach a network fails them. Each scenario
of :mod:`jenkins_sdk.simulation.record_all` must yield, from its recording alone, the same facts
(models' fields, console text, artifact bytes, error types) it yielded live.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import requests

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.simulation import FORMAT_VERSION
from tools.recorder import (
    BINARY_ARTIFACT,
    MADE_BY,
    RECORDED_ON,
    SCENARIOS,
    Scenario,
    replay,
)

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "recordings"
IDS = [item.key for item in SCENARIOS]
#: Recordings stay small: a scenario that needs more is doing too much.
MAX_BYTES = 32 * 1024


class NoNetwork(AssertionError):
    """Raised when code under test tries to open a connection or resolve a name."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every socket connect and name lookup fail for the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NoNetwork(f"network used during replay: {args[1:]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


class NoSleepClock:
    """A base clock that fails the test if anything really sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s during a replay")


def test_the_socket_block_works(no_network: None) -> None:
    with pytest.raises((NoNetwork, requests.ConnectionError)):
        requests.get("http://127.0.0.1:9/", timeout=1)


def test_every_scenario_has_a_committed_recording_and_nothing_else() -> None:
    committed = {p.relative_to(RECORDINGS).as_posix() for p in RECORDINGS.glob("**/*.json")}
    expected = {f"{item.key}.json" for item in SCENARIOS}
    assert committed == expected, "run `make record` to regenerate recordings/"


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_recording_replays_to_the_scenario_facts(item: Scenario, no_network: None) -> None:
    observed = replay(item, RECORDINGS, clock=NoSleepClock())
    assert observed.facts == dict(item.expected)


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_recording_is_consumed_exactly_in_order(item: Scenario, no_network: None) -> None:
    """With ``on_exhausted="raise"`` one request too many fails; too few shows in the count."""
    made: list[int] = []
    observed = replay(
        item,
        RECORDINGS,
        url="http://127.0.0.1:1/",
        on_exhausted="raise",
        after=lambda client: made.append(client.metrics.requests),
    )
    assert observed.facts == dict(item.expected)
    document = json.loads(item.path_in(RECORDINGS).read_text(encoding="utf-8"))
    assert made == [len(document["interactions"])]


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_recording_file_is_small_versioned_and_describes_itself(item: Scenario) -> None:
    path = item.path_in(RECORDINGS)
    assert path.stat().st_size <= MAX_BYTES
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == FORMAT_VERSION
    meta = document["meta"]
    assert meta["scenario"] == item.key and meta["summary"] == item.summary
    assert meta["date"] == RECORDED_ON and meta["made_by"] == MADE_BY
    assert meta["jenkins_version"] and meta["sdk_version"]
    assert "127.0.0.1" not in path.read_text(encoding="utf-8")  # origins are placeholders


def _scenario(key: str) -> Scenario:
    return next(item for item in SCENARIOS if item.key == key)


def test_binary_artifact_is_stored_base64_and_replays_byte_for_byte(
    tmp_path: Path, no_network: None
) -> None:
    item = _scenario("artifacts/download")
    document = json.loads(item.path_in(RECORDINGS).read_text(encoding="utf-8"))
    bodies = [entry["response"]["body"] for entry in document["interactions"]]
    assert any("base64" in body for body in bodies)
    replay(item, RECORDINGS, workdir=tmp_path)
    assert (tmp_path / "dist" / "app-1.4.2.bin").read_bytes() == BINARY_ARTIFACT


def test_growing_console_replays_as_a_sequence(no_network: None) -> None:
    item = _scenario("console/streaming")
    observed = replay(item, RECORDINGS)
    chunks = observed.models["chunks"]
    assert len(chunks) > 2  # the log arrived in several polls, in the recorded order
    assert observed.models["polls"] == 22


def test_replay_depends_on_no_base_url(no_network: None) -> None:
    item = _scenario("builds/parameters")
    here = replay(item, RECORDINGS, url="http://a.invalid/")
    there = replay(item, RECORDINGS, url="https://b.invalid:8443/jenkins/")
    assert here.facts == there.facts == dict(item.expected)
    assert here.models["build"].url == "http://a.invalid/job/team/job/service/1/"
    assert there.models["build"].url == "https://b.invalid:8443/jenkins/job/team/job/service/1/"


def test_a_user_replays_with_one_setting(no_network: None) -> None:
    """What the README shows: ``simulation_mode="replay"`` plus the file, nothing else."""
    path = RECORDINGS / "builds" / "trigger_and_wait.json"
    with JenkinsClient(
        url="https://ci.example.com/",
        username="me",
        api_token="anything",
        simulation_mode="replay",
        recording_path=path,
    ) as client:
        queued = client.builds.trigger("app")
        build = client.builds.wait(
            "app", client.queue.wait_for_build(queued, timeout=120), timeout=300
        )
    assert build.url == "https://ci.example.com/job/app/1/"
    assert build.result is not None and build.result.value == "SUCCESS"


def test_readme_lists_every_recording() -> None:
    readme = (RECORDINGS / "README.md").read_text(encoding="utf-8")
    missing = [item.key for item in SCENARIOS if f"`{item.key}.json`" not in readme]
    assert missing == [], "add these scenarios to recordings/README.md"
