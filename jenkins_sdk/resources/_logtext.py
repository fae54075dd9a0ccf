"""Console text helpers: console notes, cut-safe decoding, and reading a log's tail by offsets.

A tail is read from the end with ``logText/progressiveText`` offsets, never the whole log: one
request from ``start=0`` learns the size from ``X-Text-Size`` (a ``start`` of 0 can never trigger
Jenkins' "start beyond the end → resend everything" rule) and is closed before its body is read
when the log is larger than the budget; the next starts ``budget`` bytes before the end, and the
budget grows only when the lines asked for are not in it yet.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["LogTail", "decode_tail", "read_tail", "strip_console_notes"]

# Since Jenkins 2.509 the plain progressive text may carry raw console notes.
_CONSOLE_NOTE = re.compile("\x1b\\[8mha:[^\x1b]*\x1b\\[0m")
_CHUNK = 16 * 1024
#: The first budget per line asked for (most console lines are far shorter).
_BYTES_PER_LINE = 256


def strip_console_notes(text: str) -> str:
    """Remove Jenkins' hidden console-note markers (``ESC[8mha:…ESC[0m``) from ``text``."""
    return _CONSOLE_NOTE.sub("", text) if "\x1b[8mha:" in text else text


@attrs.frozen(kw_only=True)
class LogTail:
    """The end of a log, decoded.

    Attributes:
        text: the text read, with ``\\n`` line ends and console notes removed; when the read
            started mid-log, the first (partial) line is left out.
        start: the raw byte offset the read started at (0 when the whole log was read).
        size: the log size in bytes Jenkins reported (``X-Text-Size``).
        complete: ``True`` when Jenkins said the log is finished (no ``X-More-Data``).
        truncated: ``True`` when earlier text exists that was not read.
    """

    text: str
    start: int
    size: int
    complete: bool
    truncated: bool

    @property
    def lines(self) -> list[str]:
        """The complete lines of :attr:`text`, without their ``\\n``."""
        body = self.text[:-1] if self.text.endswith("\n") else self.text
        return body.split("\n") if body else []


def decode_tail(data: bytes, *, cut_start: bool, cut_end: bool = False) -> str:
    """Decode bytes cut out of a UTF-8 log, never splitting or mangling a character.

    Args:
        data: the bytes read.
        cut_start: the bytes start mid-log: continuation bytes of a character cut at the start
            are dropped, then everything up to the first newline (a partial line).
        cut_end: the bytes end mid-log: an incomplete character at the end is dropped.
    """
    skip = 0
    if cut_start:
        while skip < min(3, len(data)) and 0x80 <= data[skip] <= 0xBF:
            skip += 1
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(data[skip:], final=not cut_end)
    text = text.replace("\r\n", "\n")
    if cut_start:
        newline = text.find("\n")
        if newline >= 0:
            text = text[newline + 1 :]
    return strip_console_notes(text)


def read_tail(
    requester: Requester,
    path: str,
    *,
    max_bytes: int,
    lines: int | None = None,
    on_read: Callable[[int], None] | None = None,
) -> LogTail:
    """Read the end of the progressive log at ``path`` (``.../logText/progressiveText``).

    Args:
        requester: the client's requester.
        path: the progressive-text path.
        max_bytes: the most raw log bytes read from the end (the body may be a little larger:
            Jenkins turns every LF into CRLF on this endpoint).
        lines: stop growing the read once this many complete lines are in it; without it, one
            read of ``max_bytes`` is made.
        on_read: called once per request with the number of body bytes it read.
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be > 0")
    budget = max_bytes if lines is None else min(max_bytes, max(_CHUNK, lines * _BYTES_PER_LINE))
    with requester.open_progressive(path, 0) as probe:
        size, more = probe.next_offset, probe.more
        if size <= budget:
            data, cut_end = probe.read(2 * budget + _CHUNK)
            _count(on_read, data)
            text = decode_tail(data, cut_start=False, cut_end=cut_end or more)
            return LogTail(text=text, start=0, size=size, complete=not more, truncated=False)
        # Too big: leave this body unread (closing drops the connection) and read the end.
    _count(on_read, b"")
    while True:
        tail = _read_from_end(requester, path, size, budget, on_read)
        enough = lines is None or len(tail.lines) >= lines
        if enough or tail.start == 0 or budget >= max_bytes:
            return tail
        budget = min(max_bytes, budget * 4)
        size = tail.size


def _read_from_end(
    requester: Requester,
    path: str,
    size: int,
    budget: int,
    on_read: Callable[[int], None] | None,
) -> LogTail:
    # One byte more than the budget: if it is a newline, no line is lost when the partial first
    # line is dropped.
    start = max(0, size - budget - 1)
    cap = 2 * (size - start) + _CHUNK  # CRLF can double the body; the log may grow meanwhile
    with requester.open_progressive(path, start) as stream:
        now, more = stream.next_offset, stream.more
        data, cut_end = stream.read(cap)
    _count(on_read, data)
    if now < start:
        # The log shrank (it was deleted and rewritten): Jenkins resent it from 0.
        text = decode_tail(data, cut_start=False, cut_end=True)
        return LogTail(text=text, start=0, size=now, complete=not more, truncated=True)
    text = decode_tail(data, cut_start=start > 0, cut_end=cut_end or more)
    return LogTail(text=text, start=start, size=now, complete=not more, truncated=start > 0)


def _count(on_read: Callable[[int], None] | None, data: bytes) -> None:
    if on_read is not None:
        on_read(len(data))
