"""The core against the bundled Jenkins emulator: from_env + get_json with CSRF on/off and
password/token auth, crumbs bound to the session, single flight, pool reuse."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing.emulator import (
    DEFAULT_PASSWORD,
    DEFAULT_TOKEN,
    DEFAULT_USER,
    JenkinsEmulator,
)


@pytest.fixture
def emulator() -> Iterator[JenkinsEmulator]:
    with JenkinsEmulator(context_path="/jenkins") as emu:
        emu.freestyle("app")
        yield emu


def _client(emu: JenkinsEmulator, **kwargs: object) -> JenkinsClient:
    kwargs.setdefault("username", DEFAULT_USER)
    if "api_token" not in kwargs:
        kwargs.setdefault("password", DEFAULT_PASSWORD)
    return JenkinsClient(url=emu.url, clock=ManualClock(), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("csrf", [True, False], ids=["csrf-on", "csrf-off"])
@pytest.mark.parametrize("auth", ["password", "token"])
def test_from_env_get_json_with_csrf_on_and_off(
    monkeypatch: pytest.MonkeyPatch, csrf: bool, auth: str
) -> None:
    with JenkinsEmulator(context_path="/jenkins", csrf=csrf) as emu:
        emu.freestyle("app")
        monkeypatch.setenv("JENKINS_URL", emu.url)
        monkeypatch.setenv("JENKINS_USER_ID", DEFAULT_USER)
        monkeypatch.delenv("JENKINS_PASSWORD", raising=False)
        monkeypatch.delenv("JENKINS_API_TOKEN", raising=False)
        if auth == "password":
            monkeypatch.setenv("JENKINS_PASSWORD", DEFAULT_PASSWORD)
        else:
            monkeypatch.setenv("JENKINS_API_TOKEN", DEFAULT_TOKEN)
        with JenkinsClient.from_env() as client:
            root = client.get_json("/api/json")
            assert root["_class"] == "hudson.model.Hudson"
            assert any(job["name"] == "app" for job in root["jobs"])
            response = client.requester.post("job/app/build")
            assert response.status == 201
            assert "/jenkins/queue/item/" in response.headers["Location"]
        expected = 1 if (csrf and auth == "password") else 0
        assert emu.counters.crumbs_issued == expected


def test_wrong_token_is_unauthorized(emulator: JenkinsEmulator) -> None:
    with _client(emulator, api_token="0" * 34) as client, pytest.raises(errors.Unauthorized):
        client.get_json("api/json")


def test_crumb_bound_to_session_is_refreshed_once_when_the_session_ends(
    emulator: JenkinsEmulator,
) -> None:
    with _client(emulator) as client:
        client.requester.post("job/app/build")
        client.requester.post("job/app/build")
        assert emulator.counters.crumbs_issued == 1
        emulator.expire_crumbs()
        client.requester.post("job/app/build")
        assert emulator.counters.crumbs_issued == 2
        assert client.requester.crumbs.fetches == 2


def test_32_threads_on_a_cold_cache_fetch_one_crumb(emulator: JenkinsEmulator) -> None:
    barrier = threading.Barrier(32)
    with _client(emulator, max_connections=32) as client:

        def trigger(_: int) -> int:
            barrier.wait(10)
            return client.requester.post("job/app/build").status

        with ThreadPoolExecutor(32) as pool:
            statuses = list(pool.map(trigger, range(32)))
    assert statuses == [201] * 32
    assert emulator.counters.crumbs_issued == 1


def test_pool_reuse_1000_requests_16_threads(emulator: JenkinsEmulator) -> None:
    emulator.counters.reset()
    with _client(emulator, api_token=DEFAULT_TOKEN, max_connections=16) as client:
        with ThreadPoolExecutor(16) as pool:
            names = list(
                pool.map(
                    lambda _: client.get_json("job/app/api/json", tree="name")["name"], range(1000)
                )
            )
        assert names == ["app"] * 1000
        assert client.metrics.requests == 1000
    assert 1 <= emulator.counters.connections <= 16
