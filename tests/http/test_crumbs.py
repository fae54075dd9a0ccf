"""Crumb lifecycle: cold, cached, expired, CSRF off, refused crumb (one retry), permission 403."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk._http.crumb import Crumb, CrumbManager, is_crumb_rejection
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.http._helpers import BASE, CRUMB_JSON, CRUMB_VALUE, TOKEN, payload

ISSUER = BASE + "crumbIssuer/api/json"
BUILD = BASE + "job/a/build"
REFUSED = payload("stagecraft__15_wrongcrumb_403.html")


def _issuer_calls(mocked: responses.RequestsMock) -> int:
    return sum(1 for c in mocked.calls if c.request.url == ISSUER)


def _posts(mocked: responses.RequestsMock) -> list[responses.Call]:
    return [c for c in mocked.calls if c.request.method == "POST"]


def test_cold_cache_fetches_once_then_reuses(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, json=CRUMB_JSON, headers={"Set-Cookie": "JSESSIONID.ab12cd34=sess1; Path=/"})
    mocked.post(BUILD, status=201, headers={"Location": BASE + "queue/item/1/"})
    client = make_client()
    assert _issuer_calls(mocked) == 0  # nothing is fetched before the first mutation
    for _ in range(3):
        client.requester.post("job/a/build")
    assert _issuer_calls(mocked) == 1
    for call in _posts(mocked):
        assert call.request.headers["Jenkins-Crumb"] == CRUMB_VALUE
        # the crumb travels with the session cookie the issuer set
        assert "JSESSIONID.ab12cd34=sess1" in call.request.headers["Cookie"]
    assert client.metrics.crumb_fetches == 1


def test_gets_never_fetch_crumbs(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", json={})
    client = make_client()
    client.get_json("api/json")
    assert _issuer_calls(mocked) == 0
    assert "Jenkins-Crumb" not in mocked.calls[0].request.headers


def test_expired_crumb_is_fetched_again(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient], clock: ManualClock
) -> None:
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.post(BUILD, status=201)
    client = make_client()
    client.requester.post("job/a/build")
    clock.advance(299)
    client.requester.post("job/a/build")
    assert _issuer_calls(mocked) == 1
    clock.advance(2)  # past the 5-minute TTL
    client.requester.post("job/a/build")
    assert _issuer_calls(mocked) == 2


def test_issuer_404_means_csrf_off_until_ttl(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient], clock: ManualClock
) -> None:
    mocked.get(ISSUER, status=404, body="<html>Not Found</html>")
    mocked.post(BUILD, status=201)
    client = make_client()
    for _ in range(3):
        client.requester.post("job/a/build")
    assert _issuer_calls(mocked) == 1
    assert all("Jenkins-Crumb" not in c.request.headers for c in _posts(mocked))
    clock.advance(301)
    client.requester.post("job/a/build")
    assert _issuer_calls(mocked) == 2
    assert client.metrics.snapshot().crumb_outcomes == {"disabled": 2}


def test_refused_crumb_is_refreshed_and_retried_exactly_once(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    fresh = dict(CRUMB_JSON, crumb="f" * 64)
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.get(ISSUER, json=fresh)
    mocked.post(BUILD, status=403, body=REFUSED, content_type="text/html")
    mocked.post(BUILD, status=201)
    client = make_client()
    response = client.requester.post("job/a/build")
    assert response.status == 201
    posts = _posts(mocked)
    assert len(posts) == 2
    assert posts[0].request.headers["Jenkins-Crumb"] == CRUMB_VALUE
    assert posts[1].request.headers["Jenkins-Crumb"] == "f" * 64
    assert _issuer_calls(mocked) == 2


def test_crumb_refused_twice_is_forbidden_after_one_retry(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.post(BUILD, status=403, body=REFUSED, content_type="text/html")
    client = make_client()
    with pytest.raises(errors.Forbidden) as info:
        client.requester.post("job/a/build")
    assert len(_posts(mocked)) == 2
    assert info.value.hint is not None and "refused again" in info.value.hint


def test_permission_403_is_not_retried(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.post(
        BUILD,
        status=403,
        body="<html>alice is missing the Job/Build permission</html>",
        headers={"X-Required-Permission": "hudson.model.Item.Build"},
    )
    client = make_client()
    with pytest.raises(errors.Forbidden) as info:
        client.requester.post("job/a/build")
    assert len(_posts(mocked)) == 1
    assert _issuer_calls(mocked) == 1
    assert info.value.hint == "the user lacks the permission hudson.model.Item.Build"


def test_api_token_skips_crumbs_until_the_server_demands_one(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.post(BASE + "job/free/build", status=201)
    client = make_client(username="bot", api_token=TOKEN, password=None)
    client.requester.post("job/free/build")
    assert _issuer_calls(mocked) == 0
    assert "Jenkins-Crumb" not in _posts(mocked)[0].request.headers
    # a server that demands crumbs even for tokens
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.post(BUILD, status=403, body=REFUSED)
    mocked.post(BUILD, status=201)
    client.requester.post("job/a/build")
    client.requester.post("job/a/build")
    posts = _posts(mocked)
    assert [p.request.headers.get("Jenkins-Crumb") for p in posts] == [
        None,
        None,
        CRUMB_VALUE,
        CRUMB_VALUE,
    ]
    assert _issuer_calls(mocked) == 1


def test_anonymous_mutations_use_crumbs(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, json=CRUMB_JSON)
    mocked.post(BUILD, status=201)
    make_client(anonymous=True).requester.post("job/a/build")
    assert _posts(mocked)[0].request.headers["Jenkins-Crumb"] == CRUMB_VALUE


def test_issuer_failure_is_crumb_fetch_failed(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, status=500, body="oops")
    client = make_client(retry={"total": 0})
    with pytest.raises(errors.CrumbFetchFailed) as info:
        client.requester.post("job/a/build")
    assert isinstance(info.value.__cause__, errors.InternalError)
    assert not _posts(mocked)


def test_issuer_answer_without_crumb_is_crumb_fetch_failed(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(ISSUER, json={"_class": "x"})
    with pytest.raises(errors.CrumbFetchFailed):
        make_client().requester.post("job/a/build")


def test_rejection_detection() -> None:
    assert is_crumb_rejection(403, REFUSED)
    assert not is_crumb_rejection(403, "<html>Access Denied</html>")
    assert not is_crumb_rejection(401, REFUSED)


def test_single_flight_on_a_cold_cache() -> None:
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def fetch() -> Crumb:
        calls.append(1)
        started.set()
        release.wait(5)
        return Crumb("Jenkins-Crumb", "v1")

    manager = CrumbManager(fetch, ttl=300, clock=ManualClock())
    results: list[Crumb | None] = []
    threads = [threading.Thread(target=lambda: results.append(manager.get())) for _ in range(32)]
    for thread in threads:
        thread.start()
    assert started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(calls) == 1
    assert results == [Crumb("Jenkins-Crumb", "v1")] * 32


def test_concurrent_refreshes_of_the_same_rejected_crumb_fetch_once() -> None:
    values = iter(["v1", "v2", "v3"])
    manager = CrumbManager(lambda: Crumb("H", next(values)), ttl=300, clock=ManualClock())
    first = manager.get()
    refreshed = {manager.refresh(first) for _ in range(10)}
    assert refreshed == {Crumb("H", "v2")}
    assert manager.fetches == 2
    assert manager.demanded
    assert "v2" not in repr(manager.get())
