"""Benchmark: streaming a large console log and downloading a large artifact, SDK vs bare requests.

Run: ``python bench/bench_stream.py [--size-mb 200] [--repeat 2] [--cases ...]``.

The parent process starts the Jenkins emulator on loopback with one finished build whose console
log and artifact are each ``--size-mb`` MiB (generated on the fly, never held in memory). Every
measurement then runs in a fresh child process, so each reports its own peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) against the resident size it had just before the
transfer started. Cases:

``console-sdk``    ``client.console.stream(job, 1)`` iterated to the end (decoded, CRLF undone)
``console-bare``   ``requests.get(.../logText/progressiveText?start=0, stream=True)`` read in
                   256 KiB chunks, bytes only (no decoding: a floor, not a like-for-like loop)
``console-text``   the same bare loop doing the SDK's work: incremental UTF-8 decode and
                   CRLF -> LF (the like-for-like baseline for ``console-sdk``)
``artifact-sdk``   ``client.artifacts.download(job, 1, "dist/big.bin", tmpdir)``
``artifact-bare``  ``requests.get(.../artifact/dist/big.bin, stream=True)`` written to a file in
                   1 MiB chunks

It prints MB/s and RSS growth per case, and the SDK/bare throughput ratios. The targets (issue #5)
are an RSS growth of at most 64 MiB and a throughput of at least 0.8x the bare loop.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
JOB = "bench/stream"
ARTIFACT = "dist/big.bin"
CASES = ("console-bare", "console-text", "console-sdk", "artifact-bare", "artifact-sdk")


def _rss_now_kib() -> int:
    """The current resident set size in KiB (Linux ``/proc``; falls back to the peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return _rss_peak_kib()


def _rss_peak_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _worker(case: str, url: str, user: str, token: str) -> dict[str, Any]:
    """Run one case in this (fresh) process and return its figures."""
    import requests

    from jenkins_sdk import JenkinsClient

    job_url = url.rstrip("/") + "/job/bench/job/stream/1/"
    with (
        tempfile.TemporaryDirectory() as tmp,
        JenkinsClient(url=url, username=user, api_token=token) as client,
    ):
        session = requests.Session()
        session.auth = (user, token)
        # warm both stacks (imports, connection pools) before taking the baseline
        session.get(job_url + "api/json", timeout=30).raise_for_status()
        client.get_json("job/bench/job/stream/1/api/json")
        base = _rss_now_kib()
        started = time.perf_counter()
        if case == "console-sdk":
            stream = client.console.stream(JOB, 1)
            for _chunk in stream:
                pass
            size = stream.offset
        elif case == "console-bare":
            with session.get(
                job_url + "logText/progressiveText", params={"start": 0}, stream=True, timeout=60
            ) as response:
                response.raise_for_status()
                for _data in response.iter_content(256 * 1024):
                    pass
                size = int(response.headers["X-Text-Size"])
        elif case == "console-text":
            decoder = codecs.getincrementaldecoder("utf-8")()
            with session.get(
                job_url + "logText/progressiveText", params={"start": 0}, stream=True, timeout=60
            ) as response:
                response.raise_for_status()
                for data in response.iter_content(256 * 1024):
                    decoder.decode(data).replace("\r\n", "\n")
                size = int(response.headers["X-Text-Size"])
        elif case == "artifact-sdk":
            size = client.artifacts.download(JOB, 1, ARTIFACT, tmp).size
        elif case == "artifact-bare":
            size = 0
            with session.get(job_url + "artifact/" + ARTIFACT, stream=True, timeout=60) as response:
                response.raise_for_status()
                with open(Path(tmp) / "big.bin", "wb") as sink:
                    for data in response.iter_content(MIB):
                        sink.write(data)
                        size += len(data)
        else:
            raise SystemExit(f"unknown case {case!r}")
        seconds = time.perf_counter() - started
        peak = _rss_peak_kib()
    return {"case": case, "bytes": size, "seconds": seconds, "rss_growth_kib": peak - base}


def _run_case(case: str, url: str, user: str, token: str) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            case,
            "--url",
            url,
            "--user",
            user,
            "--token",
            token,
        ],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    if out.returncode != 0:
        raise SystemExit(f"case {case} failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Start the emulator, run every case in its own process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200, help="log and artifact size in MiB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.url, args.user, args.token)))
        return 0

    from jenkins_sdk.testing import ArtifactSpec, JenkinsEmulator

    size = args.size_mb * MIB
    emu = JenkinsEmulator().start()
    try:
        emu.freestyle(JOB, log_lines=size // 128, artifacts=[ArtifactSpec(ARTIFACT, size=size)])
        emu.history(JOB, ["SUCCESS"])
        user, token = emu.credentials
        best: dict[str, dict[str, Any]] = {}
        for round_no in range(args.repeat):
            # alternate the order so no case always pays for the previous one's disk writes
            order = args.cases if round_no % 2 == 0 else list(reversed(args.cases))
            for case in order:
                try:
                    result = _run_case(case, emu.url, user, token)
                except SystemExit:
                    print("\n".join(emu.errors), file=sys.stderr)
                    raise
                kept = best.get(case)
                if kept is None or result["seconds"] < kept["seconds"]:
                    result["rss_growth_kib"] = max(
                        result["rss_growth_kib"], kept["rss_growth_kib"] if kept else 0
                    )
                    best[case] = result
                else:
                    kept["rss_growth_kib"] = max(kept["rss_growth_kib"], result["rss_growth_kib"])
    finally:
        emu.stop()

    print(f"streaming {args.size_mb} MiB over loopback (best of {args.repeat}; RSS = worst)")
    print(f"{'case':<15}{'MiB':>8}{'seconds':>10}{'MiB/s':>10}{'RSS growth MiB':>17}")
    for case in args.cases:
        r = best[case]
        mib = r["bytes"] / MIB
        print(
            f"{case:<15}{mib:>8.0f}{r['seconds']:>10.2f}{mib / r['seconds']:>10.1f}"
            f"{r['rss_growth_kib'] / 1024:>17.1f}"
        )
    pairs = (
        ("console", "console-text"),
        ("console", "console-bare"),
        ("artifact", "artifact-bare"),
    )
    for area, baseline in pairs:
        sdk, bare = best.get(f"{area}-sdk"), best.get(baseline)
        if sdk and bare:
            ratio = (sdk["bytes"] / sdk["seconds"]) / (bare["bytes"] / bare["seconds"])
            growth = sdk["rss_growth_kib"] / 1024
            verdict = "ok" if ratio >= 0.8 and growth <= 64 else "BELOW TARGET"
            print(
                f"{area}-sdk vs {baseline}: throughput {ratio:.2f}x (target >= 0.8x), "
                f"SDK RSS growth {growth:.1f} MiB (target <= 64) — {verdict}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
