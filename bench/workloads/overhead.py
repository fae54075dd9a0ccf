"""Workload 7: per-call overhead, 2,000 ``builds.get`` of a small build.

The floor sends the very same request as the SDK (same URL, same ``tree=``) with a bare
``requests.Session`` and ``json.loads``, so the ratio is the SDK's own cost per call (URL
building, error mapping, metrics, model structuring). Peers make their natural call.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.workloads import ClientCtx

NAME = "overhead"
TITLE = "7. per-call overhead: {calls} builds.get of a small build"
SIZES = {"full": {"calls": 2000}, "quick": {"calls": 500}, "smoke": {"calls": 30}}
SPEED = 0.0
JOB = "small"


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return dict(size)


def build(emu: Any, size: dict[str, Any]) -> None:
    """A freestyle job with one plain finished build."""
    emu.freestyle(JOB)
    emu.history(JOB, ["SUCCESS"])


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """The call count and the SDK's ``tree=`` for a build (the floor sends the same)."""
    from jenkins_sdk.models import Build, tree_of

    return {"calls": size["calls"], "tree": tree_of(Build)}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Every call returned build #1, SUCCESS."""
    want = [[1, "SUCCESS"]] * params["calls"]
    return None if answer == want else f"{len(answer)} answers, first {answer[:1]}"


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Nothing to undo."""


def _timed(ctx: ClientCtx, call: Callable[[], list[Any]]) -> list[Any]:
    out = []
    times = []
    for _ in range(ctx.params["calls"]):
        t = time.perf_counter()
        out.append(call())
        times.append(time.perf_counter() - t)
    ctx.extra["per_call_median_us"] = statistics.median(times) * 1e6
    return out


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> list[Any]:
    """``client.builds.get("small", 1)``."""
    with ctx.sdk() as client:

        def call() -> list[Any]:
            b = client.builds.get(JOB, 1)
            return [b.number, b.result.value if b.result else None]

        return _timed(ctx, call)


def run_requests(ctx: ClientCtx) -> list[Any]:
    """``session.get(url, params={"tree": <the SDK's>})`` + ``json.loads``."""
    import json

    s = ctx.session()
    url = f"{ctx.url}job/{JOB}/1/api/json"
    params = {"tree": ctx.params["tree"]}

    def call() -> list[Any]:
        data = json.loads(s.get(url, params=params).content)
        return [data["number"], data["result"]]

    return _timed(ctx, call)


def run_python_jenkins(ctx: ClientCtx) -> list[Any]:
    """``get_build_info("small", 1)``."""
    server = ctx.python_jenkins()

    def call() -> list[Any]:
        data = server.get_build_info(JOB, 1)
        return [data["number"], data["result"]]

    return _timed(ctx, call)


def run_api4jenkins(ctx: ClientCtx) -> list[Any]:
    """``FreeStyleBuild(j, url).api_json()``."""
    from api4jenkins.build import FreeStyleBuild

    j = ctx.api4jenkins()
    url = f"{ctx.url}job/{JOB}/1/"

    def call() -> list[Any]:
        data = FreeStyleBuild(j, url).api_json()
        return [data["number"], data["result"]]

    return _timed(ctx, call)


def run_jenkinsapi(ctx: ClientCtx) -> list[Any]:
    """``Build(url, 1, job)`` (one ``depth=1`` read per object)."""
    from jenkinsapi.build import Build

    j = ctx.jenkinsapi()
    job = j.get_job(JOB)
    url = f"{job.baseurl}/1"

    def call() -> list[Any]:
        b = Build(url, 1, job)
        return [b.get_number(), b.get_status()]

    return _timed(ctx, call)


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
