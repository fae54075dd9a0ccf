"""Trigger a parameterised build, follow it from the queue to a number, wait for its result.

    JENKINS_URL=... JENKINS_USER_ID=... JENKINS_API_TOKEN=... \
        python examples/trigger_and_wait.py team/app -p BRANCH=main -p ENV=staging

Exits 0 when the build succeeded, 1 otherwise.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jenkins_sdk import BuildResult, JenkinsClient


def main(argv: Sequence[str] | None = None) -> int:
    """Trigger JOB with the given parameters and wait for it; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", nargs="?", default="team/app")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="K=V")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds")
    args = parser.parse_args(argv)
    params = dict(pair.split("=", 1) for pair in args.param)

    with JenkinsClient.from_env() as client:
        queued = client.builds.trigger(args.job, params or None)
        print(f"queued {args.job}: queue item {queued.id}")
        ref = client.queue.wait_for_build(queued, timeout=args.timeout)
        print(f"started {args.job} #{ref.number}")
        build = client.builds.wait(args.job, ref, timeout=args.timeout)
        seconds = (build.duration or 0) / 1000
        result = build.result.value if build.result else "?"
        print(f"finished {args.job} #{build.number}: {result} in {seconds:.1f} s")
        return 0 if build.result is BuildResult.SUCCESS else 1


if __name__ == "__main__":
    raise SystemExit(main())
