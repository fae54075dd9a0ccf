"""Unit tests (responses) for BuildMonitor: one request per job per round, completion order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources.monitor import BuildMonitor
from jenkins_sdk.status import BuildResult, BuildState
from tests.resources._helpers import BASE, FakeClock, sent


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c


def job_state(next_number: int, *builds: tuple[int, str | None]) -> dict[str, Any]:
    return {
        "nextBuildNumber": next_number,
        "allBuilds": [
            {"number": n, "building": result is None, "result": result} for n, result in builds
        ],
    }


def test_one_request_per_job_per_round_and_builds_yielded_as_they_finish(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    a, b = BASE + "job/a/api/json", BASE + "job/f/job/b/api/json"
    mocked.get(a, json=job_state(3, (2, None), (1, "SUCCESS")))
    mocked.get(a, json=job_state(3, (2, "FAILURE"), (1, "SUCCESS")))
    mocked.get(b, json=job_state(6, (5, None), (4, None), (3, "SUCCESS")))
    mocked.get(b, json=job_state(6, (5, None), (4, "ABORTED")))
    mocked.get(b, json=job_state(6, (5, "UNSTABLE"), (4, "ABORTED")))
    clock = FakeClock()
    monitor = BuildMonitor(
        client,
        [("a", 1), ("a", 2), ("f/b", 4), ("f/b", 5)],
        max_workers=4,
        poll_interval=3.0,
        clock=clock,
    )
    done = list(monitor)
    # Round 1 finishes a#1; round 2 a#2 and f/b#4; round 3 f/b#5.
    numbers = [d.number for d in done]
    assert numbers[0] == 1 and numbers[-1] == 5
    by_key = {(d.job.full_name, d.number): d for d in done}
    assert by_key[("a", 1)].result is BuildResult.SUCCESS
    assert by_key[("a", 2)].result is BuildResult.FAILURE
    assert by_key[("f/b", 4)].result is BuildResult.ABORTED
    assert by_key[("f/b", 5)].result is BuildResult.UNSTABLE
    # Round 1: both jobs; round 2: both; round 3: only f/b still has a running build.
    assert monitor.requests_per_round == [2, 2, 1]
    assert len(sent(mocked)) == 5
    assert clock.sleeps == [3.0, 3.0]
    assert monitor.pending == {}


def test_order_follows_completion(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, None)))
    mocked.get(BASE + "job/a/api/json", json=job_state(2, (1, "SUCCESS")))
    mocked.get(BASE + "job/b/api/json", json=job_state(2, (1, "FAILURE")))
    order = [d.job.full_name for d in BuildMonitor(client, [("a", 1), ("b", 1)], clock=FakeClock())]
    assert order == ["b", "a"]


def test_permalinks_are_resolved_once(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(
        BASE + "job/a/lastBuild/api/json", json={"number": 7, "building": True, "result": None}
    )
    mocked.get(BASE + "job/a/api/json", json=job_state(8, (7, "SUCCESS")))
    (done,) = list(BuildMonitor(client, [("a", "lastBuild")], clock=FakeClock()))
    assert done.number == 7 and done.status is not None and done.status.done


def test_deleted_builds_and_jobs_come_back_missing(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "job/a/api/json", json=job_state(9, (8, "SUCCESS")))
    mocked.get(BASE + "job/gone/api/json", status=404, body="<html/>", content_type="text/html")
    done = list(BuildMonitor(client, [("a", 3), ("gone", 1)], clock=FakeClock()))
    assert sorted((d.job.full_name, d.missing) for d in done) == [("a", True), ("gone", True)]


def test_deadline_raises_build_timeout_and_keeps_pending(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "job/a/api/json", json=job_state(3, (2, None), (1, "SUCCESS")))
    clock = FakeClock()
    monitor = BuildMonitor(client, [("a", 1), ("a", 2)], timeout=10, poll_interval=4, clock=clock)
    seen = []
    with pytest.raises(errors.BuildTimeout):
        for item in monitor:
            seen.append(item.number)
    assert seen == [1]
    assert monitor.pending == {JobRef.parse("a"): frozenset({2})}
    assert clock.now == pytest.approx(10)


def test_retryable_errors_are_asked_again_next_round(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    url = BASE + "job/a/api/json"
    mocked.get(url, status=503, body="<html>Restarting</html>", content_type="text/html")
    mocked.get(url, json=job_state(2, (1, "SUCCESS")))
    (done,) = list(BuildMonitor(client, [("a", 1)], clock=FakeClock()))
    assert done.status is not None and done.status.state is BuildState.COMPLETED


def test_bad_arguments(client: JenkinsClient) -> None:
    with pytest.raises(ValueError):
        BuildMonitor(client, [], max_workers=0)
    with pytest.raises(ValueError):
        BuildMonitor(client, [], poll_interval=-1)
    assert list(BuildMonitor(client, [])) == []
