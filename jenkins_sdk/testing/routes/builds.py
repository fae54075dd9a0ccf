"""Build endpoints: resolving ``<number>`` or a permalink, the build's page and JSON,
stop/term/kill, delete, description, keep-log, env vars, replay and restart (``hudson.model.Run``,
``org.jenkinsci.plugins.workflow.job.WorkflowRun``). Console, artifacts, test reports and wfapi
have their own modules."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.model import Outcome
from jenkins_sdk.testing.pipeline.env import freestyle_env, run_env
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    html_page,
    is_api,
    json_response,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.routes.flow_wfapi import as_scripted
from jenkins_sdk.testing.routes.table import TABLE
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


def build_routes(ctx: Ctx, job: Job, segment: str, rest: list[str]) -> Response:
    """Resolve ``<number>`` or a permalink, then serve ``rest`` through ``BUILD_ACTIONS``."""
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
        if not rest:
            if ctx.req.method == "DELETE":
                return _delete(ctx, build)
            return html_page(f"{build.job.full_display_name} #{build.number} [Jenkins]")
        handler = TABLE.build.get(rest[0])
        return handler(ctx, build, rest[1:]) if handler is not None else not_found()


def _build_url(build: Build) -> str:
    return item_path(build.job) + f"{build.number}/"


def console_page(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``console``: the build's console page (where an input submit lands)."""
    return html_page(f"{build.job.full_display_name} #{build.number} Console [Jenkins]")


def api(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``api/json`` and ``api/python``."""
    if rest[:1] in (["json"], ["python"]):
        return json_response(ctx, ctx.render.build_node(build))
    return not_found()


def stop(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``POST stop`` (any build), ``term`` and ``kill`` (pipelines): the build ends ABORTED."""
    action = ctx.req.segments[-1]
    if action != "stop" and build.job.kind != PIPELINE:
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    build.abort(ctx.state.clock.now_ms(), ctx.user_name, hard=action == "kill")
    ctx.state.tick()
    return redirect(ctx, _build_url(build))


def do_delete(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``POST doDelete``."""
    bad = require_post(ctx)
    if bad:
        return bad
    return _delete(ctx, build)


def build_number(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``buildNumber``: the number as text."""
    return text(str(build.number))


def build_timestamp(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``buildTimestamp``: the start as text."""
    return text("1/1/26 12:00 AM")


def submit_description(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``POST submitDescription``: 302 to the build."""
    bad = require_post(ctx)
    if bad:
        return bad
    build.description = ctx.req.param("description") or ""
    return redirect(ctx, _build_url(build))


def toggle_log_keep(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``POST toggleLogKeep``: 302 to the build."""
    bad = require_post(ctx)
    if bad:
        return bad
    build.keep_log = not build.keep_log
    return redirect(ctx, _build_url(build))


def injected_env_vars(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``injectedEnvVars/api/json``."""
    if not is_api(rest):
        return not_found()
    return json_response(ctx, env_vars(ctx, build))


def replay(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``replay/run`` and ``replay/rebuild`` (pipelines)."""
    if rest[:1] in (["run"], ["rebuild"]) and build.job.kind == PIPELINE:
        return rerun(ctx, build, replay=True)
    return not_found()


def restart(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``restart/restart?stageName=`` (declarative pipelines)."""
    if rest[:1] == ["restart"] and build.job.kind == PIPELINE:
        return rerun(ctx, build, replay=False)
    return not_found()


def _delete(ctx: Ctx, build: Build) -> Response:
    if build.building:
        return error_page(400, "Unable to delete a build that is in progress")
    why = "This record is explicitly marked to be kept." if build.keep_log else build.kept_because
    if why is not None:  # Run.doDoDelete: getWhyKeepLog() != null
        name = f"{build.job.full_display_name} {build.shown_name}"
        return error_page(400, f"Unable to delete {name}: {why}")
    build.job.builds.pop(build.number, None)
    return redirect(ctx, item_path(build.job))


def env_vars(ctx: Ctx, build: Build) -> dict[str, Any]:
    """``injectedEnvVars/api/json`` (EnvInject's ``EnvInjectVarList``): the build's environment
    as Jenkins computes it (``pipeline.env``); a freestyle build's includes its executor's."""
    if build.job.kind != PIPELINE:
        node = build.node or "(built-in)"
        labels = list(ctx.state.nodes.get(node, {}).get("labels", [])) or [node]
        env = freestyle_env(build, ctx.root, labels)
    else:
        env = dict(run_env(build, ctx.root))
        scripted = as_scripted(build)
        if scripted is not None:  # workflow-cps EnvActionImpl.Binder: env.X = ... assignments
            env.update(scripted.run.env_overrides)
    cls = "org.jenkinsci.plugins.envinject.EnvInjectVarList"
    return {"_class": cls, "envMap": ExportedMap(env)}


def stage_names(build: Build) -> list[str]:
    """The stages a build ran (a script's from its flow graph)."""
    scripted = as_scripted(build)
    if scripted is not None:
        return [s.label or "" for s in scripted.run.flow.stages()]
    return [s.spec.name for s in build.stages]


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
        names = stage_names(build)
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
        ctx.state.schedule(
            job,
            list(build.params),
            [ctx.user_cause(), cause],
            delay_s=0,
            restart_stage=None if replay else ctx.req.param("stageName"),
        )
    except EmulatorError as exc:
        job.outcomes.popleft()
        return error_page(exc.status, exc.message)
    ctx.emu.count_trigger(job, True)
    return redirect(ctx, item_path(job))


BUILD_ACTIONS = {
    "api": api,
    "console": console_page,
    "stop": stop,
    "term": stop,
    "kill": stop,
    "doDelete": do_delete,
    "buildNumber": build_number,
    "buildTimestamp": build_timestamp,
    "submitDescription": submit_description,
    "toggleLogKeep": toggle_log_keep,
    "injectedEnvVars": injected_env_vars,
    "replay": replay,
    "restart": restart,
}
