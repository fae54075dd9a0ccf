"""Polling: the only module importing ``backoff`` (archived upstream: replace it here alone).

The clocks live in :mod:`jenkins_sdk.clock` (re-exported here for older imports).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import TypeVar

from jenkins_sdk.clock import Clock, ManualClock, ReplayAwareClock, SystemClock
from jenkins_sdk.errors import ConfigError

__all__ = [
    "MARGIN",
    "Clock",
    "ManualClock",
    "Pace",
    "ReplayAwareClock",
    "SystemClock",
    "intervals",
    "poll",
    "wait_seconds",
]

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


def wait_seconds(timeout: float | None, default: float) -> float:
    """A wait's bound in seconds: ``timeout``, or ``default`` (the client's finite
    ``wait_timeout``) when it is None. A negative, NaN or non-numeric timeout is a
    :class:`~jenkins_sdk.errors.ConfigError` (NaN would make every deadline test false: a wait
    that never ends)."""
    if timeout is None:
        return default
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or math.isnan(timeout)
        or timeout < 0
    ):
        raise ConfigError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
    return float(timeout)


#: Seconds added after an expected moment, so a look lands just after it.
MARGIN = 0.05
#: A hint closer than this counts as "now" (the moment has passed).
_MIN_HINT = 0.001


class Pace:
    """The waits between looks: ``initial`` times ``factor`` each time up to ``max_interval``,
    or a hint.

    A hint (seconds until an expected moment, e.g. a build's estimated end) shortens the next
    wait so the look lands just after that moment; it never lengthens a wait past
    ``max_interval``. Once the moment has passed without the awaited change, the waits start
    again from ``initial`` (a build that overruns its estimate usually ends soon).
    """

    def __init__(self, initial: float, factor: float, max_interval: float) -> None:
        """Pace looks from ``initial`` up to ``max_interval`` seconds apart."""
        self._initial = initial
        self._factor = factor
        self._max = max(max_interval, initial)
        self._waits = intervals(initial, factor, self._max)
        self._armed = False

    def next(self, hint: float | None = None) -> float:
        """The next wait in seconds, given the seconds until an expected moment (if known)."""
        if hint is not None and hint > _MIN_HINT:
            self._armed = True
            return min(hint + MARGIN, self._max)
        if hint is not None and self._armed:
            self._armed = False
            self._waits = intervals(self._initial, self._factor, self._max)
        return next(self._waits)


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
    hint: Callable[[T], float | None] | None = None,
    first: T | None = None,
) -> T:
    """Call ``fn`` until ``done(value)`` is true and return that value.

    Waits ``initial``, then ``initial * factor``, ... up to ``max_interval`` between calls, on
    ``clock``; ``hint(value)`` (seconds until an expected change, or ``None``) may shorten a wait
    (see :class:`Pace`). ``first``: a value the caller already read, standing for the first call.
    The last wait is shortened to end at the deadline, and ``fn`` is called once more there.

    Raises:
        The exception ``timeout_error(last_value)`` when ``timeout`` seconds have passed.
    """
    timeout = wait_seconds(timeout, timeout)
    deadline = clock.monotonic() + timeout
    pace = Pace(initial, factor, max_interval)
    value = first
    while True:
        if value is None:
            value = fn()
        if done(value):
            return value
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise timeout_error(value)
        clock.sleep(min(pace.next(hint(value) if hint is not None else None), remaining))
        value = None
