"""Benchmark: ``diagnose`` on failed builds whose logs are 1 GiB, over loopback.

Run: ``python bench/bench_diagnose.py [--repeat N] [--gib G]``. The bundled emulator serves:

* ``freestyle``: a freestyle build that failed after writing G GiB of console (the console tail
  is read by progressive offsets);
* ``pipeline``: a pipeline whose failing stage wrote G GiB before its ``ERROR:`` line (the
  failing step's ``wfapi/log`` tail is read);
* ``pipeline+console``: the same with ``console="always"`` (step log and console tail).

For each it prints the requests sent, the response body bytes the client received, the bytes
the server wrote (headers included, from the emulator's counters) and the time of one
``diagnose`` (best and median of ``--repeat`` runs). The target: at most 1 MiB read from the
server and well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import time

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import JenkinsEmulator, StageSpec
from jenkins_sdk.triage import DiagnoseOptions, FailureReport, diagnose

MIB = 1 << 20
LINE = 128  # bytes per generated emulator log line


def run(
    emu: JenkinsEmulator, client: JenkinsClient, job: str, options: DiagnoseOptions, repeat: int
) -> tuple[FailureReport, list[float], int]:
    times: list[float] = []
    report: FailureReport | None = None
    server_bytes = 0
    for _ in range(repeat):
        emu.counters.reset()
        started = time.perf_counter()
        report = diagnose(client, job, 1, options=options)
        times.append(time.perf_counter() - started)
        server_bytes = emu.counters.bytes_sent
    assert report is not None
    return report, times, server_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gib", type=float, default=1.0, help="log size in GiB")
    args = parser.parse_args()
    lines = int(args.gib * (1 << 30)) // LINE
    with JenkinsEmulator() as emu:
        emu.freestyle("freestyle", result="FAILURE", log_lines=lines, duration=30)
        emu.pipeline(
            "pipeline",
            stages=[
                StageSpec("Build", 5),
                StageSpec(
                    "Integration tests",
                    30,
                    status="FAILED",
                    log_lines=lines,
                    error="integration suite failed: 3 of 812 scenarios broke",
                ),
            ],
        )
        for job in ("freestyle", "pipeline"):
            emu.trigger(job)
            emu.settle()
        user, token = emu.credentials
        cases = [
            ("freestyle", "freestyle", DiagnoseOptions()),
            ("pipeline", "pipeline", DiagnoseOptions()),
            ("pipeline+console", "pipeline", DiagnoseOptions(console="always")),
        ]
        print(f"log size: {lines * LINE / MIB:,.0f} MiB per build; {args.repeat} runs each")
        header = f"{'case':18} {'requests':>8} {'client bytes':>13} {'server bytes':>13}"
        print(header + f" {'best ms':>8} {'median ms':>9}  headline")
        with JenkinsClient(url=emu.url, username=user, api_token=token) as client:
            diagnose(client, "freestyle", 1)  # warm up the connection pool
            worst = 0
            for name, job, options in cases:
                report, times, server = run(emu, client, job, options, args.repeat)
                worst = max(worst, server, report.bytes_read)
                print(
                    f"{name:18} {report.requests:>8} {report.bytes_read:>13,} {server:>13,} "
                    f"{min(times) * 1000:>8.1f} {statistics.median(times) * 1000:>9.1f}  "
                    f"{report.headline or report.summary}"
                )
        verdict = "OK" if worst <= MIB else "OVER BUDGET"
        print(f"most bytes read in one diagnosis: {worst:,} (limit {MIB:,}): {verdict}")
        emu.check_errors()


if __name__ == "__main__":
    main()
