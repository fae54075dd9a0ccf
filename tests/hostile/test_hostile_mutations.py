"""Issue 18 class 3, second round: real answers with one value made hostile.

The demo emulator answers every call of this round (and the older reads next to them) for real;
before the client sees each JSON answer, one value somewhere in it — at any depth, chosen by a
seeded random walk — is replaced by a value of the wrong kind (``null``, a string, a negative or
huge number, a float, a boolean, an empty list or object, an impossible date) or removed. Every
call must then return a value or raise a ``JenkinsError``; nothing else may come out
(``jenkins_sdk/resources/_shapes.py`` and ``jenkins_sdk.models.structure`` are the places that
enforce it). Arbitrary JSON (``tests/hostile/test_hostile_shapes.py``) rarely gets past the
first level of a real answer; these mutations do.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jenkins_sdk import BuildMonitor, errors
from jenkins_sdk._http.requester import Requester
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.specs import SecretText
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from jenkins_sdk.testing.demo import build_demo

WRONG: list[Any] = [None, "x", "", 5, -1, 10**30, 1.5, True, [], {}, [None], {"a": None}]
WRONG += ["2026-13-45", "NaN"]


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:5]):
            yield from _paths(value, (*path, index))


def _mutate(data: Any, rng: random.Random) -> Any:
    path = rng.choice(list(_paths(data)))
    if not path:
        return rng.choice(WRONG)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and rng.random() < 0.15:
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(WRONG)
    return data


def _calls(c: JenkinsClient, rng: random.Random) -> dict[str, Callable[[], object]]:
    def unique(prefix: str) -> str:
        return f"{prefix}{rng.randrange(10**9)}"

    return {
        "jobs.list": lambda: c.jobs.list(recursive=True),
        "jobs.search": lambda: list(c.jobs.search("*")),
        "jobs.get": lambda: c.jobs.get("hello-world"),
        "jobs.parameters": lambda: c.jobs.parameters("team/app"),
        "jobs.branches": lambda: c.jobs.branches("shop"),
        "jobs.scan": lambda: c.jobs.scan("shop", wait=True, timeout=30),
        "builds.get": lambda: c.builds.get("hello-world", 1),
        "builds.list": lambda: c.builds.list("hello-world"),
        "builds.statuses": lambda: c.builds.statuses("hello-world", [1, 2, 3]),
        "builds.running": lambda: c.builds.running(),
        "builds.keep_forever": lambda: c.builds.keep_forever("hello-world", 1),
        "builds.trigger+wait": lambda: c.queue.wait_for_build(
            c.builds.trigger("hello-world", delay=0), timeout=30
        ),
        "builds.diagnose": lambda: c.builds.diagnose("hello-world", 3),
        "BuildMonitor": lambda: list(
            BuildMonitor(c, [("hello-world", 1), ("team/app", 1)], timeout=5, poll_interval=0.1)
        ),
        "console.tail": lambda: c.console.tail("hello-world", 1),
        "pipelines.runs": lambda: c.pipelines.runs("team/app"),
        "pipelines.get_run": lambda: c.pipelines.get_run("team/app", 1),
        "pipelines.pending_inputs": lambda: c.pipelines.pending_inputs("team/app", 1),
        "pipelines.validate": lambda: c.pipelines.validate(
            "pipeline { agent any\n stages { stage('a') { steps { echo 'x' } } } }"
        ),
        "nodes.list": lambda: c.nodes.list(),
        "nodes.create": lambda: c.nodes.create(unique("n")),
        "plugins.list": lambda: c.plugins.list(),
        "plugins.updates": lambda: c.plugins.updates(),
        "plugins.install": lambda: c.plugins.install("git", wait=True, timeout=30),
        "users.list": lambda: c.users.list(),
        "users.tokens": lambda: c.users.tokens(),
        "users.create_token": lambda: c.users.create_token(unique("t")),
        "credentials.list": lambda: c.credentials.list(),
        "credentials.domains": lambda: c.credentials.domains(),
        "credentials.create": lambda: c.credentials.create(SecretText(unique("c"), "s3cret-x")),
        "views.list": lambda: c.views.list(),
        "views.jobs": lambda: c.views.jobs("backend"),
        "views.create": lambda: c.views.create(unique("v")),
        "system.info": lambda: c.system.info(),
        "system.wait_until_ready": lambda: c.system.wait_until_ready(timeout=5),
        "queue.list": lambda: c.queue.list(),
        "artifacts.list": lambda: c.artifacts.list("team/backend/api-tests", 1),
        "tests.report": lambda: c.tests.report("team/backend/api-tests", 1),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_real_answers_with_one_hostile_value_give_a_value_or_a_jenkins_error(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    mutating = {"on": False, "count": 0}
    decode = Requester._decode_json

    def mutated(self: Requester, reply: Any) -> Any:
        data = decode(self, reply)
        if not mutating["on"]:
            return data
        mutating["count"] += 1
        return _mutate(data, rng)

    monkeypatch.setattr(Requester, "_decode_json", mutated)
    calls: dict[str, Callable[[], object]] = {}
    with JenkinsEmulator() as emu:
        build_demo(emu)
        emu.settle(3600)
        user, token = emu.credentials
        with JenkinsClient(
            url=emu.url, username=user, api_token=token, clock=LinkedClock(emu), retry={"total": 0}
        ) as client:
            calls = _calls(client, rng)
            for call in calls.values():  # each works on the real answers
                call()
            mutating["on"] = True
            foreign: dict[str, str] = {}
            refused = 0
            for _ in range(6):
                for name, call in calls.items():
                    try:
                        call()
                    except errors.JenkinsError:
                        refused += 1
                    except Exception as exc:
                        foreign.setdefault(name, repr(exc))
    assert foreign == {}
    assert mutating["count"] > 6 * len(calls)  # every call read mutated answers
    assert refused > len(calls)  # and many were refused as they should be
