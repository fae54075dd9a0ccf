"""Workload 6: download a 200 MiB artifact to disk (checked by size and SHA-256)."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench.workloads import ClientCtx

NAME = "artifact"
TITLE = "6. download a {mib} MiB artifact to disk"
SIZES = {"full": {"mib": 200}, "quick": {"mib": 20}, "smoke": {"mib": 1}}
SPEED = 0.0
JOB = "artifact"
REL = "dist/app.bin"


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return dict(size)


def build(emu: Any, size: dict[str, Any]) -> None:
    """A pipeline job with one finished build that archived one big file."""
    from jenkins_sdk.testing import ArtifactSpec

    emu.pipeline(JOB, artifacts=[ArtifactSpec(REL, size=size["mib"] * 1024 * 1024)])
    emu.history(JOB, ["SUCCESS"])


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """The build to read from."""
    return {"number": 1}


@lru_cache(maxsize=1)
def _expected(emu: Any) -> tuple[int, str]:
    from jenkins_sdk.testing.routes.artifacts import artifact_bytes

    build = emu.job(JOB).builds[1]
    spec = build.artifacts[0]
    seed = f"{emu.state.seed}:{build.job.full_name}:{build.number}:"
    digest = hashlib.sha256()
    size = 0
    for chunk in artifact_bytes(spec, seed):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """Size and SHA-256 of the file written."""
    want = list(_expected(emu))
    return None if answer == want else f"got {answer}, wanted {want}"


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Nothing to undo (the client removes its file)."""


def finalize(ctx: ClientCtx, answer: Any) -> list[Any]:
    """After the clock stopped: hash the file written, then remove it."""
    path = Path(answer)
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    size = path.stat().st_size
    os.unlink(path)
    return [size, digest.hexdigest()]


def _dest(ctx: ClientCtx, name: str) -> Path:
    d = ctx.tmp / name
    d.mkdir(parents=True, exist_ok=True)
    return d


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> str:
    """``artifacts.download`` (streamed 1 MiB chunks, atomic rename, length checked)."""
    with ctx.sdk() as client:
        done = client.artifacts.download(JOB, ctx.params["number"], REL, _dest(ctx, "sdk"))
    return str(done.path)


def run_requests(ctx: ClientCtx) -> str:
    """``GET .../artifact/...`` with ``stream=True``, 1 MiB chunks to a file."""
    s = ctx.session()
    target = _dest(ctx, "requests") / "app.bin"
    with s.get(f"{ctx.url}job/{JOB}/{ctx.params['number']}/artifact/{REL}", stream=True) as r:
        r.raise_for_status()
        with open(target, "wb") as f:
            for chunk in r.iter_content(1 << 20):
                f.write(chunk)
    return str(target)


def run_python_jenkins(ctx: ClientCtx) -> str:
    """``get_build_artifact_as_bytes`` (the whole file in memory), then written out."""
    server = ctx.python_jenkins()
    target = _dest(ctx, "pj") / "app.bin"
    data = server.get_build_artifact_as_bytes(JOB, ctx.params["number"], REL)
    target.write_bytes(data)
    return str(target)


def run_api4jenkins(ctx: ClientCtx) -> str:
    """``build.artifacts`` (wfapi) then ``artifact.save(path)`` (128-byte chunks)."""
    from api4jenkins.build import WorkflowRun

    j = ctx.api4jenkins()
    build = WorkflowRun(j, f"{ctx.url}job/{JOB}/{ctx.params['number']}/")
    target = _dest(ctx, "a4j") / "app.bin"
    art = next(a for a in build.artifacts if a.raw["path"] == REL)
    art.save(str(target))
    return str(target)


def run_jenkinsapi(ctx: ClientCtx) -> str:
    """``build.get_artifact_dict()[path].save(file)`` (1 KiB chunks, then an MD5 fingerprint
    check against Jenkins)."""
    j = ctx.jenkinsapi()
    build = j.get_job(JOB).get_build(ctx.params["number"])
    target = _dest(ctx, "japi") / "app.bin"
    build.get_artifact_dict()[REL].save(str(target))
    return str(target)


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
