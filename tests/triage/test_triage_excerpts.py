"""Bounded log reads: console tails by progressive offsets, UTF-8 cuts, huge logs."""

from __future__ import annotations

import time
import urllib.parse

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.triage import DiagnoseOptions, LogReader, diagnose
from jenkins_sdk.triage.excerpts import decode_tail
from tests.triage.conftest import run_builds

GIB = 1 << 30
MIB = 1 << 20


def starts(emu: JenkinsEmulator) -> list[int]:
    out = []
    for entry in emu.request_log:
        if entry.path.endswith("/logText/progressiveText"):
            out.append(int(urllib.parse.parse_qs(entry.query)["start"][0]))
    return out


def test_decode_tail_drops_cut_characters_and_the_partial_first_line() -> None:
    text = "première ligne\ndeuxième 🚀 ligne\ntroisième\n"
    data = text.encode()
    for cut in range(1, len(data)):
        decoded = decode_tail(data[cut:], cut_start=True)
        assert "\ufffd" not in decoded
        assert text.endswith(decoded)
        assert decoded == "" or text[len(text) - len(decoded) - 1] == "\n"
    for end in range(1, len(data)):
        decoded = decode_tail(data[:end], cut_start=False, cut_end=True)
        assert "\ufffd" not in decoded and text.startswith(decoded)


def test_decode_tail_undoes_crlf_and_strips_console_notes() -> None:
    raw = b"x\r\n\x1b[8mha:////AAAA\x1b[0m[Pipeline] sh\r\nERROR: \xc3\xa9chec\r\n"
    assert decode_tail(raw, cut_start=False) == "x\n[Pipeline] sh\nERROR: échec\n"


def test_small_log_is_read_whole_in_one_request(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle("small", result="FAILURE", log="ERROR: tiny\n")
    run_builds(emu, "small")
    emu.request_log.clear()
    tail = LogReader(client.requester).console_tail("job/small/1/")
    assert tail.start == 0 and not tail.truncated and tail.complete
    assert tail.text == client.console.text("small", 1)
    assert starts(emu) == [0]


@pytest.mark.parametrize("shift", [0, 1, 2, 3])
def test_multibyte_text_at_the_excerpt_boundary(
    emu: JenkinsEmulator, client: JenkinsClient, shift: int
) -> None:
    lines = [f"{i:03d} {'é' * (i % 3)}日本語 🚀 ünïcødé ✓" for i in range(120)]
    log = "x" * shift + "\n" + "\n".join(lines) + "\nERROR: échec ✗\n"
    emu.freestyle("mb", result="FAILURE", log=log)
    run_builds(emu, "mb")
    full = client.console.text("mb", 1)
    budget = 700
    for offset in range(0, 8):  # move the cut across every byte of the characters
        reader = LogReader(client.requester)
        tail = reader.console_tail("job/mb/1/", max_bytes=budget + offset)
        assert tail.truncated and tail.start == len(full.encode()) - budget - offset - 1
        assert "\ufffd" not in tail.text
        assert full.endswith(tail.text)
        assert full[len(full) - len(tail.text) - 1] == "\n"  # starts on a whole line
        assert reader.stats.bytes_read <= 2 * (budget + offset + 1)
    report = diagnose(client, "mb", 1, options=DiagnoseOptions(max_excerpt_bytes=budget))
    assert report.console is not None
    assert report.console.headline == "ERROR: échec ✗"
    assert "\ufffd" not in report.console.text
    kept = [line for line in report.console.text.splitlines() if line != "[...]"]
    assert kept and all(line in full.splitlines() for line in kept)


def test_the_tail_never_asks_beyond_the_end(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("mid", result="FAILURE", log_lines=10_000)  # 1.2 MiB
    run_builds(emu, "mid")
    emu.request_log.clear()
    tail = LogReader(client.requester).console_tail("job/mid/1/", max_bytes=4096)
    size = tail.size
    assert starts(emu) == [0, size - 4097]
    assert all(start <= size for start in starts(emu))
    assert tail.text.endswith("Finished: FAILURE\n")


def test_tail_of_a_running_build(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("growing", duration=600, log_lines=100_000)
    emu.trigger("growing")
    emu.advance(300)
    tail = LogReader(client.requester).console_tail("job/growing/1/", max_bytes=2048)
    assert not tail.complete and tail.truncated
    assert 0 < tail.size < 100_000 * 128
    report = diagnose(client, "growing", 1, options=DiagnoseOptions(max_excerpt_bytes=2048))
    assert report.building and report.console is not None and report.console.truncated


def test_huge_log_costs_kilobytes(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("huge", result="FAILURE", log_lines=GIB // 128, duration=5)
    run_builds(emu, "huge")
    emu.counters.reset()
    started = time.perf_counter()
    report = diagnose(client, "huge", 1)
    elapsed = time.perf_counter() - started
    assert report.console is not None
    assert report.console.log_size is not None and report.console.log_size > GIB
    assert report.console.truncated
    assert report.console.text.endswith("Finished: FAILURE")
    # What the client received, and what the server wrote (headers included).
    assert report.bytes_read <= 2 * DiagnoseOptions().max_excerpt_bytes + 16 * 1024
    assert emu.counters.bytes_sent < MIB
    assert elapsed < 2.0
    assert "no error line found in the last part of the console" in report.summary
