"""Core behaviour over real sockets: crumbs bound to the session cookie, single flight, pool
reuse, retries with backoff / Retry-After on the client's clock, POST safety, from_env."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.http._mini_jenkins import COOKIE, MiniJenkins, mini_jenkins

PASSWORD = "alice-password"
TOKEN = "a" * 34


@pytest.fixture
def jenkins() -> Iterator[MiniJenkins]:
    with mini_jenkins() as server:
        yield server


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def _client(server: MiniJenkins, clock: ManualClock, **kwargs: object) -> JenkinsClient:
    kwargs.setdefault("username", "alice")
    if "api_token" not in kwargs:
        kwargs.setdefault("password", PASSWORD)
    return JenkinsClient(url=server.url, clock=clock, **kwargs)  # type: ignore[arg-type]


# --- from_env + get_json, CSRF on and off, password and token --------------------------------


@pytest.mark.parametrize("csrf", [True, False], ids=["csrf-on", "csrf-off"])
@pytest.mark.parametrize("secret_var", ["JENKINS_PASSWORD", "JENKINS_API_TOKEN"])
def test_from_env_get_json_and_trigger(
    monkeypatch: pytest.MonkeyPatch, csrf: bool, secret_var: str
) -> None:
    with mini_jenkins(csrf=csrf) as server:
        monkeypatch.setenv("JENKINS_URL", server.url)
        monkeypatch.setenv("JENKINS_USER_ID", "alice")
        monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
        monkeypatch.delenv("JENKINS_API_TOKEN", raising=False)
        monkeypatch.setenv(secret_var, PASSWORD if secret_var == "JENKINS_PASSWORD" else TOKEN)
        with JenkinsClient.from_env() as client:
            root = client.get_json("/api/json")
            assert root["useCrumbs"] is csrf
            response = client.requester.post("job/app/build")
            assert response.status == 201
            assert response.headers["Location"].endswith("/jenkins/queue/item/1/")
        by_token = secret_var == "JENKINS_API_TOKEN"
        # tokens are exempt from crumbs: no fetch; passwords fetch once (404 when CSRF is off)
        assert server.crumb_fetches == (0 if by_token else 1)


def test_bad_password_is_unauthorized(jenkins: MiniJenkins, clock: ManualClock) -> None:
    with _client(jenkins, clock, password="wrong") as client, pytest.raises(errors.Unauthorized):
        client.get_json("api/json")


# --- crumbs and the session cookie -----------------------------------------------------------


def test_crumb_is_bound_to_the_session_cookie(jenkins: MiniJenkins, clock: ManualClock) -> None:
    with _client(jenkins, clock) as client:
        for _ in range(5):
            client.requester.post("job/app/build")
        assert jenkins.crumb_fetches == 1
        assert jenkins.posts_ok == 5
        sessions = set(jenkins.post_cookies)
        assert len(sessions) == 1 and None not in sessions
        assert client.requester.crumbs.fetches == 1


def test_expired_session_refused_crumb_is_refreshed_once(
    jenkins: MiniJenkins, clock: ManualClock
) -> None:
    with _client(jenkins, clock) as client:
        client.requester.post("job/app/build")
        jenkins.expire_sessions()  # the server forgets the session: the crumb is now refused
        client.requester.post("job/app/build")
        assert jenkins.crumb_fetches == 2
        assert jenkins.posts_ok == 2
        assert len(jenkins.post_cookies) == 3  # ok, refused, ok after refresh
        assert jenkins.post_cookies[1] != jenkins.post_cookies[2]


def test_session_cookie_without_its_crumb_is_refused(jenkins: MiniJenkins) -> None:
    """Control: the server really checks the pairing, so the tests above can fail."""
    import requests

    with _client(jenkins, ManualClock()) as client:
        client.requester.post("job/app/build")
    crumb = jenkins.crumb_for("alice", jenkins.post_cookies[0] or "")
    fresh = requests.post(
        jenkins.url + "job/app/build",
        auth=("alice", PASSWORD),
        headers={"Jenkins-Crumb": crumb},
        timeout=5,
    )
    assert fresh.status_code == 403
    assert COOKIE not in fresh.headers.get("Set-Cookie", "")


def test_32_threads_on_a_cold_cache_fetch_one_crumb(
    jenkins: MiniJenkins, clock: ManualClock
) -> None:
    jenkins.issuer_gate = threading.Event()
    started = threading.Barrier(32)
    entered: list[int] = []
    lock = threading.Lock()

    def trigger(i: int) -> int:
        started.wait(10)
        with lock:
            entered.append(i)
        return client.requester.post("job/app/build").status

    with _client(jenkins, clock, max_connections=32) as client, ThreadPoolExecutor(32) as pool:
        futures = [pool.submit(trigger, i) for i in range(32)]
        assert jenkins.issuer_entered.wait(10)
        for _ in range(1000):  # let every thread reach the crumb cache before answering
            with lock:
                if len(entered) == 32:
                    break
            jenkins.issuer_gate.wait(0.005)
        jenkins.issuer_gate.set()
        statuses = [f.result(10) for f in futures]
    assert statuses == [201] * 32
    assert jenkins.crumb_fetches == 1
    assert jenkins.posts_ok == 32


# --- connection pool ------------------------------------------------------------------------


@pytest.mark.parametrize(("pool", "threads"), [(16, 16), (4, 16)])
def test_pool_reuses_connections(
    jenkins: MiniJenkins, clock: ManualClock, pool: int, threads: int
) -> None:
    with _client(jenkins, clock, max_connections=pool) as client:

        def work(i: int) -> str:
            return str(client.get_json(f"job/j{i % 7}/api/json")["path"])

        with ThreadPoolExecutor(threads) as executor:
            results = list(executor.map(work, range(1000)))
        assert len(results) == 1000
        assert client.metrics.requests == 1000
    assert 1 <= jenkins.connections <= pool


# --- retries over real sockets, on the client's clock ---------------------------------------


def test_get_backoff_1_2_seconds_on_the_injected_clock(
    jenkins: MiniJenkins, clock: ManualClock
) -> None:
    jenkins.script["api/json"] = [(503, {}), (503, {})]
    with _client(jenkins, clock) as client:
        assert client.get_json("api/json")["mode"] == "NORMAL"
        assert client.metrics.retries == 2
    assert jenkins.hits["api/json"] == 3
    assert clock.sleeps == [1.0, 2.0]


def test_get_gives_up_after_1_2_4_seconds(jenkins: MiniJenkins, clock: ManualClock) -> None:
    jenkins.script["api/json"] = [(503, {})] * 10
    with _client(jenkins, clock) as client, pytest.raises(errors.ServiceUnavailable):
        client.get_json("api/json")
    assert jenkins.hits["api/json"] == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_retry_after_honoured_and_capped(jenkins: MiniJenkins, clock: ManualClock) -> None:
    jenkins.script["api/json"] = [(429, {"Retry-After": "3"}), (503, {"Retry-After": "86400"})]
    with _client(jenkins, clock, retry={"retry_after_max": 30}) as client:
        assert client.get_json("api/json")["mode"] == "NORMAL"
    assert clock.sleeps == [3.0, 30.0]


def test_get_is_retried_after_a_connection_reset(jenkins: MiniJenkins, clock: ManualClock) -> None:
    jenkins.reset_on["api/json"] = 1
    with _client(jenkins, clock) as client:
        assert client.get_json("api/json")["mode"] == "NORMAL"
    assert jenkins.hits["api/json"] == 2


def test_post_is_not_resent_after_a_reset(jenkins: MiniJenkins, clock: ManualClock) -> None:
    jenkins.reset_on["job/app/build"] = 1
    with _client(jenkins, clock, api_token=TOKEN) as client, pytest.raises(errors.NetworkError):
        client.requester.post("job/app/build")
    assert jenkins.hits["job/app/build"] == 1
    assert jenkins.posts_ok == 0


@pytest.mark.parametrize("status", [500, 502, 504])
def test_post_is_not_resent_after_a_server_error(
    jenkins: MiniJenkins, clock: ManualClock, status: int
) -> None:
    jenkins.script["job/app/build"] = [(status, {})]
    with _client(jenkins, clock, api_token=TOKEN) as client, pytest.raises(errors.ServerError):
        client.requester.post("job/app/build")
    assert jenkins.hits["job/app/build"] == 1


def test_post_is_resent_after_503(jenkins: MiniJenkins, clock: ManualClock) -> None:
    jenkins.script["job/app/build"] = [(503, {})]
    with _client(jenkins, clock, api_token=TOKEN) as client:
        assert client.requester.post("job/app/build").status == 201
    assert jenkins.hits["job/app/build"] == 2
    assert jenkins.posts_ok == 1


def test_post_is_resent_when_the_connection_is_refused(clock: ManualClock) -> None:
    with mini_jenkins() as server:
        url = server.url
    # the server is gone: nothing listens on the port any more
    client = JenkinsClient(url=url, username="alice", api_token=TOKEN, clock=clock)
    with client, pytest.raises(errors.NetworkError):
        client.requester.post("job/app/build")
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert client.metrics.retries == 3
