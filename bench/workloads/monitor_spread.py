"""Workload 9: monitor 200 running builds spread ONE per job over 200 jobs in 4 folders.

The common spread on real controllers (issue 14's measurement): a per-job batch saves nothing
here. The peers follow each build in its own task (16 threads, each polling its build until it
ends, then taking the next), as a plain script would. Clock handling as in workload 3.
"""

from __future__ import annotations

from typing import Any

from bench.workloads import _watching

NAME = "monitor_spread"
TITLE = "9. monitor {builds} running builds, one per job in {jobs} jobs over {folders} folders"
SIZES = {
    "full": {"jobs": 200, "folders": 4, "min_s": 1.0, "max_s": 3.0, "poll": 0.5},
    "quick": {"jobs": 100, "folders": 4, "min_s": 0.5, "max_s": 1.5, "poll": 0.25},
    "smoke": {"jobs": 8, "folders": 2, "min_s": 0.1, "max_s": 0.4, "poll": 0.05},
}
SPEED = 1.0
RESULTS = ("SUCCESS", "SUCCESS", "FAILURE", "SUCCESS", "UNSTABLE", "SUCCESS", "ABORTED")
_PLANNED: dict[str, str] = {}


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return {"builds": size["jobs"], "jobs": size["jobs"], "folders": size["folders"]}


def _job(i: int, size: dict[str, Any]) -> str:
    return f"spread-{i % size['folders']}/svc-{i:03d}"


def build(emu: Any, size: dict[str, Any]) -> None:
    """Pipeline jobs (one-off executors: no executor limit), in ``folders`` folders."""
    for i in range(size["jobs"]):
        emu.pipeline(_job(i, size), quiet_period=0.0)


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """Start one build of every job, with planned durations and results."""
    from jenkins_sdk.testing import Outcome, StageSpec

    _PLANNED.clear()
    total = size["jobs"]
    span = size["max_s"] - size["min_s"]
    items = []
    for i in range(total):
        duration = size["min_s"] + span * ((i * 37) % total) / max(1, total - 1)
        result = RESULTS[i % len(RESULTS)]
        emu.then(_job(i, size), Outcome(result=result, stages=[StageSpec("Build", duration)]))
        items.append((i, result, emu.trigger(_job(i, size))))
    emu.state.tick()
    builds = []
    for i, result, item in items:
        assert item.build is not None, "build did not start"
        builds.append([_job(i, size), item.build.number])
        _PLANNED[_watching.key(_job(i, size), item.build.number)] = result
    return {"builds": builds, "poll": size["poll"], "jobs": total}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Every build reported once with its planned result."""
    return _watching.check_results(_PLANNED, answer)


def measure(
    emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any, go: tuple[float, int]
) -> dict[str, Any]:
    """Detection latency: how long after each build's end the client reported it."""
    return _watching.latency_metrics(emu, answer, go, SPEED)


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Forget the run's builds so every run starts from the same history."""
    emu.settle()
    with emu.state.lock:
        for i in range(size["jobs"]):
            emu.job(_job(i, size)).builds.clear()


# --------------------------------------------------------------------------- clients
#: jenkins_sdk: ``client.builds.monitor``; the peers: one task per build on 16 threads, polling
#: it until it ends (``GET .../N/api/json?tree=building,result``, ``get_build_info``,
#: ``build.building``, ``Build.is_running()``).
CLIENTS = _watching.clients(_watching.per_build)
