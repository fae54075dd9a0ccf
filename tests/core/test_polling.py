"""Polling on an injectable clock: intervals, deadline, caller-given timeout error, replay clock."""

from __future__ import annotations

import itertools

import pytest

from jenkins_sdk._polling import ManualClock, ReplayAwareClock, SystemClock, intervals, poll
from jenkins_sdk.errors import QueueTimeout


def test_intervals_double_up_to_the_cap() -> None:
    assert list(itertools.islice(intervals(), 6)) == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert list(itertools.islice(intervals(0.5, 3, 10), 4)) == [0.5, 1.5, 4.5, 10.0]
    with pytest.raises(ValueError):
        next(intervals(0, 2, 5))


def test_poll_returns_the_first_done_value_without_real_sleeping() -> None:
    clock = ManualClock()
    values = iter(["queued", "queued", "queued", "started"])
    result = poll(
        lambda: next(values),
        lambda v: v == "started",
        timeout=60,
        clock=clock,
        timeout_error=lambda v: QueueTimeout(f"still {v}"),
    )
    assert result == "started"
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_poll_raises_the_callers_error_at_the_deadline() -> None:
    clock = ManualClock()
    calls: list[float] = []

    def fn() -> str:
        calls.append(clock.monotonic())
        return "queued"

    with pytest.raises(QueueTimeout, match="still queued"):
        poll(
            fn,
            lambda v: False,
            timeout=10,
            clock=clock,
            timeout_error=lambda v: QueueTimeout(f"still {v}"),
        )
    # waits 1, 2, 4, then the last wait is trimmed to end exactly at the deadline
    assert clock.sleeps == [1.0, 2.0, 4.0, 3.0]
    assert calls == [0.0, 1.0, 3.0, 7.0, 10.0]


def test_poll_with_zero_timeout_calls_once() -> None:
    clock = ManualClock()
    with pytest.raises(TimeoutError):
        poll(
            lambda: 1,
            lambda v: False,
            timeout=0,
            clock=clock,
            timeout_error=lambda v: TimeoutError(),
        )
    assert clock.sleeps == []


def test_replay_aware_clock_skips_sleeps_but_advances_time() -> None:
    base = ManualClock()
    replaying = [True]
    clock = ReplayAwareClock(base, lambda: replaying[0])
    clock.sleep(30)
    assert base.sleeps == []
    assert clock.monotonic() == 30.0
    replaying[0] = False
    clock.sleep(2)
    assert base.sleeps == [2]
    assert clock.monotonic() == 32.0


def test_system_clock_is_monotonic() -> None:
    clock = SystemClock()
    first = clock.monotonic()
    clock.sleep(0)
    assert clock.monotonic() >= first
