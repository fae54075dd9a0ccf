"""When to look again: expected ends and quiet periods from what Jenkins says (the hints that
``builds.wait``, ``queue.wait_for_build`` and ``BuildMonitor`` pace their looks with).

Jenkins' times are its own wall clock (epoch milliseconds). A running build's executor also
reports ``progress`` (elapsed x 100 / estimate, computed by Jenkins itself), which brackets the
remaining time without trusting our clock: the epoch-based answer is used when it falls inside
that bracket, the bracket's end otherwise (the clocks disagree). A waiting queue item's remaining
quiet period is at most ``timestamp - inQueueSince``. Every hint is only ever used to look
*earlier* than the caller's interval would, never later (see :class:`jenkins_sdk._polling.Pace`).
"""

from __future__ import annotations

import time
from typing import Any

from jenkins_sdk import _polling

__all__ = ["MARGIN", "epoch_ms", "quiet_remaining", "run_remaining"]

#: Seconds added after an expected moment, so the look lands just after it.
MARGIN = _polling.MARGIN


def epoch_ms() -> float:
    """This machine's wall clock in epoch milliseconds (compared with Jenkins' timestamps)."""
    return time.time() * 1000.0


def _number(value: Any) -> float | None:
    """A JSON number as a float (``None`` for anything else, booleans included)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def run_remaining(
    timestamp: Any, estimated: Any, progress: Any = None, *, now_ms: float | None = None
) -> float | None:
    """Seconds until a running build's expected end (``timestamp + estimatedDuration``).

    ``None`` when Jenkins has no estimate (``-1``); ``0`` when the end has passed. With the
    executor's ``progress`` (0-99), the answer is kept inside the bracket progress allows.
    """
    est = _number(estimated)
    if est is None or est <= 0:
        return None
    start = _number(timestamp)
    now = epoch_ms() if now_ms is None else now_ms
    by_clock = None if start is None else (start + est - now) / 1000.0
    pct = _number(progress)
    if pct is None or pct < 0:
        return None if by_clock is None else max(0.0, min(by_clock, est / 1000.0))
    if pct >= 99:
        return 0.0  # Jenkins caps progress at 99: at or past the estimate
    low, high = est * (99 - pct) / 100_000.0, est * (100 - pct) / 100_000.0
    if by_clock is not None and low <= by_clock <= high:
        return by_clock
    return high


def quiet_remaining(
    timestamp: Any,
    in_queue_since: Any,
    *,
    waited: float | None = None,
    now_ms: float | None = None,
) -> float | None:
    """Seconds until a waiting queue item's quiet period ends (its ``timestamp``).

    ``waited``: seconds since the item was created, when the caller knows (it triggered it);
    then the answer needs no clock agreement. ``None`` when the item carries no ``timestamp``.
    """
    due = _number(timestamp)
    if due is None:
        return None
    since = _number(in_queue_since)
    quiet = None if since is None else max(0.0, (due - since) / 1000.0)
    if quiet is not None and waited is not None:
        return max(0.0, quiet - waited)
    now = epoch_ms() if now_ms is None else now_ms
    left = max(0.0, (due - now) / 1000.0)
    return left if quiet is None else min(left, quiet)
