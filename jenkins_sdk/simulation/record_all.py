"""Regenerate every file in ``recordings/`` from scripted scenarios (``make record``).

Run: ``python -m jenkins_sdk.simulation.record_all [DIR] [--only AREA/NAME ...]`` (``DIR`` defaults
to ``recordings``). Each :class:`Scenario` declares a small controller on an in-process
:class:`~jenkins_sdk.testing.JenkinsEmulator` (fixed seed, manual clock at a fixed epoch), then
drives the real :class:`~jenkins_sdk.client.JenkinsClient` through it in RECORD mode and writes
``DIR/<area>/<name>.json``.

Nothing sleeps for real: the client's clock is an :class:`EmulatorTime`, whose ``sleep(s)``
advances the emulator's virtual time by ``s`` at once, so a build that "takes" a minute is
polled to completion in milliseconds, exactly as far as the SDK waited.

Re-recording is deterministic: the emulator's seed, clock and issued secrets are fixed, the
``meta`` block carries a fixed date, the server's origin (its random port) is rewritten by the
simulation layer, and secrets are scrubbed with numbered placeholders. Running this twice yields
byte-identical files (the test suite checks it).

A scenario's ``drive`` function takes the client, a :class:`Stagehand` (which moves the
emulator during recording and does nothing during replay) and a scratch directory, and returns
an :class:`Observed`: plain ``facts`` compared with the scenario's hand-written ``expected``
values, and the ``models`` the SDK returned (for record/replay equivalence). The same function
replays a recording offline, which is how the test suite checks every committed file.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from jenkins_sdk import errors
from jenkins_sdk._polling import Clock
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import JenkinsConfig
from jenkins_sdk.models import Build, JobSummary, PipelineRun, StageStatus, unstructure
from jenkins_sdk.refs import BuildRef
from jenkins_sdk.simulation.modes import SimulationMode
from jenkins_sdk.simulation.store import OnExhausted
from jenkins_sdk.testing import (
    ArtifactSpec,
    InputSpec,
    JenkinsEmulator,
    ParamDef,
    StageSpec,
)

__all__ = [
    "BINARY_ARTIFACT",
    "MADE_BY",
    "PASSWORD_USER",
    "RECORDED_ON",
    "SCENARIOS",
    "SEED",
    "TEXT_ARTIFACT",
    "EmulatorTime",
    "Observed",
    "Recorded",
    "Scenario",
    "Stagehand",
    "main",
    "plain",
    "record",
    "record_all",
    "replay",
    "scenario",
    "select",
]

#: The emulator seed every scenario runs with.
SEED = 1
#: The fixed date written to every recording's ``meta`` (re-recording must not change files).
RECORDED_ON = "2026-01-01"
#: How the files were made, written to ``meta.made_by``.
MADE_BY = "make record (python -m jenkins_sdk.simulation.record_all) against JenkinsEmulator"
#: The password of the user the crumb scenario logs in with (API tokens are exempt from crumbs).
PASSWORD_USER = ("alice", "alice-Passw0rd!")


class EmulatorTime:
    """A client clock linked to an emulator: ``sleep(s)`` advances the emulator by ``s``.

    ``monotonic()`` is the virtual time slept so far, so the SDK's deadlines pass exactly as
    they would against a real Jenkins, without any real waiting.
    """

    def __init__(self, emulator: JenkinsEmulator) -> None:
        self._emulator = emulator
        self._lock = threading.Lock()
        self._now = 0.0

    def monotonic(self) -> float:
        """Virtual seconds slept so far."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Advance the virtual time and the emulator by ``seconds`` at once."""
        if seconds <= 0:
            return
        with self._lock:
            self._now += seconds
        self._emulator.advance(seconds)


class Stagehand:
    """What a scenario may do to the server between calls; a no-op when replaying.

    During recording it acts on the emulator; during replay there is no server, and the
    recorded responses already hold the effect.
    """

    def __init__(self, emulator: JenkinsEmulator | None = None) -> None:
        self._emulator = emulator

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of server time pass (builds progress, quiet periods end)."""
        if self._emulator is not None:
            self._emulator.advance(seconds)

    def expire_crumbs(self) -> None:
        """End every web session on the server, so every crumb issued so far is refused."""
        if self._emulator is not None:
            self._emulator.expire_crumbs()


@attrs.frozen
class Observed:
    """What a scenario saw: plain ``facts`` (checked against ``expected``) and SDK ``models``."""

    facts: dict[str, Any]
    models: dict[str, Any] = attrs.field(factory=dict)


Drive = Callable[[JenkinsClient, Stagehand, Path], Observed]


@attrs.frozen
class Scenario:
    """A scripted session: emulator setup, the client calls, and the facts they must yield.

    Attributes:
        area: the recordings sub-directory (``builds``, ``queue`` ...).
        name: the file name without ``.json``.
        summary: one line for ``recordings/README.md`` and the file's ``meta``.
        setup: declares jobs, folders and builds on a fresh emulator.
        drive: the client calls (see the module docstring).
        expected: the facts ``drive`` must return, live and replayed.
        auth: ``"token"`` (API token, no crumbs) or ``"password"`` (crumbs and a session cookie).
    """

    area: str
    name: str
    summary: str
    setup: Callable[[JenkinsEmulator], None]
    drive: Drive
    expected: Mapping[str, Any]
    auth: str = "token"

    @property
    def key(self) -> str:
        """``area/name``."""
        return f"{self.area}/{self.name}"

    def path_in(self, root: Path) -> Path:
        """The recording file below ``root``."""
        return root / self.area / f"{self.name}.json"

    def meta(self, emulator: JenkinsEmulator) -> dict[str, Any]:
        """The ``meta`` block written to the recording (fixed values only)."""
        return {
            "date": RECORDED_ON,
            "made_by": MADE_BY,
            "scenario": self.key,
            "summary": self.summary,
            "jenkins_version": emulator.version,
            "emulator_seed": SEED,
        }


SCENARIOS: list[Scenario] = []


def scenario(
    area: str,
    name: str,
    summary: str,
    *,
    setup: Callable[[JenkinsEmulator], None],
    expected: Mapping[str, Any],
    auth: str = "token",
) -> Callable[[Drive], Drive]:
    """Register the decorated drive function as a :class:`Scenario` in :data:`SCENARIOS`."""

    def register(drive: Drive) -> Drive:
        SCENARIOS.append(Scenario(area, name, summary, setup, drive, dict(expected), auth))
        return drive

    return register


# --- recording and replaying ---------------------------------------------------------------------


def _emulator_for(item: Scenario) -> JenkinsEmulator:
    emulator = JenkinsEmulator(seed=SEED)
    if item.auth == "password":
        emulator.user(PASSWORD_USER[0], PASSWORD_USER[1])
    item.setup(emulator)
    return emulator


def _config(item: Scenario, emulator: JenkinsEmulator) -> JenkinsConfig:
    if item.auth == "password":
        return JenkinsConfig(url=emulator.url, username=PASSWORD_USER[0], password=PASSWORD_USER[1])
    user, token = emulator.credentials
    return JenkinsConfig(url=emulator.url, username=user, api_token=token)


@attrs.frozen
class Recorded:
    """The outcome of recording one scenario: the file, what was seen live, the live base URL."""

    path: Path
    observed: Observed
    url: str


def record(
    item: Scenario,
    root: Path,
    *,
    prepare: Callable[[JenkinsClient, JenkinsEmulator], None] | None = None,
) -> Recorded:
    """Run one scenario against a fresh emulator, recording into ``root``.

    ``prepare`` is called with the client and the emulator before the scenario runs (tests use
    it to watch the live traffic).

    Raises:
        AssertionError: the live facts differ from ``item.expected`` (nothing is written), or
            the emulator raised inside a server thread.
    """
    target = item.path_in(root)
    with _emulator_for(item) as emulator, tempfile.TemporaryDirectory() as scratch:
        with JenkinsClient(_config(item, emulator), clock=EmulatorTime(emulator)) as client:
            if prepare is not None:
                prepare(client, emulator)
            staging = Path(scratch) / "recording.json"
            with client.simulation.activate(
                SimulationMode.RECORD, str(staging), meta=item.meta(emulator)
            ):
                observed = item.drive(client, Stagehand(emulator), Path(scratch))
        emulator.check_errors()
        _check(item, observed, "recorded live")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(staging.read_bytes())
        return Recorded(target, observed, emulator.url)


def replay(
    item: Scenario,
    root: Path,
    *,
    url: str = "http://jenkins.replay.invalid:8080/ci/",
    workdir: Path | None = None,
    clock: Clock | None = None,
    on_exhausted: OnExhausted = "repeat_last",
    after: Callable[[JenkinsClient], None] | None = None,
) -> Observed:
    """Replay one scenario's recording below ``root`` offline, through a REPLAY-mode client.

    ``url`` may be any base URL and the credentials are made up: a recording depends on neither.
    The client logs in the way the scenario did (a password makes it use crumbs, as recorded).
    With the default ``on_exhausted`` the client is put in REPLAY by its configuration (the
    one setting a user changes); ``"raise"`` replays through ``client.simulation.activate`` so
    that asking for more responses than were recorded fails. ``after`` is called with the client
    once the scenario has run.
    """
    path = item.path_in(root)
    by_config = on_exhausted == "repeat_last"
    config = JenkinsConfig(
        url=url,
        username="replay-user",
        password="not-the-recorded-password" if item.auth == "password" else None,
        api_token=None if item.auth == "password" else "not-the-recorded-token",
        simulation_mode=SimulationMode.REPLAY if by_config else SimulationMode.DISABLED,
        recording_path=path if by_config else None,
    )
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        client = stack.enter_context(JenkinsClient(config, clock=clock))
        if not by_config:
            stack.enter_context(
                client.simulation.activate(
                    SimulationMode.REPLAY, str(path), on_exhausted=on_exhausted
                )
            )
        observed = item.drive(client, Stagehand(), workdir)
        if after is not None:
            after(client)
        return observed


def _check(item: Scenario, observed: Observed, how: str) -> None:
    if observed.facts != dict(item.expected):
        lines = [f"scenario {item.key} ({how}) differs from what it expects:"]
        for key in sorted(set(observed.facts) | set(item.expected)):
            got, want = observed.facts.get(key, "<missing>"), item.expected.get(key, "<missing>")
            if got != want:
                lines.append(f"  {key}: got {got!r}, expected {want!r}")
        raise AssertionError("\n".join(lines))


def select(only: Sequence[str] = ()) -> list[Scenario]:
    """The scenarios named in ``only`` (``area/name`` or ``area``), or all of them.

    Raises:
        ValueError: a name matches no scenario (the message lists the valid ones).
    """
    if not only:
        return list(SCENARIOS)
    chosen = [s for s in SCENARIOS if s.key in only or s.area in only]
    known = {s.key for s in SCENARIOS} | {s.area for s in SCENARIOS}
    unknown = [name for name in only if name not in known]
    if unknown:
        valid = ", ".join(s.key for s in SCENARIOS)
        raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; valid ones are: {valid}")
    return chosen


def record_all(root: Path, only: Sequence[str] = ()) -> list[Path]:
    """Record every scenario (or those in ``only``) into ``root``; returns the files written."""
    return [record(item, root).path for item in select(only)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point (``make record``)."""
    parser = argparse.ArgumentParser(
        prog="python -m jenkins_sdk.simulation.record_all",
        description="Regenerate the recordings from scripted scenarios against the emulator.",
    )
    parser.add_argument("root", nargs="?", default="recordings", help="output directory")
    parser.add_argument(
        "--only", action="append", default=[], metavar="AREA[/NAME]", help="record only these"
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    if args.list:
        for item in SCENARIOS:
            print(f"{item.key:<28} {item.summary}")
        return 0
    root = Path(args.root)
    try:
        chosen = select(args.only)
    except ValueError as exc:
        parser.error(str(exc))
    for item in chosen:
        path = record(item, root).path
        size = path.stat().st_size
        print(f"recorded {item.key:<28} {size:>7,} bytes  {path}")
    return 0


# --- helpers used by the scenarios ----------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stage_statuses(run: PipelineRun) -> list[list[str]]:
    return [[stage.name, _value(stage.status)] for stage in run.stages]


def _value(status: Any) -> str:
    return str(status.value) if hasattr(status, "value") else str(status)


def _param_values(build: Build) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for action in build.actions:
        for parameter in getattr(action, "parameters", None) or []:
            values[parameter.name] = parameter.value
    return values


# --- the scenarios --------------------------------------------------------------------------------

APP = "app"
_APP_LOG = "Started by user admin\nBuilding app...\nTests passed: 12\nFinished: SUCCESS\n"


def _setup_trigger_and_wait(emu: JenkinsEmulator) -> None:
    emu.freestyle(APP, duration=20.0, log=_APP_LOG)


@scenario(
    "builds",
    "trigger_and_wait",
    "trigger a freestyle build, wait through the queue, poll it to completion",
    setup=_setup_trigger_and_wait,
    expected={
        "queue_id": 1,
        "number": 1,
        "result": "SUCCESS",
        "building": False,
        "duration_ms": 20000,
        "status": ["completed", "SUCCESS"],
    },
)
def _trigger_and_wait(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    queued = client.builds.trigger(APP)
    ref = client.queue.wait_for_build(queued, timeout=120)
    build = client.builds.wait(APP, ref, timeout=300)
    status = client.builds.status(APP, ref)
    return Observed(
        facts={
            "queue_id": queued.id,
            "number": build.number,
            "result": _value(build.result),
            "building": build.building,
            "duration_ms": build.duration,
            "status": [_value(status.state).lower(), _value(status.result)],
        },
        models={"build": build},
    )


_PARAMS = [
    ParamDef("BRANCH", "string", default="main", description="branch to build"),
    ParamDef("DEPLOY", "boolean", default=False),
    ParamDef("TARGET", "choice", choices=["staging", "production"]),
]


def _setup_parameters(emu: JenkinsEmulator) -> None:
    emu.freestyle("team/service", params=_PARAMS, duration=5.0, log="deploying\n")


@scenario(
    "builds",
    "parameters",
    "read a job's parameter definitions, trigger it with values, read them back from the build",
    setup=_setup_parameters,
    expected={
        "definitions": [
            ["BRANCH", "StringParameterDefinition", "main"],
            ["DEPLOY", "BooleanParameterDefinition", False],
            ["TARGET", "ChoiceParameterDefinition", "staging"],
        ],
        "number": 1,
        "result": "SUCCESS",
        "values": {"BRANCH": "feature/ü-42", "DEPLOY": True, "TARGET": "production"},
    },
)
def _parameters(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    job = "team/service"
    definitions = client.jobs.parameters(job)
    queued = client.builds.trigger(
        job, {"BRANCH": "feature/ü-42", "DEPLOY": True, "TARGET": "production"}
    )
    ref = client.queue.wait_for_build(queued, timeout=120)
    build = client.builds.wait(job, ref, timeout=300)
    return Observed(
        facts={
            "definitions": [
                [
                    d.name,
                    d.type,
                    d.default_parameter_value.value if d.default_parameter_value else None,
                ]
                for d in definitions
            ],
            "number": build.number,
            "result": _value(build.result),
            "values": _param_values(build),
        },
        models={"definitions": definitions, "build": build},
    )


def _setup_queue_cancel(emu: JenkinsEmulator) -> None:
    emu.freestyle("nightly", quiet_period=600.0, duration=60.0)


@scenario(
    "queue",
    "cancel",
    "trigger a job with a long quiet period, read the waiting item, cancel it",
    setup=_setup_queue_cancel,
    expected={
        "queue_id": 1,
        "waiting": {"blocked": False, "buildable": False, "cancelled": False},
        "task": "nightly",
        "listed": [1],
        "wait_error": "QueueCancelled",
        "after_cancel": {"cancelled": True, "executable": None},
        "listed_after": [],
    },
)
def _queue_cancel(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    queued = client.builds.trigger("nightly")
    item = client.queue.get(queued)
    listed = client.queue.list()
    client.queue.cancel(queued)
    error = ""
    try:
        client.queue.wait_for_build(queued, timeout=30)
    except errors.QueueCancelled as exc:
        error = type(exc).__name__
    after = client.queue.get(queued)
    return Observed(
        facts={
            "queue_id": queued.id,
            "waiting": {
                "blocked": item.blocked,
                "buildable": item.buildable,
                "cancelled": bool(item.cancelled),
            },
            "task": item.task.name if item.task else None,
            "listed": [entry.id for entry in listed],
            "wait_error": error,
            "after_cancel": {
                "cancelled": after.cancelled,
                "executable": None if after.executable is None else after.executable.number,
            },
            "listed_after": [entry.id for entry in client.queue.list()],
        },
        models={"waiting": item, "cancelled": after},
    )


_CONSOLE_LINES = 12


def _setup_console(emu: JenkinsEmulator) -> None:
    emu.freestyle("logs", duration=30.0, log_lines=_CONSOLE_LINES)
    emu.trigger("logs")
    emu.advance(6)  # past the quiet period: build #1 runs, its log starts growing


@scenario(
    "console",
    "streaming",
    "follow a growing console log progressively (X-Text-Size/X-More-Data) to the end",
    setup=_setup_console,
    expected={
        "polls_more_than_one": True,
        "complete": True,
        "lines": _CONSOLE_LINES + 4,  # 3 header lines, the generated ones, "Finished"
        "first_line": "Started by user admin",
        "last_line": "Finished: SUCCESS",
        "equals_console_text": True,
        "text_sha256": "2c68ded09f0066580562868c8527cf86727a89e5f9a67787724a4fa2d6e9c277",
    },
)
def _console_streaming(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    stream = client.console.stream("logs", 1, follow=True, timeout=600)
    chunks = list(stream)
    text = "".join(chunks)
    whole = client.console.text("logs", 1)
    lines = text.splitlines()
    return Observed(
        facts={
            "polls_more_than_one": stream.polls > 1,
            "complete": stream.complete,
            "lines": len(lines),
            "first_line": lines[0] if lines else None,
            "last_line": lines[-1] if lines else None,
            "equals_console_text": text == whole.replace("\r\n", "\n"),
            "text_sha256": _sha256(text.encode("utf-8")),
        },
        models={"chunks": chunks, "offset": stream.offset, "polls": stream.polls},
    )


#: A small binary artifact (not UTF-8: stored base64 in the recording).
BINARY_ARTIFACT = bytes(range(256)) + b"\x00\xff jenkins \xfe\x00"
TEXT_ARTIFACT = "build: ok ✓\nversion: 1.4.2\n".encode()


def _setup_artifacts(emu: JenkinsEmulator) -> None:
    emu.freestyle(
        "release",
        duration=4.0,
        artifacts=[
            ArtifactSpec("dist/app-1.4.2.bin", content=BINARY_ARTIFACT),
            ArtifactSpec("reports/summary.txt", content=TEXT_ARTIFACT),
        ],
    )
    emu.trigger("release")
    emu.settle()


@scenario(
    "artifacts",
    "download",
    "list a finished build's artifacts and download each one (binary and text)",
    setup=_setup_artifacts,
    expected={
        "artifacts": [
            ["app-1.4.2.bin", "dist/app-1.4.2.bin"],
            ["summary.txt", "reports/summary.txt"],
        ],
        "files": {
            "dist/app-1.4.2.bin": [len(BINARY_ARTIFACT), _sha256(BINARY_ARTIFACT)],
            "reports/summary.txt": [len(TEXT_ARTIFACT), _sha256(TEXT_ARTIFACT)],
        },
        "bytes_equal": True,
    },
)
def _artifacts_download(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    listed = client.artifacts.list("release", BuildRef.LAST_SUCCESSFUL)
    files: dict[str, list[Any]] = {}
    contents: dict[str, bytes] = {}
    for artifact in listed:
        saved = client.artifacts.download("release", 1, artifact, workdir, hash="sha256")
        data = saved.path.read_bytes()
        contents[artifact.relative_path] = data
        files[artifact.relative_path] = [saved.size, saved.digest]
    expected = {"dist/app-1.4.2.bin": BINARY_ARTIFACT, "reports/summary.txt": TEXT_ARTIFACT}
    return Observed(
        facts={
            "artifacts": [[a.file_name, a.relative_path] for a in listed],
            "files": files,
            "bytes_equal": contents == expected,
        },
        models={"artifacts": listed, "contents": contents},
    )


def _setup_pipeline_input(emu: JenkinsEmulator) -> None:
    approve = InputSpec(
        message="Deploy to production?",
        id="approve",
        ok="Ship it",
        parameters=[
            ParamDef("TARGET", "choice", choices=["staging", "production"]),
            ParamDef("NOTE", "string", default=""),
        ],
    )
    emu.pipeline(
        "team/deploy",
        stages=[
            StageSpec("Build", 3, log_lines=3),
            StageSpec("Approve", 1, input=approve),
            StageSpec("Deploy", 3, log="deploying to production\nälles gut ✓\n"),
        ],
    )
    emu.trigger("team/deploy")
    emu.advance(6)  # past the quiet period: run #1 starts


@scenario(
    "pipelines",
    "input",
    "watch a pipeline's stages, answer its input step with parameters, read a stage log",
    setup=_setup_pipeline_input,
    expected={
        "paused_at": [["Build", "SUCCESS"], ["Approve", "PAUSED_PENDING_INPUT"]],
        "pending": ["Approve", "Deploy to production?", ["TARGET", "NOTE"]],
        "final_status": "SUCCESS",
        "final_stages": [["Build", "SUCCESS"], ["Approve", "SUCCESS"], ["Deploy", "SUCCESS"]],
        "pending_after": 0,
        "deploy_log": (
            "[Pipeline] stage\n[Pipeline] { (Deploy)\ndeploying to production\nälles gut ✓\n"
            "[Pipeline] }\n[Pipeline] // stage\n"
        ),
    },
)
def _pipeline_input(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    job = "team/deploy"
    paused: list[list[str]] = []
    pending_facts: list[Any] = []
    snapshots: list[PipelineRun] = []
    for run in client.pipelines.watch(job, 1, timeout=600):
        snapshots.append(run)
        if run.status is StageStatus.PAUSED_PENDING_INPUT and not pending_facts:
            paused = _stage_statuses(run)
            (pending,) = client.pipelines.pending_inputs(job, 1)
            pending_facts = [pending.id, pending.message, [p.name for p in pending.inputs]]
            client.pipelines.submit_input(
                job, 1, pending, {"TARGET": "production", "NOTE": "ship it"}
            )
    final = client.pipelines.get_run(job, 1)
    deploy = next(s for s in final.stages if s.name == "Deploy")
    return Observed(
        facts={
            "paused_at": paused,
            "pending": pending_facts,
            "final_status": _value(final.status),
            "final_stages": _stage_statuses(final),
            "pending_after": len(client.pipelines.pending_inputs(job, 1)),
            "deploy_log": client.pipelines.stage_log(job, 1, deploy.id),
        },
        models={"snapshots": snapshots, "final": final},
    )


def _setup_folders(emu: JenkinsEmulator) -> None:
    emu.folder("team", description="the team's jobs")
    emu.pipeline("team/app")
    emu.freestyle("team/lib")
    emu.folder("team/infra")
    emu.freestyle("team/infra/terraform")
    emu.freestyle("tools")


@scenario(
    "jobs",
    "folder_listing",
    "list jobs through nested folders in one request, then one folder's children",
    setup=_setup_folders,
    expected={
        "recursive": [
            ["team", "com.cloudbees.hudson.plugins.folder.Folder"],
            ["team/app", "org.jenkinsci.plugins.workflow.job.WorkflowJob"],
            ["team/lib", "hudson.model.FreeStyleProject"],
            ["team/infra", "com.cloudbees.hudson.plugins.folder.Folder"],
            ["team/infra/terraform", "hudson.model.FreeStyleProject"],
            ["tools", "hudson.model.FreeStyleProject"],
        ],
        "team": ["team/app", "team/lib", "team/infra"],
        "exists": [True, False],
    },
)
def _folder_listing(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    everything: list[JobSummary] = client.jobs.list(recursive=True)
    team = client.jobs.list("team")
    return Observed(
        facts={
            "recursive": [[j.full_name, j.class_] for j in everything],
            "team": [j.full_name for j in team],
            "exists": [client.jobs.exists("team/infra/terraform"), client.jobs.exists("team/nope")],
        },
        models={"recursive": everything, "team": team},
    )


def _setup_not_found(emu: JenkinsEmulator) -> None:
    emu.freestyle(APP, duration=1.0)


@scenario(
    "errors",
    "not_found",
    "404s: a missing job, a missing build, a missing queue item",
    setup=_setup_not_found,
    expected={
        "job": ["NotFound", 404, "GET"],
        "build": ["NotFound", 404, "GET"],
        "queue": ["NotFound", 404, "GET"],
        "exists": False,
    },
)
def _not_found(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    calls: dict[str, Callable[[], object]] = {
        "job": lambda: client.jobs.get("no-such-job"),
        "build": lambda: client.builds.get(APP, 99),
        "queue": lambda: client.queue.get(4242),
    }
    facts: dict[str, Any] = {}
    for key, call in calls.items():
        try:
            call()
        except errors.JenkinsError as exc:
            facts[key] = [type(exc).__name__, exc.status, exc.method]
        else:
            facts[key] = ["no error", None, None]
    facts["exists"] = client.jobs.exists("no-such-job")
    return Observed(facts=facts)


def _setup_crumb_refresh(emu: JenkinsEmulator) -> None:
    emu.freestyle(APP, duration=5.0)


@scenario(
    "errors",
    "crumb_refresh",
    "password login: crumb + session cookie; the session ends, a POST gets 403 "
    "'No valid crumb', the client fetches a new crumb and retries once",
    setup=_setup_crumb_refresh,
    expected={"queue_ids": [1, 2], "crumb_fetches": 2, "errors": 0},
    auth="password",
)
def _crumb_refresh(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    first = client.builds.trigger(APP)
    client.queue.wait_for_build(first, timeout=60)
    stage.expire_crumbs()  # e.g. the controller restarted: the crumb's session is gone
    second = client.builds.trigger(APP)
    snapshot = client.metrics.snapshot()
    return Observed(
        facts={
            "queue_ids": [first.id, second.id],
            "crumb_fetches": snapshot.crumb_fetches,
            "errors": snapshot.errors,
        }
    )


def plain(value: Any) -> Any:
    """``value`` with SDK models unstructured (for printing or comparing as JSON)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return unstructure(value)
    return value


if __name__ == "__main__":
    sys.exit(main())
