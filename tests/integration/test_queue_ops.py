"""client.queue over loopback against the emulator: items, cancel, waiting, expired left items."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import QueueRef
from jenkins_sdk.testing import LinkedClock
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import ParamDef
from tests.integration._ops_support import client, emu_time

__all__ = ["client", "emu_time"]

# Jenkins keeps left items readable for 5 minutes (Queue.leftItems cache).
LEFT_ITEM_TTL = 5 * 60


def test_get_and_list_waiting_items(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("a b/app", params=[ParamDef("N")])
    first = client.builds.trigger("a b/app", {"N": "1"})
    second = client.builds.trigger("a b/app", {"N": "2"})
    item = client.queue.get(first)
    assert item.id == first.id and item.task is not None and item.task.name == "app"
    assert item.why and "quiet period" in item.why
    assert {i.id for i in client.queue.list()} == {first.id, second.id}


def test_wait_for_build_looks_when_the_quiet_period_ends(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    jenkins_emulator.freestyle("app", quiet_period=20)
    ref = client.builds.trigger("app")
    assert client.queue.wait_for_build(ref, timeout=60).number == 1
    # WaitingItem.timestamp says when the quiet period ends: looks every max_poll (5 s) until
    # then and one right at its end (the doubling 1, 2, 4, 5, 5, 5 s reached 22 s)
    assert emu_time.sleeps == [5.0, 5.0, 5.0, 5.0]
    again = client.builds.trigger("app")
    assert client.queue.wait_for_build(again, timeout=60, max_poll=30).number == 2
    assert emu_time.sleeps[4:] == [pytest.approx(20.05)]  # one look, just after the end


def test_after_the_quiet_period_looks_double_from_poll(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    jenkins_emulator.state.executors = 1
    jenkins_emulator.freestyle("busy", duration=30, quiet_period=0)
    jenkins_emulator.freestyle("app", quiet_period=2, concurrent=True)
    jenkins_emulator.trigger("busy")
    ref = client.builds.trigger("app")
    assert client.queue.wait_for_build(ref, timeout=60).number == 1
    # 2 s of quiet period, then buildable (waiting for the executor until 30 s): 1, 2, 4, 5...
    assert emu_time.sleeps[0] == pytest.approx(2.05)
    assert emu_time.sleeps[1:5] == [1.0, 2.0, 4.0, 5.0]


def test_cancel_then_wait_raises_queue_cancelled(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app")
    ref = client.builds.trigger("app")
    client.queue.cancel(ref)
    assert client.queue.list() == []
    assert client.queue.get(ref).cancelled is True  # a left item, still readable
    with pytest.raises(errors.QueueCancelled):
        client.queue.wait_for_build(ref, timeout=60)
    with pytest.raises(errors.NotFound):
        client.queue.cancel(ref)  # already left the queue


def test_wait_for_build_times_out(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("app", quiet_period=600)
    ref = client.builds.trigger("app")
    with pytest.raises(errors.QueueTimeout):
        client.queue.wait_for_build(ref, timeout=30)


def test_expired_left_item_is_found_through_the_triggered_job(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("team/odd #1")
    ref = client.builds.trigger("team/odd #1")
    jenkins_emulator.advance(10)  # started ...
    jenkins_emulator.advance(LEFT_ITEM_TTL + 60)  # ... and the left item expired
    with pytest.raises(errors.NotFound):
        client.queue.get(ref)
    assert client.queue.wait_for_build(ref, timeout=60).number == 1


def test_expired_left_item_needs_the_job_when_only_the_id_is_known(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app")
    jenkins_emulator.history("app", ["SUCCESS"])
    ref = client.builds.trigger("app")
    jenkins_emulator.advance(10 + LEFT_ITEM_TTL + 60)
    plain = QueueRef(ref.id)
    with pytest.raises(errors.NotFound, match="job="):
        client.queue.wait_for_build(plain, timeout=60)
    assert client.queue.wait_for_build(plain, timeout=60, job="app").number == 2


def test_expired_cancelled_item_is_not_found(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app")
    ref = client.builds.trigger("app")
    client.queue.cancel(ref)
    jenkins_emulator.advance(LEFT_ITEM_TTL + 60)
    with pytest.raises(errors.NotFound, match="cancelled"):
        client.queue.wait_for_build(ref, timeout=60)
