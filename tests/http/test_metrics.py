"""Metrics: counters by endpoint template, forwarding to a sink, and the POST redirect rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk.client import JenkinsClient
from tests.http._helpers import BASE, CRUMB_JSON


class Sink:
    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []

    def request(self, method: str, endpoint: str, status: int | None, elapsed: float) -> None:
        self.events.append(("request", method, endpoint, str(status)))

    def error(self, method: str, endpoint: str, error: str) -> None:
        self.events.append(("error", method, endpoint, error))

    def retry(self, method: str, endpoint: str, reason: str) -> None:
        self.events.append(("retry", method, endpoint, reason))

    def crumb_fetch(self, outcome: str) -> None:
        self.events.append(("crumb", outcome))


def test_counters_by_endpoint_template_and_forwarding(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "job/a/job/b/7/api/json", json={})
    mocked.get(BASE + "job/c/8/api/json", status=404)
    mocked.get(BASE + "crumbIssuer/api/json", json=CRUMB_JSON)
    mocked.post(BASE + "job/c/build", status=201)
    sink = Sink()
    client = make_client(metrics_sink=sink)
    client.get_json("job/a/job/b/7/api/json")
    with pytest.raises(errors.NotFound):
        client.get_json("job/c/8/api/json")
    client.requester.post("job/c/build")
    snap = client.metrics.snapshot()
    stats = snap.endpoints[("GET", "job/{job}/{n}/api/json")]
    assert (stats.count, stats.errors, stats.statuses) == (2, 1, {200: 1, 404: 1})
    assert stats.max_ms >= stats.mean_ms >= 0
    assert (snap.requests, snap.errors, snap.crumb_fetches) == (4, 1, 1)
    assert ("error", "GET", "job/{job}/{n}/api/json", "NotFound") in sink.events
    assert ("crumb", "ok") in sink.events
    assert sum(e[0] == "request" for e in sink.events) == 4
    client.metrics.reset()
    assert client.metrics.requests == 0


def test_metrics_are_thread_safe_counters() -> None:
    import threading

    metrics = Metrics()

    def work() -> None:
        for _ in range(1000):
            metrics.request("GET", "api/json", 200, 0.001)
            metrics.retry("GET", "api/json", "503")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert metrics.requests == 8000
    assert metrics.retries == 8000


def test_mutations_do_not_follow_redirects(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "crumbIssuer/api/json", json=CRUMB_JSON)
    mocked.post(BASE + "quietDown", status=302, headers={"Location": "http://other.host/manage"})
    response = make_client().requester.post("quietDown")
    assert response.status == 302
    assert [c.request.url for c in mocked.calls][-1] == BASE + "quietDown"
