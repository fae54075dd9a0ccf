"""The main job: ``make demo`` (``python -m jenkins_sdk.demo``), a scripted tour through the CLI.

With no ``JENKINS_URL`` set it starts the bundled Jenkins emulator on loopback (no Jenkins needed)
and tours its demo controller: trigger a parameterised pipeline, follow it from the queue, watch
its stages, answer its input step, stream its console, download its artifacts, summarise its
tests and explain a failed build.

With ``JENKINS_URL`` / ``JENKINS_USER_ID`` / ``JENKINS_API_TOKEN`` set it tours that Jenkins and
adapts to what it finds. It changes nothing there unless asked:

- ``JENKINS_SDK_DEMO_JOB=folder/job`` (or ``--trigger``, which picks a job) asks for ONE build:
  the tour triggers it with the job's own parameter defaults (``JENKINS_SDK_DEMO_PARAMS="K=V
  K2=V2"`` overrides some), shows stages only for a pipeline, answers an input step only if one
  is pending (``JENKINS_SDK_DEMO_INPUT=abort`` aborts it instead of proceeding), and follows the
  build to its end.
- Otherwise it picks a job (a pipeline with builds first) and only reads: its parameters, its
  last build's state, stages, console head, artifacts, tests, and why it failed.

It never creates or deletes jobs, folders, nodes or anything else on a real controller.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import attrs

from jenkins_sdk._demo_plan import TourPlan, plan_tour
from jenkins_sdk._polling import Clock
from jenkins_sdk.cli import main as cli_main
from jenkins_sdk.cli.exitcodes import ABORTED, FAILURE, NOT_BUILT, SUCCESS, UNSTABLE
from jenkins_sdk.cli.pipeline import inputs_from_build
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import JenkinsError, NotFound
from jenkins_sdk.testing.demo import build_demo
from jenkins_sdk.testing.emulator import JenkinsEmulator

__all__ = [
    "DEMO_FAILED_JOB",
    "DEMO_JOB",
    "DEMO_PARAMS",
    "TourPlan",
    "main",
    "plan_tour",
    "run_tour",
]

#: The emulator's tour job: a parameterised pipeline with an input step, artifacts and tests.
DEMO_JOB = "team/deploy"
DEMO_PARAMS = ("TARGET=staging", "VERSION=1.4.2")
#: A job of the demo controller whose last build failed in a stage (for ``why``).
DEMO_FAILED_JOB = "team/flaky"
#: Console lines the read-only tour shows (like ``| head -20``).
HEAD_LINES = 20

_STARTED = re.compile(r"^started: .* #(\d+)$", re.MULTILINE)
_OK = frozenset({SUCCESS})
_RESULTS = frozenset({SUCCESS, FAILURE, UNSTABLE, ABORTED, NOT_BUILT})
#: Seconds between two looks at a build paused or running without the stage-view plugin.
_POLL = 2.0


class _Tee:
    """Write to the real stdout and keep a copy; with ``limit``, close after that many lines
    (the CLI then stops quietly, as under ``| head``)."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self.captured: list[str] = []
        self.limit: int | None = None

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            text = text.decode(self.encoding, errors="replace")
        if self.limit is not None:
            lines = text.splitlines(keepends=True)
            if len(lines) >= self.limit:
                self._keep("".join(lines[: self.limit]))
                self.limit = 0
                raise BrokenPipeError("the tour shows only the head of the console")
            self.limit -= text.count("\n")
        return self._keep(text)

    def _keep(self, text: str) -> int:
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


@attrs.define
class _Runner:
    """Runs one CLI step after another, printing a banner before each."""

    out: TextIO
    clock: Clock | None
    tee: _Tee
    client: Any = None  # the tour's own client, for its read-only decisions
    steps: int = 0
    artifacts_dir: str | None = None  # where the artifacts went, once downloaded

    def __call__(
        self, title: str, argv: Sequence[str], accept: frozenset[int] = _OK, head: int = 0
    ) -> bool:
        self.steps += 1
        shown = " ".join(a if " " not in a else repr(a) for a in argv)
        self.out.write(f"\n── {self.steps}. {title}\n$ jenkins-sdk {shown}\n")
        self.out.flush()
        saved = sys.stdout
        sys.stdout = self.tee
        self.tee.limit = head or None
        try:
            code = cli_main(list(argv), clock=self.clock)
        finally:
            sys.stdout = saved
            self.tee.limit = None
        if code not in accept:
            self.out.write(f"!! step {self.steps} exited with {code}\n")
            return False
        return True

    def note(self, text: str) -> None:
        self.out.write(f"   ({text})\n")


def run_tour(
    *,
    job: str | None = DEMO_JOB,
    params: Sequence[str] = DEMO_PARAMS,
    failed_job: str | None = DEMO_FAILED_JOB,
    trigger: bool = False,
    clock: Clock | None = None,
    out: TextIO | None = None,
    download_dir: str | None = None,
    input_action: str = "proceed",
) -> int:
    """Run the tour through the CLI against ``JENKINS_URL``; return 0 when every step behaved.

    ``job`` names the job to build (None: pick one and only read it, unless ``trigger``);
    ``params`` override its parameter defaults. ``clock`` replaces the client's clock (the
    tests pass one that advances the emulator, so the tour runs without sleeping).
    """
    stream = out if out is not None else sys.stdout
    if input_action not in ("proceed", "abort"):
        stream.write(f"!! the input action is proceed or abort, not {input_action!r}\n")
        return 1
    try:
        client = JenkinsClient.from_env(clock=clock)
    except ValueError as exc:
        stream.write(f"!! cannot configure the client: {exc}\n")
        return 1
    with client:
        run = _Runner(stream, clock, _Tee(stream), client)
        try:
            plan = plan_tour(
                client, job=job, overrides=params, trigger=trigger, failed_job=failed_job
            )
        except NotFound:
            stream.write(f"!! no job {job} on this controller (JENKINS_SDK_DEMO_JOB)\n")
            return 1
        except JenkinsError as exc:
            stream.write(f"!! cannot look at the controller: {exc}\n")
            return 1
        if plan.refusal:
            stream.write(f"!! {plan.refusal}\n")
            return 1
        return _tour(run, plan, download_dir, input_action)


def _tour(run: _Runner, plan: TourPlan, download_dir: str | None, input_action: str) -> int:
    stream = run.out
    if not run("List the folder tree (one request)", ["jobs", "ls", "--recursive"]):
        return 1
    if plan.job is None:
        run.note("this controller has no job to show; the tour ends here")
        return _done(stream, run, None)
    if not run("The job and its parameters", ["jobs", "show", plan.job]):
        return 1
    if plan.trigger:
        ok = _build_tour(run, plan, download_dir, input_action)
    else:
        ok = _read_tour(run, plan)
    if ok and plan.failed_job:
        ok = run("Why did the last build of a job fail?", ["why", plan.failed_job], _RESULTS)
    if not ok:
        return 1
    if not plan.trigger:
        run.note(
            "read-only: nothing was triggered. Set JENKINS_SDK_DEMO_JOB=<job> (or pass "
            "--trigger) to start one build"
        )
    return _done(stream, run, run.artifacts_dir)


def _done(stream: TextIO, run: _Runner, target: str | None) -> int:
    where = f", artifacts in {target}" if target else ""
    steps = "1 step" if run.steps == 1 else f"{run.steps} steps"
    stream.write(f"\n── tour complete: {steps}{where}\n")
    return 0


def _build_tour(run: _Runner, plan: TourPlan, download_dir: str | None, input_action: str) -> bool:
    job = str(plan.job)
    trigger = ["build", job, *[a for p in plan.params for a in ("-p", p)], "--wait-start"]
    if not run("Trigger it with its parameter defaults; follow it from the queue", trigger):
        return False
    found = _STARTED.findall(run.tee.text())
    if not found:
        run.out.write("!! the build number was not printed\n")
        return False
    number = found[-1]
    stage_view = plan.pipeline and _has_stage_view(run, job, number)
    if stage_view:
        for _ in range(5):  # a pipeline may ask more than once
            if not run(
                "Watch the stages until an input step or the end",
                ["stages", job, number, "--watch"],
            ):
                return False
            if not run.client.pipelines.pending_inputs(job, number):
                break
            if not run("Answer the input step", ["input", job, number, f"--{input_action}"]):
                return False
    elif plan.pipeline and not _inputs_without_stage_view(run, job, number, input_action):
        return False
    steps: list[tuple[str, list[str], frozenset[int]]] = [
        ("Stream the console live until the end", ["logs", job, number, "--follow"], _OK),
        ("The result (the exit code follows it)", ["status", job, number], _RESULTS),
    ]
    if stage_view:
        steps.append(("The stages, finished", ["stages", job, number], _OK))
    for title, argv, accept in steps:
        if not run(title, argv, accept):
            return False
    if not run.client.artifacts.list(job, number):
        run.note("the build archived no artifacts")
    else:
        target = download_dir or tempfile.mkdtemp(prefix="jenkins-sdk-demo-")
        if not run("Download the artifacts", ["artifacts", "get", job, number, "-o", target]):
            return False
        run.artifacts_dir = target
    return _tests_step(run, job, number)


def _tests_step(run: _Runner, job: str, build: str) -> bool:
    if run.client.tests.find(job, build) is None:
        run.note("the build has no test report")
        return True
    return run("The test report summary", ["tests", job, build], frozenset({SUCCESS, FAILURE}))


def _has_stage_view(run: _Runner, job: str, build: str) -> bool:
    """Whether the controller answers ``wfapi/`` (the pipeline-stage-view plugin, which Jenkins'
    setup wizard no longer suggests since 2024: pipeline-graph-view replaced it)."""
    try:
        run.client.pipelines.get_run(job, build)
    except NotFound:
        run.note(
            "this controller has no Pipeline: Stage View plugin (no wfapi/): stages are not "
            "shown, input steps are found through the build's own API"
        )
        return False
    return True


def _inputs_without_stage_view(run: _Runner, job: str, build: str, input_action: str) -> bool:
    """Wait for the build to end, answering each input step it stops at (at most 5)."""
    clock = run.client.clock
    deadline = clock.monotonic() + run.client.config.response_timeout * 2
    answered = 0
    while True:
        building, pending = inputs_from_build(run.client, job, build)
        if pending and answered < 5:
            answered += 1
            argv = ["input", job, build, "--id", pending[0][0], f"--{input_action}"]
            if not run("Answer the input step", argv):
                return False
            continue
        if not building:
            return True
        if clock.monotonic() >= deadline:
            run.out.write(f"!! {job} #{build} is still running; the tour stops waiting\n")
            return False
        clock.sleep(_POLL)


def _read_tour(run: _Runner, plan: TourPlan) -> bool:
    job = str(plan.job)
    if not plan.has_builds:
        run.note(f"{job} was never built: nothing more to read")
        return True
    last = "lastBuild"
    ok = run("Its last build (the exit code follows the result)", ["status", job], _RESULTS)
    if ok and plan.pipeline and _has_stage_view(run, job, last):
        ok = run("Its stages", ["stages", job, last])
    if ok:
        title = f"The head of its console (first {HEAD_LINES} lines, like | head)"
        ok = run(title, ["logs", job, last], head=HEAD_LINES)
    if ok:
        ok = run("Its artifacts", ["artifacts", "ls", job])
    return ok and _tests_step(run, job, last)


def _with_emulator(speed: float, body: Callable[[], int]) -> int:
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
    parser = argparse.ArgumentParser(
        prog="python -m jenkins_sdk.demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--speed", type=float, default=10.0, help="emulator seconds per second")
    parser.add_argument(
        "--trigger", action="store_true", help="on a real Jenkins, build the job the tour picks"
    )
    args = parser.parse_args(argv)
    if os.environ.get("JENKINS_URL"):
        return run_tour(
            job=os.environ.get("JENKINS_SDK_DEMO_JOB") or None,
            params=tuple(os.environ.get("JENKINS_SDK_DEMO_PARAMS", "").split()),
            failed_job=None,
            trigger=args.trigger or bool(os.environ.get("JENKINS_SDK_DEMO_TRIGGER")),
            input_action=os.environ.get("JENKINS_SDK_DEMO_INPUT", "proceed"),
        )
    return _with_emulator(args.speed, run_tour)


if __name__ == "__main__":
    raise SystemExit(main())
