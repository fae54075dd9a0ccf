"""Unit tests for the timing of waits: expected ends, quiet periods and the pace of looks."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import Pace, poll
from jenkins_sdk.resources._timing import MARGIN, quiet_remaining, run_remaining
from tests.resources._helpers import FakeClock

NOW = 1_800_000_000_000.0  # epoch ms


def test_run_remaining_by_clock_when_progress_agrees() -> None:
    # started 40 s ago, 100 s estimate: Jenkins says 40 % (elapsed in [40, 41) %)
    assert run_remaining(NOW - 40_000, 100_000, 40, now_ms=NOW) == pytest.approx(60.0)
    # no progress given: the clock alone, capped by the estimate
    assert run_remaining(NOW - 40_000, 100_000, now_ms=NOW) == pytest.approx(60.0)
    assert run_remaining(NOW + 500_000, 100_000, now_ms=NOW) == pytest.approx(100.0)


def test_run_remaining_falls_back_to_progress_when_clocks_disagree() -> None:
    # the controller's clock is 30 s ahead: by our clock 90 s would be left, progress says 60
    assert run_remaining(NOW + 30_000 - 40_000, 100_000, 40, now_ms=NOW) == pytest.approx(60.0)
    # the latest end progress allows: 41 % not reached yet -> at most 60 % left
    assert run_remaining(0, 100_000, 40, now_ms=NOW) == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("estimate", "progress", "expected"),
    [(-1, -1, None), (0, 5, None), (None, None, None), (100_000, 99, 0.0), ("x", 1, None)],
    ids=["unknown", "zero", "absent", "capped", "not-a-number"],
)
def test_run_remaining_edge_cases(
    estimate: object, progress: object, expected: float | None
) -> None:
    assert run_remaining(NOW, estimate, progress, now_ms=NOW) == expected


def test_quiet_remaining() -> None:
    # a 5 s quiet period created 2 s ago by us: 3 s left whatever the clocks say
    assert quiet_remaining(10_005_000, 10_000_000, waited=2.0) == pytest.approx(3.0)
    assert quiet_remaining(NOW + 4_000, NOW - 1_000, now_ms=NOW) == pytest.approx(4.0)
    # never more than the whole quiet period (the controller's clock runs ahead)
    assert quiet_remaining(NOW + 60_000, NOW + 55_000, now_ms=NOW) == pytest.approx(5.0)
    assert quiet_remaining(NOW - 1_000, NOW - 6_000, now_ms=NOW) == 0.0
    assert quiet_remaining(None, NOW) is None


def test_pace_doubles_and_lands_just_after_a_hint() -> None:
    pace = Pace(1.0, 2.0, 5.0)
    assert [pace.next() for _ in range(4)] == [1.0, 2.0, 4.0, 5.0]
    assert pace.next(3.0) == pytest.approx(3.0 + MARGIN)
    assert pace.next(30.0) == 5.0  # a hint never makes a wait longer than max_interval
    # the moment passed without the change: start again from the first interval
    assert pace.next(0.0) == 1.0
    assert pace.next(0.0) == 2.0


def test_poll_uses_hints_and_raises_at_the_deadline() -> None:
    clock = FakeClock()
    values = iter([3.0, 0.0, 0.0, None])

    def fn() -> float | None:
        return next(values)

    got = poll(
        fn,
        lambda v: v is None,
        hint=lambda v: v,
        timeout=60,
        clock=clock,
        timeout_error=lambda v: errors.QueueTimeout("late"),
        initial=1.0,
        max_interval=5.0,
    )
    assert got is None
    assert clock.sleeps == [pytest.approx(3.0 + MARGIN), 1.0, 2.0]
    clock = FakeClock()
    with pytest.raises(errors.QueueTimeout):
        poll(
            lambda: 1,
            lambda v: False,
            hint=lambda v: None,
            timeout=2.5,
            clock=clock,
            timeout_error=lambda v: errors.QueueTimeout("late"),
            initial=1.0,
            max_interval=5.0,
        )
    assert clock.sleeps == [1.0, 1.5]
    with pytest.raises(ValueError):
        poll(
            lambda: 1,
            lambda v: True,
            timeout=-1,
            clock=clock,
            timeout_error=lambda v: errors.QueueTimeout("late"),
            initial=1.0,
            max_interval=5.0,
        )
