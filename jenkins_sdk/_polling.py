"""Clocks and polling: the only module importing ``backoff``.

Every wait in the SDK goes through a :class:`Clock`, so tests and replays never really sleep. The
client's clock (:class:`ReplayAwareClock`) skips real sleeps while a recording is being replayed
and advances a virtual time instead, so deadlines still pass as they did when recording.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

__all__ = ["Clock", "ManualClock", "ReplayAwareClock", "SystemClock", "intervals", "poll"]

T = TypeVar("T")


class Clock(Protocol):
    """Monotonic time and sleeping, injectable for tests."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""


class SystemClock:
    """The real clock: :func:`time.monotonic` and :func:`time.sleep`."""

    def monotonic(self) -> float:
        """Return :func:`time.monotonic`."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        if seconds > 0:
            time.sleep(seconds)


class ManualClock:
    """A clock that only moves when told to: ``sleep`` advances it instantly (for tests)."""

    def __init__(self, start: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """Return the current virtual time."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Record the wait and advance the virtual time by it, without waiting."""
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        """Move the virtual time forward."""
        with self._lock:
            self._now += seconds


class ReplayAwareClock:
    """Delegates to ``base``, except while ``replaying()`` is true: then sleeps are skipped and
    a virtual offset is added to ``monotonic()`` so timeouts behave as in the recording."""

    def __init__(self, base: Clock, replaying: Callable[[], bool]) -> None:
        self._base = base
        self._replaying = replaying
        self._lock = threading.Lock()
        self._offset = 0.0

    def monotonic(self) -> float:
        """Base time plus every sleep skipped during replay."""
        with self._lock:
            offset = self._offset
        return self._base.monotonic() + offset

    def sleep(self, seconds: float) -> None:
        """Sleep on the base clock, or skip it (advancing virtual time) during a replay."""
        if seconds <= 0:
            return
        if self._replaying():
            with self._lock:
                self._offset += seconds
            return
        self._base.sleep(seconds)


def intervals(
    initial: float = 1.0, factor: float = 2.0, max_interval: float = 5.0
) -> Iterator[float]:
    """Poll intervals: ``initial``, times ``factor`` each time, capped (1, 2, 4, 5, 5 s)."""
    if initial <= 0 or factor < 1 or max_interval <= 0:
        raise ValueError("intervals need initial > 0, factor >= 1 and max_interval > 0")
    import backoff  # imported on first use: it pulls in asyncio (~50 ms at import)

    gen = backoff.expo(base=factor, factor=initial, max_value=max_interval)
    next(gen)  # backoff's generators yield None once before the first interval
    while True:
        value = next(gen)
        yield float(min(value if value is not None else max_interval, max_interval))


def poll(
    fn: Callable[[], T],
    done: Callable[[T], bool],
    *,
    timeout: float,
    clock: Clock,
    timeout_error: Callable[[T], BaseException],
    initial: float = 1.0,
    factor: float = 2.0,
    max_interval: float = 5.0,
) -> T:
    """Call ``fn`` until ``done(value)`` is true and return that value.

    Waits ``initial``, then ``initial * factor``, ... up to ``max_interval`` between calls, on
    ``clock``. The last wait is shortened to end at the deadline, and ``fn`` is called once more
    there.

    Raises:
        The exception ``timeout_error(last_value)`` when ``timeout`` seconds have passed.
    """
    if timeout < 0:
        raise ValueError(f"timeout must be >= 0, got {timeout}")
    deadline = clock.monotonic() + timeout
    waits = intervals(initial, factor, max_interval)
    while True:
        value = fn()
        if done(value):
            return value
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise timeout_error(value)
        clock.sleep(min(next(waits), remaining))
