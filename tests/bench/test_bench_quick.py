"""Smoke test of the benchmark harness: smallest sizes, jenkins_sdk and bare requests only.

It checks that the emulator process, the client processes, the counters side channel and the
answer checks work together and that both clients give the right answers; it never looks at
timings (those are for ``make bench``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.harness import Measured, measure  # noqa: E402

CLIENTS = ("jenkins_sdk", "requests")


@pytest.mark.parametrize("workload", ["listing", "builds", "artifact"])
def test_smallest_sizes_give_right_answers(workload: str) -> None:
    results = measure(workload, "smoke", 1, CLIENTS, timeout=60)
    for name in CLIENTS:
        m = results[name]
        assert m.errors == [], f"{workload}/{name}: {m.errors}"
        assert m.ok
        assert m.requests[0] >= 1
        assert m.bytes[0] > 0
        assert m.connections[0] >= 1
    if workload == "listing":
        assert results["jenkins_sdk"].requests == [1]
    if workload == "artifact":
        # the whole 1 MiB file crossed the wire once
        assert results["jenkins_sdk"].bytes[0] >= 1024 * 1024


@pytest.mark.parametrize("workload", ["monitor_spread", "quiet"])
def test_issue14_workloads_give_right_answers_and_figures(workload: str) -> None:
    results = measure(workload, "smoke", 1, CLIENTS, timeout=120)
    for name in CLIENTS:
        assert results[name].errors == [], f"{workload}/{name}: {results[name].errors}"
    sdk = results["jenkins_sdk"]
    if workload == "monitor_spread":
        # every client's detection latency was measured against the builds' real ends
        assert all(m.metric("latency_max_s") >= 0 for m in results.values())
        # a round: the executors view, plus one read per folder (2 here) where builds ended
        assert max(sdk.extra["requests_per_round"]) <= 1 + 2
    else:
        assert sdk.median("requests") <= results["requests"].median("requests")


def _measured(client: str, wall: float, requests: int, nbytes: int) -> Measured:
    m = Measured(client)
    m.walls, m.requests, m.bytes, m.connections, m.rss_kib = [wall], [requests], [nbytes], [1], [0]
    return m


def test_targets_compare_against_the_best_peer() -> None:
    results = {
        "jenkins_sdk": _measured("jenkins_sdk", 1.0, 1, 100),
        "requests": _measured("requests", 0.5, 1, 100),
        "python-jenkins": _measured("python-jenkins", 0.9, 3, 300),
        "api4jenkins": _measured("api4jenkins", 2.0, 2, 90),
    }
    lines = {t.text: t.passed for t in report.targets("listing", results, {})}
    assert lines["wall <= fastest peer"] is False  # python-jenkins took 0.9 s
    assert lines["requests <= fewest of any peer"] is True
    assert lines["bytes <= fewest of any peer"] is False  # api4jenkins needed 90 bytes
    assert lines["a single request"] is True


def test_a_failed_sdk_run_fails_its_target() -> None:
    sdk = Measured("jenkins_sdk")
    sdk.errors.append("boom")
    (only,) = report.targets("builds", {"jenkins_sdk": sdk}, {})
    assert only.passed is False
    assert "boom" in only.detail
