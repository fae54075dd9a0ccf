"""Operations (console): read, follow and save a build's console log."""

from __future__ import annotations

import codecs
import math
from collections.abc import Generator, Iterator
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from jenkins_sdk.errors import TransportError, WaitTimeout
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path
from jenkins_sdk.resources._files import (
    DownloadedFile,
    ProgressCallback,
    declared_length,
    write_chunks,
)
from jenkins_sdk.resources._logtext import LogTail, read_tail, strip_console_notes

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock

__all__ = ["ConsoleOperations", "ConsoleStream", "LogTail", "strip_console_notes"]

_READ_CHUNK = 256 * 1024
# A poll that brought at least this much new log means the build writes faster than we poll:
# the next poll follows at once. Big enough that a chatty build costs Jenkins at most a few
# requests per second per MiB/s it logs, never a busy loop of tiny reads.
_CATCH_UP = 1024 * 1024
_FILE_CHUNK = 1024 * 1024
_MAX_LINE = 1024 * 1024
#: The most raw bytes :meth:`ConsoleOperations.tail` reads from the end of a log by default.
DEFAULT_TAIL_BYTES = 4 * 1024 * 1024


class ConsoleStream(Iterator[str]):
    """An iterator over the text of a console log, fetched with ``logText/progressiveText``.

    Each item is a chunk of decoded text (not a line; see :meth:`lines`). The stream keeps
    constant memory: bodies are read in chunks and bytes of a character split across reads
    are carried over by an incremental UTF-8 decoder.

    Attributes:
        offset: the byte offset in Jenkins' raw log up to which text has been yielded, taken
            from ``X-Text-Size`` after each complete poll. Pass it as ``start=`` to resume.
        complete: ``True`` once Jenkins reported the log finished (``X-More-Data`` absent).
        polls: the number of progressiveText requests made.
        resets: how often Jenkins resent the log from 0 because ``start`` lay beyond its end
            (that resent text is dropped, never yielded twice).
    """

    def __init__(
        self,
        requester: Requester,
        path: str,
        *,
        start: int = 0,
        follow: bool = True,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_interval: float = 5.0,
        normalize_newlines: bool = True,
        retries: int = 2,
        clock: Clock | None = None,
    ) -> None:
        if start < 0:
            raise ValueError(f"start must be >= 0, not {start}")
        self._requester = requester
        self._path = path
        self._follow = follow
        # A follow never lasts forever: without a timeout it ends at the client's wait_timeout.
        self._timeout = requester.wait_seconds(timeout)
        self._deadline = math.inf  # set when the first poll starts
        self._poll_interval = poll_interval
        self._max_interval = max(max_interval, poll_interval)
        self._normalize = normalize_newlines
        self._retries = retries
        self._clock = clock if clock is not None else requester.clock
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending_cr = False
        self.offset = start
        self.complete = False
        self.polls = 0
        self.resets = 0
        self._anchored = False  # an answer reached the offset: it never goes back from here
        self._chunks: Generator[str, None, None] = self._run()

    def __iter__(self) -> ConsoleStream:
        """Return the stream itself."""
        return self

    def __next__(self) -> str:
        """Return the next chunk of text, polling Jenkins as needed."""
        return next(self._chunks)

    def close(self) -> None:
        """Stop the stream; an open response is released."""
        self._chunks.close()

    def lines(
        self, *, keepends: bool = False, strip_notes: bool = True, max_length: int = _MAX_LINE
    ) -> Iterator[str]:
        """Yield complete lines only.

        A trailing line without a newline is yielded once the log is complete; while following,
        it is held back until its newline arrives. A line longer than ``max_length`` characters
        is yielded in pieces so memory stays bounded.

        Args:
            keepends: keep the ``\\n`` (or ``\\r\\n``) at the end of each line.
            strip_notes: remove raw console-note markers that Jenkins >= 2.509 may send.
            max_length: the longest line held in memory before it is yielded as a piece.
        """
        # Work is done once per chunk (notes stripped, CRLF undone, one split), never per line:
        # a 200 MiB log has 1.6 million lines. A note never spans a newline, so the complete
        # lines of a chunk can be cleaned as one block; the unfinished tail waits in ``pending``.
        pending: list[str] = []
        pending_len = 0
        for chunk in self:
            cut = chunk.rfind("\n")
            if cut < 0:
                if chunk:
                    pending.append(chunk)
                    pending_len += len(chunk)
                    if pending_len >= max_length:
                        yield _clean("".join(pending), strip_notes)
                        pending.clear()
                        pending_len = 0
                continue
            block = chunk[:cut]
            if pending:
                pending.append(block)
                block = "".join(pending)
                pending.clear()
                pending_len = 0
            yield from _split_lines(block, keepends, strip_notes)
            tail = chunk[cut + 1 :]
            if tail:
                pending.append(tail)
                pending_len = len(tail)
                if pending_len >= max_length:
                    yield _clean(tail, strip_notes)
                    pending.clear()
                    pending_len = 0
        if pending and self.complete:
            yield _clean("".join(pending), strip_notes)

    # -- internals ------------------------------------------------------------------------------

    def _run(self) -> Generator[str, None, None]:
        clock = self._clock
        deadline = self._deadline = clock.monotonic() + self._timeout
        wait = self._poll_interval
        while True:
            started = clock.monotonic()
            requested = self.offset
            more, progressed = yield from self._poll_once()
            if not more:
                self.complete = True
                tail = self._decode(b"", final=True)
                if tail:
                    yield tail
                return
            if not self._follow:
                return
            if deadline - clock.monotonic() <= 0:
                raise self._overdue()
            if progressed:
                wait = self._poll_interval
                if self.offset - requested >= _CATCH_UP:
                    # The log grew by a whole read or more since the last poll: we are behind
                    # a fast writer, so fetch the rest at once instead of sleeping on a backlog.
                    continue
            # Polls start every `wait` seconds: the time spent reading this one counts.
            pause = min(wait - (clock.monotonic() - started), deadline - clock.monotonic())
            if pause > 0:
                clock.sleep(pause)
            wait = min(wait * 2, self._max_interval)

    def _overdue(self) -> WaitTimeout:
        return WaitTimeout(
            f"the console log was still growing at offset {self.offset} when the "
            f"{self._timeout:g} s deadline passed",
            method="GET",
            url=self._path,
        )

    def _poll_once(self) -> Generator[str, None, tuple[bool, bool]]:
        """Fetch from ``self.offset`` once; yields text and returns ``(more, progressed)``.

        A start beyond the end makes Jenkins resend the whole log from 0 with a smaller
        ``X-Text-Size``: that body is left unread. Before the first answer that reached the
        start, the offset moves to the log's end (a ``start`` beyond the end counts as the end);
        after it, the offset never goes back (a log that shrank is not yielded twice).
        """
        requested = self.offset
        consumed = 0  # body bytes already decoded from this start (kept across a re-read)
        attempt = 0
        while True:
            path = f"{self._path}logText/progressiveText"
            with self._requester.open_progressive(path, requested) as stream:
                self.polls += 1
                size, more = stream.next_offset, stream.more
                if size < requested:
                    self.resets += 1
                    if not self._anchored:
                        self.offset = size
                    return more, False
                self._anchored = True
                skip = consumed
                try:
                    for chunk in stream.iter_bytes(_READ_CHUNK):
                        if skip:
                            if len(chunk) <= skip:
                                skip -= len(chunk)
                                continue
                            chunk = chunk[skip:]
                            skip = 0
                        consumed += len(chunk)
                        if self._clock.monotonic() > self._deadline:
                            raise self._overdue()  # one answer that never ends is no escape
                        text = self._decode(chunk)
                        if text:
                            yield text
                except TransportError:
                    # The body broke off. The same start yields the same bytes again (the log
                    # only grows), so re-read and skip what was already decoded.
                    attempt += 1
                    if self._clock.monotonic() > self._deadline:
                        raise self._overdue() from None
                    if attempt > self._retries:
                        raise
                    continue
            self.offset = size
            return more, size > requested

    def _decode(self, data: bytes, *, final: bool = False) -> str:
        text = self._decoder.decode(data, final)
        if not self._normalize:
            return text
        # progressiveText turns every bare LF into CRLF; undo it so the text matches
        # consoleText (a lone CR, as progress bars write, is kept). Done once per chunk on the
        # decoded str: split + join beats both bytes.replace and str.replace for short lines.
        # A CR ending this chunk waits for the next one, which may start with its LF.
        if self._pending_cr:
            text = "\r" + text
            self._pending_cr = False
        if not final and text.endswith("\r"):
            text = text[:-1]
            self._pending_cr = True
        if "\r" in text:
            text = "\n".join(text.split("\r\n"))
        return text


def _clean(text: str, strip_notes: bool) -> str:
    """``text`` without console notes (when asked)."""
    return strip_console_notes(text) if strip_notes else text


def _split_lines(block: str, keepends: bool, strip_notes: bool) -> list[str]:
    """The lines of ``block`` (complete lines without the final newline), CRLF aware, notes
    stripped when asked. Line ends are settled before notes are removed: a CR that a note
    separates from its LF is a lone CR, not a CRLF."""
    if keepends:
        return [line + "\n" for line in _clean(block, strip_notes).split("\n")]
    if "\r" in block:
        # Only when newlines were not normalised: drop the CR of every CRLF.
        block = "\n".join(block.split("\r\n"))
        if block.endswith("\r"):
            block = block[:-1]
    return _clean(block, strip_notes).split("\n")


class ConsoleOperations:
    """Console logs of builds, reached as ``client.console``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def text(self, job: JobSpec, build: BuildSpec) -> str:
        """Return the whole console log (``consoleText``) as one string."""
        return self._requester.get_text(build_path(job, build) + "consoleText")

    def tail(
        self,
        job: JobSpec,
        build: BuildSpec = "lastBuild",
        lines: int | None = 100,
        *,
        max_bytes: int = DEFAULT_TAIL_BYTES,
    ) -> LogTail:
        """Return the last ``lines`` lines of a console log, read from the end.

        The log is read by ``progressiveText`` offsets from its end, never whole: first a
        budget of about 256 bytes per line, growing (up to ``max_bytes`` raw bytes) only while
        the lines asked for are not all in it. ``lines=None`` reads the last ``max_bytes`` raw
        bytes once. ``LogTail.lines`` holds the lines; ``truncated`` says earlier text exists;
        ``complete`` that the build finished writing.
        """
        path = build_path(job, build) + "logText/progressiveText"
        if lines is None:
            return read_tail(self._requester, path, max_bytes=max_bytes)
        if lines < 0:
            raise ValueError(f"lines must be >= 0, not {lines}")
        tail = read_tail(self._requester, path, max_bytes=max_bytes, lines=max(lines, 1))
        kept = tail.lines[-lines:] if lines else []
        text = "\n".join(kept) + ("\n" if kept and tail.text.endswith("\n") else "")
        dropped = len(tail.lines) > len(kept)
        return LogTail(
            text=text,
            start=tail.start,
            size=tail.size,
            complete=tail.complete,
            truncated=tail.truncated or dropped,
        )

    def stream(
        self,
        job: JobSpec,
        build: BuildSpec,
        *,
        start: int = 0,
        follow: bool = True,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_interval: float = 5.0,
        normalize_newlines: bool = True,
        clock: Clock | None = None,
    ) -> ConsoleStream:
        """Stream the console log as text chunks from byte offset ``start``.

        Offsets come only from ``X-Text-Size``; the log is complete when ``X-More-Data`` is
        absent. A ``start`` beyond the end of the log counts as the end (Jenkins would resend
        the whole log; that copy is dropped).

        Args:
            job: the job.
            build: the build number or permalink.
            start: the raw byte offset to start from (``ConsoleStream.offset`` of an earlier
                stream resumes it).
            follow: keep polling until the log is complete; ``False`` returns what exists now.
            timeout: seconds after which a still-growing log raises :class:`WaitTimeout`
                (default: the client's ``wait_timeout``, finite).
            poll_interval: the first wait between polls when no new text arrived (doubles up
                to ``max_interval``, back to ``poll_interval`` after new text).
            max_interval: the longest wait between polls.
            normalize_newlines: turn the CRLF that progressiveText sends back into LF.
            clock: the clock to sleep on (the client's by default).
        """
        return ConsoleStream(
            self._requester,
            build_path(job, build),
            start=start,
            follow=follow,
            timeout=timeout,
            poll_interval=poll_interval,
            max_interval=max_interval,
            normalize_newlines=normalize_newlines,
            clock=clock,
        )

    def lines(
        self,
        job: JobSpec,
        build: BuildSpec,
        *,
        start: int = 0,
        follow: bool = True,
        timeout: float | None = None,
        keepends: bool = False,
        strip_notes: bool = True,
        clock: Clock | None = None,
    ) -> Iterator[str]:
        """Yield complete lines of the console log (see :meth:`stream` for the arguments)."""
        stream = self.stream(job, build, start=start, follow=follow, timeout=timeout, clock=clock)
        return stream.lines(keepends=keepends, strip_notes=strip_notes)

    def download(
        self,
        job: JobSpec,
        build: BuildSpec,
        path: str | PathLike[str],
        *,
        follow: bool = False,
        timeout: float | None = None,
        progress: ProgressCallback | None = None,
        clock: Clock | None = None,
    ) -> DownloadedFile:
        """Save the console log to ``path`` atomically (a temporary file renamed into place).

        Without ``follow`` the raw bytes of ``consoleText`` are saved as they are now. With
        ``follow`` the log is streamed until the build finishes and saved as UTF-8 text.
        An interrupted download leaves nothing at ``path``.
        """
        target = Path(path)
        if follow:
            texts = self.stream(job, build, follow=True, timeout=timeout, clock=clock)
            size = write_chunks(target, (text.encode() for text in texts), progress=progress)
            return DownloadedFile(path=target, size=size)
        with self._requester.stream(build_path(job, build) + "consoleText") as stream:
            size = write_chunks(
                target,
                stream.iter_bytes(_FILE_CHUNK),
                expected=declared_length(stream.headers),
                progress=progress,
                url=stream.url,
            )
        return DownloadedFile(path=target, size=size)
