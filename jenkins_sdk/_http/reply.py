"""The SDK's own response types: what the layers above ``_http`` get instead of ``requests``.

* :class:`Reply`: a finished answer: status, headers, final URL, the ``Location`` headers met on
  the way, the body, and JSON decoding that raises only SDK errors.
* :class:`Stream`: an answer whose body is read as it arrives (logs, artifacts); every failure
  while reading is a :class:`~jenkins_sdk.errors.JenkinsError`. Close it (``with`` does).
* :class:`ProgressiveStream` / :class:`Progressive`: a ``logText/progressiveText``-style answer
  with its ``X-Text-Size`` (the next offset) and ``X-More-Data`` already read and checked.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from jenkins_sdk._closing import ClosedOnExit

__all__ = ["Headers", "Progressive", "ProgressiveStream", "Reply", "Stream", "decode_text"]


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive response headers (a repeated header's values joined by
    ``, ``, as HTTP allows)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items: dict[str, tuple[str, str]] = {
            name.lower(): (name, value) for name, value in (items or {}).items()
        }

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def get(self, name: str, default: Any = None) -> Any:
        """The value of ``name`` (any case), or ``default``."""
        found = self._items.get(name.lower())
        return default if found is None else found[1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({len(self)} headers)"


class Reply:
    """A complete HTTP answer, owned by the SDK.

    Attributes:
        method: the request method.
        status: the HTTP status code.
        headers: the response headers (case-insensitive).
        url: the final URL (after redirects a GET followed).
        locations: the ``Location`` headers of every redirect followed and of this answer, in
            order (a trigger's queue item may sit in a 303's ``Location``).
        content: the body bytes.
        reason: the status line's reason phrase (Jetty may put Jenkins' message there).
    """

    __slots__ = (
        "_decode",
        "content",
        "headers",
        "locations",
        "method",
        "reason",
        "status",
        "url",
    )

    def __init__(
        self,
        *,
        method: str,
        status: int,
        headers: Headers,
        url: str,
        locations: tuple[str, ...],
        content: bytes,
        decode: Callable[[Reply], Any],
        reason: str = "",
    ) -> None:
        self.method = method
        self.reason = reason
        self.status = status
        self.headers = headers
        self.url = url
        self.locations = locations
        self.content = content
        self._decode = decode

    @property
    def text(self) -> str:
        """The body as text: in the charset the server named, else UTF-8 (bad bytes replaced)."""
        return decode_text(self.content, self.headers.get("Content-Type", ""))

    def json(self) -> Any:
        """The body as JSON.

        Raises:
            UnexpectedResponse: not JSON (an HTML login, proxy or error page), with a hint.
            ResponseDecodeError: invalid JSON.
        """
        return self._decode(self)

    def __repr__(self) -> str:
        return f"Reply({self.method} -> {self.status}, {len(self.content)} bytes)"


def decode_text(content: bytes, content_type: str) -> str:
    """``content`` decoded in the charset ``content_type`` names, else UTF-8; bad bytes are
    replaced. Never raises: a charset that is unknown, not a text encoding, or whose codec
    cannot replace bad bytes (``idna``, ``punycode``, ``undefined``...) falls back to UTF-8."""
    charset = _charset(content_type)
    if charset != "utf-8":
        try:
            codec = codecs.lookup(charset)
            if codec._is_text_encoding and codec.name not in _NOT_CHARSETS:
                return content.decode(codec.name, "replace")
        except (LookupError, ValueError):  # UnicodeError is a ValueError
            pass
    return content.decode("utf-8", "replace")


#: Text codecs no server means as a charset: escape decoders (warn, may raise under -W error),
#: host-name codecs and ``undefined`` (raise whatever the error handler).
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"})


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ") or "utf-8"
    return "utf-8"


class Stream(ClosedOnExit):
    """An answer whose body is read as it arrives; close it when done (``with`` does).

    Attributes:
        status: the HTTP status code.
        headers: the response headers (case-insensitive).
        url: the final URL, as shown in errors (secrets masked).
    """

    def __init__(
        self,
        *,
        status: int,
        headers: Headers,
        url: str,
        chunks: Callable[[int], Iterator[bytes]],
        close: Callable[[], None],
        read_deadline: tuple[float, Callable[[], BaseException]] | None = None,
        transfer_deadline: tuple[float, Callable[[], BaseException]] | None = None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.url = url
        self._chunks = chunks
        self._close = close
        self._closed = False
        # (monotonic deadline, error factory): a bounded read() ends by then (a body that
        # trickles forever must not hold a call past response_timeout).
        self.read_deadline = read_deadline
        # and any read of it ends by the transfer deadline (wait_timeout: a download that
        # trickles in forever ends too).
        self.transfer_deadline = transfer_deadline

    def iter_bytes(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """Yield the body in chunks of at most ``chunk_size`` bytes.

        Raises:
            Timeout: the server stopped sending within the read timeout, or the body was still
                arriving after ``wait_timeout`` seconds.
            NetworkError: the connection broke, or the body ended before its length.
        """
        for chunk in self._chunks(chunk_size):
            if self.transfer_deadline is not None and time.monotonic() > self.transfer_deadline[0]:
                self.close()
                raise self.transfer_deadline[1]()
            if chunk:
                yield chunk

    def read(self, limit: int, chunk_size: int = 65536) -> tuple[bytes, bool]:
        """Read at most ``limit`` body bytes; returns them and whether the body went on (a body
        of exactly ``limit`` bytes counts as going on: the rest is not read to find out).

        Raises:
            Timeout: the body was still arriving when the call's ``response_timeout`` passed
                (a body trickling in byte by byte never trips the read timeout).
        """
        parts: list[bytes] = []
        total = 0
        for chunk in self.iter_bytes(min(chunk_size, max(limit, 1))):
            if self.read_deadline is not None and time.monotonic() > self.read_deadline[0]:
                self.close()
                raise self.read_deadline[1]()
            room = limit - total
            if len(chunk) >= room:
                parts.append(chunk[:room])
                return b"".join(parts), True
            parts.append(chunk)
            total += len(chunk)
        return b"".join(parts), False

    def close(self) -> None:
        """Release the connection (an unread body drops it rather than draining it)."""
        if not self._closed:
            self._closed = True
            self._close()


class ProgressiveStream(Stream):
    """A ``progressiveText`` answer being read.

    Attributes:
        next_offset: ``X-Text-Size``: the raw log offset the next request starts from.
        more: ``X-More-Data`` was sent: the log is still being written.
    """

    def __init__(self, *, next_offset: int, more: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.next_offset = next_offset
        self.more = more


class Progressive(NamedTuple):
    """A bounded ``progressiveText`` read.

    Attributes:
        data: the body bytes read (Jenkins turns each LF into CRLF on this endpoint).
        next_offset: ``X-Text-Size``: where the next read starts.
        more: the log is still being written (``X-More-Data``).
        truncated: the body went on past the byte limit of the read.
    """

    data: bytes
    next_offset: int
    more: bool
    truncated: bool = False
