"""BuildMonitor over loopback: 200 running builds watched from 16 threads with one shared client."""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Iterator

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef, QueueRef
from jenkins_sdk.resources.monitor import BuildMonitor
from jenkins_sdk.status import BuildResult
from jenkins_sdk.testing import LinkedClock
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import Outcome, ParamDef

RESULTS = ["SUCCESS", "FAILURE", "UNSTABLE", "ABORTED"]


@pytest.fixture(scope="module")
def fleet_emulator() -> Iterator[JenkinsEmulator]:
    """An emulator with enough executors for 200 concurrent builds."""
    with JenkinsEmulator(executors=256, quiet_period=1.0) as emu:
        yield emu


@pytest.fixture
def fleet(fleet_emulator: JenkinsEmulator) -> Iterator[JenkinsEmulator]:
    fleet_emulator.reset()
    yield fleet_emulator
    fleet_emulator.check_errors()


def _run_fleet(
    emu: JenkinsEmulator, jobs: int, per_job: int, threads: int, *, password: bool = False
) -> None:
    clock = LinkedClock(emu)
    user, token = emu.credentials
    # A password needs crumbs (bound to the session cookie); an API token is exempt.
    auth = {"password": emu.default_password} if password else {"api_token": token}
    names = [f"fleet/team {j}/svc-{j}" for j in range(jobs)]
    expected: dict[tuple[str, int], BuildResult] = {}
    for j, name in enumerate(names):
        emu.freestyle(name, params=[ParamDef("N")], concurrent=True)
        for i in range(per_job):
            result = RESULTS[(i + j) % len(RESULTS)]
            emu.then(name, Outcome(result=result, duration=10 + (i * 7 + j * 3) % 90))
            expected[(name, i + 1)] = BuildResult(result)
    emu.counters.reset()
    emu.request_log.clear()
    with JenkinsClient(
        url=emu.url, username=user, max_connections=threads, clock=clock, **auth
    ) as client:
        refs: list[tuple[str, QueueRef]] = [
            (name, client.builds.trigger(name, {"N": str(i)}))
            for name in names
            for i in range(per_job)
        ]
        emu.advance(2)  # quiet period over: every build is running
        watched = [
            (name, client.queue.wait_for_build(ref, timeout=30).number) for name, ref in refs
        ]
        assert all(number is not None for _, number in watched)
        log_before = len(emu.request_log)
        monitor = BuildMonitor(
            client,
            [(name, n) for name, n in watched if n is not None],
            max_workers=threads,
            poll_interval=5.0,
            timeout=600,
        )
        finished = {(d.job.full_name, d.number): d.result for d in monitor}

    assert finished == expected
    rounds = monitor.requests_per_round
    # One request per job per round (not per build): the first rounds ask every job.
    assert rounds[0] == jobs and max(rounds) == jobs
    assert all(0 < r <= jobs for r in rounds)
    during = list(emu.request_log)[log_before:]
    status_reads = [
        e for e in during if e.method == "GET" and "allBuilds" in urllib.parse.unquote(e.query)
    ]
    assert len(status_reads) == sum(rounds) == len(during)
    per_job = Counter(urllib.parse.unquote(e.path) for e in status_reads)
    assert len(per_job) == jobs and max(per_job.values()) == len(rounds)
    assert emu.counters.crumbs_issued == (1 if password else 0)  # one crumb for 200 triggers
    assert emu.counters.connections <= threads
    assert clock.monotonic() <= 200  # virtual seconds; the slowest build takes 10 + 89 s


def test_monitor_a_small_fleet(fleet: JenkinsEmulator) -> None:
    _run_fleet(fleet, jobs=4, per_job=5, threads=4)


@pytest.mark.parametrize("password", [False, True], ids=["api-token", "password"])
def test_monitor_200_builds_from_16_threads(fleet: JenkinsEmulator, password: bool) -> None:
    _run_fleet(fleet, jobs=10, per_job=20, threads=16, password=password)


def test_monitor_yields_builds_in_completion_order(fleet: JenkinsEmulator) -> None:
    clock = LinkedClock(fleet)
    user, token = fleet.credentials
    fleet.freestyle("slow", duration=100)
    fleet.freestyle("fast", duration=10)
    fleet.trigger("slow")
    fleet.trigger("fast")
    fleet.advance(2)
    with JenkinsClient(url=fleet.url, username=user, api_token=token, clock=clock) as client:
        order = [d.job for d in BuildMonitor(client, [("slow", 1), ("fast", 1)], poll_interval=5)]
    assert order == [JobRef.parse("fast"), JobRef.parse("slow")]
