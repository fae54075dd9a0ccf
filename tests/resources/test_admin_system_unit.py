"""Unit tests (responses) for restarts and waiting until ready (``Jenkins.doRestart``,
``doSafeRestart``, ``doSafeExit``, ``doReload``; ``HudsonIsRestarting``/``HudsonIsLoading`` 503
pages; docs/protocol-admin.md §3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import RetrySettings
from jenkins_sdk.resources.system import SystemOperations
from tests.resources._helpers import BASE, FakeClock, form, sent

RESTARTING = "<html><head><title>Restarting Jenkins</title></head></html>"
ROOT = {"_class": "hudson.model.Hudson", "mode": "NORMAL", "quietingDown": False}


@pytest.fixture
def system(clock: FakeClock) -> Iterator[SystemOperations]:
    with JenkinsClient(
        url=BASE,
        username="alice",
        api_token="t0k3n",
        clock=clock,
        retry=RetrySettings(total=0),
    ) as c:
        yield c.system


def test_lifecycle_posts(mocked: responses.RequestsMock, system: SystemOperations) -> None:
    for action in ("restart", "safeRestart", "reload"):
        mocked.post(BASE + action, status=302, headers={"Location": BASE})
    mocked.post(BASE + "safeExit", body="Shutting down as soon as all jobs are complete")
    system.restart()
    system.safe_restart(message="upgrade")
    system.safe_exit()
    system.reload()
    assert [p for _, p, _ in sent(mocked)] == ["restart", "safeRestart", "safeExit", "reload"]
    safe = next(c.request for c in mocked.calls if c.request.url.endswith("safeRestart"))
    assert form(safe.body) == {"message": ["upgrade"]}


def test_restart_not_supported_is_an_internal_error(
    mocked: responses.RequestsMock, system: SystemOperations
) -> None:
    mocked.post(BASE + "restart", status=500, body="RestartNotSupportedException")
    with pytest.raises(errors.InternalError):
        system.restart()


def test_wait_rides_through_refusals_503_and_quiet_down(
    mocked: responses.RequestsMock, system: SystemOperations, clock: FakeClock
) -> None:
    mocked.get(BASE + "api/json", body=requests.ConnectionError("refused"))
    mocked.get(BASE + "api/json", status=503, body=RESTARTING, content_type="text/html")
    mocked.get(BASE + "api/json", status=502, body="<html>Bad Gateway</html>")
    mocked.get(BASE + "api/json", json={**ROOT, "quietingDown": True})
    mocked.get(BASE + "api/json", json=ROOT)
    info = system.wait_until_ready(timeout=60)
    assert info.mode == "NORMAL"
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0]
    assert len(sent(mocked)) == 5


def test_wait_gives_up_at_the_deadline(
    mocked: responses.RequestsMock, system: SystemOperations, clock: FakeClock
) -> None:
    mocked.get(BASE + "api/json", status=503, body=RESTARTING, content_type="text/html")
    with pytest.raises(errors.NotReadyTimeout):
        system.wait_until_ready(timeout=12)
    # the last probe is made a second before the deadline, not at it (the wait ends in time)
    assert clock.sleeps == [1.0, 2.0, 4.0, 4.0]
    assert len(sent(mocked)) == 5


def test_wait_without_a_timeout_ends_at_the_client_wait_timeout(
    mocked: responses.RequestsMock, clock: FakeClock
) -> None:
    mocked.get(BASE + "api/json", status=503, body=RESTARTING, content_type="text/html")
    with (
        JenkinsClient(
            url=BASE, username="alice", api_token="t0k3n", clock=clock, wait_timeout=40
        ) as client,
        pytest.raises(errors.NotReadyTimeout, match="after 40 s"),
    ):
        client.system.wait_until_ready()
    assert 38 <= sum(clock.sleeps) <= 40


def test_wrong_credentials_are_not_waited_for(
    mocked: responses.RequestsMock, system: SystemOperations
) -> None:
    mocked.get(BASE + "api/json", status=401, headers={"WWW-Authenticate": 'Basic realm="Jenkins"'})
    with pytest.raises(errors.Unauthorized):
        system.wait_until_ready(timeout=60)
    with pytest.raises(errors.Unauthorized):
        system.is_ready()


def test_is_ready(mocked: responses.RequestsMock, system: SystemOperations) -> None:
    mocked.get(BASE + "api/json", status=503, body=RESTARTING, content_type="text/html")
    mocked.get(BASE + "api/json", json=ROOT)
    assert system.is_ready() is False
    assert system.is_ready() is True


def test_a_container_404_is_not_yet_but_jenkins_404_is_raised(
    mocked: responses.RequestsMock, system: SystemOperations, clock: FakeClock
) -> None:
    """A Tomcat whose Jenkins context is redeploying answers 404 without Jenkins' headers: keep
    waiting (and say so when time is up). A 404 carrying ``X-Jenkins`` is Jenkins' own: raised."""
    tomcat = "<html><body><h1>HTTP Status 404 - Not Found</h1></body></html>"
    mocked.get(BASE + "api/json", status=404, body=tomcat, content_type="text/html")
    mocked.get(BASE + "api/json", json=ROOT)
    assert system.wait_until_ready(timeout=30).mode == "NORMAL"
    assert clock.sleeps == [1.0]
    mocked.replace(responses.GET, BASE + "api/json", status=404, body=tomcat)
    with pytest.raises(errors.NotReadyTimeout, match=r"last answer: 404"):
        system.wait_until_ready(timeout=5)
    mocked.replace(responses.GET, BASE + "api/json", status=404, headers={"X-Jenkins": "2.541"})
    with pytest.raises(errors.NotFound):
        system.wait_until_ready(timeout=5)
