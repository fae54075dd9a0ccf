"""The fault soak (``make soak``) and its quick variant (in ``make test``).

16 threads share one client and run mixed operations (trigger + wait, builds.get/status, console
streaming, artifact downloads, pipeline input) against the emulator with faults on: 10 % proxy 503
with Retry-After (2 % after the proxy forwarded the request), 5 % connection resets (half before
the request is read, half after it was handled), 5 % slow responses, 2 % truncated bodies,
sessions (and so crumbs) expiring every 10 s of emulator time, and one controller restart. The
pass criteria are read from the emulator's own state and counters (see ``_soak.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.testing.emulator import JenkinsEmulator
from tests.soak._soak import Soak, SoakReport


def _check(report: SoakReport, *, min_operations: int, min_trigger_success: float = 99.0) -> None:
    assert report.total_operations >= min_operations
    assert not report.violations, "\n".join(report.violations[:20])
    assert report.duplicates == {}, f"builds triggered twice: {report.duplicates}"
    assert report.missing == [], f"triggers that started no build: {report.missing[:20]}"
    assert report.merged == 0
    assert report.watched and all(report.watched.values()), [
        key for key, seen in report.watched.items() if not seen
    ]
    assert report.partial_files == []
    # Exactly once (issue 18.6b): no raised trigger had in fact started its build, and nearly
    # every trigger call returned the build it started.
    assert report.raised_but_started == 0
    assert report.trigger_success >= min_trigger_success, report.trigger_calls
    # Every kind of fault really happened, and the controller restart was ridden out.
    for kind in (
        "http",
        "http_after",
        "reset_before",
        "reset_after",
        "slow",
        "truncate",
        "restart",
    ):
        assert report.faults.get(kind, 0) > 0, f"no {kind} fault was injected"
    assert report.crumb_fetches > 2, "sessions never expired: no crumb was fetched again"


def _run(tmp_path: Path, threads: int, operations: int, slow_delay: float) -> SoakReport:
    with JenkinsEmulator(executors=64, quiet_period=0.0) as emulator:
        soak = Soak(
            emulator, tmp_path, threads=threads, operations=operations, slow_delay=slow_delay
        )
        report = soak.run()
        emulator.check_errors()
    return report


def test_fault_soak_quick(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A few hundred operations in seconds: the same criteria as the full soak."""
    report = _run(tmp_path, threads=16, operations=400, slow_delay=0.005)
    with capsys.disabled():
        print(report.table())
    # ~160 trigger calls: one honest refusal (a crumb or a 503 that provably started nothing,
    # while the restart outlasts a loaded machine's retries) is 0.6 %; the 99 % target is the
    # full soak's (~2,000 calls). Duplicates and raised-but-started stay at zero here too.
    _check(report, min_operations=400, min_trigger_success=97.0)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_fault_soak(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The full soak: 16 threads, 5,000 operations, every fault on; prints the table."""
    report = _run(tmp_path, threads=16, operations=5000, slow_delay=0.02)
    with capsys.disabled():
        print(report.table())
    _check(report, min_operations=5000)
