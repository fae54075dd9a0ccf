"""Benchmark: the tail of a 1 GiB console log, read from its end (``client.console.tail``).

Run: ``python bench/bench_tail.py [--size-mb 1024] [--lines 100] [--repeat 5] [--whole]``.

The Jenkins emulator (in this process, on loopback) holds one finished build whose console log is
``--size-mb`` MiB, generated on the fly (never held in memory). The SDK reads the last ``--lines``
lines with ``client.console.tail``; the emulator counts the response bytes it wrote (headers
included) and the requests it served. ``--whole`` also times the naive way (``consoleText``, the
whole log, keeping the last lines) for comparison; that moves the whole log across loopback.

Target (issue 16): the tail of a 1 GiB log reads less than 1 MiB. The script prints PASS/FAIL and
exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jenkins_sdk import JenkinsClient  # noqa: E402
from jenkins_sdk.testing import JenkinsEmulator  # noqa: E402

MIB = 1024 * 1024
JOB = "bench/tail"
#: The generated log's lines average ~128 bytes (``jenkins_sdk.testing.logs``).
BYTES_PER_LINE = 128


def _arrange(emu: JenkinsEmulator, size_mb: int) -> int:
    """One finished build with a ``size_mb`` MiB log; returns the log's size in bytes."""
    emu.freestyle(JOB, log_lines=size_mb * MIB // BYTES_PER_LINE)
    emu.history(JOB, ["SUCCESS"])
    log, visible, _done = emu.job(JOB).builds[1].visible_log(emu.clock.now_ms())
    del log
    return visible


def _tail_once(emu: JenkinsEmulator, client: JenkinsClient, lines: int) -> tuple[float, int, int]:
    emu.counters.reset()
    t0 = time.perf_counter()
    tail = client.console.tail(JOB, 1, lines=lines)
    wall = time.perf_counter() - t0
    if len(tail.lines) != lines or tail.lines[-1] != "Finished: SUCCESS":
        raise SystemExit(f"wrong tail: {len(tail.lines)} lines, last {tail.lines[-1:]!r}")
    return wall, emu.counters.bytes_sent, emu.counters.total_requests


def _whole_once(emu: JenkinsEmulator, client: JenkinsClient, lines: int) -> tuple[float, int]:
    emu.counters.reset()
    t0 = time.perf_counter()
    last: deque[str] = deque(maxlen=lines)
    for chunk in client.console.stream(JOB, 1):
        last.extend(chunk.splitlines())
    wall = time.perf_counter() - t0
    return wall, emu.counters.bytes_sent


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--whole", action="store_true", help="also time reading the whole log")
    args = parser.parse_args(argv)
    with JenkinsEmulator() as emu:
        size = _arrange(emu, args.size_mb)
        user, token = emu.credentials
        with JenkinsClient(url=emu.url, username=user, api_token=token) as client:
            runs = [_tail_once(emu, client, args.lines) for _ in range(args.repeat)]
            whole = _whole_once(emu, client, args.lines) if args.whole else None
    walls = [w for w, _, _ in runs]
    read = max(b for _, b, _ in runs)
    requests = max(r for _, _, r in runs)
    print(f"log: {size / MIB:,.1f} MiB; tail of {args.lines} lines, {args.repeat} runs")
    print(
        f"  console.tail: median {statistics.median(walls) * 1000:.1f} ms, "
        f"{read:,} bytes received, {requests} request(s)"
    )
    if whole is not None:
        print(f"  whole log:    {whole[0]:.1f} s, {whole[1] / MIB:,.1f} MiB received")
    ok = read < MIB
    print(f"target: tail of a {args.size_mb} MiB log reads < 1 MiB: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
