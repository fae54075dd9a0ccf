"""Timeouts: servers that never answer, trickle bytes, or stall mid-log.

Each call must end with :class:`jenkins_sdk.errors.Timeout` within its configured bound: the read
timeout per attempt, times the attempts the retry policy allows. These tests wait for real (a
timeout cannot be simulated at the socket level), so the timeouts are a few tenths of a second.
Every call runs in a helper thread joined with a hard limit, so a hang fails the test instead of
hanging the suite.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.hostile._hostile_server import HostileServer, Seen, http_response

READ = 0.3  # seconds between bytes before a read times out
WHOLE = 1.0  # seconds a whole non-streamed answer may take (response_timeout)
HARD_LIMIT = 5.0  # a call still running after this long is a hang


def _client(url: str, *, retries: int = 0, clock: Any = None) -> JenkinsClient:
    return JenkinsClient(
        url=url,
        username="alice",
        api_token="hostile-token-0b9e",
        connect_timeout=READ,
        read_timeout=READ,
        response_timeout=WHOLE,
        retry={"total": retries, "backoff_initial": 0.0},
        clock=clock or ManualClock(),
    )


def _timed(
    call: Callable[[], Any], limit: float = HARD_LIMIT
) -> tuple[BaseException | None, float, bool]:
    """Run ``call`` in a thread: (exception or None, seconds taken, still running)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    return box.get("error"), time.monotonic() - started, thread.is_alive()


def _silent(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    server.stopping.wait()
    return False


def _trickle_body(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(http_response(200, b"", [("Content-Type", "application/json")], length=10**6))
    conn.sendall(b"[")
    while not server.stopping.wait(READ / 3):
        conn.sendall(b"1,")  # always something before the read timeout: never a read timeout
    return False


def _trickle_headers(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    n = 0
    while not server.stopping.wait(READ / 3):
        conn.sendall(f"X-Slow-{n}: y\r\n".encode())
        n += 1
    return False


def test_server_that_never_answers_times_out_within_the_read_timeout() -> None:
    with HostileServer(_silent) as server, _client(server.url) as client:
        error, took, hung = _timed(lambda: client.get_json("api/json"))
    assert not hung
    assert isinstance(error, errors.Timeout), repr(error)
    assert READ * 0.8 <= took < READ + 1.0
    assert "timed out" in str(error) and "Traceback" not in str(error)


def test_never_answering_get_is_retried_within_the_budget_then_times_out() -> None:
    with HostileServer(_silent) as server, _client(server.url, retries=2) as client:
        error, took, hung = _timed(lambda: client.get_json("api/json"))
        attempts = len(server.seen)
    assert not hung
    assert isinstance(error, errors.Timeout), repr(error)
    assert attempts == 3  # the first try and two retries
    assert took < 3 * READ + 1.0


def _posts(server: HostileServer) -> int:
    return sum(1 for seen in server.seen if seen.method == "POST")


def test_never_answering_post_is_not_resent() -> None:
    """The POST may have been acted on: never sent twice. The trigger then looks for what it
    queued (the server answers nothing either) and says it cannot tell, within two
    response_timeouts (issue 18 item 6b)."""
    with HostileServer(_silent) as server, _client(server.url, retries=3) as client:
        error, took, hung = _timed(lambda: client.builds.trigger("app"))
        posts = _posts(server)
    assert not hung
    assert isinstance(error, errors.TriggerOutcomeUnknown), repr(error)
    assert not error.retryable
    assert took < 2 * WHOLE + 1.0
    assert posts == 1


def test_connect_timeout_to_a_full_backlog_is_a_timeout_or_network_error() -> None:
    # A listener that never accepts, with its backlog filled, leaves connects hanging.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    try:
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(listener.getsockname())
            fillers.append(filler)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        with _client(url) as client:
            error, took, hung = _timed(lambda: client.get_json("api/json"))
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
    assert not hung
    assert isinstance(error, errors.Timeout | errors.NetworkError), repr(error)
    assert took < READ + 1.0


def test_trickled_body_times_out_within_a_bound() -> None:
    # BUG-2: read_timeout is per socket read; response_timeout bounds the whole answer.
    with HostileServer(_trickle_body) as server, _client(server.url, retries=2) as client:
        error, took, hung = _timed(lambda: client.get_json("api/json"), limit=2.0 * WHOLE + 1.0)
        server.stop()  # ends a hung call so the helper thread does not linger
        attempts = len(server.seen)
    assert not hung, "get_json was still reading a trickled body"
    assert isinstance(error, errors.Timeout), repr(error)
    assert WHOLE * 0.9 <= took < WHOLE + READ + 0.5
    assert "response_timeout" in str(error) and "Traceback" not in str(error)
    assert attempts == 1  # a slow server is not asked again once the deadline passed


def test_trickled_headers_time_out_within_a_bound() -> None:
    with HostileServer(_trickle_headers) as server, _client(server.url, retries=2) as client:
        error, took, hung = _timed(lambda: client.get_json("api/json"), limit=2.0 * WHOLE + 1.0)
        server.stop()
        attempts = len(server.seen)
    assert not hung, "get_json was still reading trickled headers"
    assert isinstance(error, errors.Timeout), repr(error)
    assert WHOLE * 0.9 <= took < WHOLE + 0.5
    assert "response_timeout" in str(error)
    assert attempts == 1


def test_trickled_headers_of_a_post_time_out_and_it_is_not_resent() -> None:
    with HostileServer(_trickle_headers) as server, _client(server.url, retries=3) as client:
        error, took, hung = _timed(lambda: client.builds.trigger("app"), limit=2.0 * WHOLE + 2.0)
        server.stop()
        posts = _posts(server)
    assert not hung
    assert isinstance(error, errors.TriggerOutcomeUnknown), repr(error)
    assert "timed out" in str(error) or "response_timeout" in str(error)
    assert took < 2 * WHOLE + 1.0
    assert posts == 1


def test_streams_are_not_bound_by_the_response_timeout() -> None:
    """A console stream may legitimately last longer than response_timeout."""

    def slow_but_steady(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        conn.sendall(http_response(200, b"", [("Content-Type", "text/plain")], length=30))
        for _ in range(15):
            if server.stopping.wait(WHOLE / 10):
                return False
            conn.sendall(b"x\n")
        return False

    with HostileServer(slow_but_steady) as server, _client(server.url) as client:

        def read() -> bytes:
            with client.requester.stream("artifact/x") as stream:
                return b"".join(stream.iter_bytes(2))

        error, took, hung = _timed(read, limit=2.0 * WHOLE + 2.0)
    assert not hung and error is None, repr(error)
    assert took > WHOLE


def _log_then_stall(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    """progressiveText: the first poll gets 12 bytes; later polls stall mid-body forever."""
    if "start=0" in seen.target:
        body = b"line 1\r\nli"
        conn.sendall(
            http_response(200, body, [("X-Text-Size", str(len(body))), ("X-More-Data", "true")])
        )
        return True
    conn.sendall(http_response(200, b"ne 2\r\n", [("X-Text-Size", "99")], length=90))
    server.stopping.wait()
    return False


def test_console_follow_stalling_mid_log_raises_timeout_within_bound() -> None:
    with HostileServer(_log_then_stall) as server, _client(server.url) as client:
        stream = client.console.stream("app", 1, follow=True, timeout=60)
        chunks: list[str] = []

        def follow() -> None:
            for chunk in stream:
                chunks.append(chunk)

        error, took, hung = _timed(follow)
    assert not hung
    assert isinstance(error, errors.Timeout), repr(error)
    # the first poll's text arrived; each stalled read costs one read timeout; the stream
    # re-reads twice after a broken body (ConsoleStream retries)
    assert "".join(chunks).startswith("line 1\n")
    assert took < 3 * READ + 1.5


def _growing_forever(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    start = int(seen.target.split("start=")[1].split("&")[0])
    body = b"x\r\n"
    size = start + len(body)
    headers = [("X-Text-Size", str(size)), ("X-More-Data", "true")]
    conn.sendall(http_response(200, body, headers))
    return True


def test_console_follow_honours_its_deadline_on_the_client_clock() -> None:
    clock = ManualClock()
    with HostileServer(_growing_forever) as server, _client(server.url, clock=clock) as client:
        stream = client.console.stream(
            "app", 1, follow=True, timeout=30, poll_interval=1.0, max_interval=5.0
        )
        seen: list[str] = []

        def follow() -> None:
            for chunk in stream:
                seen.append(chunk)

        error, took, hung = _timed(follow)
    assert not hung
    assert isinstance(error, errors.WaitTimeout), repr(error)
    assert "deadline" in str(error)
    assert 29.0 <= clock.monotonic() <= 31.0  # the virtual deadline, without sleeping
    assert took < 2.0
    assert "".join(seen).count("x\n") == stream.polls
