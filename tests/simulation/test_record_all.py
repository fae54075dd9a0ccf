"""``make record``: re-recording yields the committed files byte for byte, live equals replayed,
and no secret the emulator issued (password, token, crumb, session id) lands in a recording.

The whole set is recorded once per test session into a temporary directory (about a second:
the emulator's clock is advanced by the client's sleeps, nothing waits for real).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.models import PreparedRequest, Response

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import DEFAULT_TOKEN, JenkinsEmulator
from jenkins_sdk.testing.auth import Identity
from tools.recorder import (
    PASSWORD_USER,
    SCENARIOS,
    Observed,
    Recorded,
    Scenario,
    Stagehand,
    plain,
    record,
    replay,
)
from tools.recorder import __main__ as record_all

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "recordings"
IDS = [item.key for item in SCENARIOS]


class Tap(BaseAdapter):
    """Wraps the client's real adapter and keeps every secret that crossed the wire, raw.

    It reads the live traffic independently of the scrubber: Authorization, Cookie and crumb
    request headers, Set-Cookie response values and ``crumb`` fields of JSON bodies.
    """

    def __init__(self, real: HTTPAdapter) -> None:
        super().__init__()
        self.real = real
        self.secrets: set[str] = set()
        self.sessions: set[str] = set()

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        for name, value in request.headers.items():
            lowered = name.lower()
            if lowered == "authorization":
                credentials = value.partition(" ")[2]
                self.secrets.add(credentials)
                self.secrets.add(base64.b64decode(credentials).decode().partition(":")[2])
            elif lowered == "cookie":
                for item in value.split(";"):
                    self.sessions.add(item.strip().partition("=")[2])
            elif lowered == "jenkins-crumb":
                self.secrets.add(value)
        response = self.real.send(request, *args, **kwargs)
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            self.sessions.add(cookie.partition(";")[0].partition("=")[2])
        if response.headers.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("crumb"), str):
                self.secrets.add(body["crumb"])
        return response

    def close(self) -> None:
        self.real.close()


@attrs.frozen
class Live:
    """One scenario recorded live: the file, what it saw, the secrets that crossed the wire."""

    recorded: Recorded
    secrets: frozenset[str]


def _record_tapped(item: Scenario, root: Path) -> Live:
    taps: list[Tap] = []
    emulators: list[JenkinsEmulator] = []

    def prepare(client: JenkinsClient, emulator: JenkinsEmulator) -> None:
        tap = Tap(client.simulation.real)
        client.simulation.real = tap  # type: ignore[assignment]
        taps.append(tap)
        emulators.append(emulator)

    recorded = record(item, root, prepare=prepare)
    (tap,) = taps
    (emulator,) = emulators
    secrets = set(tap.secrets) | tap.sessions
    for session in tap.sessions:
        # Every crumb the emulator would issue for the sessions it handed out.
        secrets.add(emulator.auth.crumb(Identity(PASSWORD_USER[0], "password"), session))
    secrets |= {PASSWORD_USER[1], DEFAULT_TOKEN}
    return Live(recorded, frozenset(s for s in secrets if s))


@pytest.fixture(scope="module")
def rerecorded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Live]:
    """Every scenario recorded afresh into a temporary directory (once for this module)."""
    root = tmp_path_factory.mktemp("recordings")
    return {item.key: _record_tapped(item, root) for item in SCENARIOS}


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_rerecording_yields_the_committed_file(item: Scenario, rerecorded: dict[str, Live]) -> None:
    fresh = rerecorded[item.key].recorded.path.read_bytes()
    committed = item.path_in(RECORDINGS).read_bytes()
    assert fresh == committed, (
        f"{item.key}: re-recording differs from the committed file; if the change is intended "
        "(emulator, SDK or version changed), run `make record` and commit recordings/"
    )


def _models_equal(live: Mapping[str, Any], replayed: Mapping[str, Any]) -> None:
    assert replayed.keys() == live.keys()
    for key in live:
        assert replayed[key] == live[key], f"{key}: {plain(replayed[key])} != {plain(live[key])}"


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_replay_returns_what_the_live_run_returned(
    item: Scenario, rerecorded: dict[str, Live], tmp_path: Path
) -> None:
    """Same models, console text and artifact bytes, replayed under the live base URL."""
    recorded = rerecorded[item.key].recorded
    root = recorded.path.parents[1]
    replayed = replay(item, root, url=recorded.url, workdir=tmp_path)
    assert replayed.facts == recorded.observed.facts == dict(item.expected)
    _models_equal(recorded.observed.models, replayed.models)


@pytest.mark.parametrize("item", SCENARIOS, ids=IDS)
def test_no_secret_the_emulator_issued_lands_in_a_recording(
    item: Scenario, rerecorded: dict[str, Live]
) -> None:
    live = rerecorded[item.key]
    for path in (live.recorded.path, item.path_in(RECORDINGS)):
        text = path.read_text(encoding="utf-8")
        leaked = sorted(secret for secret in live.secrets if secret in text)
        assert leaked == [], f"{path} holds secrets: {leaked}"


def test_the_tap_saw_the_password_login_secrets(rerecorded: dict[str, Live]) -> None:
    """The scan above is only as good as what it looks for: the crumb scenario has them all."""
    secrets = rerecorded["errors/crumb_refresh"].secrets
    assert PASSWORD_USER[1] in secrets
    assert sum(1 for s in secrets if s.startswith("node0")) >= 2  # two sessions
    assert sum(1 for s in secrets if len(s) == 64) >= 2  # two crumbs (sha256 hex)
    text = (RECORDINGS / "errors" / "crumb_refresh.json").read_text(encoding="utf-8")
    assert "<crumb-1>" in text and "<crumb-2>" in text and "<session-2>" in text


def test_a_scenario_whose_facts_drift_fails_and_writes_nothing(tmp_path: Path) -> None:
    base = next(item for item in SCENARIOS if item.key == "errors/not_found")
    drifted = attrs.evolve(base, expected={**base.expected, "exists": True})
    with pytest.raises(AssertionError, match="exists: got False, expected True"):
        record(drifted, tmp_path)
    assert not drifted.path_in(tmp_path).exists()


def test_stagehand_does_nothing_without_an_emulator() -> None:
    stage = Stagehand()
    stage.advance(10)
    stage.expire_crumbs()


def test_command_line_lists_records_and_rejects_unknown_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert record_all.main(["--list"]) == 0
    listed = capsys.readouterr().out
    assert all(item.key in listed for item in SCENARIOS)
    assert record_all.main([str(tmp_path), "--only", "jobs/folder_listing"]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("**/*.json"))
    assert written == ["jobs/folder_listing.json"]
    committed = (RECORDINGS / "jobs" / "folder_listing.json").read_bytes()
    assert (tmp_path / "jobs" / "folder_listing.json").read_bytes() == committed
    with pytest.raises(SystemExit):
        record_all.main([str(tmp_path), "--only", "jobs/nope"])
    assert "valid ones are: builds/trigger_and_wait" in capsys.readouterr().err


def test_observed_compares_facts_and_models() -> None:
    assert Observed({"a": 1}, {"m": [1]}) == Observed({"a": 1}, {"m": [1]})
    assert json.dumps(plain({"x": [1, {"y": "z"}]})) == '{"x": [1, {"y": "z"}]}'
