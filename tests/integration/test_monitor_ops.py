"""BuildMonitor and builds.running over loopback: one executors-view request per round whatever
the number of builds and jobs, builds that left it confirmed one read per folder, queued builds
followed to their start, the deadline, and the window where a build is off every executor but
still building (a pipeline resuming after a restart)."""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Iterator

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources.monitor import BuildMonitor
from jenkins_sdk.status import BuildResult
from jenkins_sdk.testing import LinkedClock
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import Outcome, StageSpec

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


def _client(emu: JenkinsEmulator, clock: LinkedClock, threads: int = 16) -> JenkinsClient:
    user, token = emu.credentials
    return JenkinsClient(
        url=emu.url, username=user, api_token=token, max_connections=threads, clock=clock
    )


def _paths(emu: JenkinsEmulator, since: int) -> list[str]:
    return [urllib.parse.unquote(e.path) for e in list(emu.request_log)[since:]]


def _start_fleet(emu: JenkinsEmulator, names: list[str]) -> dict[tuple[str, int], BuildResult]:
    """One build per job, pipelines and freestyle alternating, running when this returns."""
    expected: dict[tuple[str, int], BuildResult] = {}
    for j, name in enumerate(names):
        make = emu.pipeline if j % 2 else emu.freestyle
        make(name, quiet_period=0, concurrent=True)
        result = RESULTS[j % len(RESULTS)]
        emu.then(name, Outcome(result=result, duration=10 + (j * 37) % 90))
        emu.trigger(name)
        expected[(name, 1)] = BuildResult(result)
    emu.advance(0)
    return expected


@pytest.mark.parametrize("folders", [1, 4], ids=["one-folder", "four-folders"])
def test_one_request_per_round_for_200_builds_in_200_jobs(
    fleet: JenkinsEmulator, folders: int
) -> None:
    names = [f"fleet/team-{j % folders}/svc-{j:03d}" for j in range(200)]
    expected = _start_fleet(fleet, names)
    clock = LinkedClock(fleet)
    since = len(fleet.request_log)
    with _client(fleet, clock) as client:
        monitor = client.builds.monitor(
            [(name, 1) for name in names], max_workers=16, poll_interval=5.0, timeout=600
        )
        finished = {(d.job.full_name, d.number): d.result for d in monitor}
    assert finished == expected  # pipelines (one-off executors) and freestyle builds alike
    rounds = monitor.requests_per_round
    paths = _paths(fleet, since)
    views = paths.count("/computer/api/json")
    assert views == len(rounds)  # ONE request per round answers for every running build
    assert rounds[0] == 1  # all 200 seen running in the first look, nothing else asked
    # a round where builds finished adds one read per folder holding them, never one per build
    assert max(rounds) <= 1 + folders
    # (a folder with a single finished job reads that job alone: one read either way)
    reads = {p for p in paths if p != "/computer/api/json"}
    assert all(p.startswith("/job/fleet/job/team-") for p in reads)
    assert sum(rounds) == len(paths) < 200  # a loop over builds needs >= 2 per build


def test_a_build_finishing_between_rounds_is_reported_once_and_on_time(
    fleet: JenkinsEmulator,
) -> None:
    names = [f"f/j{j}" for j in range(12)]
    _start_fleet(fleet, names)
    clock = LinkedClock(fleet)
    reported: Counter[tuple[str, int]] = Counter()
    late: list[float] = []
    with _client(fleet, clock) as client:
        for done in client.builds.monitor([(n, 1) for n in names], poll_interval=7.0):
            reported[(done.job.full_name, done.number)] += 1
            build = fleet.job(done.job.full_name).builds[done.number]
            assert build.end_ms is not None
            late.append((fleet.clock.now_ms() - build.end_ms) / 1000)
    assert set(reported) == {(n, 1) for n in names} and set(reported.values()) == {1}
    # detection latency: never more than the poll interval after the build ended
    assert max(late) <= 7.0 and min(late) >= 0


def test_expected_ends_pull_rounds_earlier(fleet: JenkinsEmulator) -> None:
    fleet.freestyle("est", duration=40, quiet_period=0)
    fleet.history("est", ["SUCCESS", "SUCCESS"])  # Jenkins' estimate: 40 s
    fleet.trigger("est")
    fleet.advance(0)
    number = fleet.job("est").next_build_number - 1
    clock = LinkedClock(fleet)
    with _client(fleet, clock) as client:
        (done,) = client.builds.monitor([("est", number)], poll_interval=15.0)
    end = fleet.job("est").builds[number].end_ms
    assert done.result is BuildResult.SUCCESS and end is not None
    # rounds at 12, 24 and 36 s (poll_interval less 20 %), then just after the expected end
    # (40 s), not at 48 s
    assert clock.sleeps[:3] == [pytest.approx(12.0)] * 3
    assert sum(clock.sleeps[:4]) == pytest.approx(40.05, abs=0.02)
    assert (fleet.clock.now_ms() - end) / 1000 < 0.1


def test_queued_builds_are_followed_to_their_start(fleet: JenkinsEmulator) -> None:
    fleet.freestyle("q/free", duration=30, quiet_period=3)
    fleet.pipeline("q/pipe", quiet_period=5)
    clock = LinkedClock(fleet)
    with _client(fleet, clock) as client:
        refs = [client.builds.trigger("q/free"), client.builds.trigger("q/pipe")]
        monitor = client.builds.monitor([], queued=refs, poll_interval=2.0, timeout=300)
        done = {d.queue_id: d for d in monitor}
    assert set(done) == {r.id for r in refs}
    assert sorted((d.job.full_name, d.number, d.result) for d in done.values()) == [
        ("q/free", 1, BuildResult.SUCCESS),
        ("q/pipe", 1, BuildResult.SUCCESS),
    ]


def test_a_cancelled_queue_item_is_reported_cancelled(fleet: JenkinsEmulator) -> None:
    fleet.freestyle("c", quiet_period=30)
    clock = LinkedClock(fleet)
    with _client(fleet, clock) as client:
        ref = client.builds.trigger("c")
        client.queue.cancel(ref)
        (done,) = client.builds.monitor([], queued=[ref], poll_interval=2.0)
    assert done.cancelled and done.job == JobRef.parse("c") and done.queue_id == ref.id


def test_deadline_raises_build_timeout_with_pending_filled(fleet: JenkinsEmulator) -> None:
    fleet.freestyle("slow", duration=500, quiet_period=0)
    fleet.freestyle("fast", duration=5, quiet_period=0)
    fleet.pipeline("later", quiet_period=600)
    fleet.trigger("slow")
    fleet.trigger("fast")
    fleet.advance(0)
    clock = LinkedClock(fleet)
    with _client(fleet, clock) as client:
        queued = client.builds.trigger("later")
        monitor = client.builds.monitor(
            [("slow", 1), ("fast", 1)], queued=[queued], timeout=60, poll_interval=10
        )
        seen = []
        with pytest.raises(errors.BuildTimeout):
            for item in monitor:
                seen.append(item.job.full_name)
    assert seen == ["fast"]
    assert monitor.pending == {JobRef.parse("slow"): frozenset({1})}
    assert monitor.pending_queue_items == frozenset({queued.id})
    assert clock.monotonic() == pytest.approx(60)


def test_a_pipeline_off_the_executors_but_still_building_is_not_reported_early(
    fleet: JenkinsEmulator,
) -> None:
    fleet.pipeline("resume", quiet_period=0, stages=[StageSpec("Build", 60)])
    fleet.trigger("resume")
    fleet.advance(10)
    fleet.resume_after_restart(30)  # off every executor for 30 s, still building
    clock = LinkedClock(fleet)
    since = len(fleet.request_log)
    with _client(fleet, clock) as client:
        (done,) = client.builds.monitor([("resume", 1)], poll_interval=5.0)
    build = fleet.job("resume").builds[1]
    assert done.result is BuildResult.SUCCESS and build.end_ms is not None
    assert fleet.clock.now_ms() >= build.end_ms  # only once it really ended
    # while it was off the executors, its job was read (and said building) every round
    assert _paths(fleet, since).count("/job/resume/api/json") >= 30 // 5


def test_monitor_yields_builds_in_completion_order(fleet: JenkinsEmulator) -> None:
    clock = LinkedClock(fleet)
    fleet.freestyle("slow", duration=100)
    fleet.freestyle("fast", duration=10)
    fleet.trigger("slow")
    fleet.trigger("fast")
    fleet.advance(2)
    with _client(fleet, clock) as client:
        order = [d.job for d in BuildMonitor(client, [("slow", 1), ("fast", 1)], poll_interval=5)]
    assert order == [JobRef.parse("fast"), JobRef.parse("slow")]


def test_builds_running_answers_in_one_request(fleet: JenkinsEmulator) -> None:
    fleet.agent("linux-1", executors=2, labels=["linux"])
    fleet.freestyle("team/free", duration=100, quiet_period=0, label="linux")
    fleet.history("team/free", ["SUCCESS"])  # a 100 s estimate
    fleet.pipeline("team/pipe", quiet_period=0, agent="linux", stages=[StageSpec("Build", 100)])
    fleet.freestyle("other", duration=100, quiet_period=0)
    for name in ("team/free", "team/pipe", "other"):
        fleet.trigger(name)
    fleet.advance(25)
    clock = LinkedClock(fleet)
    since = len(fleet.request_log)
    with _client(fleet, clock) as client:
        everything = client.builds.running()
        team = client.builds.running(folder="team")
    assert _paths(fleet, since) == ["/computer/api/json"] * 2
    assert [(b.job.full_name, b.number) for b in team] == [("team/free", 2), ("team/pipe", 1)]
    free, pipe = team
    assert free.node == "linux-1" and free.progress == 25 and free.estimated_duration == 100_000
    assert free.class_ == "hudson.model.FreeStyleBuild" and not free.likely_stuck
    assert pipe.node == "linux-1" and pipe.nodes == ("linux-1", "(built-in)")
    assert pipe.class_ == "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    assert {b.job.full_name for b in everything} == {"team/free", "team/pipe", "other"}
    other = next(b for b in everything if b.job.full_name == "other")
    assert other.node == "(built-in)" and other.progress is None
    assert other.timestamp == fleet.job("other").builds[1].start_ms


def test_behind_a_context_path_with_branch_jobs_and_odd_names() -> None:
    """Build URLs as Jenkins writes them (``Run.getUrl``: each name ``Util.rawEncode``d, so the
    branch job ``feature%2Fx`` is ``feature%252Fx``; spaces and non-ASCII percent-encoded) under
    a context path: the monitor recognises every build in the executors view and reads only
    that view while they run."""
    with JenkinsEmulator(executors=8, quiet_period=1.0, context_path="ci/jenkins") as emu:
        emu.multibranch("org/shop", ["main", "feature/x"], build_new=False)
        emu.freestyle("odd folder/my job ä", quiet_period=0)
        emu.pipeline("f/p", quiet_period=0)
        jobs = ["org/shop/feature%2Fx", "odd folder/my job ä", "f/p"]
        for j, job in enumerate(jobs):
            emu.then(job, Outcome(result=RESULTS[j], duration=20 + 5 * j))
        clock = LinkedClock(emu)
        with _client(emu, clock) as client:
            queued = [client.builds.trigger(job) for job in jobs]
            since = len(emu.request_log)
            monitor = client.builds.monitor([], queued=queued, poll_interval=2.0, timeout=300)
            done = {d.job.full_name: (d.number, d.result, d.queue_id) for d in monitor}
        assert done == {
            job: (1, BuildResult(RESULTS[j]), queued[j].id) for j, job in enumerate(jobs)
        }
        views = [r for r in monitor.requests_per_round if r == 1]
        assert len(views) >= 5  # the rounds while all three ran cost the view alone
        reads = Counter(
            p for p in _paths(emu, since) if p.endswith("/api/json") and p.startswith("/job/")
        )
        # each job read once, to confirm its end: a build missed in the view would be re-read
        # every round
        assert set(reads.values()) == {1}, reads
        emu.check_errors()
