"""Console logs made of parts, generated deterministically so huge logs never sit in memory.

A log is a sequence of parts: literal text (:class:`TextPart`) and generated lines
(:class:`GeneratedPart`). Generated lines all have the same byte length, so any byte range of a
1 GiB log is computed directly from its offset (the width is reached with visible filler words,
never trailing spaces); the text mixes ASCII with multi-byte UTF-8 so that clients have to decode
across chunk boundaries.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Sequence
from functools import lru_cache

#: Bytes per generated line, newline included.
LINE_LEN = 128
#: Generated lines repeat with this period; the first line of every period carries its number.
PERIOD = 1024
#: The size of chunks produced when reading a log.
CHUNK = 256 * 1024

_WORDS = (
    "compiling",
    "linking",
    "resolving",
    "downloading",
    "testing",
    "packaging",
    "checking",
    "uploading",
)
_SAMPLES = (
    "✓ ok",
    "ünïcødé",
    "日本語テキスト",
    "naïve café",
    "Ωmega→",
    "€ 12,50",
    "emoji 🚀",
    "plain",
)


_FILLER = (
    "src/main",
    "target/classes",
    "lib/core",
    "api/v2",
    "build/tmp",
    "internal/cache",
    "pkg/util",
    "web/static",
    "test/fixtures",
    "docs/guide",
    "tools/gen",
    "vendor/deps",
)


def _pad(text: str, salt: int = 0, fill: str = "") -> bytes:
    """``text`` made exactly ``LINE_LEN - 1`` bytes (plus a newline) with visible filler.

    Every line has the same length (so any offset of a huge log maps straight to a line), but
    none ends in whitespace: the room left is filled with ``fill`` characters when given, else
    with a deterministic list of ``salt``-chosen path-like words, cut to fit."""
    raw = text.encode("utf-8")
    room = LINE_LEN - 1
    if len(raw) > room:
        raw = raw[:room].decode("utf-8", "ignore").encode("utf-8")
    left = room - len(raw)
    if left <= 0:
        return raw + b"\n"
    if fill:
        tail = (" " + fill * left)[:left]
    else:
        words: list[str] = []
        size = 0
        i = 0
        while size < left:
            word = _FILLER[(salt + i * (i + 5)) % len(_FILLER)]
            words.append(word)
            size += len(word) + 1
            i += 1
        tail = (" " + " ".join(words))[:left]
    if tail.endswith(" "):
        tail = tail[:-1] + "."
    return raw + tail.encode("ascii") + b"\n"


@lru_cache(maxsize=16)
def _period_tail(seed: int) -> bytes:
    """Lines 1..PERIOD-1 of every period for ``seed`` (line 0 is numbered, see ``_period_head``)."""
    digest = hashlib.sha256(str(seed).encode()).digest()
    lines = []
    for k in range(1, PERIOD):
        w = _WORDS[(digest[k % 32] + k) % len(_WORDS)]
        s = _SAMPLES[(digest[(k * 7) % 32] + k * 3) % len(_SAMPLES)]
        line = f"[step {k:04d}] {w} module-{(digest[k % 31] * k) % 997:03d} {s}:"
        lines.append(_pad(line, salt=digest[k % 29] + k))
    return b"".join(lines)


def _period_head(seed: int, period_index: int) -> bytes:
    return _pad(f"=== log block {period_index:012d} (seed {seed})", fill="=")


class TextPart:
    """Literal log text."""

    __slots__ = ("data",)

    def __init__(self, data: bytes | str) -> None:
        self.data = data.encode("utf-8") if isinstance(data, str) else data

    @property
    def size(self) -> int:
        """Length in bytes."""
        return len(self.data)

    def read(self, start: int, end: int) -> Iterator[bytes]:
        """Yield the bytes in ``[start, end)``."""
        for pos in range(start, end, CHUNK):
            yield self.data[pos : min(end, pos + CHUNK)]

    def line_floor(self, n: int) -> int:
        """The largest line boundary <= ``n`` (a count of whole lines' bytes)."""
        if n >= len(self.data):
            return len(self.data)
        return self.data.rfind(b"\n", 0, n) + 1


class GeneratedPart:
    """``lines`` generated lines of :data:`LINE_LEN` bytes each, determined by ``seed``."""

    __slots__ = ("lines", "seed")

    def __init__(self, seed: int, lines: int) -> None:
        self.seed = seed
        self.lines = lines

    @property
    def size(self) -> int:
        """Length in bytes."""
        return self.lines * LINE_LEN

    def read(self, start: int, end: int) -> Iterator[bytes]:
        """Yield the bytes in ``[start, end)`` in chunks of up to one period (128 KiB)."""
        end = min(end, self.size)
        block = PERIOD * LINE_LEN
        tail = _period_tail(self.seed)
        pos = start
        while pos < end:
            index, offset = divmod(pos, block)
            data = _period_head(self.seed, index) + tail
            stop = min(block, offset + (end - pos))
            yield data[offset:stop]
            pos += stop - offset

    def line_floor(self, n: int) -> int:
        """The largest line boundary <= ``n``."""
        return min(self.size, (n // LINE_LEN) * LINE_LEN)


Part = TextPart | GeneratedPart


class Log:
    """An immutable concatenation of parts with random access by byte offset."""

    __slots__ = ("_offsets", "parts", "size")

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = tuple(p for p in parts if p.size)
        offsets = [0]
        for p in self.parts:
            offsets.append(offsets[-1] + p.size)
        self._offsets = offsets
        self.size = offsets[-1]

    def read(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Yield the bytes in ``[start, end)`` (``end`` defaults to the whole log)."""
        stop = self.size if end is None else min(end, self.size)
        if start >= stop:
            return
        i = bisect.bisect_right(self._offsets, start) - 1
        pos = start
        while pos < stop and i < len(self.parts):
            base = self._offsets[i]
            part = self.parts[i]
            yield from part.read(pos - base, min(stop, base + part.size) - base)
            pos = base + part.size
            i += 1

    def read_all(self, start: int = 0, end: int | None = None) -> bytes:
        """The bytes in ``[start, end)`` as one object (only for small ranges)."""
        return b"".join(self.read(start, end))

    def line_floor(self, n: int) -> int:
        """The largest line boundary <= ``n``."""
        if n >= self.size:
            return self.size
        if n <= 0:
            return 0
        i = bisect.bisect_right(self._offsets, n) - 1
        base = self._offsets[i]
        inner = self.parts[i].line_floor(n - base)
        if inner == 0 and i > 0:
            return base
        return base + inner

    def at_fraction(self, fraction: float) -> int:
        """The line-aligned byte count covering ``fraction`` (0..1) of this log."""
        if fraction >= 1:
            return self.size
        return self.line_floor(int(self.size * max(0.0, fraction)))


def text_lines(lines: Sequence[str]) -> TextPart:
    """A :class:`TextPart` from lines (a newline is added to each)."""
    return TextPart("".join(line + "\n" for line in lines))
