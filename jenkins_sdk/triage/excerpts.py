"""Read only the parts of logs a diagnosis needs, bounded in bytes.

* :meth:`LogReader.console_tail` reads the **tail** of a build's console through
  ``logText/progressiveText``: one request from ``start=0`` learns the log size from
  ``X-Text-Size`` (a ``start`` of 0 can never trigger Jenkins' "start beyond the end → resend
  everything" rule); when the log is larger than the budget that response is closed before its
  body is read, and a second request starts ``budget`` bytes before the end. A 1 GiB log costs
  about ``budget`` bytes.
* :meth:`LogReader.node_log` reads a pipeline step's log through ``wfapi/log`` (Jenkins sends at
  most its last 10 KiB, as HTML) and turns it into plain text.
* :meth:`LogReader.json` reads JSON, counting the bytes like every other read.

Every read is counted in :class:`ReadStats` (requests and body bytes received), so callers can
show (and tests can bound) what a diagnosis cost.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from jenkins_sdk.errors import UnexpectedResponse
from jenkins_sdk.models import NodeLog, structure
from jenkins_sdk.resources.pipelines import html_to_text
from jenkins_sdk.triage.patterns import strip_console_notes

if TYPE_CHECKING:
    import requests

    from jenkins_sdk._http.requester import Requester

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LogReader",
    "LogTail",
    "ReadStats",
    "decode_tail",
]

#: The default budget of one excerpt: 64 KiB of raw log.
DEFAULT_MAX_BYTES = 64 * 1024
_CHUNK = 16 * 1024


class ReadStats:
    """Thread-safe totals of what a diagnosis read: requests sent and body bytes received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self._bytes = 0

    def add(self, *, requests: int = 0, nbytes: int = 0) -> None:
        """Count ``requests`` more requests and ``nbytes`` more body bytes."""
        with self._lock:
            self._requests += requests
            self._bytes += nbytes

    @property
    def requests(self) -> int:
        """Requests sent."""
        return self._requests

    @property
    def bytes_read(self) -> int:
        """Response body bytes received."""
        return self._bytes


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


def _text_size(response: requests.Response) -> int:
    value = response.headers.get("X-Text-Size", "").strip()
    if not value.isdigit():
        raise UnexpectedResponse(
            f"progressiveText answered without a usable X-Text-Size ({value!r})",
            method="GET",
            url=response.url,
            status=response.status_code,
            hint="a proxy or login page may have answered instead of Jenkins",
        )
    return int(value)


class LogReader:
    """Bounded reads of one client's Jenkins, counted in ``stats``.

    Args:
        requester: the client's requester.
        stats: where requests and bytes are counted (a new one by default).
    """

    def __init__(self, requester: Requester, stats: ReadStats | None = None) -> None:
        self.requester = requester
        self.stats = stats if stats is not None else ReadStats()

    def json(
        self, path: str, *, tree: str | None = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        """GET ``path`` and decode its JSON (errors as ``Requester.get_json`` raises them)."""
        query = dict(params or {})
        if tree is not None:
            query["tree"] = tree
        self.stats.add(requests=1)
        response = self.requester.request(
            "GET", path, params=query or None, headers={"Accept": "application/json"}, ok=(200,)
        )
        self.stats.add(nbytes=len(response.content))
        return self.requester.decode_json(response)

    def console_tail(self, build_path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LogTail:
        """Read at most about ``max_bytes`` raw bytes from the end of a build's console.

        Args:
            build_path: the build's relative path (``job/a/7/``).
            max_bytes: the budget in raw log bytes (the body may be a little larger: Jenkins
                turns every LF into CRLF on this endpoint).
        """
        if max_bytes <= 0:
            raise ValueError("max_bytes must be > 0")
        path = build_path + "logText/progressiveText"
        cap = 2 * max_bytes + _CHUNK  # CRLF can double the body; the log may grow meanwhile
        with self.requester.stream(path, params={"start": "0"}) as response:
            self.stats.add(requests=1)
            size = _text_size(response)
            more = "X-More-Data" in response.headers
            if size <= max_bytes:
                data, cut_end = self._read_body(response, cap)
                text = decode_tail(data, cut_start=False, cut_end=cut_end or more)
                return LogTail(text=text, start=0, size=size, complete=not more, truncated=False)
            # Too big: leave this body unread (closing drops the connection) and read the end.
        # One byte more than the budget: if it is a newline, no line is lost when the partial
        # first line is dropped.
        start = size - max_bytes - 1
        with self.requester.stream(path, params={"start": str(start)}) as response:
            self.stats.add(requests=1)
            size = _text_size(response)
            more = "X-More-Data" in response.headers
            if size < start:
                # The log shrank (it was deleted and rewritten): Jenkins resends from 0.
                data, cut_end = self._read_body(response, cap)
                text = decode_tail(data, cut_start=False, cut_end=True)
                return LogTail(text=text, start=0, size=size, complete=not more, truncated=True)
            data, cut_end = self._read_body(response, cap)
        text = decode_tail(data, cut_start=True, cut_end=cut_end or more)
        return LogTail(text=text, start=start, size=size, complete=not more, truncated=True)

    def node_log(self, build_path: str, node_id: str) -> NodeLog:
        """The ``wfapi/log`` of a flow node (its last 10 KiB at most, HTML-annotated)."""
        path = f"{build_path}execution/node/{quote(node_id, safe='')}/wfapi/log"
        return structure(self.json(path), NodeLog)

    @staticmethod
    def node_text(log: NodeLog) -> str:
        """The plain text of a node log (tags and console notes removed, ``\\n`` line ends)."""
        if not log.text:
            return ""
        return strip_console_notes(html_to_text(log.text)).replace("\r\n", "\n")

    def _read_body(self, response: requests.Response, cap: int) -> tuple[bytes, bool]:
        """Read at most ``cap`` body bytes; returns them and whether the body went on."""
        parts: list[bytes] = []
        total = 0
        for chunk in response.iter_content(_CHUNK):
            if not chunk:
                continue
            room = cap - total
            if len(chunk) >= room:
                parts.append(chunk[:room])
                total += room
                self.stats.add(nbytes=len(chunk))
                return b"".join(parts), True
            parts.append(chunk)
            total += len(chunk)
            self.stats.add(nbytes=len(chunk))
        return b"".join(parts), False
