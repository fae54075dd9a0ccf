"""``python -m jenkins_sdk.testing``: serve the demo controller until interrupted.

The first line of stdout is the URL; the next lines are the accepted credentials.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from types import FrameType

from jenkins_sdk.testing.demo import build_demo
from jenkins_sdk.testing.emulator import (
    DEFAULT_PASSWORD,
    DEFAULT_TOKEN,
    DEFAULT_USER,
    JenkinsEmulator,
)

_DESCRIPTION = """Serve the bundled Jenkins emulator until interrupted (Ctrl-C or SIGTERM).

It starts with the demo controller (folders, freestyle and pipeline jobs, an input step,
artifacts, test reports) unless --empty. The first line of stdout is the URL; the next lines
are export lines that point jenkins-sdk and JenkinsClient.from_env() at it. To serve in the
background and eval them in this shell: eval "$(jenkins-sdk emulator --detach)".
"""


def parser() -> argparse.ArgumentParser:
    """The command line's options (the quiet period defaults to Jenkins' 5 s)."""
    p = argparse.ArgumentParser(
        prog="python -m jenkins_sdk.testing",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    p.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    p.add_argument("--user", default=DEFAULT_USER, help="the user id it accepts (%(default)s)")
    p.add_argument("--password", default=DEFAULT_PASSWORD, help="that user's password")
    p.add_argument("--token", default=DEFAULT_TOKEN, help="that user's API token (printed)")
    p.add_argument(
        "--csrf",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="issue CSRF crumbs and require them on POSTs not made with an API token",
    )
    p.add_argument("--context-path", default="", help="serve under a path prefix, e.g. /jenkins")
    p.add_argument("--seed", type=int, default=0, help="seed of its pseudo-random choices")
    p.add_argument(
        "--speed", type=float, default=1.0, help="emulated seconds per real second (0: stopped)"
    )
    p.add_argument(
        "--quiet-period", type=float, default=5.0, help="seconds a build waits in the queue"
    )
    p.add_argument("--executors", type=int, default=2, help="executors of the built-in node")
    p.add_argument(
        "--anonymous-read", action="store_true", help="let anonymous users read (not POST)"
    )
    p.add_argument("--empty", action="store_true", help="start with no jobs (no demo controller)")
    return p


def export_lines(url: str, user: str, token: str, password: str | None) -> list[str]:
    """Shell lines that point ``jenkins-sdk`` and ``JenkinsClient.from_env()`` at an emulator
    (``eval`` them)."""
    lines = [
        f"export JENKINS_URL={shlex.quote(url)}",
        f"export JENKINS_USER_ID={shlex.quote(user)}",
        f"export JENKINS_API_TOKEN={shlex.quote(token)}",
    ]
    if password:
        lines.append(f"# web UI password: {password}")
    return lines


def serve_until_signalled(
    emu: JenkinsEmulator,
    lines: Callable[[str], Iterable[str]],
    echo: Callable[[str], object] = print,
) -> None:
    """Start ``emu``, print ``lines(emu.url)`` and serve until SIGTERM or SIGINT; then stop it."""
    done = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    # before the URL is printed: a caller may send SIGTERM as soon as it has read it
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    emu.start()
    try:
        for line in lines(emu.url):
            echo(line)
        sys.stdout.flush()
        while not done.wait(0.5):
            pass
    finally:
        emu.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, start the emulator, print URL and credentials, wait for a signal."""
    options = vars(parser().parse_args(argv))
    empty = options.pop("empty")
    emu = JenkinsEmulator(**options)
    if not empty:
        build_demo(emu)
    user, token, password = options["user"], options["token"], options["password"]
    serve_until_signalled(emu, lambda url: [url, *export_lines(url, user, token, password)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
