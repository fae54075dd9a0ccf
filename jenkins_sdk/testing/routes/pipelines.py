"""Pipeline Stage View (``wfapi``): runs, stages, flow nodes and node logs
(``com.cloudbees.workflow.rest.external.RunExt``, ``StageNodeExt``, ``AtomFlowNodeExt``).

Shapes follow ``stagecraft__12_wfapi_describe_failed.json``,
``stageview-readme__wfapi_node_describe_success.json`` and
``stageview-readme__wfapi_node_log.json``.
Jackson JSON, no ``_class``, context-relative HAL links; there is no QUEUED status.
"""

from __future__ import annotations

import html
from typing import Any

from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes import flow_wfapi
from jenkins_sdk.testing.routes.common import Ctx, build_base, not_found, plain_json
from jenkins_sdk.testing.routes.inputs import (
    input_submit,
    next_pending_input_action,
    pending_input_actions,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import PIPELINE, Build, Job, StageRun

MAX_RUNS = 10
MAX_LOG = 10 * 1024
_RESULT_STATUS = {
    "SUCCESS": "SUCCESS",
    "FAILURE": "FAILED",
    "UNSTABLE": "UNSTABLE",
    "ABORTED": "ABORTED",
    "NOT_BUILT": "NOT_EXECUTED",
}


def run_status(build: Build) -> str:
    """RunExt status (StatusExt)."""
    if build.building:
        return "PAUSED_PENDING_INPUT" if build.pending_input() else "IN_PROGRESS"
    return _RESULT_STATUS.get(build.result or "", "NOT_EXECUTED")


def _stage_duration(run: StageRun, now: int) -> int:
    if run.start_ms is None:
        return 0
    end = run.end_ms if run.end_ms is not None else now
    return max(0, end - run.start_ms)


def _step(ctx: Ctx, build: Build, run: StageRun, now: int) -> dict[str, Any]:
    base = build_base(ctx, build)
    sid = run.step_node_id
    out: dict[str, Any] = {
        "_links": {
            "self": {"href": f"{base}execution/node/{sid}/wfapi/describe"},
            "log": {"href": f"{base}execution/node/{sid}/wfapi/log"},
        },
        "id": str(sid),
        "name": "Wait for interactive input" if run.spec.input else "Shell Script",
        "execNode": run.spec.exec_node,
        "status": run.status,
    }
    if run.status == "FAILED":
        out["error"] = _error(run)
    out["parameterDescription"] = run.spec.input.message if run.spec.input else "./build.sh"
    out["startTimeMillis"] = run.start_ms or 0
    out["durationMillis"] = _stage_duration(run, now)
    out["pauseDurationMillis"] = run.pause_ms
    out["parentNodes"] = [str(run.node_id)]
    return out


def _error(run: StageRun) -> dict[str, str]:
    """ErrorExt of a failed stage or step (``stageview-readme__wfapi_node_describe_failed``)."""
    return {
        "message": run.spec.error or "script returned exit code 1",
        "type": "hudson.AbortException",
    }


def _pending_pause(build: Build, run: StageRun, now: int) -> int:
    """Time spent so far waiting on a still pending input (pause time keeps growing)."""
    if run.input_state == "pending" and build.building:
        return max(0, now - build.phase_clock_ms)
    return 0


def stage_json(ctx: Ctx, build: Build, run: StageRun, now: int, full: bool) -> dict[str, Any]:
    """A stage entry (or StageNodeExt with ``stageFlowNodes`` when ``full``)."""
    out: dict[str, Any] = {
        "_links": {
            "self": {"href": f"{build_base(ctx, build)}execution/node/{run.node_id}/wfapi/describe"}
        },
        "id": str(run.node_id),
        "name": run.spec.name,
        "execNode": run.spec.exec_node,
        "status": run.status,
    }
    if run.status == "FAILED":
        out["error"] = _error(run)
    out["startTimeMillis"] = run.start_ms or 0
    out["durationMillis"] = _stage_duration(run, now)
    out["pauseDurationMillis"] = run.pause_ms + _pending_pause(build, run, now)
    if full:
        out["stageFlowNodes"] = (
            [_step(ctx, build, run, now)] if run.status != "NOT_EXECUTED" else []
        )
    return out


def run_json(ctx: Ctx, build: Build, full_stages: bool = False) -> dict[str, Any]:
    """RunExt."""
    now = ctx.state.clock.now_ms()
    base = build_base(ctx, build)
    links: dict[str, Any] = {"self": {"href": f"{base}wfapi/describe"}}
    if build.pending_input():
        links["pendingInputActions"] = {"href": f"{base}wfapi/pendingInputActions"}
        links["nextPendingInputAction"] = {"href": f"{base}wfapi/nextPendingInputAction"}
    if build.artifacts and not build.building:
        links["artifacts"] = {"href": f"{base}wfapi/artifacts"}
    end = build.end_ms if build.end_ms is not None else now
    return {
        "_links": links,
        "id": str(build.number),
        "name": f"#{build.number}",
        "status": run_status(build),
        "startTimeMillis": build.start_ms,
        "endTimeMillis": end,
        "durationMillis": end - build.start_ms,
        "queueDurationMillis": max(0, build.start_ms - build.in_queue_since),
        "pauseDurationMillis": build.pause_ms
        + sum(_pending_pause(build, r, now) for r in build.stages),
        "stages": _stages(ctx, build, now, full_stages),
    }


def _stages(ctx: Ctx, build: Build, now: int, full: bool) -> list[dict[str, Any]]:
    scripted = flow_wfapi.as_scripted(build)
    if scripted is not None:
        return flow_wfapi.stages_json(ctx, scripted, now, full)
    return [stage_json(ctx, build, r, now, full) for r in build.stages if r.start_ms is not None]


def job_wfapi(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``/job/X/wfapi[/describe]`` and ``/job/X/wfapi/runs``."""
    if job.kind != PIPELINE:
        return not_found()
    ctx.state.tick()
    base = f"{ctx.context}/{item_path(job)}"
    runs = job.last_builds()
    if not rest or rest[0] == "describe":
        return plain_json(
            {
                "_links": {
                    "self": {"href": f"{base}wfapi/describe"},
                    "runs": {"href": f"{base}wfapi/runs"},
                },
                "name": job.name,
                "runCount": min(MAX_RUNS, len(runs)),
            }
        )
    if rest[0] == "runs":
        since = ctx.req.param("since")
        full = ctx.req.param("fullStages") == "true"
        out = []
        for b in runs[:MAX_RUNS]:
            out.append(run_json(ctx, b, full))
            if since is not None and f"#{b.number}" == since:
                break
        return plain_json(out)
    return not_found()


def run_wfapi(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``N/wfapi/...`` of a pipeline build."""
    if build.job.kind != PIPELINE:
        return not_found()
    sub = rest[0] if rest else "describe"
    if sub == "describe":
        return plain_json(run_json(ctx, build, ctx.req.param("fullStages") == "true"))
    if sub == "pendingInputActions":
        return pending_input_actions(ctx, build)
    if sub == "nextPendingInputAction":
        return next_pending_input_action(ctx, build)
    if sub == "artifacts":
        return plain_json(_artifacts(ctx, build))
    if sub == "changesets":
        return plain_json([])
    if sub == "inputSubmit":
        return input_submit(ctx, build)
    return not_found()


def _artifacts(ctx: Ctx, build: Build) -> list[dict[str, Any]]:
    if build.building:
        return []
    base = build_base(ctx, build)
    return [
        {
            "id": f"n{i + 1}",
            "name": a.path.rsplit("/", 1)[-1],
            "path": a.path,
            "url": f"{base}artifact/{a.path}",
            "size": a.length,
        }
        for i, a in enumerate(build.artifacts)
    ]


def execution(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``N/execution/node/ID/...`` of a pipeline build."""
    if build.job.kind != PIPELINE or len(rest) < 2 or rest[0] != "node":
        return not_found()
    return node_routes(ctx, build, rest[1], rest[2:])


def node_routes(ctx: Ctx, build: Build, node_id: str, rest: list[str]) -> Response:
    """Stage node describe and node logs."""
    scripted = flow_wfapi.as_scripted(build)
    if scripted is not None:
        return flow_wfapi.node_routes(ctx, scripted, node_id, rest)
    now = ctx.state.clock.now_ms()
    run = next((r for r in build.stages if str(r.node_id) == node_id), None)
    step = next((r for r in build.stages if str(r.step_node_id) == node_id), None)
    if (run is None and step is None) or (run is not None and run.start_ms is None):
        return not_found()
    if rest[:2] == ["wfapi", "describe"] or rest == ["wfapi"]:
        if run is not None:
            return plain_json(stage_json(ctx, build, run, now, full=True))
        assert step is not None
        return plain_json(_step(ctx, build, step, now))
    if rest[:2] == ["wfapi", "log"]:
        if run is not None:
            return plain_json(
                {
                    "nodeId": node_id,
                    "nodeStatus": run.status,
                    "length": 0,
                    "hasMore": False,
                    "consoleUrl": None,
                }
            )
        assert step is not None
        size = (
            step.log.size
            if step.end_ms is not None or not build.building
            else build._partial(step, now)
        )
        text = step.log.read_all(max(0, size - MAX_LOG), size).decode("utf-8", "ignore")
        return plain_json(
            {
                "nodeId": node_id,
                "nodeStatus": step.status,
                "length": size,
                "hasMore": size > MAX_LOG,
                "text": html.escape(text, quote=False),
                "consoleUrl": f"{build_base(ctx, build)}execution/node/{node_id}/log",
            }
        )
    if rest[:1] == ["log"] and step is not None:
        return Response(200, step.log.read_all(), "text/plain;charset=utf-8")
    return not_found()


JOB_ACTIONS = {"wfapi": job_wfapi}
BUILD_ACTIONS = {"wfapi": run_wfapi, "execution": execution}
