"""Request metrics: a sink protocol and the thread-safe in-memory default the client exposes."""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Protocol

import attrs

__all__ = ["EndpointStats", "Metrics", "MetricsSink", "MetricsSnapshot", "ReadSink"]


class ReadSink(Protocol):
    """Counts what one piece of work read (see :meth:`Metrics.measure`)."""

    def add(self, *, requests: int = 0, nbytes: int = 0) -> None:
        """Count ``requests`` more requests and ``nbytes`` more body bytes received."""


_READS: contextvars.ContextVar[tuple[ReadSink, ...]] = contextvars.ContextVar(
    "jenkins_sdk_reads", default=()
)


def count_read(*, requests: int = 0, nbytes: int = 0) -> None:
    """Tell every :meth:`Metrics.measure` block active in this context about a read."""
    for sink in _READS.get():
        sink.add(requests=requests, nbytes=nbytes)


class MetricsSink(Protocol):
    """Receives one call per event; implementations must be thread-safe and must not block."""

    def request(self, method: str, endpoint: str, status: int | None, elapsed: float) -> None:
        """A request finished (``status`` None when no answer came); ``elapsed`` in seconds."""

    def error(self, method: str, endpoint: str, error: str) -> None:
        """A request ended in an error (``error`` is the SDK error class name)."""

    def retry(self, method: str, endpoint: str, reason: str) -> None:
        """The HTTP layer is about to retry a request."""

    def crumb_fetch(self, outcome: str) -> None:
        """A CSRF crumb fetch happened: ``"ok"``, ``"disabled"`` (issuer 404) or ``"failed"``."""


@attrs.frozen
class EndpointStats:
    """Totals for one ``(method, endpoint template)``; latencies in milliseconds."""

    count: int
    errors: int
    retries: int
    total_ms: float
    max_ms: float
    statuses: dict[int, int]

    @property
    def mean_ms(self) -> float:
        """Average latency in milliseconds (0 when nothing was recorded)."""
        return self.total_ms / self.count if self.count else 0.0


@attrs.frozen
class MetricsSnapshot:
    """A consistent copy of the counters at one moment."""

    requests: int
    errors: int
    retries: int
    crumb_fetches: int
    crumb_outcomes: dict[str, int]
    endpoints: dict[tuple[str, str], EndpointStats]


@attrs.define
class _Entry:
    count: int = 0
    errors: int = 0
    retries: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0
    statuses: Counter[int] = attrs.field(factory=Counter)


class Metrics:
    """In-memory counters (readable via :meth:`snapshot`), optionally forwarded to another sink.

    Args:
        forward_to: a sink (statsd, Prometheus, ...) that also receives every event.
    """

    def __init__(self, forward_to: MetricsSink | None = None) -> None:
        self._lock = threading.Lock()
        self._forward = forward_to
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._errors = 0
        self._retries = 0
        self._crumbs: Counter[str] = Counter()

    def _entry(self, method: str, endpoint: str) -> _Entry:
        key = (method, endpoint)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        return entry

    def request(self, method: str, endpoint: str, status: int | None, elapsed: float) -> None:
        """Count a finished request and its latency."""
        ms = elapsed * 1000.0
        with self._lock:
            entry = self._entry(method, endpoint)
            entry.count += 1
            entry.total_ms += ms
            entry.max_ms = max(entry.max_ms, ms)
            if status is not None:
                entry.statuses[status] += 1
        if self._forward is not None:
            self._forward.request(method, endpoint, status, elapsed)

    def error(self, method: str, endpoint: str, error: str) -> None:
        """Count a request that ended in an error."""
        with self._lock:
            self._errors += 1
            self._entry(method, endpoint).errors += 1
        if self._forward is not None:
            self._forward.error(method, endpoint, error)

    def retry(self, method: str, endpoint: str, reason: str) -> None:
        """Count a retry."""
        with self._lock:
            self._retries += 1
            self._entry(method, endpoint).retries += 1
        if self._forward is not None:
            self._forward.retry(method, endpoint, reason)

    def crumb_fetch(self, outcome: str) -> None:
        """Count a crumb fetch by outcome."""
        with self._lock:
            self._crumbs[outcome] += 1
        if self._forward is not None:
            self._forward.crumb_fetch(outcome)

    def snapshot(self) -> MetricsSnapshot:
        """Return a copy of every counter, taken under the lock."""
        with self._lock:
            endpoints = {
                key: EndpointStats(
                    count=e.count,
                    errors=e.errors,
                    retries=e.retries,
                    total_ms=e.total_ms,
                    max_ms=e.max_ms,
                    statuses=dict(e.statuses),
                )
                for key, e in self._entries.items()
            }
            return MetricsSnapshot(
                requests=sum(e.count for e in self._entries.values()),
                errors=self._errors,
                retries=self._retries,
                crumb_fetches=sum(self._crumbs.values()),
                crumb_outcomes=dict(self._crumbs),
                endpoints=endpoints,
            )

    @property
    def requests(self) -> int:
        """Requests finished so far."""
        return self.snapshot().requests

    @property
    def errors(self) -> int:
        """Requests that ended in an error."""
        return self.snapshot().errors

    @property
    def retries(self) -> int:
        """Retries made by the HTTP layer."""
        return self.snapshot().retries

    @property
    def crumb_fetches(self) -> int:
        """Crumb fetches (any outcome)."""
        return self.snapshot().crumb_fetches

    @staticmethod
    @contextlib.contextmanager
    def measure(sink: ReadSink) -> Iterator[ReadSink]:
        """Count into ``sink`` the requests sent and body bytes received by this thread (this
        context) inside the ``with`` block, e.g. what one diagnosis cost."""
        token = _READS.set((*_READS.get(), sink))
        try:
            yield sink
        finally:
            _READS.reset(token)

    def reset(self) -> None:
        """Zero every counter."""
        with self._lock:
            self._entries.clear()
            self._errors = 0
            self._retries = 0
            self._crumbs.clear()
