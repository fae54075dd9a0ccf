"""Unit tests (responses) for client.queue: URL, verb and body of every operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import BuildRef, JobRef
from jenkins_sdk.resources.builds import QueuedBuild
from jenkins_sdk.resources.queue import QueueOperations
from tests.resources._helpers import BASE, FakeClock, form, sent

ITEM = BASE + "queue/item/42/api/json"
JOB_URL = "http://configured-root/ctx/job/team/job/app/"


@pytest.fixture
def queue(clock: FakeClock) -> Iterator[QueueOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield QueueOperations(client.requester, clock=clock)


def waiting(item_id: int = 42) -> dict:
    return {
        "_class": "hudson.model.Queue$WaitingItem",
        "id": item_id,
        "url": f"queue/item/{item_id}/",
        "why": "In the quiet period",
        "task": {"name": "app", "url": JOB_URL},
    }


def left(number: int | None, *, cancelled: bool = False) -> dict:
    executable = None if number is None else {"number": number, "url": f"{JOB_URL}{number}/"}
    return {
        "_class": "hudson.model.Queue$LeftItem",
        "id": 42,
        "url": "queue/item/42/",
        "cancelled": cancelled,
        "executable": executable,
        "task": {"name": "app", "url": JOB_URL},
    }


def test_get_reads_one_item(mocked: responses.RequestsMock, queue: QueueOperations) -> None:
    mocked.get(ITEM, json=waiting())
    item = queue.get(42)
    assert item.id == 42 and item.why == "In the quiet period"
    assert sent(mocked)[0][:2] == ("GET", "queue/item/42/api/json")


def test_list_reads_the_queue(mocked: responses.RequestsMock, queue: QueueOperations) -> None:
    mocked.get(BASE + "queue/api/json", json={"items": [waiting(1), waiting(2)]})
    assert [i.id for i in queue.list()] == [1, 2]


def test_cancel_posts_the_id_in_the_body(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.post(BASE + "queue/cancelItem", status=204)
    queue.cancel("http://host/ctx/queue/item/42/")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.url == BASE + "queue/cancelItem"
    assert form(post.body) == {"id": ["42"]}


def test_cancel_of_an_item_gone_is_not_found(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.post(BASE + "queue/cancelItem", status=404, body="Provided id (42) not found")
    with pytest.raises(errors.NotFound):
        queue.cancel(42)


def test_wait_for_build_polls_1_2_4_5_then_returns_the_build(
    mocked: responses.RequestsMock, queue: QueueOperations, clock: FakeClock
) -> None:
    for _ in range(4):
        mocked.get(ITEM, json=waiting())
    mocked.get(ITEM, json=left(None))  # left, but the build is still starting
    mocked.get(ITEM, json=left(17))
    assert queue.wait_for_build(42, timeout=120) == BuildRef.parse(17)
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_wait_for_build_cancelled(mocked: responses.RequestsMock, queue: QueueOperations) -> None:
    mocked.get(ITEM, json=left(None, cancelled=True))
    with pytest.raises(errors.QueueCancelled):
        queue.wait_for_build(42, timeout=60)


def test_wait_for_build_times_out(
    mocked: responses.RequestsMock, queue: QueueOperations, clock: FakeClock
) -> None:
    mocked.get(ITEM, json=waiting())
    with pytest.raises(errors.QueueTimeout):
        queue.wait_for_build(42, timeout=9)
    assert sum(clock.sleeps) == pytest.approx(9)


def test_expired_item_is_found_by_queue_id_through_the_triggered_job(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, status=404, body="<html/>", content_type="text/html")
    mocked.get(
        BASE + "job/team/job/app/api/json",
        json={"builds": [{"number": 18, "queueId": 43}, {"number": 17, "queueId": 42}]},
    )
    ref = QueuedBuild(42, job=JobRef.parse("team/app"))
    assert queue.wait_for_build(ref, timeout=60).number == 17
    assert sent(mocked)[1][2]["tree"] == ["builds[number,queueId]{0,100}"]


def test_expired_item_uses_the_job_learned_from_an_earlier_poll(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, json=waiting())
    mocked.get(ITEM, status=404, body="<html/>", content_type="text/html")
    mocked.get(BASE + "job/team/job/app/api/json", json={"builds": [{"number": 5, "queueId": 42}]})
    assert queue.wait_for_build(42, timeout=60).number == 5


def test_expired_item_without_a_known_job_asks_for_job(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, status=404, body="<html/>", content_type="text/html")
    with pytest.raises(errors.NotFound, match="job="):
        queue.wait_for_build(42, timeout=60)


def test_expired_item_with_no_matching_build_is_not_found(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, status=404, body="<html/>", content_type="text/html")
    mocked.get(BASE + "job/app/api/json", json={"builds": [{"number": 5, "queueId": 41}]})
    with pytest.raises(errors.NotFound, match="cancelled"):
        queue.wait_for_build(42, timeout=60, job="app")


# --- garbage in the item's JSON (BUG-5) -----------------------------------------------------


def test_executable_that_is_not_an_object_is_a_shape_error(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, json={"id": 42, "executable": "x", "task": {"url": BASE + "job/app/"}})
    with pytest.raises(errors.ResponseShapeError, match=r"\$\.executable: expected an object"):
        queue.wait_for_build(42, timeout=60)


def test_task_that_is_not_an_object_is_a_shape_error(
    mocked: responses.RequestsMock, queue: QueueOperations
) -> None:
    mocked.get(ITEM, json={"id": 42, "task": ["app"], "executable": {"number": 3}})
    with pytest.raises(errors.ResponseShapeError, match=r"\$\.task: expected an object"):
        queue.wait_for_build(42, timeout=60)


@pytest.mark.parametrize("number", ["7", True, 7.5, [7]])
def test_executable_number_of_the_wrong_type_is_a_shape_error(
    mocked: responses.RequestsMock, queue: QueueOperations, number: object
) -> None:
    mocked.get(ITEM, json={"id": 42, "executable": {"number": number}})
    with pytest.raises(errors.ResponseShapeError, match=r"\$\.executable\.number: expected an"):
        queue.wait_for_build(42, timeout=60)


def test_executable_without_a_number_yet_keeps_waiting(
    mocked: responses.RequestsMock, queue: QueueOperations, clock: FakeClock
) -> None:
    mocked.get(ITEM, json={"id": 42, "executable": {}})
    mocked.get(ITEM, json={"id": 42, "executable": {"number": None}})
    mocked.get(ITEM, json=left(7))
    assert queue.wait_for_build(42, timeout=60).number == 7
    assert len(clock.sleeps) == 2


@pytest.mark.parametrize(
    ("builds", "fragment"),
    [
        (["x", {"queueId": 42, "number": 8}], r"\$\.builds\[0\]: expected an object"),
        ([{"queueId": 42, "number": "9"}], r"\$\.builds\[0\]\.number: expected an integer"),
        ([{"queueId": "42", "number": 9}], r"\$\.builds\[0\]\.queueId: expected an integer"),
        ({"queueId": 42}, r"\$\.builds: expected a list"),
    ],
)
def test_expired_item_with_garbage_build_entries_is_a_shape_error(
    mocked: responses.RequestsMock, queue: QueueOperations, builds: object, fragment: str
) -> None:
    mocked.get(ITEM, status=404, body="<html/>", content_type="text/html")
    mocked.get(BASE + "job/app/api/json", json={"builds": builds})
    with pytest.raises(errors.ResponseShapeError, match=fragment):
        queue.wait_for_build(42, timeout=60, job="app")
