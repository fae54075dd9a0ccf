"""Redirects to another host (credentials must not follow), hand-edited recording files, and
property tests (hypothesis) for refs, URL building, tree specs and the recording loader."""

from __future__ import annotations

import contextlib
import json
import socket
import string
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.models import Build, Job, QueueItem, tree_of
from jenkins_sdk.refs import BuildRef, JobRef, QueueRef
from jenkins_sdk.simulation.format import from_document
from tests.hostile._hostile_server import HostileServer, Seen, answer, http_response

TOKEN = "redirect-token-c0ffee-5e5e"
PASSWORD = "redirect-password-b4d"
JSON = [("Content-Type", "application/json")]


def _client(url: str, **kw: Any) -> JenkinsClient:
    if "password" not in kw:
        kw.setdefault("api_token", TOKEN)
    return JenkinsClient(url=url, username="alice", retry={"total": 0}, clock=ManualClock(), **kw)


# --- redirects ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("secret", ["token", "password"])
def test_get_redirected_to_another_host_carries_no_credentials(status: int, secret: str) -> None:
    with HostileServer(answer(http_response(200, b'{"stolen": true}', JSON))) as evil:
        # "localhost" vs "127.0.0.1": another host name, as requests compares them
        target = f"http://localhost:{evil.port}/api/json"
        jump = http_response(status, b"", [("Location", target)], reason="Moved")
        with HostileServer(answer(jump)) as jenkins:
            creds = {"api_token": TOKEN} if secret == "token" else {"password": PASSWORD}
            with _client(jenkins.url, **creds) as client:
                try:
                    client.get_json("api/json")
                except errors.JenkinsError as exc:
                    assert TOKEN not in str(exc) and PASSWORD not in str(exc)
        assert evil.seen, "the redirect was not followed at all"
        for seen in evil.seen:
            assert "authorization" not in seen.headers
            assert "cookie" not in seen.headers


def test_post_is_never_redirected(tmp_path: Path) -> None:
    with HostileServer(answer(http_response(201, b"", [("Location", "/queue/item/1/")]))) as evil:
        jump = http_response(307, b"", [("Location", f"http://localhost:{evil.port}/x")])
        with (
            HostileServer(answer(jump)) as jenkins,
            _client(jenkins.url) as client,
            pytest.raises(errors.HTTPStatusError) as caught,
        ):
            client.builds.trigger("app", {"A": "1"})
        assert caught.value.status == 307
        assert evil.seen == []


def test_redirect_loop_is_a_network_error() -> None:
    def loop(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        conn.sendall(http_response(302, b"", [("Location", seen.target + "x")], reason="Found"))
        return True

    with (
        HostileServer(loop) as server,
        _client(server.url) as client,
        pytest.raises(errors.NetworkError, match="too many redirects"),
    ):
        client.get_json("api/json")


# --- recording files edited by hand ------------------------------------------------------


def _good_document() -> dict[str, Any]:
    return {
        "version": 1,
        "meta": {"sdk_version": "0.1.0"},
        "interactions": [
            {
                "request": {
                    "method": "GET",
                    "path": "/api/json",
                    "query": [],
                    "headers": {},
                    "body": None,
                },
                "response": {
                    "status": 200,
                    "reason": "OK",
                    "headers": {"Content-Type": ["application/json"]},
                    "body": {"text": '{"mode": "NORMAL"}'},
                },
            }
        ],
    }


def _edit(path: str, value: Any) -> Any:
    def apply(doc: dict[str, Any]) -> dict[str, Any]:
        node: Any = doc
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        last = keys[-1]
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return doc

    return apply


_DELETE = object()
EDITS = [
    ("version-2", _edit("version", 2)),
    ("version-string", _edit("version", "1")),
    ("version-missing", _edit("version", _DELETE)),
    ("interactions-not-a-list", _edit("interactions", {"a": 1})),
    ("interaction-not-an-object", _edit("interactions.0", "GET /")),
    ("request-missing", _edit("interactions.0.request", _DELETE)),
    ("method-not-a-string", _edit("interactions.0.request.method", 7)),
    ("status-not-a-number", _edit("interactions.0.response.status", "OK")),
    ("headers-not-lists", _edit("interactions.0.response.headers", {"X": 3})),
    ("body-bad-base64", _edit("interactions.0.response.body", {"base64": "@@@not base64@@@"})),
    ("body-unknown-kind", _edit("interactions.0.response.body", {"gzip": "x"})),
    ("query-not-pairs", _edit("interactions.0.request.query", "tree=x")),
]


@pytest.mark.parametrize(("name", "edit"), EDITS, ids=[e[0] for e in EDITS])
def test_hand_edited_recording_is_simulation_corrupted(
    name: str, edit: Any, tmp_path: Path
) -> None:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edit(_good_document())), encoding="utf-8")
    with (
        pytest.raises(errors.SimulationCorrupted) as caught,
        _client("http://127.0.0.1:9/") as client,
        client.simulate("replay", path),
    ):
        client.get_json("api/json")
    assert "edited.json" in str(caught.value)


@pytest.mark.parametrize(
    "text", ["", "{", '{"version": 1, "interactions": [', "\x00\x01", "[]", "null", "1e999"]
)
def test_truncated_or_garbage_recording_is_simulation_corrupted(text: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with (
        pytest.raises(errors.SimulationCorrupted),
        _client("http://127.0.0.1:9/") as client,
        client.simulate("replay", path),
    ):
        client.get_json("api/json")


def test_the_untouched_document_replays() -> None:
    meta, interactions = from_document("good.json", json.dumps(_good_document()))
    assert len(interactions) == 1 and meta["sdk_version"] == "0.1.0"


# --- property tests ----------------------------------------------------------------------

_SEGMENT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
    min_size=1,
    max_size=20,
).filter(lambda s: s not in (".", "..") and s.strip() == s and s != "")


@given(st.lists(_SEGMENT, min_size=1, max_size=5))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_job_ref_path_round_trips_and_stays_below_job(segments: list[str]) -> None:
    try:
        ref = JobRef.parse(segments)
    except errors.InvalidJobRef:
        return  # rejected cleanly is fine; anything else escapes the test
    path = ref.path
    assert path.startswith("job/") and path.endswith("/") and not path.startswith("/")
    parts = path.rstrip("/").split("/")
    assert parts[0::2] == ["job"] * len(segments)
    assert [urllib.parse.unquote(p) for p in parts[1::2]] == list(ref.segments)
    # nothing in a segment can add a path level, a query, a fragment or a scheme
    for encoded in parts[1::2]:
        assert set(encoded) <= set(string.ascii_letters + string.digits + "%-._~")
    url = f"http://jenkins.example/ctx/{path}"
    assert JobRef.from_url(url).segments == ref.segments


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_job_ref_or_invalid_job_ref(text: str) -> None:
    try:
        ref = JobRef.parse(text)
    except errors.InvalidJobRef:
        return
    assert ".." not in ref.segments and "" not in ref.segments
    assert all(not any(ord(c) < 32 for c in seg) for seg in ref.segments)


@given(st.one_of(st.integers(), st.text(max_size=30)))
@settings(max_examples=300, deadline=None)
def test_any_build_ref_input_is_valid_or_invalid_build_ref(value: int | str) -> None:
    try:
        ref = BuildRef.parse(value)
    except errors.InvalidBuildRef:
        return
    assert "/" not in ref.segment and ".." not in ref.segment
    assert ref.segment.isdigit() or ref.segment.isalpha()


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_location_is_a_queue_ref_or_invalid_queue_location(text: str) -> None:
    try:
        ref = QueueRef.from_location(text)
    except (errors.InvalidQueueLocation, errors.NoQueueLocation):
        return
    assert ref.id > 0 and ref.path == f"queue/item/{ref.id}/"


@pytest.mark.parametrize("model", [Build, Job, QueueItem])
def test_tree_specs_are_balanced_and_safe(model: type) -> None:
    spec = tree_of(model)
    depth = 0
    for char in spec:
        depth += {"[": 1, "]": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert set(spec) <= set(string.ascii_letters + string.digits + "_,[]{}$")


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSONISH)
@settings(max_examples=300, deadline=None)
def test_recording_loader_accepts_or_raises_simulation_corrupted(data: Any) -> None:
    document = _good_document()
    document["interactions"][0]["response"] = data
    with contextlib.suppress(errors.SimulationCorrupted):
        from_document("fuzz.json", json.dumps(document))


@given(st.binary(max_size=200))
@settings(max_examples=200, deadline=None)
def test_recording_loader_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(errors.SimulationCorrupted):
        from_document("fuzz.json", data.decode("utf-8", errors="replace"))
