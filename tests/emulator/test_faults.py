"""Every fault kind: restart windows, proxy 503/429, resets, slow, truncated, HTML errors."""

from __future__ import annotations

import time

import pytest
import requests

from jenkins_sdk.testing import JenkinsEmulator


def test_restart_window_503_without_retry_after(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"])
    emu.restart(seconds=30)
    r = http.get(emu.url + "api/json")
    assert r.status_code == 503 and "Retry-After" not in r.headers
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Restarting Jenkins" in r.text
    assert r.headers["Cache-Control"] == "no-cache,no-store,must-revalidate"
    assert r.headers["X-Jenkins"]
    emu.advance(29)
    assert http.get(emu.url + "job/j/api/json").status_code == 503
    emu.advance(1)
    job = http.get(emu.url + "job/j/api/json").json()
    assert job["lastBuild"]["number"] == 1  # state kept across the restart


def test_restart_drops_sessions(emu: JenkinsEmulator, pw: requests.Session) -> None:
    emu.freestyle("j")
    assert pw.post(emu.url + "job/j/build").status_code == 201
    emu.restart(seconds=None, requests=1, starting=True)
    r = pw.get(emu.url + "api/json")
    assert r.status_code == 503 and "Starting Jenkins" in r.text
    assert pw.post(emu.url + "job/j/build").status_code == 403  # old crumb is gone


def test_proxy_503_and_429_with_retry_after(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.proxy_error(503, retry_after="7", times=2)
    emu.proxy_error(429, retry_after="3", times=1)
    a = http.get(emu.url + "api/json")
    b = http.get(emu.url + "api/json")
    c = http.get(emu.url + "api/json")
    d = http.get(emu.url + "api/json")
    assert (a.status_code, a.headers["Retry-After"]) == (503, "7")
    assert b.status_code == 503 and "nginx" in b.text
    assert (c.status_code, c.headers["Retry-After"]) == (429, "3")
    assert d.status_code == 200
    assert emu.faults.fired["http"] == 3


def test_fault_path_and_method_filter(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.proxy_error(502, path="/job/j/build", method="POST", times=None)
    assert http.get(emu.url + "job/j/api/json").status_code == 200
    assert http.post(emu.url + "job/j/build").status_code == 502
    assert http.post(emu.url + "job/j/build").status_code == 502
    emu.clear_faults()
    assert http.post(emu.url + "job/j/build").status_code == 201


def test_reset_before_request_is_acted_on(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.reset_connection(path="/job/j/build")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.post(emu.url + "job/j/build")
    assert emu.counters.triggers["j"] == 0
    assert http.post(emu.url + "job/j/build").status_code == 201


def test_reset_after_request_was_handled(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.reset_connection(after=True, path="/job/j/build")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.post(emu.url + "job/j/build")
    assert emu.counters.triggers["j"] == 1  # the build WAS queued: never blindly re-POST
    assert len(emu.state.queue) == 1


def test_slow_response(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.slow(0.3, path="/api/json")
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get(emu.url + "api/json", timeout=0.1)
    emu.slow(0.2)
    t0 = time.perf_counter()
    assert http.get(emu.url + "whoAmI/api/json").status_code == 200
    assert time.perf_counter() - t0 >= 0.2


def test_truncated_body(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", log_lines=2000)
    emu.history("j", ["SUCCESS"])
    emu.truncate(path="/consoleText", keep_fraction=0.25)
    with pytest.raises(requests.exceptions.RequestException):
        http.get(emu.url + "job/j/1/consoleText")
    assert len(http.get(emu.url + "job/j/1/consoleText").content) > 2000 * 128


def test_truncated_json(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.truncate(path="/api/json")
    with pytest.raises(requests.exceptions.RequestException):
        http.get(emu.url + "api/json")


def test_html_error_page(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.html_error(500, times=1)
    r = http.get(emu.url + "api/json")
    assert r.status_code == 500 and r.headers["Content-Type"].startswith("text/html")
    assert "Oops!" in r.text
    assert http.get(emu.url + "api/json").status_code == 200


def test_probabilistic_faults_are_deterministic_by_seed() -> None:
    def pattern(seed: int) -> list[int]:
        with JenkinsEmulator(seed=seed) as e, requests.Session() as s:
            s.auth = e.credentials
            e.proxy_error(503, times=None, probability=0.5)
            return [s.get(e.url + "whoAmI/api/json").status_code for _ in range(20)]

    first = pattern(7)
    assert first == pattern(7)
    assert 503 in first and 200 in first
    assert first != pattern(8)
