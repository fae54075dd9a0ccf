"""The controllable clock, executors/stuck items, and the builder API without HTTP."""

from __future__ import annotations

import pytest
import requests

from jenkins_sdk.testing import EmulatorClock, JenkinsEmulator, Outcome
from jenkins_sdk.testing import clock as clock_module


def test_manual_clock_only_moves_on_advance() -> None:
    c = EmulatorClock(start_ms=1000)
    assert c.now_ms() == 1000 == c.now_ms()
    assert c.advance(2.5) == 3500
    with pytest.raises(ValueError):
        c.advance(-1)


def test_speed_factor_follows_monotonic(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: now[0])
    c = EmulatorClock(start_ms=0, speed=10)
    now[0] += 1.5
    assert c.now_ms() == 15_000
    c.set_speed(0)
    now[0] += 100
    assert c.now_ms() == 15_000
    c.advance(1)
    assert c.now_ms() == 16_000


def test_stuck_buildable_item(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.state.executors = 0
    emu.freestyle("j", quiet_period=0)
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    emu.advance(60)
    item = http.get(loc + "api/json").json()
    assert item["buildable"] is True and item["stuck"] is False
    emu.advance(24 * 3600)
    assert http.get(loc + "api/json").json()["stuck"] is True


def test_dispatch_delay_shows_buildable(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.state.dispatch_delay = 2
    emu.freestyle("j", quiet_period=0, duration=5)
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    assert http.get(loc + "api/json").json()["_class"] == "hudson.model.Queue$BuildableItem"
    emu.advance(2)
    left = http.get(loc + "api/json").json()
    assert left["executable"]["number"] == 1
    build = http.get(left["executable"]["url"] + "api/json").json()
    assert build["timestamp"] - left["inQueueSince"] == 2000


def test_builder_trigger_settle_and_history(emu: JenkinsEmulator) -> None:
    emu.freestyle("a/b", duration=3)
    emu.then("a/b", Outcome(result="FAILURE"))
    item = emu.trigger("a/b")
    assert item.state == "waiting"
    spent = emu.settle()
    assert spent == 8.0
    assert emu.job("a/b").builds[1].result == "FAILURE"
    history = emu.history("a/b", ["SUCCESS", "UNSTABLE"])
    assert [b.number for b in history] == [2, 3]
    assert emu.counters.builds_started("a/b") == 3


def test_reset_restores_configuration(emu: JenkinsEmulator) -> None:
    emu.auth.csrf = False
    emu.freestyle("x")
    emu.proxy_error(times=None)
    emu.reset()
    assert emu.auth.csrf is True and emu.item("x") is None and emu.faults.active == []
    assert emu.clock.now_ms() == clock_module.DEFAULT_EPOCH_MS


def test_concurrent_triggers_are_consistent(emu: JenkinsEmulator) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from jenkins_sdk.testing import ParamDef

    emu.freestyle("j", params=[ParamDef("N")], concurrent=True)

    def worker(k: int) -> list[str]:
        with requests.Session() as s:
            s.auth = emu.credentials
            return [
                s.post(emu.url + "job/j/buildWithParameters", params={"N": f"{k}-{i}"}).headers[
                    "Location"
                ]
                for i in range(25)
            ]

    with ThreadPoolExecutor(8) as pool:
        locations = [loc for batch in pool.map(worker, range(8)) for loc in batch]
    assert len(set(locations)) == 200 == emu.counters.triggers["j"]
    assert emu.counters.connections == 8
    emu.settle()
    assert emu.counters.builds_started("j") == 200
