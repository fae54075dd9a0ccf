"""Workload 3: monitor 200 running builds across 20 jobs from a 16-thread pool until all end.

Every run starts from the same frozen state (the builds queued and started while the clock is
stopped); the clock then runs at ``SPEED`` x real time, so builds end at the same moments for
every client. Every client polls on the same interval, ``POLL`` seconds between round starts.
"""

from __future__ import annotations

from typing import Any

from bench.workloads import _watching

NAME = "monitor"
TITLE = "3. monitor {builds} running builds across {jobs} jobs, 16 threads, until all complete"
SIZES = {
    "full": {"jobs": 20, "per_job": 10, "min_s": 1.0, "max_s": 5.0, "poll": 0.5},
    "quick": {"jobs": 20, "per_job": 10, "min_s": 0.5, "max_s": 2.0, "poll": 0.25},
    "smoke": {"jobs": 4, "per_job": 3, "min_s": 0.1, "max_s": 0.4, "poll": 0.05},
}
SPEED = 1.0
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
    return _watching.check_results(_PLANNED, answer)


def measure(
    emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any, go: tuple[float, int]
) -> dict[str, Any]:
    """Detection latency: how long after each build's end the client reported it."""
    return _watching.latency_metrics(emu, answer, go, SPEED)


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Forget the run's builds (numbers keep growing) so every run polls the same history."""
    emu.settle()
    with emu.state.lock:
        for i in range(size["jobs"]):
            emu.job(_job(i)).builds.clear()


# --------------------------------------------------------------------------- clients
#: jenkins_sdk: ``client.builds.monitor``; the peers: rounds, each checking every pending build
#: (``GET .../N/api/json?tree=building,result``, ``get_build_info``, ``build.building``,
#: ``Build.is_running()``) on a 16-thread pool.
CLIENTS = _watching.clients(_watching.rounds)
