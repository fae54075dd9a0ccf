"""The response deadline's watchdog, and the requester's URL building and display."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest
import requests

from jenkins_sdk._http.deadline import (
    GuardedHTTPConnection,
    GuardedHTTPSConnection,
    Watchdog,
    current_deadline,
    set_deadline,
)
from jenkins_sdk._http.endpoints import display_url
from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk._http.requester import Requester
from jenkins_sdk._http.retry import make_http_adapter
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.config import RetrySettings
from jenkins_sdk.models import Build, tree_of

BASE = "http://127.0.0.1:8080/jenkins/"


def _blocked_reader(sock: socket.socket) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def read() -> None:
        try:
            box["data"] = sock.recv(10)
        except OSError as exc:
            box["error"] = exc

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, box


def test_watchdog_shuts_the_socket_down_at_the_deadline() -> None:
    watchdog = Watchdog()
    ours, server = socket.socketpair()
    with ours, server:
        ours.settimeout(5.0)
        thread, box = _blocked_reader(ours)
        started = time.monotonic()
        entry = watchdog.arm(time.monotonic() + 0.1, ours)
        thread.join(5.0)
        took = time.monotonic() - started
        assert not thread.is_alive()
        assert box == {"data": b""}  # the blocked read ended: EOF, no read timeout
        assert 0.05 < took < 2.0
        assert watchdog.disarm(entry) is True
        assert watchdog.pending == 0


def test_disarmed_socket_is_never_touched() -> None:
    watchdog = Watchdog()
    ours, server = socket.socketpair()
    with ours, server:
        entry = watchdog.arm(time.monotonic() + 0.05, ours)
        assert watchdog.disarm(entry) is False
        # an earlier deadline wakes the watchdog; the withdrawn entry is dropped, not fired
        other, peer = socket.socketpair()
        with other, peer:
            thread, box = _blocked_reader(other)
            watchdog.arm(time.monotonic(), other)
            thread.join(5.0)
            assert box == {"data": b""}
        server.sendall(b"ok")
        ours.settimeout(5.0)
        assert ours.recv(2) == b"ok"
        assert watchdog.disarm(entry) is False


def test_withdrawn_entries_are_compacted() -> None:
    watchdog = Watchdog()
    ours, server = socket.socketpair()
    with ours, server:
        far = time.monotonic() + 3600
        entries = [watchdog.arm(far + i, ours) for i in range(500)]
        for entry in entries:
            watchdog.disarm(entry)
        assert watchdog.pending == 0
        assert len(watchdog._heap) < 130  # not 500: the heap does not grow with every request


def test_the_deadline_is_per_thread() -> None:
    set_deadline(12.0)
    seen: list[float | None] = []
    thread = threading.Thread(target=lambda: seen.append(current_deadline()))
    thread.start()
    thread.join()
    assert current_deadline() == 12.0 and seen == [None]
    set_deadline(None)
    assert current_deadline() is None


def _requester() -> Requester:
    return Requester(
        requests.Session(),
        BASE,
        timeout=(1.0, 1.0),
        credentials=None,
        clock=ManualClock(),
        metrics=Metrics(),
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("job/a/1/api/json", {"tree": tree_of(Build)}),
        ("job/a/1/api/json", {"tree": "jobs[name,url]{0,10}", "depth": 2}),
        ("job/a/1/api/json?pretty=true", {"tree": "x[y]"}),
        ("job/a%20b/lastBuild/api/json", {"start": 0, "id": "ü é/&=+"}),
        ("job/a/buildWithParameters", {"A": "1", "B": ["x", "y"], "C": None}),
        ("job/a/logText/progressiveText", {"start": 10**12}),
        ("api/json", {"flag": True, "n": 1.5}),
    ],
)
def test_urls_are_built_exactly_as_requests_builds_them(path: str, params: dict[str, Any]) -> None:
    """Byte for byte as requests builds them, except that a comma in a query value is sent as
    it is (a query sub-delimiter; a model's tree= spec has about a hundred)."""
    ours = _requester()._exchange._prepare("GET", BASE + path, params, None, None, None, {})
    theirs = requests.Session().prepare_request(requests.Request("GET", BASE + path, params=params))
    assert ours.url == (theirs.url or "").replace("%2C", ",")
    assert "%2C" not in (ours.url or "")


def test_long_tree_specs_are_shortened_in_displayed_urls() -> None:
    tree = tree_of(Build)
    assert len(tree) > 500
    shown = display_url(BASE + "job/a/1/api/json?" + requests.models.urlencode({"tree": tree}))
    assert len(shown) < 200
    assert f"\u2026({len(tree)} chars)" in shown
    assert tree[:60] in shown
    short = display_url(BASE + "api/json?tree=jobs%5Bname%5D&depth=1")
    assert short.endswith("?tree=jobs[name]&depth=1")


def test_the_adapter_pools_wait_for_headers_under_the_deadline() -> None:
    adapter = make_http_adapter(RetrySettings(), max_connections=2)
    direct = adapter.poolmanager.connection_from_url("http://h:8080/")
    tls = adapter.poolmanager.connection_from_url("https://h/")
    assert direct.ConnectionCls is GuardedHTTPConnection
    assert tls.ConnectionCls is GuardedHTTPSConnection
    proxied = adapter.proxy_manager_for("http://proxy.invalid:3128").connection_from_url(
        "https://h/"
    )
    assert proxied.ConnectionCls is GuardedHTTPSConnection
    adapter.close()
