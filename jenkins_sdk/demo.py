"""The main job: ``make demo`` (``python -m jenkins_sdk.demo``), a scripted tour through the CLI.

With no ``JENKINS_URL`` set it starts the bundled Jenkins emulator on loopback (no Jenkins needed)
and tours its demo controller. With ``JENKINS_URL`` / ``JENKINS_USER_ID`` / ``JENKINS_API_TOKEN``
set, the same tour runs against that Jenkins: name a parameterised pipeline with an input step in
``JENKINS_SDK_DEMO_JOB`` (and its parameters, ``K=V`` separated by spaces, in
``JENKINS_SDK_DEMO_PARAMS``).

The tour: list the folder tree; trigger a parameterised pipeline; follow it from the queue to a
build number; show its stages updating; answer its input step; stream its console live; wait for
the result; download its artifacts (with a progress bar on a terminal); print the test report
summary; and explain a failed build with ``why``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from jenkins_sdk._polling import Clock
from jenkins_sdk.cli import main as cli_main
from jenkins_sdk.cli.exitcodes import ABORTED, FAILURE, SUCCESS, UNSTABLE

__all__ = ["DEMO_FAILED_JOB", "DEMO_JOB", "DEMO_PARAMS", "TourStep", "main", "run_tour"]

#: The emulator's tour job: a parameterised pipeline with an input step, artifacts and tests.
DEMO_JOB = "team/deploy"
DEMO_PARAMS = ("TARGET=staging", "VERSION=1.4.2")
#: A job of the demo controller whose last build failed in a stage (for ``why``).
DEMO_FAILED_JOB = "team/flaky"

_STARTED = re.compile(r"^started: .* #(\d+)$", re.MULTILINE)


@attrs.frozen
class TourStep:
    """One step of the tour: a title, the CLI arguments, and the exit codes that count as fine."""

    title: str
    argv: tuple[str, ...]
    accept: frozenset[int] = frozenset({SUCCESS})


class _Tee:
    """Write to the real stdout and keep a copy (the tour reads the build number from it)."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self.captured: list[str] = []

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            text = text.decode(self.encoding, errors="replace")
        self.captured.append(text)
        return self._target.write(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    @property
    def encoding(self) -> str:
        return getattr(self._target, "encoding", "utf-8") or "utf-8"

    def text(self) -> str:
        return "".join(self.captured)


def _banner(out: TextIO, number: int, title: str, argv: Sequence[str]) -> None:
    shown = " ".join(a if " " not in a else repr(a) for a in argv)
    out.write(f"\n── {number}. {title}\n$ jenkins-sdk {shown}\n")
    out.flush()


def run_tour(
    *,
    job: str = DEMO_JOB,
    params: Sequence[str] = DEMO_PARAMS,
    failed_job: str | None = DEMO_FAILED_JOB,
    clock: Clock | None = None,
    out: TextIO | None = None,
    download_dir: str | None = None,
) -> int:
    """Run the tour through the CLI against ``JENKINS_URL``; return 0 when every step behaved.

    ``clock`` replaces the client's clock (the tests pass one that advances the emulator, so the
    tour runs without sleeping).
    """
    stream = out if out is not None else sys.stdout
    tee = _Tee(stream)
    step_no = 0

    def run(title: str, argv: Sequence[str], accept: frozenset[int] = frozenset({SUCCESS})) -> int:
        nonlocal step_no
        step_no += 1
        _banner(stream, step_no, title, argv)
        saved = sys.stdout
        sys.stdout = tee
        try:
            code = cli_main(list(argv), clock=clock)
        finally:
            sys.stdout = saved
        if code not in accept:
            stream.write(f"!! step {step_no} exited with {code}\n")
        return code

    if run("List the folder tree (one request)", ["jobs", "ls", "--recursive"]) != SUCCESS:
        return 1
    trigger = ["build", job, *[arg for p in params for arg in ("-p", p)], "--wait-start"]
    if run("Trigger the parameterised pipeline; follow it from the queue", trigger) != SUCCESS:
        return 1
    found = _STARTED.findall(tee.text())
    if not found:
        stream.write("!! the build number was not printed\n")
        return 1
    number = found[-1]
    steps: list[tuple[str, list[str], frozenset[int]]] = [
        ("Watch the stages until the input step", ["stages", job, number, "--watch"], _OK),
        ("Answer the input step", ["input", job, number, "--proceed"], _OK),
        ("Stream the console live until the end", ["logs", job, number, "--follow"], _OK),
        ("The result (the exit code follows it)", ["status", job, number], _RESULTS),
        ("The stages, finished", ["stages", job, number], _OK),
    ]
    target = download_dir or tempfile.mkdtemp(prefix="jenkins-sdk-demo-")
    steps += [
        ("Download the artifacts", ["artifacts", "get", job, number, "-o", target], _OK),
        ("The test report summary", ["tests", job, number], _OK),
    ]
    if failed_job:
        steps.append(("Why did the last build of a job fail?", ["why", failed_job], _RESULTS))
    for title, argv, accept in steps:
        if run(title, argv, accept) not in accept:
            return 1
    stream.write(f"\n── tour complete: {step_no} steps, artifacts in {target}\n")
    return 0


_OK = frozenset({SUCCESS})
_RESULTS = frozenset({SUCCESS, FAILURE, UNSTABLE, ABORTED})


def _with_emulator(speed: float, body: Callable[[], int]) -> int:
    from jenkins_sdk.testing.demo import build_demo
    from jenkins_sdk.testing.emulator import JenkinsEmulator

    emu = JenkinsEmulator(speed=speed, quiet_period=1.0)
    build_demo(emu)
    with emu:
        user, token = emu.credentials
        os.environ["JENKINS_URL"] = emu.url
        os.environ["JENKINS_USER_ID"] = user
        os.environ["JENKINS_API_TOKEN"] = token
        print(f"Jenkins emulator serving a demo controller at {emu.url} (user {user})")
        return body()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tour: against ``JENKINS_URL`` if set, else against the bundled emulator."""
    parser = argparse.ArgumentParser(prog="python -m jenkins_sdk.demo", description=__doc__)
    parser.add_argument("--speed", type=float, default=10.0, help="emulator seconds per second")
    args = parser.parse_args(argv)
    if os.environ.get("JENKINS_URL"):
        job = os.environ.get("JENKINS_SDK_DEMO_JOB", DEMO_JOB)
        params = tuple(os.environ.get("JENKINS_SDK_DEMO_PARAMS", " ".join(DEMO_PARAMS)).split())
        return run_tour(job=job, params=params, failed_job=None)
    return _with_emulator(args.speed, run_tour)


if __name__ == "__main__":
    raise SystemExit(main())
