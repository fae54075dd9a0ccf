"""Shared parts of the monitor workloads (3 and 9): the peers' polling loops, the clients, and the
detection latency (how long after a build ended each client reported it).

Every client answers ``{"results": {"job#N": result}, "seen": {"job#N": wall time}}``: the wall
clock (``time.time()``) when it learned that the build had ended. The serving process knows when
each build ended on the emulator's clock and how that clock maps to the wall clock (it started
it), so :func:`latencies` turns ``seen`` into seconds after the end.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.workloads import ClientCtx

THREADS = 16
CheckOne = Callable[[Any], "str | None"]


def key(job: str, number: int) -> str:
    """``job#N``."""
    return f"{job}#{number}"


def build_url(base: str, job: str, number: int) -> str:
    """``base/job/a/job/b/N/`` for the job ``a/b``."""
    return base + "".join(f"job/{p}/" for p in job.split("/")) + f"{number}/"


def rounds(items: list[Any], poll: float, check_one: CheckOne) -> dict[str, Any]:
    """Per-build rounds: each round checks every pending build on a 16-thread pool."""
    results: dict[str, str] = {}
    seen: dict[str, float] = {}
    pending = list(items)
    with ThreadPoolExecutor(THREADS) as pool:
        while pending:
            started = time.monotonic()
            found = list(pool.map(check_one, pending))
            now = time.time()
            still = []
            for item, result in zip(pending, found, strict=False):
                if result is None:
                    still.append(item)
                else:
                    results[key(item[0], item[1])] = result
                    seen[key(item[0], item[1])] = now
            pending = still
            if pending:
                time.sleep(max(0.0, poll - (time.monotonic() - started)))
    return {"results": results, "seen": seen}


def per_build(items: list[Any], poll: float, check_one: CheckOne) -> dict[str, Any]:
    """One thread per build (16 at a time), each polling its build until it ends."""

    def follow(item: Any) -> tuple[str, str, float]:
        while True:
            result = check_one(item)
            if result is not None:
                return key(item[0], item[1]), result, time.time()
            time.sleep(poll)

    results: dict[str, str] = {}
    seen: dict[str, float] = {}
    with ThreadPoolExecutor(THREADS) as pool:
        for name, result, when in pool.map(follow, items):
            results[name] = result
            seen[name] = when
    return {"results": results, "seen": seen}


def run_sdk(ctx: ClientCtx) -> dict[str, Any]:
    """``client.builds.monitor``: the executors view once per round, left builds by folder."""
    results: dict[str, str] = {}
    seen: dict[str, float] = {}
    with ctx.sdk(max_connections=THREADS) as client:
        monitor = client.builds.monitor(
            [(job, n) for job, n in ctx.params["builds"]],
            max_workers=THREADS,
            poll_interval=ctx.params["poll"],
            timeout=300,
        )
        for done in monitor:
            name = key(done.job.full_name, done.number)
            seen[name] = time.time()
            results[name] = done.result.value if done.result else ""
        ctx.extra["requests_per_round"] = monitor.requests_per_round
    return {"results": results, "seen": seen}


def clients(loop: Callable[[list[Any], float, CheckOne], dict[str, Any]]) -> dict[str, Any]:
    """The peers' natural per-build checks, driven by ``loop``."""

    def run_requests(ctx: ClientCtx) -> dict[str, Any]:
        """``GET .../N/api/json?tree=building,result`` per build."""
        import json

        s = ctx.session(THREADS)

        def one(item: Any) -> str | None:
            url = build_url(ctx.url, item[0], item[1]) + "api/json"
            data = json.loads(s.get(url, params={"tree": "building,result"}).content)
            return None if data["building"] else data["result"]

        return loop(ctx.params["builds"], ctx.params["poll"], one)

    def run_python_jenkins(ctx: ClientCtx) -> dict[str, Any]:
        """``get_build_info`` per build."""
        server = ctx.python_jenkins()

        def one(item: Any) -> str | None:
            info = server.get_build_info(item[0], item[1])
            return None if info["building"] else info["result"]

        return loop(ctx.params["builds"], ctx.params["poll"], one)

    def run_api4jenkins(ctx: ClientCtx) -> dict[str, Any]:
        """Per-build objects: ``build.building`` each time, then ``build.result``."""
        from api4jenkins.build import WorkflowRun

        j = ctx.api4jenkins()
        objs = {
            (job, n): WorkflowRun(j, build_url(ctx.url, job, n)) for job, n in ctx.params["builds"]
        }

        def one(item: Any) -> str | None:
            b = objs[(item[0], item[1])]
            return None if b.building else b.result

        return loop(ctx.params["builds"], ctx.params["poll"], one)

    def run_jenkinsapi(ctx: ClientCtx) -> dict[str, Any]:
        """``Build`` objects: ``is_running()`` each time, then ``poll()`` for the result."""
        from jenkinsapi.build import Build

        j = ctx.jenkinsapi()
        jobs = {name: j.get_job(name) for name in {job for job, _ in ctx.params["builds"]}}
        objs = {
            (job, n): Build(f"{jobs[job].baseurl}/{n}", n, jobs[job])
            for job, n in ctx.params["builds"]
        }

        def one(item: Any) -> str | None:
            b = objs[(item[0], item[1])]
            if b.is_running():
                return None
            b.poll()
            return str(b.get_status())

        return loop(ctx.params["builds"], ctx.params["poll"], one)

    return {
        "jenkins_sdk": run_sdk,
        "requests": run_requests,
        "python-jenkins": run_python_jenkins,
        "api4jenkins": run_api4jenkins,
        "jenkinsapi": run_jenkinsapi,
    }


def check_results(planned: dict[str, str], answer: Any) -> str | None:
    """Every build reported once with its planned result."""
    got = answer.get("results") if isinstance(answer, dict) else None
    if got != planned:
        got = got or {}
        wrong = [(k, got.get(k), v) for k, v in planned.items() if got.get(k) != v][:3]
        return f"{len(got)} results, {len(planned)} builds; wrong: {wrong}"
    return None


def latencies(emu: Any, answer: Any, go: tuple[float, int], speed: float) -> dict[str, float]:
    """Seconds from each build's end (emulator clock) to its report (wall clock), by build."""
    wall0, virtual0 = go
    out: dict[str, float] = {}
    for name, when in (answer.get("seen") or {}).items():
        job, _, number = name.rpartition("#")
        build = emu.job(job).builds.get(int(number))
        if build is None or build.end_ms is None:
            continue
        reported_ms = virtual0 + (when - wall0) * 1000.0 * speed
        out[name] = (reported_ms - build.end_ms) / 1000.0 / speed
    return out


def latency_metrics(emu: Any, answer: Any, go: tuple[float, int], speed: float) -> dict[str, Any]:
    """Median and maximum detection latency of one run, in seconds."""
    lat = list(latencies(emu, answer, go, speed).values())
    if not lat:
        return {}
    return {"latency_median_s": statistics.median(lat), "latency_max_s": max(lat)}
