"""Polling: the only module importing ``backoff`` (archived upstream: replace it here alone).

The clocks live in :mod:`jenkins_sdk.clock` (re-exported here for older imports).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from jenkins_sdk.clock import Clock, ManualClock, ReplayAwareClock, SystemClock

__all__ = ["Clock", "ManualClock", "ReplayAwareClock", "SystemClock", "intervals", "poll"]

T = TypeVar("T")


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
