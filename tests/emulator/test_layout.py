"""The emulator's layout for growth: an area is one route module registered in one line, and keeps
its data in a state store that ``reset()`` drops."""

from __future__ import annotations

import types

import pytest
import requests

from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.testing.routes import AREAS, TABLE
from jenkins_sdk.testing.routes.common import Ctx, text
from jenkins_sdk.testing.routes.table import RouteTable
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import ControllerState, Job


class _Greetings:
    """A store of a made-up area: counts ticks and greetings."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.greeted: list[str] = []
        self.ticks = 0

    def tick(self, now_ms: int) -> None:
        self.ticks += 1


def _hello(ctx: Ctx, rest: list[str]) -> Response:
    who = rest[0] if rest else "world"
    ctx.state.store(_Greetings).greeted.append(who)
    return text(f"hello {who}")


def _job_hello(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    return text(f"hello {job.full_name}")


def _area() -> types.ModuleType:
    area = types.ModuleType("tests.emulator.hello_area")
    area.ROUTES = {"hello": _hello}  # type: ignore[attr-defined]
    area.JOB_ACTIONS = {"hello": _job_hello}  # type: ignore[attr-defined]
    return area


def test_a_new_area_is_one_module_and_one_registration(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    area = _area()
    assert http.get(emu.url + "hello/you").status_code == 404
    TABLE.add(area)
    try:
        emu.freestyle("team/app")
        assert http.get(emu.url + "hello/you").text == "hello you"
        assert http.get(emu.url + "job/team/job/app/hello").text == "hello team/app"
        assert emu.state.store(_Greetings).greeted == ["you"]
    finally:
        TABLE.remove(area)
    assert http.get(emu.url + "hello/you").status_code == 404


def test_a_segment_routed_twice_is_refused() -> None:
    table = RouteTable()
    table.add(_area())
    with pytest.raises(ValueError, match=r"ROUTES\['hello'\] is already routed"):
        table.add(_area())


def test_every_area_module_is_registered_once() -> None:
    names = [area.__name__ for area in AREAS]
    assert len(names) == len(set(names))
    assert TABLE.areas[: len(names)] == names
    assert TABLE.root["job"] is not None and "createItem" in TABLE.folder


def test_a_store_is_made_once_ticks_with_the_state_and_is_dropped_on_reset(
    emu: JenkinsEmulator,
) -> None:
    store = emu.state.store(_Greetings)
    assert emu.state.store(_Greetings) is store
    emu.advance(1)
    assert store.ticks >= 1
    emu.reset()
    assert emu.state.store(_Greetings) is not store
    assert emu.state.store(_Greetings).greeted == []
