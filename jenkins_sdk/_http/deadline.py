"""The whole-response deadline (``JenkinsConfig.response_timeout``).

``read_timeout`` bounds each socket read, so a server that trickles a byte before every read
timeout keeps a call waiting forever. The requester gives each non-streamed call a deadline:

* the body is read in chunks and the deadline is checked after each one (the requester);
* the status line and headers are read by ``http.client`` in one blocking call, so the
  connection classes mounted by :func:`jenkins_sdk._http.retry.make_http_adapter` register
  their socket with one shared :class:`Watchdog` thread while they wait for headers; at the
  deadline it shuts the socket down, which ends the blocked read, and the connection raises
  :class:`DeadlineExceeded` (which urllib3 does not retry).

The fast path costs a thread-local lookup and two short lock holds per request: no thread or
timer is created per request (the watchdog is one daemon thread for the whole process, started
on first use, sleeping until the earliest deadline).
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import itertools
import os
import socket
import threading
import time
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.response import HTTPResponse

__all__ = [
    "GUARDED_POOL_CLASSES",
    "DeadlineExceeded",
    "GuardedHTTPConnection",
    "GuardedHTTPSConnection",
    "Watchdog",
    "current_deadline",
    "set_deadline",
]

_local = threading.local()


class DeadlineExceeded(Exception):
    """The response deadline passed (deliberately no ``OSError``: urllib3 must not retry it)."""


def set_deadline(at: float | None) -> None:
    """Set (or clear, with None) this thread's deadline, in ``time.monotonic()`` seconds."""
    _local.at = at


def current_deadline() -> float | None:
    """This thread's deadline, or None when the current request has none (streams)."""
    at: float | None = getattr(_local, "at", None)
    return at


def _shutdown(sock: Any) -> None:
    try:
        if isinstance(sock, socket.socket):
            # The plain socket's shutdown, also for TLS sockets: it wakes the blocked reader
            # without touching the SSL object that thread is using.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        else:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, AttributeError):
        pass  # already closed: nothing is waiting on it


class Watchdog:
    """One daemon thread that shuts sockets down when their deadline passes.

    :meth:`arm` registers a socket with its deadline and returns a handle; :meth:`disarm`
    withdraws it and says whether the deadline fired. Arming and firing hold the same lock, so
    once :meth:`disarm` returned the socket is never touched again (it may go back to the pool).
    Withdrawn entries are dropped lazily; the heap is compacted when they outnumber the live ones.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._heap: list[list[Any]] = []  # [deadline, sequence, socket or None, fired]
        self._withdrawn = 0
        self._sequence = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, at: float, sock: Any) -> list[Any]:
        """Shut ``sock`` down at ``at`` (``time.monotonic()``) unless disarmed before."""
        entry = [at, next(self._sequence), sock, False]
        with self._cond:
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="jenkins-sdk-deadline", daemon=True
                )
                self._thread.start()
            elif self._heap[0] is entry:
                self._cond.notify()
        return entry

    def disarm(self, entry: list[Any]) -> bool:
        """Withdraw ``entry``; True if its deadline already fired (the socket was shut down)."""
        with self._cond:
            if entry[2] is not None:
                entry[2] = None
                self._withdrawn += 1
                if self._withdrawn > 64 and self._withdrawn * 2 > len(self._heap):
                    self._heap = [e for e in self._heap if e[2] is not None]
                    heapq.heapify(self._heap)
                    self._withdrawn = 0
            fired: bool = entry[3]
            return fired

    @property
    def pending(self) -> int:
        """Sockets currently watched (for tests)."""
        with self._cond:
            return sum(1 for entry in self._heap if entry[2] is not None)

    def _run(self) -> None:
        with self._cond:
            while True:
                heap = self._heap
                while heap and heap[0][2] is None:
                    heapq.heappop(heap)
                    self._withdrawn -= 1
                if not heap:
                    self._cond.wait()
                    continue
                wait = heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                entry = heapq.heappop(heap)
                sock, entry[2], entry[3] = entry[2], None, True
                _shutdown(sock)

    def _after_fork(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._heap = []
        self._withdrawn = 0
        self._thread = None


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WATCHDOG._after_fork)


def _guarded_getresponse(conn: HTTPConnection, getresponse: Any) -> HTTPResponse:
    at = current_deadline()
    if at is None:
        response: HTTPResponse = getresponse()
        return response
    if time.monotonic() >= at:
        raise DeadlineExceeded
    entry = WATCHDOG.arm(at, conn.sock)
    try:
        response = getresponse()
    except BaseException:
        if WATCHDOG.disarm(entry):
            raise DeadlineExceeded from None
        raise
    if WATCHDOG.disarm(entry):
        response.close()  # the socket is shut down; urllib3 discards the connection
        raise DeadlineExceeded
    return response


#: Name lookups run here so a slow resolver cannot outlast the connect timeout (``getaddrinfo``
#: itself takes no timeout); a lookup that hangs keeps one of these threads, not the caller.
_RESOLVER: list[Any] = []  # the executor, made on the first lookup (and its import with it)
_RESOLVER_LOCK = threading.Lock()


def _resolver() -> Any:
    with _RESOLVER_LOCK:
        if not _RESOLVER:
            from concurrent.futures import (
                ThreadPoolExecutor,  # stdlib: only when a name is looked up
            )

            _RESOLVER.append(
                ThreadPoolExecutor(max_workers=4, thread_name_prefix="jenkins-sdk-dns")
            )
        return _RESOLVER[0]


def _connect_bound(conn: HTTPConnection) -> float | None:
    """The connect timeout, shortened to what is left of the call's deadline."""
    timeout = conn.timeout if isinstance(conn.timeout, int | float) else None
    at = current_deadline()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded
    return left if timeout is None else min(timeout, left)


def _resolve(conn: HTTPConnection, host: str, bound: float) -> list[str]:
    """The addresses of ``host``, looked up within ``bound`` seconds."""
    from concurrent.futures import TimeoutError as FutureTimeout  # loaded by _resolver()

    future = _resolver().submit(socket.getaddrinfo, host, conn.port or 0, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=bound)
    except FutureTimeout:
        raise ConnectTimeoutError(conn, f"looking up {host!r} took over {bound:g} s") from None
    except OSError as exc:
        raise NameResolutionError(host, conn, exc) from exc  # type: ignore[arg-type]
    except ValueError as exc:  # UnicodeError: a label the idna codec refuses ("a..b")
        raise NameResolutionError(host, conn, socket.gaierror(str(exc))) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise NameResolutionError(host, conn, socket.gaierror(f"no address for {host!r}"))
    return addresses


def _guarded_new_conn(conn: HTTPConnection, new_conn: Any) -> socket.socket:
    """Connect within the connect timeout and the call's deadline, the name lookup included."""
    bound = _connect_bound(conn)
    host = conn._dns_host
    if bound is None or _is_address(host):
        conn.timeout = bound if bound is not None else conn.timeout
        created: socket.socket = new_conn()
        return created
    addresses = _resolve(conn, host, bound)
    conn.timeout = _connect_bound(conn)
    try:
        for address in addresses[:-1]:
            conn._dns_host = address
            with contextlib.suppress(NewConnectionError):  # refused here: try the next address
                created = new_conn()
                return created
        conn._dns_host = addresses[-1]
        created = new_conn()
        return created
    finally:
        conn._dns_host = host


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class GuardedHTTPConnection(HTTPConnection):
    """urllib3's HTTP connection, connecting and waiting for the headers under the thread's
    deadline."""

    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self, super()._new_conn)

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3's
        """Read the status line and headers; :class:`DeadlineExceeded` past the deadline."""
        return _guarded_getresponse(self, super().getresponse)


class GuardedHTTPSConnection(HTTPSConnection):
    """urllib3's HTTPS connection, connecting and waiting for the headers under the thread's
    deadline."""

    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self, super()._new_conn)

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3's
        """Read the status line and headers; :class:`DeadlineExceeded` past the deadline."""
        return _guarded_getresponse(self, super().getresponse)


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


#: ``PoolManager.pool_classes_by_scheme`` for pools of guarded connections.
GUARDED_POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {
    "http": _GuardedHTTPPool,
    "https": _GuardedHTTPSPool,
}
