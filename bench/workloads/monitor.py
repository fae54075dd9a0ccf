"""Workload 3: monitor 200 running builds across 20 jobs from a 16-thread pool until all end.

Every run starts from the same frozen state (the builds queued and started while the clock is
stopped); the clock then runs at ``SPEED`` x real time, so builds end at the same moments for
every client. Every client polls on the same interval, ``POLL`` seconds between round starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.workloads import ClientCtx

NAME = "monitor"
TITLE = "3. monitor {builds} running builds across {jobs} jobs, 16 threads, until all complete"
SIZES = {
    "full": {"jobs": 20, "per_job": 10, "min_s": 1.0, "max_s": 5.0, "poll": 0.5},
    "quick": {"jobs": 20, "per_job": 10, "min_s": 0.5, "max_s": 2.0, "poll": 0.25},
    "smoke": {"jobs": 4, "per_job": 3, "min_s": 0.1, "max_s": 0.4, "poll": 0.05},
}
SPEED = 1.0
THREADS = 16
RESULTS = ("SUCCESS", "SUCCESS", "FAILURE", "SUCCESS", "UNSTABLE", "SUCCESS", "ABORTED")
_PLANNED: dict[str, str] = {}


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return {"builds": size["jobs"] * size["per_job"], "jobs": size["jobs"]}


def _job(i: int) -> str:
    return f"mon-{i:02d}"


def build(emu: Any, size: dict[str, Any]) -> None:
    """Pipeline jobs (concurrent builds, no executor limit) with one parameter."""
    from jenkins_sdk.testing import ParamDef

    for i in range(size["jobs"]):
        emu.pipeline(_job(i), params=[ParamDef("N")], quiet_period=0.0)


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """Queue and start ``per_job`` builds of every job with planned durations and results."""
    from jenkins_sdk.testing import Outcome, StageSpec

    _PLANNED.clear()
    total = size["jobs"] * size["per_job"]
    span = size["max_s"] - size["min_s"]
    items = []
    for i in range(size["jobs"]):
        for k in range(size["per_job"]):
            idx = i * size["per_job"] + k
            duration = size["min_s"] + span * ((idx * 37) % total) / max(1, total - 1)
            result = RESULTS[idx % len(RESULTS)]
            emu.then(_job(i), Outcome(result=result, stages=[StageSpec("Build", duration)]))
            items.append((i, result, emu.trigger(_job(i), {"N": str(k)})))
    emu.state.tick()
    builds = []
    for i, result, item in items:
        assert item.build is not None, "build did not start"
        builds.append([_job(i), item.build.number])
        _PLANNED[f"{_job(i)}#{item.build.number}"] = result
    return {"builds": builds, "poll": size["poll"], "jobs": size["jobs"]}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Every build reported once with its planned result."""
    if answer != _PLANNED:
        wrong = [(k, answer.get(k), v) for k, v in _PLANNED.items() if answer.get(k) != v][:3]
        return f"{len(answer)} results, {len(_PLANNED)} builds; wrong: {wrong}"
    return None


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Forget the run's builds (numbers keep growing) so every run polls the same history."""
    emu.settle()
    with emu.state.lock:
        for i in range(size["jobs"]):
            emu.job(_job(i)).builds.clear()


def rounds(items: list[Any], poll: float, check_one: Callable[[Any], str | None]) -> dict[str, str]:
    """Natural per-build polling: each round checks every pending build on a 16-thread pool."""
    results: dict[str, str] = {}
    pending = list(items)
    with ThreadPoolExecutor(THREADS) as pool:
        while pending:
            started = time.monotonic()
            found = list(pool.map(check_one, pending))
            still = []
            for item, result in zip(pending, found, strict=False):
                if result is None:
                    still.append(item)
                else:
                    results[f"{item[0]}#{item[1]}"] = result
            pending = still
            if pending:
                time.sleep(max(0.0, poll - (time.monotonic() - started)))
    return results


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> dict[str, str]:
    """``BuildMonitor``: one request per job per round (all its builds at once)."""
    from jenkins_sdk import BuildMonitor

    out: dict[str, str] = {}
    with ctx.sdk(max_connections=THREADS) as client:
        monitor = BuildMonitor(
            client,
            [(job, n) for job, n in ctx.params["builds"]],
            max_workers=THREADS,
            poll_interval=ctx.params["poll"],
            timeout=300,
        )
        for done in monitor:
            out[f"{done.job.full_name}#{done.number}"] = done.result.value if done.result else ""
        ctx.extra["requests_per_round"] = monitor.requests_per_round
    return out


def run_requests(ctx: ClientCtx) -> dict[str, str]:
    """Per-build ``GET .../N/api/json?tree=building,result`` rounds."""
    import json

    s = ctx.session(THREADS)

    def one(item: Any) -> str | None:
        url = f"{ctx.url}job/{item[0]}/{item[1]}/api/json"
        data = json.loads(s.get(url, params={"tree": "building,result"}).content)
        return None if data["building"] else data["result"]

    return rounds(ctx.params["builds"], ctx.params["poll"], one)


def run_python_jenkins(ctx: ClientCtx) -> dict[str, str]:
    """Per-build ``get_build_info`` rounds."""
    server = ctx.python_jenkins()

    def one(item: Any) -> str | None:
        info = server.get_build_info(item[0], item[1])
        return None if info["building"] else info["result"]

    return rounds(ctx.params["builds"], ctx.params["poll"], one)


def run_api4jenkins(ctx: ClientCtx) -> dict[str, str]:
    """Per-build objects: ``build.building`` each round, then ``build.result``."""
    from api4jenkins.build import WorkflowRun

    j = ctx.api4jenkins()
    objs = {(job, n): WorkflowRun(j, f"{ctx.url}job/{job}/{n}/") for job, n in ctx.params["builds"]}

    def one(item: Any) -> str | None:
        b = objs[(item[0], item[1])]
        return None if b.building else b.result

    return rounds(ctx.params["builds"], ctx.params["poll"], one)


def run_jenkinsapi(ctx: ClientCtx) -> dict[str, str]:
    """Per-build ``Build`` objects: ``is_running()`` each round, then ``poll()`` for the result."""
    from jenkinsapi.build import Build

    j = ctx.jenkinsapi()
    jobs = {name: j.get_job(name) for name in {job for job, _ in ctx.params["builds"]}}
    objs = {
        (job, n): Build(f"{jobs[job].baseurl}/{n}", n, jobs[job]) for job, n in ctx.params["builds"]
    }

    def one(item: Any) -> str | None:
        b = objs[(item[0], item[1])]
        if b.is_running():
            return None
        b.poll()
        return str(b.get_status())

    return rounds(ctx.params["builds"], ctx.params["poll"], one)


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
