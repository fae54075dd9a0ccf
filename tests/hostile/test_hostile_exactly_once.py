"""Issue 18, class 6: one trigger, one build — behind proxies that answer after forwarding too.

Enforced in two places: the transport re-sends a POST only on proof that Jenkins did not act on
it (its own "restarting" page; a connection refused before sending), and
``jenkins_sdk/resources/_reconcile.py`` finds what an ambiguous trigger queued (same job,
parameters and user, since the call began) before anything is sent again. Each case counts the
builds and queue items the emulator really has for the trigger's unique parameter.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import InputSpec, JenkinsEmulator, LinkedClock, ParamDef, StageSpec

USER, PASSWORD = "alice", "alice-Passw0rd!"
JOB = "app"
TRIGGER = "/job/app/buildWithParameters"


def _started(emu: JenkinsEmulator, mark: str) -> int:
    """Builds and waiting queue items of the job that carry ``MARK=mark``."""
    job = emu.job(JOB)
    builds = sum(
        1
        for build in job.builds.values()
        for definition, value in build.params
        if definition.name == "MARK" and value == mark
    )
    queued = sum(
        1
        for item in list(emu.state.queue.values())
        if item.job is job
        and item.state != "left"
        and any(d.name == "MARK" and v == mark for d, v in item.params)
    )
    return builds + queued


@pytest.fixture
def emu(jenkins_emulator: JenkinsEmulator) -> JenkinsEmulator:
    jenkins_emulator.freestyle(JOB, params=[ParamDef("MARK", "string", "")], duration=5.0)
    jenkins_emulator.user(USER, PASSWORD)
    return jenkins_emulator


def _client(emu: JenkinsEmulator) -> JenkinsClient:
    return JenkinsClient(
        url=emu.url, username=USER, password=PASSWORD, clock=LinkedClock(emu), response_timeout=30
    )


FAULTS: dict[str, Callable[[JenkinsEmulator], object]] = {
    "proxy 503 before forwarding": lambda e: e.proxy_error(503, path=TRIGGER, method="POST"),
    "proxy 503 after forwarding": lambda e: e.proxy_error(
        503, path=TRIGGER, method="POST", after=True
    ),
    "proxy 502 after forwarding": lambda e: e.proxy_error(
        502, path=TRIGGER, method="POST", after=True
    ),
    "reset before the request is read": lambda e: e.reset_connection(path=TRIGGER),
    "reset after the request was handled": lambda e: e.reset_connection(after=True, path=TRIGGER),
    "Jenkins restarting": lambda e: e.restart(3.0),
    "twice in a row: reset after, then proxy after": lambda e: (
        e.reset_connection(after=True, path=TRIGGER),
        e.proxy_error(503, path=TRIGGER, method="POST", after=True),
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_faulty_trigger_returns_the_one_build_it_started(
    emu: JenkinsEmulator, fault: str
) -> None:
    FAULTS[fault](emu)
    with _client(emu) as client:
        queued = client.builds.trigger(JOB, {"MARK": fault})
        build = client.queue.wait_for_build(queued, timeout=120)
    assert _started(emu, fault) == 1
    number = build.number
    assert number is not None
    assert emu.job(JOB).builds[number].params[0][1] == fault


def test_several_matching_builds_say_the_outcome_cannot_be_told(emu: JenkinsEmulator) -> None:
    """Two queued items with the trigger's parameters and user since the call began: which one
    the broken POST created cannot be told (Jenkins would have merged identical waiting items,
    so one of them had started meanwhile)."""
    with _client(emu) as client:
        first = client.builds.trigger(JOB, {"MARK": "same"})
        client.queue.wait_for_build(first, timeout=120)  # started: a new trigger queues anew
        emu.reset_connection(after=True, path=TRIGGER)
        with pytest.raises(errors.TriggerOutcomeUnknown) as caught:
            client.builds.trigger(JOB, {"MARK": "same"})
    assert not caught.value.retryable
    assert "several" in str(caught.value)
    assert _started(emu, "same") == 2  # nothing was sent a third time


def test_a_refused_trigger_is_not_reconciled(emu: JenkinsEmulator) -> None:
    """A 4xx is Jenkins refusing: provably nothing queued, no search, no re-send."""
    emu.job(JOB).disabled = True
    with _client(emu) as client, pytest.raises(errors.HTTPStatusError) as caught:
        client.builds.trigger(JOB, {"MARK": "refused"})
    assert caught.value.acted_on is False
    assert not [r for r in emu.request_log if r.path.startswith("/queue/api")]


def test_input_answers_are_exactly_once_behind_a_forwarding_proxy(
    jenkins_emulator: JenkinsEmulator,
) -> None:
    emu = jenkins_emulator
    emu.pipeline(
        "p",
        stages=[StageSpec("Approve", duration=1.0, input=InputSpec("Ship it?", id="Ship"))],
    )
    user, token = emu.credentials
    with JenkinsClient(url=emu.url, username=user, api_token=token, clock=LinkedClock(emu)) as c:
        queued = c.builds.trigger("p")
        number = c.queue.wait_for_build(queued, timeout=60).number
        assert number is not None
        emu.advance(2.0)
        assert [p.id for p in c.pipelines.pending_inputs("p", number)] == ["Ship"]
        emu.proxy_error(503, path="/input/Ship/proceedEmpty", method="POST", after=True)
        c.pipelines.submit_input("p", number, "Ship")  # taken once, no error, no second POST
        assert c.pipelines.pending_inputs("p", number) == []
    posts = [r for r in emu.request_log if r.method == "POST" and "proceedEmpty" in r.path]
    assert len(posts) == 1
