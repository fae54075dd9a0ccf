"""Unit tests (responses) for client.console: URLs, verbs, progressive-text edge cases."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from hypothesis import given, settings
from hypothesis import strategies as st
from responses import matchers

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import NetworkError, NotFound, UnexpectedResponse, WaitTimeout
from jenkins_sdk.resources.console import ConsoleOperations, ConsoleStream, strip_console_notes

BASE = "http://jenkins.test/ctx/"
PROGRESSIVE = BASE + "job/team/job/app/7/logText/progressiveText"


class FakeClock:
    """A clock whose sleeps only move its own time forward."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def console() -> Iterator[ConsoleOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield ConsoleOperations(client.requester)


def progressive(
    mocked: responses.RequestsMock,
    start: int,
    body: bytes,
    size: int | str | None,
    *,
    more: bool,
) -> None:
    headers = {"Content-Type": "text/plain;charset=utf-8"}
    if size is not None:
        headers["X-Text-Size"] = str(size)
    if more:
        headers["X-More-Data"] = "true"
    mocked.get(
        PROGRESSIVE,
        body=body,
        headers=headers,
        match=[matchers.query_param_matcher({"start": str(start)})],
    )


def test_text_gets_console_text(mocked: responses.RequestsMock, console: ConsoleOperations) -> None:
    mocked.get(
        BASE + "job/team/job/app/lastBuild/consoleText",
        body="hello\nFinished: SUCCESS\n",
        content_type="text/plain;charset=UTF-8",
    )
    assert console.text("team/app", "last") == "hello\nFinished: SUCCESS\n"
    assert mocked.calls[0].request.method == "GET"


def test_stream_reads_until_more_data_is_absent(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"one\r\n", 4, more=True)
    progressive(mocked, 4, b"", 4, more=True)
    progressive(mocked, 4, b"two\r\n", 8, more=False)
    stream = console.stream("team/app", 7, clock=clock, poll_interval=1.0)
    assert "".join(stream) == "one\ntwo\n"
    assert stream.complete
    assert stream.offset == 8
    assert stream.polls == 3
    # after new text the wait is the base interval; after an empty poll it doubles
    assert clock.sleeps == [1.0, 2.0]


def test_offsets_come_from_x_text_size_not_body_length(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    # 3 lines: 12 raw bytes on the server, 15 bytes on the wire (CRLF normalisation)
    progressive(mocked, 0, b"ab\r\ncd\r\nef\r\n", 9, more=True)
    progressive(mocked, 9, b"gh\r\n", 12, more=False)
    stream = console.stream("team/app", 7, clock=clock)
    assert list(stream) == ["ab\ncd\nef\n", "gh\n"]
    assert stream.offset == 12


def test_multibyte_character_split_across_polls_is_not_garbled(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    snowman = "☃".encode()  # three bytes
    progressive(mocked, 0, b"x" + snowman[:1], 2, more=True)
    progressive(mocked, 2, snowman[1:2], 3, more=True)
    progressive(mocked, 3, snowman[2:] + "é\n".encode(), 7, more=False)
    text = "".join(console.stream("team/app", 7, clock=clock))
    assert text == "x☃é\n"
    assert "\ufffd" not in text


def test_crlf_split_across_polls_becomes_one_newline(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"a\r", 1, more=True)
    progressive(mocked, 1, b"\nb\r\n", 4, more=False)
    assert "".join(console.stream("team/app", 7, clock=clock)) == "a\nb\n"


def test_newlines_kept_when_normalisation_is_off(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"a\r\nb\r\n", 4, more=False)
    stream = console.stream("team/app", 7, clock=clock, normalize_newlines=False)
    assert "".join(stream) == "a\r\nb\r\n"


def test_start_beyond_end_resend_from_zero_is_not_duplicated(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    # Jenkins resets start=500 to 0 and resends the whole 10-byte log with X-Text-Size 10
    progressive(mocked, 500, b"0123456789", 10, more=True)
    progressive(mocked, 10, b"new\r\n", 14, more=False)
    stream = console.stream("team/app", 7, start=500, clock=clock)
    assert "".join(stream) == "new\n"
    assert stream.resets == 1
    assert stream.offset == 14


def test_start_beyond_end_of_finished_log_yields_nothing(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 99, b"whole log\r\n", 10, more=False)
    stream = console.stream("team/app", 7, start=99, clock=clock)
    assert list(stream) == []
    assert stream.complete
    assert stream.offset == 10


def test_resume_from_an_offset(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"first\r\n", 6, more=True)
    first = console.stream("team/app", 7, follow=False, clock=clock)
    assert list(first) == ["first\n"]
    assert not first.complete
    progressive(mocked, 6, b"second\r\n", 13, more=False)
    second = console.stream("team/app", 7, start=first.offset, clock=clock)
    assert list(second) == ["second\n"]
    assert clock.sleeps == []


def test_follow_false_polls_once(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"partial", 7, more=True)
    stream = console.stream("team/app", 7, follow=False, clock=clock)
    assert "".join(stream) == "partial"
    assert stream.polls == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("size", "what"),
    [(None, "no X-Text-Size"), ("abc", "'abc'"), ("-5", "'-5'"), ("", "''")],
    ids=["missing", "garbage", "negative", "empty"],
)
def test_bad_x_text_size_is_unexpected_response(
    mocked: responses.RequestsMock,
    console: ConsoleOperations,
    clock: FakeClock,
    size: str | None,
    what: str,
) -> None:
    progressive(mocked, 0, b"<html>login</html>", size, more=False)
    with pytest.raises(UnexpectedResponse, match="X-Text-Size") as info:
        list(console.stream("team/app", 7, clock=clock))
    assert what in str(info.value)


def test_deadline_raises_timeout(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    mocked.get(
        PROGRESSIVE, body=b"", headers={"X-Text-Size": "0", "X-More-Data": "true"}
    )  # served again and again
    stream = console.stream("team/app", 7, timeout=10, clock=clock, poll_interval=1)
    with pytest.raises(WaitTimeout, match="10 s deadline"):
        list(stream)
    assert sum(clock.sleeps) == pytest.approx(10)
    assert stream.polls == len(clock.sleeps) + 1
    assert max(clock.sleeps) <= 5.0  # capped by max_interval


def test_missing_build_is_not_found(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    mocked.get(PROGRESSIVE, status=404, body="<html>Not Found</html>", content_type="text/html")
    with pytest.raises(NotFound):
        list(console.stream("team/app", 7, clock=clock))


def test_lines_yields_complete_lines_only(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"alpha\r\nbe", 8, more=True)
    progressive(mocked, 8, b"ta\r\ngam", 14, more=True)
    progressive(mocked, 14, b"ma", 16, more=False)
    lines = list(console.lines("team/app", 7, clock=clock))
    assert lines == ["alpha", "beta", "gamma"]


def test_lines_holds_back_a_partial_line_while_not_complete(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    progressive(mocked, 0, b"done\r\nhalf", 9, more=True)
    stream = console.stream("team/app", 7, follow=False, clock=clock)
    assert list(stream.lines(keepends=True)) == ["done\n"]


def test_lines_strip_console_notes() -> None:
    note = "\x1b[8mha:////4NDTAQgAAAA=\x1b[0m"
    assert strip_console_notes(f"{note}[Pipeline] sh") == "[Pipeline] sh"
    assert strip_console_notes("plain") == "plain"


def test_download_console_text_atomically(
    mocked: responses.RequestsMock, console: ConsoleOperations, tmp_path: Path
) -> None:
    body = "line ☃\n".encode() * 1000
    mocked.get(BASE + "job/team/job/app/7/consoleText", body=body, content_type="text/plain")
    seen: list[int] = []
    result = console.download(
        "team/app", 7, tmp_path / "log.txt", progress=lambda n, _t: seen.append(n)
    )
    assert (tmp_path / "log.txt").read_bytes() == body
    assert result.size == len(body)
    assert seen[-1] == len(body)
    assert [p.name for p in tmp_path.iterdir()] == ["log.txt"]


def test_download_following_writes_decoded_text(
    mocked: responses.RequestsMock, console: ConsoleOperations, tmp_path: Path, clock: FakeClock
) -> None:
    progressive(mocked, 0, "ü\r\n".encode(), 3, more=True)
    progressive(mocked, 3, b"end\r\n", 7, more=False)
    result = console.download("team/app", 7, tmp_path / "log.txt", follow=True, clock=clock)
    assert (tmp_path / "log.txt").read_text(encoding="utf-8") == "ü\nend\n"
    assert result.size == len("ü\nend\n".encode())


def test_failed_download_leaves_no_file(
    mocked: responses.RequestsMock, console: ConsoleOperations, tmp_path: Path
) -> None:
    mocked.get(
        BASE + "job/team/job/app/7/consoleText",
        body=b"short",
        headers={"Content-Length": "100"},
        content_type="text/plain",
        auto_calculate_content_length=False,
    )
    with pytest.raises(NetworkError):
        console.download("team/app", 7, tmp_path / "log.txt")
    assert list(tmp_path.iterdir()) == []


# --- lines(): per-chunk work, same answers as line by line -----------------------------------


def _reference_lines(text: str, *, keepends: bool, strip_notes: bool) -> list[str]:
    """Line by line, the obvious way (what lines() must equal on a complete log)."""
    out = []
    for line in _split_keep(text):
        if not keepends:
            line = line[:-2] if line.endswith("\r\n") else line.removesuffix("\n")
        out.append(strip_console_notes(line) if strip_notes else line)
    return out


def _split_keep(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _stream_of(chunks: list[str], *, complete: bool = True) -> ConsoleStream:
    """A ConsoleStream whose chunks are given (no HTTP), to test lines() alone."""
    stream = ConsoleStream.__new__(ConsoleStream)
    stream._chunks = (c for c in chunks)  # type: ignore[assignment]
    stream.complete = complete
    return stream


NOTE = "\x1b[8mha:////4NDTAQgAAAA=\x1b[0m"


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["a", "bc", "\n", "\r\n", "\r", NOTE, "é", "[Pipeline] sh", ""]),
        max_size=40,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
    keepends=st.booleans(),
    strip_notes=st.booleans(),
)
def test_lines_equal_line_by_line_splitting_for_any_chunking(
    pieces: list[str], cuts: list[int], keepends: bool, strip_notes: bool
) -> None:
    text = "".join(pieces)
    bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    chunks = [text[a:b] for a, b in itertools.pairwise(bounds)]
    got = list(_stream_of(chunks).lines(keepends=keepends, strip_notes=strip_notes))
    assert got == _reference_lines(text, keepends=keepends, strip_notes=strip_notes)


def test_lines_strips_a_note_split_across_chunks() -> None:
    chunks = ["one\n" + NOTE[:5], NOTE[5:] + "[Pipeline] sh\ntwo\n"]
    assert list(_stream_of(chunks).lines()) == ["one", "[Pipeline] sh", "two"]


def test_lines_yields_long_lines_in_pieces() -> None:
    chunks = ["x" * 6, "y" * 6, "z\nrest"]
    assert list(_stream_of(chunks).lines(max_length=10)) == ["xxxxxxyyyyyy", "z", "rest"]
    held = _stream_of(["ab\ncdefghijklmn", "op\n"], complete=False)
    assert list(held.lines(max_length=5)) == ["ab", "cdefghijklmn", "op"]


# --- polling cadence --------------------------------------------------------------------------


def test_a_poll_that_brought_a_backlog_is_followed_at_once(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    lines = 8192  # 1 MiB of log since the last poll: the build writes faster than we poll
    size = 128 * lines
    progressive(mocked, 0, (b"x" * 127 + b"\r\n") * lines, size, more=True)
    progressive(mocked, size, b"tail\r\n", size + 5, more=True)
    progressive(mocked, size + 5, b"more\r\n", size + 10, more=True)
    progressive(mocked, size + 10, b"", size + 10, more=False)
    stream = console.stream("team/app", 7, clock=clock, poll_interval=1.0)
    assert sum(chunk.count("\n") for chunk in stream) == lines + 2
    assert stream.polls == 4
    # no sleep after the backlog; each small poll after it waits the base interval
    assert clock.sleeps == [1.0, 1.0]


def test_the_time_a_poll_took_counts_towards_the_wait(
    mocked: responses.RequestsMock, console: ConsoleOperations, clock: FakeClock
) -> None:
    def slow(body: bytes, size: int, more: bool, seconds: float) -> Any:
        def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
            clock.now += seconds  # the server (or our reading) took this long
            headers = {"X-Text-Size": str(size)}
            if more:
                headers["X-More-Data"] = "true"
            return 200, headers, body

        return answer

    mocked.add_callback("GET", PROGRESSIVE, callback=slow(b"a\r\n", 2, True, 0.25))
    mocked.add_callback("GET", PROGRESSIVE, callback=slow(b"b\r\n", 4, True, 3.0))
    mocked.add_callback("GET", PROGRESSIVE, callback=slow(b"c\r\n", 6, False, 0.0))
    stream = console.stream("team/app", 7, clock=clock, poll_interval=1.0)
    assert "".join(stream) == "a\nb\nc\n"
    # 1 s between poll starts: 0.75 s after a 0.25 s poll, none after a 3 s one
    assert clock.sleeps == [pytest.approx(0.75)]
