"""Restart, safe restart, exit, safe exit and reload, as a real controller goes through them.

Grounded in ``core/src/main/java/jenkins/model/Jenkins.java`` (``doRestart``, ``doSafeRestart``,
``doExit``, ``doSafeExit``, ``doReload``, ``restart()``, ``safeRestart()``) and
``core/src/main/resources/hudson/util/HudsonIsRestarting/index.jelly`` /
``HudsonIsLoading/index.jelly`` (503, ``Expires: 0``, no ``X-Jenkins``, no ``Retry-After``).
"""

from __future__ import annotations

import pytest
import requests

from jenkins_sdk.testing import JenkinsEmulator


def _refused(http: requests.Session, url: str) -> bool:
    try:
        http.get(url, timeout=5)
    except requests.ConnectionError:
        return True
    return False


def test_restart_walks_restarting_down_starting_running(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``Jenkins.restart()``: HudsonIsRestarting at once (5 s), the JVM down (connection
    refused), HudsonIsLoading, then ready with a new ``X-Jenkins-Session``."""
    emu.restart_timing(down=2, starting=4)
    before = http.get(emu.url + "api/json").headers["X-Jenkins-Session"]
    r = http.post(emu.url + "restart", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == emu.url
    page = http.get(emu.url + "api/json")
    assert page.status_code == 503 and "<title>Restarting Jenkins</title>" in page.text
    assert "X-Jenkins" not in page.headers and "Retry-After" not in page.headers
    assert page.headers["Expires"] == "0"
    assert page.headers["Cache-Control"] == "no-cache,no-store,must-revalidate"
    emu.advance(5)
    assert emu.lifecycle_phase == "down"
    assert _refused(http, emu.url + "api/json")
    emu.advance(2)
    starting = http.get(emu.url + "job/anything/api/json")
    assert starting.status_code == 503 and "<title>Starting Jenkins</title>" in starting.text
    emu.advance(4)
    ready = http.get(emu.url + "api/json")
    assert ready.status_code == 200 and ready.headers["X-Jenkins-Session"] != before
    emu.check_errors()


def test_restart_drops_web_sessions_and_keeps_jobs(
    emu: JenkinsEmulator, pw: requests.Session
) -> None:
    """A new JVM knows no old session, so an old crumb is refused (``DefaultCrumbIssuer``)."""
    emu.freestyle("app")
    emu.restart_timing(restarting=1, down=1, starting=1)
    assert pw.post(emu.url + "restart", allow_redirects=False).status_code == 302
    emu.advance(3)
    assert pw.post(emu.url + "job/app/build").status_code == 403
    assert pw.get(emu.url + "job/app/api/json").json()["name"] == "app"


def test_get_restart_is_only_the_confirmation_page(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doRestart``: a GET forwards to ``_restart.jelly`` and restarts nothing."""
    assert http.get(emu.url + "restart").status_code == 200
    assert emu.lifecycle_phase == "running"


def test_safe_restart_waits_for_running_builds(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``safeRestart()``: quiet-down first (API up, ``quietingDown``), restart when idle, with the
    "Safe Restart" note on the restarting page."""
    emu.freestyle("long", duration=60, quiet_period=0)
    http.post(emu.url + "job/long/build")
    emu.advance(1)
    r = http.post(emu.url + "safeRestart", data={"message": "upgrade"}, allow_redirects=False)
    assert r.status_code == 302
    root = http.get(emu.url + "api/json").json()
    assert root["quietingDown"] is True and root["quietDownReason"] == "upgrade"
    assert emu.lifecycle_phase == "quieting"
    emu.advance(30)
    assert http.get(emu.url + "api/json").status_code == 200
    emu.advance(35)
    page = http.get(emu.url + "api/json")
    assert page.status_code == 503 and "Safe Restart" in page.text
    emu.advance(10 + 2 + 5)
    assert http.get(emu.url + "api/json").json()["quietingDown"] is False


def test_cancel_quiet_down_cancels_a_pending_safe_restart(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doCancelQuietDown`` clears ``quietDownInfo``; the safe-restart thread then gives up."""
    emu.freestyle("long", duration=60, quiet_period=0)
    http.post(emu.url + "job/long/build")
    emu.advance(1)
    http.post(emu.url + "safeRestart")
    http.post(emu.url + "cancelQuietDown")
    emu.advance(120)
    assert emu.lifecycle_phase == "running"
    assert http.get(emu.url + "api/json").status_code == 200


def test_exit_and_safe_exit_answer_text_then_go_away(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doExit``: 200 ``text/plain`` "Shutting down"; ``doSafeExit`` after the builds. The
    controller stays down until it is booted again."""
    r = http.post(emu.url + "exit")
    assert r.status_code == 200 and r.text == "Shutting down\n"
    assert r.headers["Content-Type"].startswith("text/plain")
    emu.advance(1)
    assert _refused(http, emu.url + "api/json")
    emu.advance(600)
    assert _refused(http, emu.url + "api/json")
    emu.boot()
    emu.advance(5)
    assert http.get(emu.url + "api/json").status_code == 200
    r = http.post(emu.url + "safeExit")
    assert r.text == "Shutting down as soon as all jobs are complete"
    emu.advance(2)
    assert _refused(http, emu.url + "api/json")
    emu.boot()
    emu.advance(5)
    emu.check_errors()


def test_reload_shows_the_starting_page_without_dropping_the_port(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doReload``: ``HudsonIsLoading`` at once, 302 to the root; no JVM restart."""
    session = http.get(emu.url + "api/json").headers["X-Jenkins-Session"]
    r = http.post(emu.url + "reload", allow_redirects=False)
    assert r.status_code == 302
    page = http.get(emu.url + "api/json")
    assert page.status_code == 503 and "Starting Jenkins" in page.text
    emu.advance(5)
    ready = http.get(emu.url + "api/json")
    assert ready.status_code == 200 and ready.headers["X-Jenkins-Session"] == session


@pytest.mark.parametrize("path", ["restart", "safeRestart", "exit", "safeExit", "reload"])
def test_lifecycle_needs_an_administrator(emu: JenkinsEmulator, path: str) -> None:
    """Overall/Manage (``restart``, ``safeRestart``, ``reload``) or Administer (``exit``)."""
    emu.user("dev", "pw", "dev-token", admin=False)
    r = requests.post(emu.url + path, auth=("dev", "dev-token"), allow_redirects=False)
    assert r.status_code == 403
    assert emu.lifecycle_phase == "running"


def test_restart_follows_a_clock_running_by_itself(emu: JenkinsEmulator) -> None:
    """With ``speed > 0`` a watcher thread closes and reopens the port on time."""
    emu.restart_timing(restarting=0.05, down=0.05, starting=0.05)
    emu.clock.set_speed(20.0)
    with requests.Session() as http:
        http.auth = emu.credentials
        http.post(emu.url + "restart", allow_redirects=False)
        for _ in range(400):
            try:
                if http.get(emu.url + "api/json", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            emu._stopping.wait(0.01)
    assert emu.lifecycle_phase == "running"
    emu.clock.set_speed(0)
    emu.check_errors()
