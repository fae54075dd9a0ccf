"""Recorded scenarios: triggering, parameters, the queue, console streaming, artifacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import BuildRef
from jenkins_sdk.testing import ArtifactSpec, JenkinsEmulator, ParamDef
from tools.recorder.harness import (
    Observed,
    Stagehand,
    param_values,
    scenario,
    sha256,
    value_of,
)

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
            "result": value_of(build.result),
            "building": build.building,
            "duration_ms": build.duration,
            "status": [value_of(status.state).lower(), value_of(status.result)],
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
            "result": value_of(build.result),
            "values": param_values(build),
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
            "text_sha256": sha256(text.encode("utf-8")),
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
            "dist/app-1.4.2.bin": [len(BINARY_ARTIFACT), sha256(BINARY_ARTIFACT)],
            "reports/summary.txt": [len(TEXT_ARTIFACT), sha256(TEXT_ARTIFACT)],
        },
        "bytes_equal": True,
    },
)
def _artifacts_download(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    listed = client.artifacts.list("release", BuildRef.LAST_SUCCESSFUL)
    files: dict[str, list[Any]] = {}
    contents: dict[str, bytes] = {}
    for artifact in listed:
        saved = client.artifacts.download(
            "release", 1, artifact, workdir, hash="sha256", keep_tree=True
        )
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
