"""Unit tests (responses) for BuildMonitor: one executors view per round, builds that left it
confirmed one read per folder, queued items followed through one queue read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef, QueueRef
from jenkins_sdk.resources.monitor import BuildMonitor, WatchedBuild
from jenkins_sdk.status import BuildResult, BuildState
from tests.resources._helpers import BASE, FakeClock, sent

VIEW = BASE + "computer/api/json"
QUEUE = BASE + "queue/api/json"
PLACEHOLDER = (
    "org.jenkinsci.plugins.workflow.support.steps."
    "ExecutorStepExecution$PlaceholderTask$PlaceholderExecutable"
)


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c


def run(path: str, number: int, **extra: Any) -> dict[str, Any]:
    """An executor entry running build ``number`` of the job at ``path`` (``a/b``)."""
    url = BASE + "".join(f"job/{p}/" for p in path.split("/")) + f"{number}/"
    return {"currentExecutable": {"url": url, "number": number, **extra}}


def view(*executors: dict[str, Any], one_off: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    idle = {"currentExecutable": None}
    return {
        "computer": [
            {"executors": [*executors, idle], "oneOffExecutors": list(one_off)},
            {"executors": [idle], "oneOffExecutors": []},
        ]
    }


def job_state(next_number: int, *builds: tuple[int, str | None]) -> dict[str, Any]:
    return {
        "nextBuildNumber": next_number,
        "allBuilds": [
            {"number": n, "building": result is None, "result": result} for n, result in builds
        ],
    }


def folder_state(*jobs: tuple[str, int, list[tuple[int, str | None]]]) -> dict[str, Any]:
    return {
        "jobs": [
            {
                "name": name,
                "nextBuildNumber": nxt,
                "builds": [{"number": n, "building": r is None, "result": r} for n, r in builds],
            }
            for name, nxt, builds in jobs
        ]
    }


def test_one_view_per_round_and_one_read_per_folder_for_what_left(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, json=view(run("a", 1), run("f/b", 4), one_off=(run("f/c", 2),)))
    mocked.get(VIEW, json=view(run("a", 1)))
    mocked.get(VIEW, json=view())
    mocked.get(
        BASE + "job/f/api/json",
        json=folder_state(("b", 5, [(4, "ABORTED")]), ("c", 3, [(2, "SUCCESS")]), ("x", 9, [])),
    )
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "FAILURE")))
    clock = FakeClock()
    monitor = BuildMonitor(
        client, [("a", 1), ("f/b", 4), ("f/c", 2)], poll_interval=3.0, clock=clock
    )
    done = list(monitor)
    assert [(d.job.full_name, d.number, d.result) for d in done] == [
        ("f/b", 4, BuildResult.ABORTED),
        ("f/c", 2, BuildResult.SUCCESS),
        ("a", 1, BuildResult.FAILURE),
    ]
    # round 1: the view only; round 2: the view + one read of folder f for both of its jobs;
    # round 3: the view + the lone job a
    assert monitor.requests_per_round == [1, 2, 2]
    calls = sent(mocked)
    assert [path for _, path, _ in calls] == [
        "computer/api/json",
        "computer/api/json",
        "job/f/api/json",
        "computer/api/json",
        "job/a/api/json",
    ]
    assert calls[0][2]["tree"] == [
        "computer[executors[progress,currentExecutable[url,number,timestamp,estimatedDuration]],"
        "oneOffExecutors[progress,currentExecutable[url,number,timestamp,estimatedDuration]]]"
    ]
    # every build's timing is known after round 1: the lean view from then on
    assert calls[1][2]["tree"] == [
        "computer[executors[currentExecutable[url,number]],"
        "oneOffExecutors[currentExecutable[url,number]]]"
    ]
    assert calls[2][2]["tree"] == ["jobs[name,nextBuildNumber,builds[number,building,result]{0,3}]"]
    # rounds start a little more often than poll_interval (20 %), so reads and late wake-ups
    # still leave every report within poll_interval of the build's end
    assert clock.sleeps == [pytest.approx(2.4), pytest.approx(2.4)]
    assert monitor.pending == {}


def test_a_build_off_the_executors_but_still_building_stays_watched(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/p/api/json", json=job_state(4, (3, None)))  # resuming: building
    mocked.get(BASE + "job/p/api/json", json=job_state(4, (3, None)))
    mocked.get(BASE + "job/p/api/json", json=job_state(4, (3, "SUCCESS")))
    monitor = BuildMonitor(client, [("p", 3)], clock=FakeClock())
    (done,) = list(monitor)
    assert done.number == 3 and done.result is BuildResult.SUCCESS
    assert monitor.requests_per_round == [2, 2, 2]


def test_a_pipeline_node_block_counts_as_its_build_running(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    block = run("p", 7, _class=PLACEHOLDER)
    mocked.get(VIEW, json=view(block))  # only the placeholder (a snapshot race): still running
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/p/api/json", json=job_state(8, (7, "UNSTABLE")))
    monitor = BuildMonitor(client, [("p", 7)], clock=FakeClock())
    assert [d.result for d in monitor] == [BuildResult.UNSTABLE]
    assert monitor.requests_per_round == [1, 2]


def test_folder_window_too_short_asks_the_job_alone(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, json=view())
    # both jobs of f finished; b#2 is older than the window (3) the folder read listed: b ran
    # builds the monitor never saw
    mocked.get(
        BASE + "job/f/api/json",
        json=folder_state(
            ("b", 9, [(8, "SUCCESS"), (7, "SUCCESS"), (6, "SUCCESS")]), ("c", 2, [(1, "FAILURE")])
        ),
    )
    mocked.get(BASE + "job/f/job/b/api/json", json=job_state(9, (2, "ABORTED")))
    done = {
        (d.job.full_name, d.number): d.result
        for d in BuildMonitor(client, [("f/b", 2), ("f/c", 1)], clock=FakeClock())
    }
    assert done == {("f/b", 2): BuildResult.ABORTED, ("f/c", 1): BuildResult.FAILURE}


def test_deleted_builds_and_jobs_come_back_missing(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, json=view())
    # two top-level jobs left the view: one read of the root lists them (gone is not there)
    mocked.get(BASE + "api/json", json=folder_state(("a", 9, [(8, "SUCCESS")])))
    mocked.get(BASE + "job/lone/api/json", status=404, body="<html/>", content_type="text/html")
    done = list(BuildMonitor(client, [("a", 3), ("gone", 1)], clock=FakeClock()))
    assert sorted((d.job.full_name, d.missing) for d in done) == [("a", True), ("gone", True)]
    (lone,) = BuildMonitor(client, [("lone", 1)], clock=FakeClock())
    assert lone.missing and lone.status is None


def test_queued_items_are_followed_to_their_builds(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    waiting = {"id": 7, "inQueueSince": 1, "timestamp": 2, "task": {"url": BASE + "job/q/"}}
    mocked.get(QUEUE, json={"items": [waiting]})
    mocked.get(QUEUE, json={"items": []})
    mocked.get(VIEW, json=view())
    mocked.get(VIEW, json=view(run("q", 12, queueId=7)))  # started: found by queueId
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/q/api/json", json=job_state(13, (12, "SUCCESS")))
    monitor = BuildMonitor(client, [], queued=[QueueRef(7)], clock=FakeClock())
    (done,) = list(monitor)
    assert (done.job, done.number, done.queue_id) == (JobRef.parse("q"), 12, 7)
    assert done.result is BuildResult.SUCCESS and not done.cancelled
    calls = sent(mocked)
    assert calls[0][1] == "queue/api/json"
    assert calls[0][2]["tree"] == ["items[id,inQueueSince,timestamp,task[url]]"]
    assert "queueId" in calls[1][2]["tree"][0]
    # round 1: queue + view; round 2: queue + view (started); round 3: view + job read
    assert monitor.requests_per_round == [2, 2, 2]


def test_an_item_found_nowhere_is_read_alone_and_cancelled_ones_are_reported(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(QUEUE, json={"items": []})
    mocked.get(VIEW, json=view())
    mocked.get(
        BASE + "queue/item/5/api/json",
        json={"cancelled": True, "executable": None, "task": {"url": BASE + "job/c/"}},
    )
    mocked.get(
        BASE + "queue/item/6/api/json",
        json={"cancelled": False, "executable": {"number": 3}, "task": {"url": BASE + "job/d/"}},
    )
    mocked.get(BASE + "job/d/api/json", json=job_state(4, (3, "FAILURE")))
    done = list(BuildMonitor(client, [], queued=[5, 6], clock=FakeClock()))
    by_id = {d.queue_id: d for d in done}
    assert by_id[5].cancelled and by_id[5].number == 0 and by_id[5].missing
    assert by_id[5].job == JobRef.parse("c")
    assert by_id[6].result is BuildResult.FAILURE and by_id[6].number == 3


def test_deadline_raises_build_timeout_and_keeps_pending(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(QUEUE, json={"items": [{"id": 9, "task": {"url": BASE + "job/a/"}}]})
    mocked.get(VIEW, json=view(run("a", 2)))
    mocked.get(BASE + "job/a/api/json", json=job_state(3, (2, None), (1, "SUCCESS")))
    clock = FakeClock()
    monitor = BuildMonitor(
        client, [("a", 1), ("a", 2)], queued=[9], timeout=10, poll_interval=4, clock=clock
    )
    seen = []
    with pytest.raises(errors.BuildTimeout, match=r"1 build.*1 queue item"):
        for item in monitor:
            seen.append(item.number)
    assert seen == [1]
    assert monitor.pending == {JobRef.parse("a"): frozenset({2})}
    assert monitor.pending_queue_items == frozenset({9})
    assert clock.now == pytest.approx(10)


def test_a_retryable_view_error_skips_the_round(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    for _ in range(4):  # past the requester's own retries (3)
        mocked.get(VIEW, status=503, body="<html>Restarting</html>", content_type="text/html")
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "SUCCESS")))
    monitor = BuildMonitor(client, [("a", 1)], clock=FakeClock())
    (done,) = list(monitor)
    assert done.status is not None and done.status.state is BuildState.COMPLETED
    assert monitor.requests_per_round == [1, 2]


def test_a_retryable_queue_error_skips_the_round(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    for _ in range(4):  # past the requester's own retries
        mocked.get(QUEUE, status=503, body="<html>Restarting</html>", content_type="text/html")
    mocked.get(QUEUE, json={"items": []})
    mocked.get(VIEW, json=view(run("q", 2, queueId=4)))
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/q/api/json", json=job_state(3, (2, "SUCCESS")))
    monitor = BuildMonitor(client, [], queued=[4], clock=FakeClock())
    assert [(d.queue_id, d.number) for d in monitor] == [(4, 2)]
    assert monitor.requests_per_round == [1, 2, 2]


def test_without_the_executors_view_builds_are_confirmed_by_folder(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, status=403, body="<html>denied</html>", content_type="text/html")
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, None)))
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "SUCCESS")))
    monitor = BuildMonitor(client, [("a", 1)], clock=FakeClock())
    assert [d.number for d in monitor] == [1]
    assert [p for _, p, _ in sent(mocked)].count("computer/api/json") == 1  # asked once only


def test_permalinks_are_resolved_once(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(
        BASE + "job/a/lastBuild/api/json", json={"number": 7, "building": True, "result": None}
    )
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/a/api/json", json=job_state(8, (7, "SUCCESS")))
    (done,) = list(BuildMonitor(client, [("a", "lastBuild")], clock=FakeClock()))
    assert done.number == 7 and done.status is not None and done.status.done


def test_rounds_move_earlier_to_an_expected_end_and_on_round_sees_progress(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    # 10 s estimate, 50 % done: the end is 5 s away by Jenkins' own progress (the timestamp is
    # far from this machine's clock, so the bracket progress allows wins)
    timed = {
        "currentExecutable": {
            "url": BASE + "job/a/1/",
            "number": 1,
            "timestamp": 1,
            "estimatedDuration": 10_000,
        },
        "progress": 50,
    }
    mocked.get(VIEW, json={"computer": [{"executors": [timed], "oneOffExecutors": []}]})
    mocked.get(VIEW, json=view())
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "SUCCESS")))
    clock = FakeClock()
    rounds: list[list[WatchedBuild]] = []
    monitor = BuildMonitor(
        client, [("a", 1)], poll_interval=20.0, clock=clock, on_round=rounds.append
    )
    assert [d.number for d in monitor] == [1]
    assert clock.sleeps == [pytest.approx(5.05)]
    assert rounds[0] == [WatchedBuild(JobRef.parse("a"), 1, None, 50)]


def test_a_single_watched_job_is_read_alone_once_the_view_is_bigger(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    busy = view(run("a", 5), run("other", 1), run("more", 2), one_off=(run("x", 3),))
    mocked.get(VIEW, json=busy)
    mocked.get(BASE + "job/a/api/json", json=job_state(6, (5, None)))
    mocked.get(BASE + "job/a/api/json", json=job_state(6, (5, "SUCCESS")))
    monitor = BuildMonitor(client, [("a", 5)], clock=FakeClock())
    assert [d.number for d in monitor] == [5]
    # round 1: the view (4 running builds); then the job's own read (1 entry) replaces it
    assert monitor.requests_per_round == [1, 1, 1]
    assert [p for _, p, _ in sent(mocked)] == ["computer/api/json"] + ["job/a/api/json"] * 2


def test_a_small_common_folder_replaces_the_view_once_its_size_is_known(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    others = [run(f"elsewhere/j{i}", 1) for i in range(6)]
    mocked.get(VIEW, json=view(run("f/b", 4), run("f/c", 2), run("f/d", 7), *others))
    mocked.get(VIEW, json=view(*others))  # all three left; c and d still say building
    mocked.get(
        BASE + "job/f/api/json",
        json=folder_state(("b", 5, [(4, "SUCCESS")]), ("c", 3, [(2, None)]), ("d", 8, [(7, None)])),
    )
    mocked.get(
        BASE + "job/f/api/json",
        json=folder_state(
            ("b", 5, [(4, "SUCCESS")]), ("c", 3, [(2, "FAILURE")]), ("d", 8, [(7, "SUCCESS")])
        ),
    )
    monitor = BuildMonitor(client, [("f/b", 4), ("f/c", 2), ("f/d", 7)], clock=FakeClock())
    assert [(d.job.full_name, d.result) for d in monitor] == [
        ("f/b", BuildResult.SUCCESS),
        ("f/c", BuildResult.FAILURE),
        ("f/d", BuildResult.SUCCESS),
    ]
    # round 2 learned that f lists 3 items (< 6 running builds in the view): round 3 reads f only
    assert monitor.requests_per_round == [1, 2, 1]


def test_without_a_timeout_the_watch_ends_at_the_clients_wait_timeout(
    mocked: responses.RequestsMock,
) -> None:
    mocked.get(VIEW, json=view(run("a", 1)))
    clock = FakeClock()
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n", wait_timeout=30) as short:
        monitor = BuildMonitor(short, [("a", 1)], poll_interval=10, clock=clock)
        with pytest.raises(errors.BuildTimeout, match="after 30 s"):
            list(monitor)
    assert clock.now == pytest.approx(30)


def test_bad_arguments(client: JenkinsClient) -> None:
    with pytest.raises(ValueError):
        BuildMonitor(client, [], max_workers=0)
    with pytest.raises(ValueError):
        BuildMonitor(client, [], poll_interval=-1)
    assert list(BuildMonitor(client, [])) == []


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 405, "body": "<html>Method Not Allowed</html>", "content_type": "text/html"},
        {"status": 200, "body": "<html><body>Dashboard</body></html>", "content_type": "text/html"},
        {"status": 200, "json": {"computer": "not a list"}},
        {"status": 200, "json": {"computer": [{"executors": [{"currentExecutable": "x"}]}]}},
    ],
    ids=["405", "html-page", "computer-not-a-list", "executable-not-an-object"],
)
def test_an_unusable_executors_view_falls_back_to_folder_reads(
    mocked: responses.RequestsMock, client: JenkinsClient, answer: dict[str, Any]
) -> None:
    """A proxy, a plugin or an odd Jenkins can answer ``computer/api/json`` with something that
    is not the view (core: ``hudson/model/ComputerSet.java`` exports ``computer`` inline); the
    monitor stops asking for it and confirms the watched builds by folder, never fails."""
    mocked.get(VIEW, **answer)
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, None)))
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "FAILURE")))
    monitor = BuildMonitor(client, [("a", 1)], clock=FakeClock())
    (done,) = list(monitor)
    assert done.result is BuildResult.FAILURE
    assert [p for _, p, _ in sent(mocked)].count("computer/api/json") == 1
    assert monitor.requests_per_round == [2, 1]


def test_a_view_failing_transiently_three_rounds_in_a_row_is_given_up(
    mocked: responses.RequestsMock,
) -> None:
    """A computer whose export keeps throwing answers 500 every time (retryable for one call):
    after three skipped rounds the monitor confirms by folder instead of waiting forever."""
    mocked.get(VIEW, status=500, body="<html>NullPointerException</html>", content_type="text/html")
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "SUCCESS")))
    clock = FakeClock()
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n", retry={"total": 0}) as c:
        monitor = BuildMonitor(c, [("a", 1)], clock=clock, poll_interval=1.0, timeout=60)
        (done,) = list(monitor)
    assert done.result is BuildResult.SUCCESS
    assert monitor.requests_per_round == [1, 1, 2]
    assert [p for _, p, _ in sent(mocked)].count("computer/api/json") == 3


def test_wrong_credentials_on_the_view_still_fail(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(VIEW, status=401, body="<html>Unauthorized</html>", content_type="text/html")
    with pytest.raises(errors.Unauthorized):
        list(BuildMonitor(client, [("a", 1)], clock=FakeClock()))


def test_a_huge_folder_is_read_once_then_job_by_job(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    """A controller's root (or any folder) listing thousands of jobs: after one folder read has
    shown its size, two finished builds are confirmed with two job reads, not a listing of
    every job with its newest builds."""
    idle = [(f"idle-{i}", 2, [(1, "SUCCESS")]) for i in range(400)]
    mocked.get(VIEW, json=view(run("a", 1), run("b", 1), run("c", 1), run("d", 1)))
    mocked.get(VIEW, json=view(run("c", 1), run("d", 1)))  # a and b ended
    mocked.get(VIEW, json=view())  # c and d ended
    mocked.get(
        BASE + "api/json",
        json=folder_state(("a", 2, [(1, "SUCCESS")]), ("b", 2, [(1, "FAILURE")]), *idle),
    )
    mocked.get(BASE + "job/c/api/json", json=job_state(2, (1, "UNSTABLE")))
    mocked.get(BASE + "job/d/api/json", json=job_state(2, (1, "ABORTED")))
    monitor = BuildMonitor(client, [(j, 1) for j in "abcd"], clock=FakeClock())
    assert {d.job.full_name: d.result for d in monitor} == {
        "a": BuildResult.SUCCESS,
        "b": BuildResult.FAILURE,
        "c": BuildResult.UNSTABLE,
        "d": BuildResult.ABORTED,
    }
    assert monitor.requests_per_round == [1, 2, 3]
    assert [p for _, p, _ in sent(mocked)].count("api/json") == 1
