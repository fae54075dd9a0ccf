"""Jenkins' numbers for times, as Python values (what the generated ``*_at``/``*_td`` properties
return; the naming convention is in ``schemas/README.md``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

__all__ = ["EPOCH", "duration_from_millis", "duration_from_seconds", "instant_from_millis"]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The instant Jenkins counts its milliseconds from."""


def instant_from_millis(value: float | None) -> datetime | None:
    """Milliseconds since the epoch as an aware UTC datetime (exact: no float seconds).

    None when absent, when not positive (Jenkins writes 0 for "never" and -1 for "unknown"), and
    when beyond what ``datetime`` holds (year 9999).
    """
    if value is None or value <= 0:
        return None
    try:
        return EPOCH + timedelta(milliseconds=value)
    except OverflowError:
        return None


def duration_from_millis(value: float | None) -> timedelta | None:
    """Milliseconds as a timedelta; None when absent, negative (Jenkins' -1: unknown) or huge."""
    if value is None or value < 0:
        return None
    try:
        return timedelta(milliseconds=value)
    except OverflowError:
        return None


def duration_from_seconds(value: float | None) -> timedelta | None:
    """Seconds (junit's float durations) as a timedelta; None when absent, negative or huge."""
    if value is None or value < 0:
        return None
    return duration_from_millis(value * 1000)
