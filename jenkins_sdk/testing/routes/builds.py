"""Build endpoints: JSON, permalinks, console (consoleText, progressiveText), stop/term/kill,
delete, env vars, test report, artifacts (single files and ``*zip*``), replay and restart."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.model import ArtifactSpec, Outcome, TestCaseSpec
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes import pipelines
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    TEXT_TYPE,
    Ctx,
    error_page,
    json_response,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import PIPELINE, Build, EmulatorError, Job
from jenkins_sdk.testing.tree import ExportedMap

PERMALINKS = (
    "lastBuild",
    "lastCompletedBuild",
    "lastSuccessfulBuild",
    "lastStableBuild",
    "lastFailedBuild",
    "lastUnstableBuild",
    "lastUnsuccessfulBuild",
)
#: Bodies at most this big are sent with Content-Length; larger ones are streamed chunked.
INLINE_LIMIT = 1 << 20


def build_routes(ctx: Ctx, job: Job, segment: str, rest: list[str]) -> Response:
    """Resolve ``<number>`` or a permalink, then serve the build endpoint in ``rest``."""
    with ctx.state.lock:
        ctx.state.tick()
        build: Build | None
        if segment.isdigit():
            build = job.builds.get(int(segment))
        elif segment in PERMALINKS:
            build = job.permalink(segment)
        else:
            return not_found()
        if build is None:
            return not_found()
        return _build_action(ctx, build, rest)


def _build_action(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    req = ctx.req
    action = rest[0] if rest else ""
    r = ctx.render
    if not rest:
        if req.method == "DELETE":
            return _delete(ctx, build)
        title = f"{build.job.full_display_name} #{build.number}"
        return Response(200, f"<html><body><h1>{title}</h1></body></html>".encode(), HTML_TYPE)
    if rest[:2] in (["api", "json"], ["api", "python"]):
        return json_response(ctx, r.build_node(build))
    if action == "consoleText":
        log, visible, _done = build.visible_log(ctx.state.clock.now_ms())
        if visible <= INLINE_LIMIT:
            return Response(200, log.read_all(0, visible), TEXT_TYPE)
        return Response(200, b"", TEXT_TYPE, stream=log.read(0, visible), length=visible)
    if action == "logText" and len(rest) > 1 and rest[1] in ("progressiveText", "progressiveHtml"):
        return progressive(ctx, build, html=rest[1] == "progressiveHtml")
    if action in ("stop", "term", "kill"):
        if action != "stop" and build.job.kind != PIPELINE:
            return not_found()
        bad = require_post(ctx)
        if bad:
            return bad
        now = ctx.state.clock.now_ms()
        build.abort(now, ctx.user_name, hard=action == "kill")
        ctx.state.tick()
        return redirect(ctx, item_path(build.job) + f"{build.number}/")
    if action == "doDelete":
        bad = require_post(ctx)
        if bad:
            return bad
        return _delete(ctx, build)
    if action == "buildNumber":
        return text(str(build.number))
    if action == "buildTimestamp":
        return text("1/1/26 12:00 AM")
    if action == "submitDescription":
        bad = require_post(ctx)
        if bad:
            return bad
        build.description = req.param("description") or ""
        return redirect(ctx, item_path(build.job) + f"{build.number}/")
    if action == "toggleLogKeep":
        bad = require_post(ctx)
        if bad:
            return bad
        build.keep_log = not build.keep_log
        return redirect(ctx, item_path(build.job) + f"{build.number}/")
    if action == "injectedEnvVars" and rest[1:3] in (["api", "json"], ["api", "python"]):
        return json_response(ctx, env_vars(ctx, build))
    if action == "testReport":
        if build.test_report is None or build.building:
            return not_found()
        if rest[1:3] in (["api", "json"], ["api", "python"]):
            return json_response(ctx, test_report(build))
        return Response(200, b"<html><body>Test Result</body></html>", HTML_TYPE)
    if action == "artifact":
        return artifact(ctx, build, rest[1:])
    if action == "replay" and rest[1:2] in (["run"], ["rebuild"]) and build.job.kind == PIPELINE:
        return rerun(ctx, build, replay=True)
    if action == "restart" and rest[1:2] == ["restart"] and build.job.kind == PIPELINE:
        return rerun(ctx, build, replay=False)
    if build.job.kind == PIPELINE and action in ("wfapi", "execution", "input"):
        return pipelines.run_routes(ctx, build, rest)
    return not_found()


def _delete(ctx: Ctx, build: Build) -> Response:
    if build.building:
        return error_page(400, "Unable to delete a build that is in progress")
    build.job.builds.pop(build.number, None)
    return redirect(ctx, item_path(build.job))


def _crlf(chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.replace(b"\n", b"\r\n")


def progressive(ctx: Ctx, build: Build, *, html: bool) -> Response:
    """``logText/progressiveText?start=N`` (stapler LargeText.doProgressText)."""
    raw = ctx.req.param("start")
    try:
        start = int(raw) if raw else 0
    except ValueError:
        return error_page(500, f'For input string: "{raw}"')
    log, visible, done = build.visible_log(ctx.state.clock.now_ms())
    if start > visible or start < 0:
        start = 0
    headers = [("X-Text-Size", str(visible))]
    if not done:
        headers.append(("X-More-Data", "true"))
    ctype = HTML_TYPE if html else "text/plain;charset=utf-8"
    if visible - start <= INLINE_LIMIT:
        body = log.read_all(start, visible).replace(b"\n", b"\r\n")
        return Response(200, body, ctype, headers)
    return Response(200, b"", ctype, headers, stream=_crlf(log.read(start, visible)))


def env_vars(ctx: Ctx, build: Build) -> dict[str, Any]:
    """``injectedEnvVars/api/json`` (EnvInject's EnvInjectVarList shape)."""
    job = build.job
    url = ctx.render.build_url(build)
    env: dict[str, str] = {
        "BUILD_DISPLAY_NAME": f"#{build.number}",
        "BUILD_ID": str(build.number),
        "BUILD_NUMBER": str(build.number),
        "BUILD_TAG": f"jenkins-{job.full_name.replace('/', '-')}-{build.number}",
        "BUILD_URL": url,
        "EXECUTOR_NUMBER": "0",
        "JENKINS_HOME": "/var/jenkins_home",
        "JENKINS_URL": ctx.root,
        "JOB_BASE_NAME": job.name,
        "JOB_NAME": job.full_name,
        "JOB_URL": ctx.render.item_url(job),
        "NODE_NAME": "built-in",
        "WORKSPACE": f"/var/jenkins_home/workspace/{job.full_name}",
    }
    for d, v in build.params:
        env[d.name] = str(v).lower() if isinstance(v, bool) else str(v)
    cls = "org.jenkinsci.plugins.envinject.EnvInjectVarList"
    return {"_class": cls, "envMap": ExportedMap(env)}


_FAILING = ("FAILED", "REGRESSION")


def _previous_reports(build: Build) -> Iterator[tuple[int, dict[tuple[str, str], TestCaseSpec]]]:
    """(number, cases by key) of the job's earlier completed builds with a report, newest first."""
    for number in sorted((n for n in build.job.builds if n < build.number), reverse=True):
        prev = build.job.builds[number]
        if prev.test_report is not None and not prev.building:
            yield number, {(c.class_name, c.name): c for c in prev.test_report.cases}


def case_history(build: Build, case: TestCaseSpec) -> tuple[str, int, int]:
    """(status, age, failedSince) of ``case`` in ``build``, as junit's ``CaseResult`` computes them.

    The previous result is the same case in the newest earlier build with a report: a failing case
    whose previous result passed is a REGRESSION, a passing one whose previous result did not pass
    is FIXED; ``failedSince`` is the first build of the current run of failures and ``age`` counts
    the builds since then. Explicit REGRESSION/FIXED/SKIPPED statuses and the spec's ``age`` and
    ``failed_since`` win."""
    key = (case.class_name, case.name)
    failing = case.status in _FAILING
    reports = _previous_reports(build)
    first = next(reports, None)
    prev = first[1].get(key) if first is not None else None
    status = case.status
    if status in ("PASSED", "FAILED") and prev is not None:
        prev_passed = prev.status in ("PASSED", "FIXED")
        if failing and prev_passed:
            status = "REGRESSION"
        elif not failing and not prev_passed:
            status = "FIXED"
    if not failing:
        return status, 0, 0
    since = build.number
    entry = first
    while entry is not None:
        older = entry[1].get(key)
        if older is None or older.status not in _FAILING:
            break
        since = entry[0]
        entry = next(reports, None)
    if case.failed_since is not None:
        since = case.failed_since
    age = case.age if case.age is not None else build.number - since + 1
    return status, age, since


def test_report(build: Build) -> dict[str, Any]:
    """``testReport/api/json`` (hudson.tasks.junit.TestResult)."""
    spec = build.test_report
    assert spec is not None
    cases: list[dict[str, Any]] = []
    for c in spec.cases:
        status, age, since = case_history(build, c)
        cases.append(
            {
                "testActions": [],
                "age": age,
                "className": c.class_name,
                "duration": c.duration,
                "errorDetails": c.error_details,
                "errorStackTrace": c.error_stack_trace,
                "failedSince": since,
                "flakyFailures": [],
                "name": c.name,
                "properties": ExportedMap(),
                "rerunFailures": [],
                "skipped": c.status == "SKIPPED",
                "skippedMessage": None,
                "status": status,
                "stderr": None,
                "stdout": None,
            }
        )
    total = round(sum(c.duration for c in spec.cases), 3)
    fail = sum(1 for c in spec.cases if c.status in _FAILING)
    skip = sum(1 for c in spec.cases if c.status == "SKIPPED")
    return {
        "_class": "hudson.tasks.junit.TestResult",
        "testActions": [],
        "duration": total,
        "empty": not spec.cases,
        "failCount": fail,
        "passCount": len(spec.cases) - fail - skip,
        "skipCount": skip,
        "suites": [
            {
                "cases": cases,
                "duration": total,
                "enclosingBlockNames": [],
                "enclosingBlocks": [],
                "id": None,
                "name": spec.suite,
                "nodeId": None,
                "properties": ExportedMap(),
                "stderr": None,
                "stdout": None,
                "timestamp": None,
            }
        ],
    }


@lru_cache(maxsize=32)
def _block(seed: str) -> bytes:
    unit = hashlib.sha256(seed.encode()).digest()
    return (unit * (65536 // len(unit) + 1))[:65536]


def artifact_bytes(spec: ArtifactSpec, seed: str, start: int = 0) -> Iterator[bytes]:
    """The artifact's content in 256 KiB chunks (generated from ``seed`` when not literal)."""
    if spec.content is not None:
        yield spec.content[start:]
        return
    block = _block(seed + spec.path) * 4
    size = spec.size or 0
    pos = start
    while pos < size:
        offset = pos % len(block)
        piece = block[offset : offset + min(len(block) - offset, size - pos)]
        yield piece
        pos += len(piece)


class _Sink:
    """A write-only, unseekable file for ``zipfile`` that hands out what was written."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.pos = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        self.pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self.pos

    def seek(self, *args: Any) -> int:
        raise OSError("unseekable")

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def zip_stream(specs: list[ArtifactSpec], seed: str) -> Iterator[bytes]:
    """A zip of ``specs`` produced incrementally (stored, zip64 for big files)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, True) as zf:  # type: ignore[call-overload]
        for spec in specs:
            info = zipfile.ZipInfo("archive/" + spec.path, date_time=(2026, 1, 1, 0, 0, 0))
            info.file_size = spec.length
            with zf.open(info, "w", force_zip64=spec.length > (1 << 31)) as out:
                for chunk in artifact_bytes(spec, seed):
                    out.write(chunk)
                    if sink.size >= 262144:
                        yield sink.take()
            yield sink.take()
    yield sink.take()


def artifact(ctx: Ctx, build: Build, segs: list[str]) -> Response:
    """``artifact/<relativePath>`` and ``artifact/[dir/]*zip*/name.zip``."""
    if build.building:
        return not_found()
    names = [unquote(s) for s in segs if s]
    seed = f"{ctx.state.seed}:{build.job.full_name}:{build.number}:"
    if "*zip*" in names:
        prefix = "/".join(names[: names.index("*zip*")])
        chosen = [
            a for a in build.artifacts if not prefix or a.path.startswith(prefix.rstrip("/") + "/")
        ]
        if not chosen:
            return not_found()
        return Response(200, b"", "application/zip", stream=zip_stream(chosen, seed))
    path = "/".join(names)
    spec = next((a for a in build.artifacts if a.path == path), None)
    if spec is None:
        return not_found()
    return Response(
        200,
        b"",
        "application/octet-stream",
        stream=artifact_bytes(spec, seed),
        length=spec.length,
    )


def rerun(ctx: Ctx, build: Build, *, replay: bool) -> Response:
    """``replay/run``, ``replay/rebuild`` and ``restart/restart``: a new build through the queue,
    then a 302 to the job (``ReplayAction.doRun``/``doRebuild`` answer ``sendRedirect("../..")``:
    the new build may not start at once, so neither points at it)."""
    bad = require_post(ctx)
    if bad:
        return bad
    job = build.job
    if replay:
        # ReplayAction: isRebuildEnabled/isEnabled refuse a job that is not buildable
        if job.disabled:
            return error_page(403, "not allowed to replay")
        if any(d.type == "password" for d, _v in build.params):
            return error_page(400, "Replay is not allowed when password parameters are used.")
        cause = {
            "_class": "org.jenkinsci.plugins.workflow.cps.replay.ReplayCause",
            "shortDescription": f"Replayed #{build.number}",
        }
        outcome = Outcome()
    else:
        if build.building:
            return error_page(400, "Build is still running")
        stage = ctx.req.param("stageName") or ""
        names = [s.spec.name for s in build.stages]
        if stage not in names:
            return error_page(400, f"No such stage: {stage}")
        cause = {
            "_class": "org.jenkinsci.plugins.pipeline.modeldefinition.causes."
            "RestartDeclarativePipelineCause",
            "shortDescription": f"Restarted from build #{build.number}, stage {stage}",
        }
        idx = names.index(stage)
        specs = [s.spec for s in build.stages]
        outcome = Outcome(stages=specs[idx:] if specs else None)
    job.outcomes.appendleft(outcome)
    try:
        _item, _created = ctx.state.schedule(
            job, list(build.params), [ctx.user_cause(), cause], delay_s=0
        )
    except EmulatorError as exc:
        job.outcomes.popleft()
        return error_page(exc.status, exc.message)
    ctx.emu.count_trigger(job, True)
    return redirect(ctx, item_path(job))
