"""Counters and the request log that tests read."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.emulator import JenkinsEmulator


@dataclass(frozen=True)
class LoggedRequest:
    """One entry of the request log."""

    method: str
    path: str
    query: str
    status: int
    user: str | None
    elapsed_ms: float


class Counters:
    """Counters tests can read: requests per path, triggers per job, crumbs, connections, bytes."""

    def __init__(self, emu: JenkinsEmulator) -> None:
        self._emu = emu
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.triggers: Counter[str] = Counter()
        self.merged: Counter[str] = Counter()

    @property
    def total_requests(self) -> int:
        """Every request served."""
        return sum(self.requests.values())

    @property
    def connections(self) -> int:
        """New TCP connections accepted."""
        srv = self._emu._server
        return srv.connections if srv is not None else 0

    @property
    def bytes_sent(self) -> int:
        """Response bytes written (headers included).

        Each write is counted just before it is handed to the socket, so once a client has read
        the last byte of a response the counter already includes all of it. A response whose
        connection broke midway (a client that closed a stream early) moves to
        :attr:`bytes_aborted` instead."""
        srv = self._emu._server
        return srv.bytes_sent if srv is not None else 0

    @property
    def bytes_aborted(self) -> int:
        """Bytes handed to the socket for responses the client stopped reading (the connection
        broke before the last write); the kernel's buffers may have taken megabytes of them."""
        srv = self._emu._server
        return srv.bytes_aborted if srv is not None else 0

    @property
    def crumbs_issued(self) -> int:
        """Crumbs handed out by ``/crumbIssuer``."""
        return self._emu.auth.crumbs_issued

    def builds_started(self, path: str) -> int:
        """Builds that exist for a job (started, not deleted)."""
        return len(self._emu.job(path).builds)

    def reset(self) -> None:
        """Zero everything (connections and bytes included)."""
        with self.lock:
            self.requests.clear()
            self.statuses.clear()
            self.triggers.clear()
            self.merged.clear()
        srv = self._emu._server
        if srv is not None:
            with srv.counter_lock:
                srv.connections = 0
                srv.bytes_sent = 0
                srv.bytes_aborted = 0
        self._emu.auth.crumbs_issued = 0
