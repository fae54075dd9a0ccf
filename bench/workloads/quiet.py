"""Workload 10: trigger 50 builds of a job with Jenkins' default quiet period (5 s) and wait for
each build number.

Waiting well is the whole point here: a queue item is a ``WaitingItem`` until its quiet period
ends (its ``timestamp``). The peers poll every item every ``poll`` seconds (workload 4's
clients); jenkins_sdk calls ``queue.wait_for_build(ref, timeout=..., poll=...)`` with its default
``max_poll``, as a user would.
"""

from __future__ import annotations

from typing import Any

from bench.workloads import ClientCtx, trigger

NAME = "quiet"
TITLE = "10. trigger {builds} builds with a {quiet:g} s quiet period, wait for each build number"
SIZES = {
    "full": {"builds": 50, "quiet": 5.0, "poll": 0.5},
    "quick": {"builds": 20, "quiet": 2.0, "poll": 0.25},
    "smoke": {"builds": 4, "quiet": 0.2, "poll": 0.05},
}
SPEED = 1.0
TIMEOUT = 120.0

describe = trigger.describe
build = trigger.build
prepare = trigger.prepare
check = trigger.check
cleanup = trigger.cleanup


def run_sdk(ctx: ClientCtx) -> list[Any]:
    """``builds.trigger`` x N, then ``queue.wait_for_build(ref, timeout, poll)`` for each."""
    poll = ctx.params["poll"]
    with ctx.sdk() as client:
        refs = [
            client.builds.trigger(trigger.JOB, {"ID": ident, "TARGET": trigger.target(i)})
            for i, ident in enumerate(ctx.params["ids"])
        ]
        return [
            [ident, client.queue.wait_for_build(ref, timeout=TIMEOUT, poll=poll).number]
            for ident, ref in zip(ctx.params["ids"], refs, strict=False)
        ]


CLIENTS = {**trigger.CLIENTS, "jenkins_sdk": run_sdk}
