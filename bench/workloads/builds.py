"""Workload 2: ``get`` of 500 finished builds, one after the other (big, realistic payloads)."""

from __future__ import annotations

from typing import Any

from bench.workloads import ClientCtx

NAME = "builds"
TITLE = "2. get {builds} finished builds sequentially (params, causes, artifacts, changeSets)"
SIZES = {"full": {"builds": 500}, "quick": {"builds": 100}, "smoke": {"builds": 10}}
SPEED = 0.0
JOB = "bigbuilds"
RESULTS = ("SUCCESS", "SUCCESS", "FAILURE", "SUCCESS", "UNSTABLE", "ABORTED", "SUCCESS")


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return dict(size)


def build(emu: Any, size: dict[str, Any]) -> None:
    """A freestyle job with many parameters, artifacts and changes, and its finished history."""
    from jenkins_sdk.testing import ArtifactSpec, ParamDef

    params = [ParamDef(f"STRING_{i}", default=f"value-{i}-" + "x" * 24) for i in range(8)]
    params += [
        ParamDef("DEPLOY", "boolean", default=True),
        ParamDef("TARGET", "choice", choices=["staging", "production", "qa"]),
        ParamDef("NOTES", "text", default="release notes\n" * 4),
        ParamDef("SECRET", "password", default="hunter2"),
    ]
    artifacts = [
        ArtifactSpec(f"build/libs/module-{i:02d}/app-{i:02d}.jar", size=10) for i in range(20)
    ]
    changes = [
        (f"dev{i}", f"JIRA-{1000 + i}: change number {i} touching the build and its tests")
        for i in range(6)
    ]
    emu.freestyle(JOB, params=params, artifacts=artifacts, changes=changes, duration=30.0)
    emu.history(JOB, [RESULTS[i % len(RESULTS)] for i in range(size["builds"])])


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """The job and the build numbers to read."""
    return {"job": JOB, "numbers": list(range(1, size["builds"] + 1))}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Each build's number, result, parameter count and artifact count must match."""
    job = emu.job(JOB)
    want = [
        [n, job.builds[n].result, len(job.params), len(job.builds[n].artifacts)]
        for n in params["numbers"]
    ]
    if answer != want:
        bad = next(
            (a, w) for a, w in zip(answer + [None] * len(want), want, strict=False) if a != w
        )
        return f"mismatch: got {bad[0]}, wanted {bad[1]} ({len(answer)} answers)"
    return None


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Nothing to undo."""


def _summary(data: dict[str, Any]) -> list[Any]:
    params = next(
        (
            a["parameters"]
            for a in data["actions"]
            if a.get("_class", "").endswith("ParametersAction")
        ),
        [],
    )
    return [data["number"], data["result"], len(params), len(data["artifacts"])]


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> list[Any]:
    """``client.builds.get(job, n)`` (typed model, ``tree=`` of what the model holds)."""
    from jenkins_sdk.models import ParametersAction

    out = []
    with ctx.sdk() as client:
        for n in ctx.params["numbers"]:
            b = client.builds.get(JOB, n)
            params = next((a.parameters for a in b.actions if isinstance(a, ParametersAction)), [])
            out.append(
                [b.number, b.result.value if b.result else None, len(params), len(b.artifacts)]
            )
    return out


def run_requests(ctx: ClientCtx) -> list[Any]:
    """The bare, unfiltered floor: ``GET .../N/api/json`` + ``json.loads``."""
    import json

    s = ctx.session()
    base = f"{ctx.url}job/{JOB}/"
    return [
        _summary(json.loads(s.get(f"{base}{n}/api/json").content)) for n in ctx.params["numbers"]
    ]


def run_python_jenkins(ctx: ClientCtx) -> list[Any]:
    """``get_build_info(job, n)``."""
    server = ctx.python_jenkins()
    return [_summary(server.get_build_info(JOB, n)) for n in ctx.params["numbers"]]


def run_api4jenkins(ctx: ClientCtx) -> list[Any]:
    """A build object per number and its ``api_json()`` (``job.get(n)`` only sees the newest
    100 builds, so the build URL is built directly)."""
    from api4jenkins.build import FreeStyleBuild

    j = ctx.api4jenkins()
    base = f"{ctx.url}job/{JOB}/"
    return [_summary(FreeStyleBuild(j, f"{base}{n}/").api_json()) for n in ctx.params["numbers"]]


def run_jenkinsapi(ctx: ClientCtx) -> list[Any]:
    """``Build(url, n, job)`` per number (its default ``depth=1`` read; ``job.get_build(n)``
    only sees the newest 100 builds)."""
    from jenkinsapi.build import Build

    j = ctx.jenkinsapi()
    job = j.get_job(JOB)
    out = []
    for n in ctx.params["numbers"]:
        b = Build(f"{job.baseurl}/{n}", n, job)
        out.append(_summary(b._data))
    return out


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
