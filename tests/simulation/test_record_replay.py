"""Record against a loopback fake Jenkins, replay offline, and compare what the caller sees."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import requests

from jenkins_sdk.errors import SimulationMiss
from jenkins_sdk.simulation import Recording, SimulationMode

REPLAY_BASE = "http://replay-host.invalid:9"


def run_scenario(session: requests.Session, base: str, fake: Any) -> dict[str, Any]:
    """A Jenkins-like sequence: crumb, trigger, poll the queue, follow a console, fetch files."""
    crumb = fake.crumb_headers(session, base)
    out: dict[str, Any] = {"crumb_field": sorted(crumb)}
    trigger = session.post(
        f"{base}/job/app/buildWithParameters",
        data={"BRANCH": "main", "DEPLOY_KEY": "hunter2-key-value"},
        headers=crumb,
    )
    out["trigger"] = (trigger.status_code, trigger.headers["Location"].replace(base, "{base}"))
    polls = [session.get(f"{base}/queue/item/7/api/json").text for _ in range(3)]
    out["polls"] = [json.loads(p.replace(base, "{base}"))["executable"] for p in polls]
    console, start, sizes = "", 0, []
    for _ in range(3):
        part = session.get(
            f"{base}/job/app/1/logText/progressiveText", params={"start": str(start)}
        )
        console += part.text
        start = int(part.headers["X-Text-Size"])
        sizes.append((start, part.headers.get("X-More-Data")))
    out["console"], out["sizes"] = console, sizes
    with session.get(f"{base}/job/app/1/artifact/out.bin", stream=True) as artifact:
        out["artifact"] = b"".join(artifact.iter_content(100))
    job = session.get(f"{base}/job/app/api/json", params={"tree": "name,url"}).json()
    out["job_url"] = job["url"].replace(base, "{base}")
    out["gzip"] = session.get(f"{base}/gzip").json()
    redirected = session.get(f"{base}/redir")
    out["redirect"] = ([r.status_code for r in redirected.history], redirected.json()["name"])
    missing = session.get(f"{base}/job/nope/api/json")
    out["missing"] = (missing.status_code, missing.text)
    out["cookies"] = sorted(session.cookies.keys())
    return out


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make any attempt to connect a socket fail loudly (and remember it)."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError(f"test forbids network access (tried {address!r})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def recorded(tmp_path: Path, fake_jenkins: Any, make_session: Any) -> tuple[Path, dict[str, Any]]:
    """Record the scenario once; return the file and what the live run saw."""
    path = tmp_path / "recordings" / "builds" / "scenario.json"
    session, adapter = make_session(
        SimulationMode.RECORD, path, sensitive_params=["DEPLOY_KEY"], meta={"date": "2026-01-01"}
    )
    live = run_scenario(session, fake_jenkins.url, fake_jenkins)
    adapter.close()
    return path, live


def test_live_scenario_sanity(recorded: tuple[Path, dict[str, Any]], fake_jenkins: Any) -> None:
    _, live = recorded
    assert live["trigger"] == (201, "{base}/queue/item/7/")
    assert live["polls"] == [None, None, {"number": 1, "url": "{base}/job/app/1/"}]
    assert live["console"] == "".join(fake_jenkins.console_chunks)
    assert live["artifact"] == fake_jenkins.artifact
    assert live["redirect"] == ([302], "app")


def test_replay_matches_live_on_another_host_without_sockets(
    recorded: tuple[Path, dict[str, Any]],
    make_session: Any,
    fake_jenkins: Any,
    no_sockets: list[Any],
) -> None:
    path, live = recorded
    served_before = fake_jenkins.requests
    session, adapter = make_session(SimulationMode.REPLAY, path, sensitive_params=["DEPLOY_KEY"])
    assert adapter.replaying
    replayed = run_scenario(session, REPLAY_BASE, fake_jenkins)
    assert replayed == live
    assert no_sockets == []
    assert fake_jenkins.requests == served_before


def test_replay_restores_cookies_and_pairs_crumb_with_session(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path)
    reply = session.get(f"{REPLAY_BASE}/crumbIssuer/api/json")
    assert reply.json()["crumb"] == "<crumb-1>"
    assert session.cookies.get("JSESSIONID.1a2b3c4d") == "<session-1>"
    assert reply.raw.headers.getlist("Set-Cookie")[0].startswith("JSESSIONID.1a2b3c4d=<session-1>")
    assert len(reply.raw.headers.getlist("Set-Cookie")) == 2


def test_replayed_stream_supports_raw_reads(
    recorded: tuple[Path, dict[str, Any]], make_session: Any, fake_jenkins: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path)
    with session.get(f"{REPLAY_BASE}/job/app/1/artifact/out.bin", stream=True) as reply:
        head = reply.raw.read(10)
        rest = reply.raw.read()
    assert head + rest == fake_jenkins.artifact
    assert reply.headers["Content-Length"] == str(len(fake_jenkins.artifact))


def test_replay_serves_identical_requests_in_recorded_order(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path)
    url = f"{REPLAY_BASE}/queue/item/7/api/json"
    polls = [session.get(url).json()["executable"] for _ in range(5)]
    assert polls[:2] == [None, None]
    # After the third (last) recorded response, the default repeats the last one.
    assert polls[2] == polls[3] == polls[4] and polls[2]["number"] == 1


def test_exhausted_raise_names_the_request(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path, on_exhausted="raise")
    url = f"{REPLAY_BASE}/queue/item/7/api/json"
    for _ in range(3):
        session.get(url)
    with pytest.raises(SimulationMiss) as caught:
        session.get(url)
    message = str(caught.value)
    assert "/queue/item/7/api/json" in message
    assert "all 3 recorded response(s)" in message and str(path) in message


def test_miss_lists_nearest_requests_with_reasons(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path)
    with pytest.raises(SimulationMiss) as caught:
        session.get(f"{REPLAY_BASE}/job/app/api/json", params={"tree": "name,color"})
    error = caught.value
    message = str(error)
    assert error.method == "GET" and error.url == "/job/app/api/json?tree=name,color"
    assert str(path) in message and "mode replay" in message
    assert "nearest recorded requests:" in message
    # The closest candidate differs only by query, and the reason says which parameter.
    nearest = message.split("nearest recorded requests:\n", 1)[1].splitlines()[0]
    assert nearest.startswith("  GET /job/app/api/json?tree=name,url")
    assert "tree: 'name,url' != 'name,color'" in nearest


def test_miss_on_post_body_explains_body(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path, sensitive_params=["DEPLOY_KEY"])
    with pytest.raises(SimulationMiss, match="body"):
        session.post(f"{REPLAY_BASE}/job/app/buildWithParameters", data={"BRANCH": "dev"})


def test_sensitive_value_does_not_matter_on_replay(
    recorded: tuple[Path, dict[str, Any]], make_session: Any
) -> None:
    path, _ = recorded
    session, _ = make_session(SimulationMode.REPLAY, path, sensitive_params=["deploy_key"])
    reply = session.post(
        f"{REPLAY_BASE}/job/app/buildWithParameters",
        data={"DEPLOY_KEY": "another-secret", "BRANCH": "main"},  # other value, other field order
        headers={"Jenkins-Crumb": "anything"},
    )
    assert reply.status_code == 201
    assert reply.headers["Location"] == f"{REPLAY_BASE}/queue/item/7/"


def test_recording_file_format(recorded: tuple[Path, dict[str, Any]]) -> None:
    path, _ = recorded
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert document["version"] == 1
    meta = document["meta"]
    assert meta["jenkins_version"] == "2.541.3" and meta["date"] == "2026-01-01"
    assert meta["sdk_version"] and meta["made_by"]
    header_names = {
        name for item in document["interactions"] for name in item["response"]["headers"]
    }
    assert header_names <= {
        "Content-Type",
        "Location",
        "Set-Cookie",
        "X-Jenkins",
        "X-More-Data",
        "X-Text-Size",
    }
    bodies = [item["response"]["body"] for item in document["interactions"]]
    assert any("base64" in body for body in bodies)  # the binary artifact
    assert all(set(body) <= {"text", "base64"} for body in bodies)
    gzip_entry = next(i for i in document["interactions"] if i["request"]["path"] == "/gzip")
    assert gzip_entry["response"]["body"] == {"text": '{"zipped": true}'}
    assert "127.0.0.1" not in text


def test_recording_holds_no_secret(
    recorded: tuple[Path, dict[str, Any]], fake_jenkins: Any, make_session: Any
) -> None:
    path, _ = recorded
    text = path.read_text(encoding="utf-8")
    secrets = [fake_jenkins.password, "hunter2-key-value"]
    secrets += list(fake_jenkins.sessions) + list(fake_jenkins.sessions.values())
    assert len(fake_jenkins.sessions) == 1
    for secret in secrets:
        assert secret not in text
    assert "YWxpY2U6" not in text  # base64 of "alice:" (the Authorization header)
    assert "<crumb-1>" in text and "JSESSIONID.1a2b3c4d=<session-1>" in text
    assert '"<sensitive>"' in text


def test_record_scrubs_echoed_password(
    tmp_path: Path, fake_jenkins: Any, make_session: Any
) -> None:
    path = tmp_path / "me.json"
    session, adapter = make_session(SimulationMode.RECORD, path)
    echoed = session.get(f"{fake_jenkins.url}/me/api/json").json()["echo"]
    assert echoed.startswith("Basic ")  # the live caller sees the real answer
    adapter.close()
    text = path.read_text(encoding="utf-8")
    assert echoed.split()[1] not in text and "<token-" in text


def test_disabled_passes_through_without_recording(fake_jenkins: Any, make_session: Any) -> None:
    session, adapter = make_session()
    assert adapter.mode is SimulationMode.DISABLED and not adapter.replaying
    assert session.get(f"{fake_jenkins.url}/job/app/api/json").json()["name"] == "app"
    assert adapter.recording is None and fake_jenkins.requests == 1


def test_activate_rejects_a_mode_typo(tmp_path: Path, make_session: Any) -> None:
    _, adapter = make_session()
    with (
        pytest.raises(ValueError, match="valid modes are: disabled, record, replay"),
        adapter.activate("recrod", str(tmp_path / "x.json")),
    ):
        pass
    assert adapter.mode is SimulationMode.DISABLED


def test_activate_record_then_replay_block(
    tmp_path: Path, fake_jenkins: Any, make_session: Any
) -> None:
    session, adapter = make_session()
    path = tmp_path / "block.json"
    url = f"{fake_jenkins.url}/job/app/api/json"
    with adapter.activate(SimulationMode.RECORD, str(path)) as active:
        assert active.mode is SimulationMode.RECORD
        session.get(url)
        assert not path.exists()  # saved on exit, not before
    assert adapter.mode is SimulationMode.DISABLED and path.exists()
    served = fake_jenkins.requests
    with adapter.activate("REPLAY", str(path)):
        assert adapter.replaying
        assert session.get(url).json()["name"] == "app"
    assert fake_jenkins.requests == served
    assert not adapter.replaying


def test_record_and_replay_need_a_path(make_session: Any) -> None:
    with pytest.raises(ValueError, match="needs a recording path"):
        make_session(SimulationMode.REPLAY)


def test_recording_api_round_trip(recorded: tuple[Path, dict[str, Any]]) -> None:
    path, _ = recorded
    recording = Recording.load(path)
    assert len(recording) == len(json.loads(path.read_text())["interactions"])
    recording.save()
    assert Recording.load(path).document() == recording.document()


def test_rerecording_is_deterministic(
    tmp_path: Path,
    make_session: Any,
    fake_jenkins: Any,
    recorded: tuple[Path, dict[str, Any]],
    start_fake: Any,
) -> None:
    first, _ = recorded
    with start_fake() as other:
        assert other.url != fake_jenkins.url
        second = tmp_path / "again.json"
        session, adapter = make_session(
            SimulationMode.RECORD,
            second,
            sensitive_params=["DEPLOY_KEY"],
            meta={"date": "2026-01-01"},
        )
        run_scenario(session, other.url, other)
        adapter.close()
    assert second.read_text() == first.read_text()
