"""Trigger several builds across jobs and watch them all from one shared client and a thread pool.

    python examples/monitor_many.py hello-world team/app team/backend/api-tests --each 2

One ``JenkinsClient`` is shared by every thread (one crumb, pooled keep-alive connections);
``BuildMonitor`` reads the controller's executors view once per round for every running build,
and the builds that ended with one read per folder holding them.
Exits 0 when every build succeeded, 1 otherwise.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from jenkins_sdk import BuildMonitor, BuildResult, JenkinsClient, QueueRef

DEFAULT_JOBS = ("hello-world", "team/app", "team/backend/api-tests")


def main(argv: Sequence[str] | None = None) -> int:
    """Trigger ``--each`` builds of every JOB, then report each build as it finishes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", nargs="*", default=list(DEFAULT_JOBS))
    parser.add_argument("--each", type=int, default=1, help="builds per job")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds")
    args = parser.parse_args(argv)

    with JenkinsClient.from_env(max_connections=args.workers) as client:
        queued = [(job, client.builds.trigger(job)) for job in args.jobs for _ in range(args.each)]

        def started(pair: tuple[str, QueueRef]) -> tuple[str, int]:
            job, ref = pair
            return job, client.queue.wait_for_build(ref, timeout=args.timeout).number or 0

        with ThreadPoolExecutor(args.workers) as pool:
            # Jenkins folds a trigger into an identical item still waiting in the queue, so two
            # triggers may name one build: keep each build once.
            watched = sorted(set(pool.map(started, queued)))
        print(f"watching {len(watched)} builds of {len(args.jobs)} jobs")
        results: Counter[str] = Counter()
        monitor = BuildMonitor(client, watched, max_workers=args.workers, timeout=args.timeout)
        for done in monitor:
            result = done.result.value if done.result else "MISSING"
            results[result] += 1
            print(f"  {done.job.full_name} #{done.number}: {result}")
        print("summary: " + ", ".join(f"{n} {r}" for r, n in sorted(results.items())))
        ok = results[BuildResult.SUCCESS.value] == len(watched)
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
