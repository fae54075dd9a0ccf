"""Stream a build's console log as it grows, line by line, and count the errors in it.

    python examples/stream_logs.py team/app lastBuild

Progressive (``logText/progressiveText``), constant memory, UTF-8 safe across chunk
boundaries; ``--from`` resumes at a byte offset printed by an earlier run.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextlib import closing

from jenkins_sdk import JenkinsClient


def main(argv: Sequence[str] | None = None) -> int:
    """Print the console of JOB BUILD until the build ends; return 1 if it logged errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", nargs="?", default="team/app")
    parser.add_argument("build", nargs="?", default="lastBuild")
    parser.add_argument("--from", dest="start", type=int, default=0, help="byte offset")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds")
    args = parser.parse_args(argv)

    errors = 0
    with JenkinsClient.from_env() as client:
        stream = client.console.stream(
            args.job, args.build, start=args.start, follow=True, timeout=args.timeout
        )
        with closing(stream):
            for line in stream.lines():
                print(line)
                errors += "ERROR" in line
        print(f"-- {errors} error line(s); resume with --from {stream.offset}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
