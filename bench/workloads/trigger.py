"""Workload 4: trigger 50 parameterised builds, then wait for each to leave the queue with a
build number. The job has a quiet period (virtual seconds, clock at ``SPEED``); every client
polls a queue item every ``poll`` seconds."""

from __future__ import annotations

import time
from typing import Any

from bench.workloads import ClientCtx

NAME = "trigger"
TITLE = "4. trigger {builds} parameterised builds, wait for each build number"
SIZES = {
    "full": {"builds": 50, "quiet": 1.0, "poll": 0.25},
    "quick": {"builds": 20, "quiet": 0.5, "poll": 0.1},
    "smoke": {"builds": 4, "quiet": 0.1, "poll": 0.05},
}
SPEED = 1.0
JOB = "trig"
TIMEOUT = 120.0


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return dict(size)


def build(emu: Any, size: dict[str, Any]) -> None:
    """A pipeline job (no executor limit) with two parameters and a quiet period."""
    from jenkins_sdk.testing import ParamDef, StageSpec

    emu.pipeline(
        JOB,
        params=[ParamDef("ID"), ParamDef("TARGET", "choice", choices=["staging", "production"])],
        quiet_period=size["quiet"],
        stages=[StageSpec("Build", 3600.0)],
    )


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """The ids to trigger with."""
    return {"ids": [f"id-{i:03d}" for i in range(size["builds"])], "poll": size["poll"]}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Every id got its own build, and that build ran with that id."""
    job = emu.job(JOB)
    if sorted(a[0] for a in answer) != sorted(params["ids"]):
        return f"ids answered: {len(answer)} of {len(params['ids'])}"
    if len({a[1] for a in answer}) != len(answer):
        return "two triggers reported the same build number"
    for ident, number in answer:
        build = job.builds.get(number)
        got = dict((d.name, v) for d, v in build.params) if build else {}
        if got.get("ID") != ident:
            return f"build #{number} ran with ID={got.get('ID')!r}, not {ident!r}"
    return None


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Stop and forget the run's builds and queue items."""
    with emu.state.lock:
        emu.state.queue.clear()
        emu.state.left.clear()
        emu.job(JOB).builds.clear()


def target(i: int) -> str:
    return "staging" if i % 2 else "production"


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> list[Any]:
    """``builds.trigger`` x N, then ``queue.wait_for_build`` for each."""
    poll = ctx.params["poll"]
    with ctx.sdk() as client:
        refs = [
            client.builds.trigger(JOB, {"ID": ident, "TARGET": target(i)})
            for i, ident in enumerate(ctx.params["ids"])
        ]
        return [
            [
                ident,
                client.queue.wait_for_build(ref, timeout=TIMEOUT, poll=poll, max_poll=poll).number,
            ]
            for ident, ref in zip(ctx.params["ids"], refs, strict=False)
        ]


def run_requests(ctx: ClientCtx) -> list[Any]:
    """POST ``buildWithParameters``, read ``Location``; poll ``queue/item/N/api/json``."""
    import json

    s = ctx.session()
    poll = ctx.params["poll"]
    locations = []
    for i, ident in enumerate(ctx.params["ids"]):
        r = s.post(
            f"{ctx.url}job/{JOB}/buildWithParameters",
            data={"ID": ident, "TARGET": target(i)},
            allow_redirects=False,
        )
        r.raise_for_status()
        locations.append(r.headers["Location"])
    out = []
    for ident, location in zip(ctx.params["ids"], locations, strict=False):
        while True:
            url = location.rstrip("/") + "/api/json"
            data = json.loads(s.get(url, params={"tree": "executable[number]"}).content)
            if data.get("executable"):
                out.append([ident, data["executable"]["number"]])
                break
            time.sleep(poll)
    return out


def run_python_jenkins(ctx: ClientCtx) -> list[Any]:
    """``build_job`` x N, then ``get_queue_item`` until it has an ``executable``."""
    server = ctx.python_jenkins()
    poll = ctx.params["poll"]
    ids = [
        server.build_job(JOB, {"ID": ident, "TARGET": target(i)})
        for i, ident in enumerate(ctx.params["ids"])
    ]
    out = []
    for ident, qid in zip(ctx.params["ids"], ids, strict=False):
        while True:
            item = server.get_queue_item(qid)
            if item.get("executable"):
                out.append([ident, item["executable"]["number"]])
                break
            time.sleep(poll)
    return out


def run_api4jenkins(ctx: ClientCtx) -> list[Any]:
    """``job.build(**params)`` x N, then ``item.get_build()`` until it returns a build."""
    j = ctx.api4jenkins()
    poll = ctx.params["poll"]
    job = j.get_job(JOB)
    items = [job.build(ID=ident, TARGET=target(i)) for i, ident in enumerate(ctx.params["ids"])]
    out = []
    for ident, item in zip(ctx.params["ids"], items, strict=False):
        while True:
            build = item.get_build()
            if build is not None:
                out.append([ident, int(build.url.rstrip("/").rsplit("/", 1)[-1])])
                break
            time.sleep(poll)
    return out


def run_jenkinsapi(ctx: ClientCtx) -> list[Any]:
    """``job.invoke(build_params=...)`` x N, then ``poll()`` each queue item for its number."""
    from jenkinsapi.custom_exceptions import NotBuiltYet

    j = ctx.jenkinsapi()
    poll = ctx.params["poll"]
    job = j.get_job(JOB)
    items = [
        job.invoke(build_params={"ID": ident, "TARGET": target(i)})
        for i, ident in enumerate(ctx.params["ids"])
    ]
    out = []
    for ident, item in zip(ctx.params["ids"], items, strict=False):
        while True:
            item.poll()
            try:
                out.append([ident, item.get_build_number()])
                break
            except NotBuiltYet:
                time.sleep(poll)
    return out


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
