"""Fault injection, deterministic from a seed and switchable per test.

Each armed :class:`Fault` matches requests by method and path substring, fires for ``times``
requests (``None`` = until cleared) with ``probability`` drawn from a seeded RNG, and does one of:

``restart``        503 "Restarting Jenkins"/"Starting Jenkins" HTML, no Retry-After; sessions are
                   dropped when the window opens; state is kept
``http``           a reverse proxy's 503/429/502 page with ``Retry-After`` (Jenkins never saw
                   the request)
``http_after``     the proxy forwarded the request (it is fully handled: a trigger *does* queue a
                   build), then answers its own 503/502/504 page (Envoy's "upstream reset")
``reset_before``   the connection is reset after the request line and headers, before the request
                   is acted on
``reset_after``    the request is fully handled (a trigger *does* queue a build), then the
                   connection is reset instead of sending the response
``slow``           the response is delayed by ``delay`` real seconds
``truncate``       the full Content-Length is announced but only part of the body is sent
``html_error``     Jenkins' 500 "Oops!" page
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

KINDS = (
    "restart",
    "http",
    "http_after",
    "reset_before",
    "reset_after",
    "slow",
    "truncate",
    "html_error",
)
#: The kinds applied to the answer of a request that was handled.
LATE_KINDS = ("reset_after", "truncate", "http_after")


@dataclass
class Fault:
    """One armed fault (see the module docstring for ``kind``)."""

    kind: str
    path: str | None = None
    method: str | None = None
    times: int | None = 1
    probability: float = 1.0
    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0
    keep_fraction: float = 0.5
    until_ms: int | None = None
    starting: bool = False
    fired: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")

    def matches(self, method: str, path: str, now_ms: int) -> bool:
        """Whether this fault applies to a request (without consuming it)."""
        if self.until_ms is not None and now_ms >= self.until_ms:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.path is None or self.path in path


class FaultPlan:
    """The faults armed on one emulator; thread-safe and seeded."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rng = random.Random(seed)
        self.fired: dict[str, int] = {k: 0 for k in KINDS}

    def arm(self, fault: Fault) -> Fault:
        """Add a fault; returns it (its ``fired`` count shows how often it hit)."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self, seed: int | None = None) -> None:
        """Disarm every fault (and reseed when ``seed`` is given)."""
        with self._lock:
            self._faults.clear()
            self.fired = {k: 0 for k in KINDS}
            if seed is not None:
                self._rng = random.Random(seed)

    def pick(self, stage: str, method: str, path: str, now_ms: int) -> Fault | None:
        """Consume and return the first fault for this request at ``stage``.

        ``stage`` is ``"early"`` (restart, http, reset_before, slow, html_error: before handling)
        or ``"late"`` (reset_after, truncate, http_after: applied to the response).
        """
        early = stage == "early"
        with self._lock:
            if not self._faults:
                return None
            for fault in self._faults:
                is_early = fault.kind not in LATE_KINDS
                if is_early != early or not fault.matches(method, path, now_ms):
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    continue
                fault.fired += 1
                self.fired[fault.kind] += 1
                return fault
        return None

    @property
    def active(self) -> list[Fault]:
        """The armed faults."""
        with self._lock:
            return list(self._faults)
