"""Issue 18, classes 7, 8 and 12: every call ends within a bound read from the config.

One deadline per call (``response_timeout``; ``2 x`` for a trigger, which also finds out what it
queued), enforced in ``jenkins_sdk/_http/exchange.py`` (``call_deadline``): the crumb a POST needs
is waited for within it (``_http/crumb.py``: one flight shared by every thread, failures too),
retry waits and ``Retry-After`` never sleep past it (``_http/retry.py``), connecting and the name
lookup are bounded by it (``_http/deadline.py``), bodies are read under it and under
``max_response_bytes`` (``_http/transport.py``); waits given no timeout end at ``wait_timeout``.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.hostile._hostile_server import HostileServer, Seen, http_response

BOUND = 0.6  # response_timeout of these clients
SLACK = 1.0  # the "within the bound + 1 s"


def _client(url: str, **kwargs: Any) -> JenkinsClient:
    settings: dict[str, Any] = {
        "url": url,
        "username": "alice",
        "password": "alice-pass-7731",
        "connect_timeout": 5.0,
        "read_timeout": 5.0,
        "response_timeout": BOUND,
        "retry": {"total": 3, "backoff_initial": 1.0},
        "clock": ManualClock(),
    }
    settings.update(kwargs)
    return JenkinsClient(**settings)


def _run(calls: dict[str, Callable[[], object]]) -> dict[str, tuple[BaseException | None, float]]:
    """Run every call in its own thread at once: (error, seconds) per call."""
    results: dict[str, tuple[BaseException | None, float]] = {}

    def one(name: str, call: Callable[[], object]) -> None:
        started = time.monotonic()
        error: BaseException | None = None
        try:
            call()
        except BaseException as exc:
            error = exc
        results[name] = (error, time.monotonic() - started)

    threads = [threading.Thread(target=one, args=item, daemon=True) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _families(client: JenkinsClient) -> dict[str, tuple[Callable[[], object], float]]:
    """One call per public call family, with its bound in response_timeouts."""
    return {
        "system.version": (client.system.version, 1),
        "jobs.get": (lambda: client.jobs.get("app"), 1),
        "jobs.list": (lambda: client.jobs.list(), 1),
        "builds.get": (lambda: client.builds.get("app", 1), 1),
        "builds.trigger": (lambda: client.builds.trigger("app"), 2),
        "queue.get": (lambda: client.queue.get(7), 1),
        "console.text": (lambda: client.console.text("app", 1), 1),
        "console.tail": (lambda: client.console.tail("app", 1), 1),
        "artifacts.list": (lambda: client.artifacts.list("app", 1), 1),
        "pipelines.get_run": (lambda: client.pipelines.get_run("app", 1), 1),
        "tests.report": (lambda: client.tests.report("app", 1), 1),
        "nodes.list": (client.nodes.list, 1),
        "views.list": (lambda: client.views.list(), 1),
    }


def _silent(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    server.stopping.wait()
    return False


def _trickle_headers(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    n = 0
    while not server.stopping.wait(0.1):
        conn.sendall(f"X-Slow-{n}: y\r\n".encode())
        n += 1
    return False


def _trickle_body(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(http_response(200, b"", [("Content-Type", "application/json")], length=10**6))
    while not server.stopping.wait(0.1):
        conn.sendall(b" ")
    return False


def _retry_after_forever(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    headers = [("Retry-After", "20"), ("Content-Type", "text/html")]
    conn.sendall(http_response(503, b"<html>busy</html>", headers, reason="Unavailable"))
    return True


MISBEHAVIOURS: dict[str, Any] = {
    "never answers": _silent,
    "trickles headers": _trickle_headers,
    "trickles the body": _trickle_body,
    "503 with Retry-After: 20": _retry_after_forever,
}


@pytest.mark.parametrize("how", sorted(MISBEHAVIOURS))
def test_every_call_family_ends_within_its_bound(how: str) -> None:
    # The real clock: a Retry-After or a backoff would really be slept.
    with HostileServer(MISBEHAVIOURS[how]) as server, _client(server.url, clock=None) as client:
        families = _families(client)
        results = _run({name: call for name, (call, _) in families.items()})
        server.stop()
    late = {
        name: round(took, 2)
        for name, (error, took) in results.items()
        if took > families[name][1] * BOUND + SLACK
    }
    assert late == {}
    foreign = {
        n: repr(e) for n, (e, _) in results.items() if not isinstance(e, errors.JenkinsError)
    }
    assert foreign == {}, "every call failed with an SDK error"


def test_a_refused_connection_is_bounded_by_the_deadline_not_the_backoff() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with _client(url, clock=None, retry={"total": 3, "backoff_initial": 1.0}) as client:
        results = _run({"get": lambda: client.get_json("api/json")})
    error, took = results["get"]
    assert isinstance(error, errors.NetworkError | errors.Timeout), repr(error)
    assert took < BOUND + SLACK  # not 1 + 2 + 4 s of backoff


def test_a_slow_name_lookup_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def slow(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-dns.invalid":
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    with _client("http://slow-dns.invalid:8080/", connect_timeout=0.3, clock=None) as client:
        results = _run({"get": lambda: client.get_json("api/json")})
    error, took = results["get"]
    assert isinstance(error, errors.Timeout | errors.NetworkError), repr(error)
    assert took < BOUND + SLACK


def test_a_hanging_crumb_issuer_costs_one_fetch_and_each_caller_its_own_bound() -> None:
    """Eight threads need a crumb; the issuer never answers. One fetch; every POST fails with an
    SDK error within its own bound (before: 1, 2, ... 8 s, one fetch after the other)."""
    with HostileServer(_silent) as server, _client(server.url, clock=None) as client:
        results = _run(
            {f"post-{n}": lambda: client.requester.post("job/app/enable") for n in range(8)}
        )
        fetches = client.requester.crumbs.fetches
        issuer = [s for s in server.seen if s.target.startswith("/crumbIssuer")]
        server.stop()
    assert fetches == 1 and len(issuer) == 1
    for name, (error, took) in results.items():
        assert isinstance(error, errors.JenkinsError), (name, repr(error))
        assert took < BOUND + SLACK, (name, took)


def test_a_failing_crumb_issuer_failure_is_shared() -> None:
    def failing(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        time.sleep(0.2)  # long enough for every thread to join the one flight
        conn.sendall(http_response(500, b"<html>Oops</html>", [("Content-Type", "text/html")]))
        return True

    with HostileServer(failing) as server, _client(server.url, retry={"total": 0}) as client:
        results = _run(
            {f"post-{n}": lambda: client.requester.post("job/a/enable") for n in range(6)}
        )
        issuer = [s for s in server.seen if s.target.startswith("/crumbIssuer")]
    assert len(issuer) <= 2  # one flight (a thread arriving after it landed may start another)
    assert all(isinstance(e, errors.CrumbFetchFailed) for e, _ in results.values())


def test_a_gzip_bomb_stops_at_max_response_bytes() -> None:
    bomb = gzip.compress(b"[" + b"0," * (4 * 1024 * 1024) + b"0]", compresslevel=1)

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
        conn.sendall(http_response(200, bomb, headers))
        return True

    with (
        HostileServer(handler) as server,
        _client(server.url, max_response_bytes=1024 * 1024, response_timeout=10) as client,
        pytest.raises(errors.ResponseTooLarge) as caught,
    ):
        client.get_json("api/json")
    assert "max_response_bytes" in str(caught.value)
    assert len(bomb) < 100_000  # a small body on the wire


def test_console_follow_without_a_timeout_ends_at_wait_timeout() -> None:
    """X-More-Data stuck forever: a follow given no timeout still ends (virtual time)."""

    def stuck(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        headers = [("X-Text-Size", "3"), ("X-More-Data", "true"), ("Content-Type", "text/plain")]
        body = b"ab\n" if "start=0" in seen.target else b""
        conn.sendall(http_response(200, body, headers))
        return True

    clock = ManualClock()
    with HostileServer(stuck) as server, _client(server.url, clock=clock, wait_timeout=600) as c:
        with pytest.raises(errors.WaitTimeout):
            list(c.console.lines("app", 1))
        polls = len(server.seen)
    assert clock.monotonic() <= 600 + 10
    assert polls < 200  # polls back off (1 s doubling to 5 s), not a busy loop


def test_json_decoding_never_surfaces_builtin_errors() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        conn.sendall(http_response(200, deep, [("Content-Type", "application/json")]))
        return True

    with (
        HostileServer(handler) as server,
        _client(server.url, response_timeout=10) as client,
        pytest.raises(errors.ResponseDecodeError),
    ):
        json.dumps(client.get_json("api/json"))
