"""Benchmark: structuring Jenkins JSON into models vs ``json.loads`` alone on the same bytes.

Run: ``python bench/bench_models.py [--repeat N]``. Two payloads, built deterministically:

* a job listing with 5,000 builds (``tree=allBuilds[number,url,result,building,timestamp,
  duration,queueId]``, the shape of ``BuildSummary``);
* one build with 500 actions (parameters, causes, git build data, and the ``{}`` / unknown-class
  entries real Jenkins sends).

For each it prints the best time of ``json.loads`` and of ``json.loads`` + ``structure`` and their
ratio; the project's target is a ratio of at most 3.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from typing import Any

from jenkins_sdk.models import Build, Job, structure

RESULTS = ["SUCCESS", "FAILURE", "UNSTABLE", "ABORTED", None]


def job_listing(builds: int = 5000) -> bytes:
    """A WorkflowJob with ``builds`` build summaries, as Jenkins would send it."""
    base = "http://jenkins.example.com/job/team/job/app/"
    data = {
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",
        "name": "app",
        "url": base,
        "builds": [
            {
                "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
                "building": n == builds,
                "duration": 0 if n == builds else 60_000 + n,
                "number": n,
                "queueId": 10_000 + n,
                "result": None if n == builds else RESULTS[n % 4],
                "timestamp": 1_700_000_000_000 + n * 1000,
                "url": f"{base}{n}/",
            }
            for n in range(builds, 0, -1)
        ],
    }
    return json.dumps(data).encode()


def build_with_actions(actions: int = 500) -> bytes:
    """A finished WorkflowRun carrying ``actions`` actions of mixed kinds."""
    entries: list[dict[str, Any]] = []
    for n in range(actions):
        kind = n % 5
        if kind == 0:
            entries.append(
                {
                    "_class": "hudson.model.ParametersAction",
                    "parameters": [
                        {
                            "_class": "hudson.model.StringParameterValue",
                            "name": f"P{n}",
                            "value": "x",
                        },
                        {
                            "_class": "hudson.model.BooleanParameterValue",
                            "name": f"B{n}",
                            "value": True,
                        },
                    ],
                }
            )
        elif kind == 1:
            entries.append(
                {
                    "_class": "hudson.model.CauseAction",
                    "causes": [
                        {
                            "_class": "hudson.model.Cause$UserIdCause",
                            "shortDescription": "Started by user admin",
                            "userId": "admin",
                            "userName": "admin",
                        }
                    ],
                }
            )
        elif kind == 2:
            entries.append(
                {
                    "_class": "hudson.plugins.git.util.BuildData",
                    "remoteUrls": ["https://example.com/repo.git"],
                    "scmName": "",
                }
            )
        elif kind == 3:
            entries.append({})
        else:
            entries.append({"_class": "org.jenkinsci.plugins.workflow.job.views.FlowGraphAction"})
    data = {
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "actions": entries,
        "artifacts": [],
        "building": False,
        "displayName": "#7",
        "duration": 2912,
        "estimatedDuration": 1560,
        "fullDisplayName": "team » app #7",
        "id": "7",
        "number": 7,
        "queueId": 6,
        "result": "SUCCESS",
        "timestamp": 1_700_000_000_000,
        "url": "http://jenkins.example.com/job/team/job/app/7/",
        "changeSets": [],
        "culprits": [],
        "previousBuild": {"number": 6, "url": "http://jenkins.example.com/job/team/job/app/6/"},
    }
    return json.dumps(data).encode()


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best time per call over ``repeat`` samples of ~20 ms each, in seconds.

    The garbage collector is paused while timing, as ``timeit`` does.
    """
    start = time.perf_counter()
    fn()
    number = max(1, int(0.02 / max(time.perf_counter() - start, 1e-6)))
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times.append((time.perf_counter() - start) / number)
        finally:
            gc.enable()
    return min(times)


def measure(name: str, body: bytes, cls: type[Any], repeat: int) -> float:
    """Print and return the ratio (loads + structure) / loads for one payload."""
    structure(json.loads(body), cls)  # warm up: builds and caches the hooks
    loads = best(lambda: json.loads(body), repeat)
    full = best(lambda: structure(json.loads(body), cls), repeat)
    ratio = full / loads
    print(
        f"{name:<28} {len(body) / 1e6:6.2f} MB  json.loads {loads * 1e3:7.2f} ms  "
        f"loads+structure {full * 1e3:7.2f} ms  ratio {ratio:4.2f}x"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    """Run both measurements; exit status 1 if a ratio exceeds ``--target``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--target", type=float, default=3.0)
    args = parser.parse_args(argv)
    ratios = [
        measure("job with 5,000 builds", job_listing(), Job, args.repeat),
        measure("build with 500 actions", build_with_actions(), Build, args.repeat),
    ]
    worst = max(ratios)
    print(f"worst ratio {worst:.2f}x (target <= {args.target:.1f}x)")
    return 0 if worst <= args.target else 1


if __name__ == "__main__":
    raise SystemExit(main())
