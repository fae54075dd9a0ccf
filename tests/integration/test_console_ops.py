"""client.console over loopback against the emulator: following, resuming, huge logs, faults."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from jenkins_sdk import JenkinsClient
from jenkins_sdk.errors import NetworkError, NotFound
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock

LINE = 128  # bytes per generated emulator log line


def running_build(emu: JenkinsEmulator, *, lines: int = 400, duration: float = 20.0) -> None:
    emu.freestyle("team/app", duration=duration, log_lines=lines)
    emu.trigger("team/app")
    emu.advance(6)  # past the quiet period: build #1 runs


def finished_build(emu: JenkinsEmulator, *, lines: int) -> None:
    emu.freestyle("team/app", log_lines=lines)
    emu.history("team/app", ["SUCCESS"])


def server_log_digest(emu: JenkinsEmulator) -> tuple[int, str]:
    """The size and sha256 of build #1's raw log, read inside the emulator."""
    build = emu.job("team/app").builds[1]
    log, visible, _done = build.visible_log(emu.clock.now_ms())
    digest = hashlib.sha256()
    for chunk in log.read(0, visible):
        digest.update(chunk)
    return visible, digest.hexdigest()


def test_follow_a_running_build_until_it_finishes(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    running_build(jenkins_emulator)
    clock = LinkedClock(jenkins_emulator)
    stream = jenkins_client.console.stream("team/app", 1, clock=clock, poll_interval=1.0)
    text = "".join(stream)
    assert stream.complete
    assert stream.polls > 5  # it really followed the growing log
    assert clock.sleeps and max(clock.sleeps) <= 5.0
    assert text == jenkins_client.console.text("team/app", 1)
    assert text.endswith("Finished: SUCCESS\n")
    assert stream.offset == len(text.encode())


def test_lines_of_a_running_build_are_complete(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    running_build(jenkins_emulator, lines=300)
    clock = LinkedClock(jenkins_emulator)
    lines = list(jenkins_client.console.lines("team/app", 1, clock=clock))
    assert lines == jenkins_client.console.text("team/app", 1).splitlines()
    generated = [line for line in lines if line.startswith(("[step", "=== log block"))]
    assert len(generated) == 300
    assert all(len(line.encode()) == LINE - 1 for line in generated)


def test_resume_from_the_offset_of_an_earlier_stream(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    running_build(jenkins_emulator)
    jenkins_emulator.advance(5)
    first = jenkins_client.console.stream("team/app", 1, follow=False)
    head = "".join(first)
    assert not first.complete
    assert first.offset == len(head.encode()) > 0
    clock = LinkedClock(jenkins_emulator)
    rest = "".join(jenkins_client.console.stream("team/app", 1, start=first.offset, clock=clock))
    assert head + rest == jenkins_client.console.text("team/app", 1)


def test_start_beyond_the_end_does_not_repeat_the_log(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    finished_build(jenkins_emulator, lines=50)
    stream = jenkins_client.console.stream("team/app", 1, start=10**9)
    assert list(stream) == []
    assert stream.resets == 1
    assert stream.complete
    assert stream.offset == len(jenkins_client.console.text("team/app", 1).encode())


def test_multibyte_text_survives_chunked_reads(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    # 5 MB of mixed ASCII and multi-byte UTF-8: characters straddle the 256 KiB read chunks
    lines = 5 * 1024 * 1024 // LINE
    finished_build(jenkins_emulator, lines=lines)
    size, digest = server_log_digest(jenkins_emulator)
    stream = jenkins_client.console.stream("team/app", 1)
    hasher = hashlib.sha256()
    replaced = 0
    for chunk in stream:
        replaced += chunk.count("\ufffd")
        hasher.update(chunk.encode())
    assert replaced == 0
    assert stream.offset == size
    assert hasher.hexdigest() == digest


def test_stream_a_100_mb_log(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    # about 1 s over loopback, so it stays in the quick suite
    lines = 100 * 1024 * 1024 // LINE
    finished_build(jenkins_emulator, lines=lines)
    size, digest = server_log_digest(jenkins_emulator)
    stream = jenkins_client.console.stream("team/app", 1)
    hasher = hashlib.sha256()
    for chunk in stream:
        hasher.update(chunk.encode())
    assert size >= 100 * 1024 * 1024
    assert stream.offset == size
    assert hasher.hexdigest() == digest


def test_a_broken_progressive_response_is_reread_without_duplicates(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    finished_build(jenkins_emulator, lines=3 * 1024 * 1024 // LINE)
    size, digest = server_log_digest(jenkins_emulator)
    jenkins_emulator.truncate(path="progressiveText", keep_fraction=0.4)
    stream = jenkins_client.console.stream("team/app", 1)
    hasher = hashlib.sha256()
    for chunk in stream:
        hasher.update(chunk.encode())
    assert stream.polls == 2  # the broken response and the re-read
    assert stream.offset == size
    assert hasher.hexdigest() == digest


def test_download_saves_the_raw_log(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    finished_build(jenkins_emulator, lines=2 * 1024 * 1024 // LINE)
    size, digest = server_log_digest(jenkins_emulator)
    result = jenkins_client.console.download("team/app", 1, tmp_path / "console.log")
    assert result.size == size
    assert hashlib.sha256((tmp_path / "console.log").read_bytes()).hexdigest() == digest


def test_download_following_a_running_build(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    running_build(jenkins_emulator, lines=200)
    clock = LinkedClock(jenkins_emulator)
    target = tmp_path / "console.log"
    jenkins_client.console.download("team/app", 1, target, follow=True, clock=clock)
    assert target.read_text(encoding="utf-8") == jenkins_client.console.text("team/app", 1)


def test_interrupted_download_leaves_no_file(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    finished_build(jenkins_emulator, lines=2 * 1024 * 1024 // LINE)
    jenkins_emulator.truncate(path="consoleText", keep_fraction=0.5)
    with pytest.raises(NetworkError):
        jenkins_client.console.download("team/app", 1, tmp_path / "console.log")
    assert list(tmp_path.iterdir()) == []


def test_console_of_a_missing_build_is_not_found(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    finished_build(jenkins_emulator, lines=5)
    with pytest.raises(NotFound):
        list(jenkins_client.console.stream("team/app", 99))
    with pytest.raises(NotFound):
        jenkins_client.console.text("team/app", 99)
