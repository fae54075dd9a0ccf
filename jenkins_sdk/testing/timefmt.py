"""``hudson.Util.getTimeSpanString``, shared by the queue, branch scans and pipeline steps."""

from __future__ import annotations

__all__ = ["time_span"]


def time_span(ms: int) -> str:
    """``hudson.Util.getTimeSpanString``: ``12 sec``, ``4.6 sec``, ``0.23 sec``, ``55 ms``,
    ``1 min 5 sec``, ``2 hr 3 min``..."""
    units = (
        (365 * 86_400_000, "yr"),
        (30 * 86_400_000, "mo"),
        (86_400_000, "day"),
        (3_600_000, "hr"),
        (60_000, "min"),
    )
    for i, (size, name) in enumerate(units):
        big = ms // size
        if big <= 0:
            continue
        small_size, small_name = units[i + 1] if i + 1 < len(units) else (1000, "sec")
        small = (ms % size) // small_size
        text = _unit(big, name)
        return text if big >= 10 else f"{text} {_unit(small, small_name)}"
    seconds, millis = divmod(ms, 1000)
    if seconds >= 10:
        return f"{seconds} sec"
    if seconds >= 1:
        return f"{_decimal(seconds + (millis // 100) / 10)} sec"
    if millis >= 100:
        return f"{_decimal((millis // 10) / 100)} sec"
    return f"{millis} ms"


def _unit(n: int, name: str) -> str:
    if name == "day":
        return f"{n} day" if n == 1 else f"{n} days"
    return f"{n} {name}"


def _decimal(value: float) -> str:
    """As ``java.text.MessageFormat`` prints a float: no trailing zeros."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
