"""Tolerant parsers for values read from the wire: one per kind, each failing only with None.

Header values and ``Location`` URLs come from servers and proxies we do not control; Python's own
parsers accept surprising spellings (``int("²")`` fails but ``"²".isdigit()`` is true,
``int("1" * 5000)`` raises past the digit limit, dates may lie far outside ``datetime``). Every
value is read here; the caller turns a ``None`` into the SDK error that fits where it was read.
"""

from __future__ import annotations

import email.utils
import re
import time
import urllib.parse

__all__ = [
    "MAX_DIGITS",
    "header_int",
    "http_date_delay",
    "http_date_epoch",
    "is_header_value",
    "is_token",
    "retry_after_seconds",
    "url_path",
]

#: The most digits a header number may have (18 fit in a signed 64-bit integer).
MAX_DIGITS = 18
_ASCII_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")
#: Delays longer than this (seconds) are treated as this long (a year: "not soon").
_MAX_DELAY = 365.0 * 24 * 3600


def header_int(value: str | None) -> int | None:
    """A non-negative decimal header value (``X-Text-Size``, ``Content-Length``), or None when
    absent or not plain ASCII digits (at most :data:`MAX_DIGITS`)."""
    if value is None:
        return None
    text = value.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    return int(text)


def http_date_epoch(value: str | None) -> float | None:
    """An HTTP date (``Date``, ``Retry-After``) as seconds since the epoch, or None if absent or
    unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_tz(value)
        return None if parsed is None else float(email.utils.mktime_tz(parsed))
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def http_date_delay(value: str, now: float | None = None) -> float | None:
    """Seconds from ``now`` until the HTTP date ``value`` (0 if past), or None if unreadable."""
    try:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        at = email.utils.mktime_tz(parsed)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
    delay = at - (time.time() if now is None else now)
    return min(max(delay, 0.0), _MAX_DELAY)


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    """A ``Retry-After`` header (delay-seconds or HTTP date) in seconds, capped at ``cap``;
    None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    seconds = header_int(text) if text.isascii() and text.isdigit() else None
    if seconds is None and text.isascii() and text.isdigit():
        return cap  # more digits than any sane delay: as long as allowed
    delay = float(seconds) if seconds is not None else http_date_delay(text)
    if delay is None:
        return None
    return min(max(delay, 0.0), cap)


def is_token(value: str) -> bool:
    """Whether ``value`` may be sent as an HTTP header value token (a crumb, a header name):
    visible ASCII without separators, CR or LF."""
    return bool(_TOKEN.fullmatch(value))


def is_header_value(value: str) -> bool:
    """Whether ``value`` may be sent as a header value as it is: visible ASCII, inner spaces
    allowed, no CR, LF or other control characters."""
    return bool(_HEADER_VALUE.fullmatch(value))


def url_path(value: str) -> str | None:
    """The path of a URL (or of a relative reference), or None when it cannot be parsed (an
    unclosed IPv6 bracket, a bad port ...)."""
    try:
        parts = urllib.parse.urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return None
    return parts.path
