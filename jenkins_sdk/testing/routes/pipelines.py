"""Pipeline Stage View (``wfapi``) and ``input`` step endpoints.

Shapes follow ``stagecraft__12_wfapi_describe_failed.json``,
``gomock__wfapi_pendingInputActions.json``, ``stageview-readme__wfapi_node_describe_success.json``
and ``stageview-readme__wfapi_node_log.json``.
Jackson JSON, no ``_class``, context-relative HAL links; there is no QUEUED status.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    not_found,
    plain_json,
    redirect,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import PIPELINE, Build, Job, StageRun

if TYPE_CHECKING:
    from jenkins_sdk.testing.model import InputSpec

MAX_RUNS = 10
MAX_LOG = 10 * 1024
_RESULT_STATUS = {
    "SUCCESS": "SUCCESS",
    "FAILURE": "FAILED",
    "UNSTABLE": "UNSTABLE",
    "ABORTED": "ABORTED",
    "NOT_BUILT": "NOT_EXECUTED",
}


def _base(ctx: Ctx, build: Build) -> str:
    return f"{ctx.context}/{item_path(build.job)}{build.number}/"


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
    base = _base(ctx, build)
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
            "self": {"href": f"{_base(ctx, build)}execution/node/{run.node_id}/wfapi/describe"}
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
    base = _base(ctx, build)
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
        "stages": [
            stage_json(ctx, build, r, now, full_stages)
            for r in build.stages
            if r.start_ms is not None
        ],
    }


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


def _input_json(ctx: Ctx, build: Build, spec: InputSpec) -> dict[str, Any]:
    base = _base(ctx, build)
    iid = spec.input_id
    out: dict[str, Any] = {"id": iid}
    if spec.ok:
        out["proceedText"] = spec.ok
    out["message"] = spec.message
    inputs = []
    for p in spec.parameters:
        definition: dict[str, Any] = {"defaultVal": p.default}
        if p.type == "choice":
            definition["choices"] = list(p.choices)
        entry: dict[str, Any] = {"type": p.simple_class, "name": p.name}
        if p.description:
            entry["description"] = p.description
        entry["definition"] = definition
        inputs.append(entry)
    out["inputs"] = inputs
    out["proceedUrl"] = f"{base}wfapi/inputSubmit?inputId={iid}"
    out["abortUrl"] = f"{base}input/{iid}/abort"
    out["redirectApprovalUrl"] = f"{base}input/"
    return out


def run_routes(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``N/wfapi/...``, ``N/execution/node/ID/...`` and ``N/input/ID/...``."""
    head = rest[0]
    if head == "wfapi":
        sub = rest[1] if len(rest) > 1 else "describe"
        if sub == "describe":
            return plain_json(run_json(ctx, build, ctx.req.param("fullStages") == "true"))
        if sub == "pendingInputActions":
            pending = build.pending_input()
            return plain_json([_input_json(ctx, build, pending[1])] if pending else [])
        if sub == "nextPendingInputAction":
            pending = build.pending_input()
            return plain_json(_input_json(ctx, build, pending[1]) if pending else None)
        if sub == "artifacts":
            base = _base(ctx, build)
            return plain_json(
                [
                    {
                        "id": f"n{i + 1}",
                        "name": a.path.rsplit("/", 1)[-1],
                        "path": a.path,
                        "url": f"{base}artifact/{a.path}",
                        "size": a.length,
                    }
                    for i, a in enumerate(build.artifacts)
                ]
                if not build.building
                else []
            )
        if sub == "changesets":
            return plain_json([])
        if sub == "inputSubmit":
            bad = require_post(ctx)
            if bad:
                return bad
            iid = ctx.req.param("inputId") or ""
            resp = answer(ctx, build, iid, "proceed")
            if resp.status >= 400 and resp.status != 404:
                return error_page(500, "javax.servlet.ServletException")
            return plain_json(None) if resp.status < 400 else resp
        return not_found()
    if head == "execution" and len(rest) >= 3 and rest[1] == "node":
        return node_routes(ctx, build, rest[2], rest[3:])
    if head == "input":
        if len(rest) < 3:
            return not_found()
        return answer(ctx, build, rest[1], rest[2])
    return not_found()


def node_routes(ctx: Ctx, build: Build, node_id: str, rest: list[str]) -> Response:
    """Stage node describe and node logs."""
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
                "consoleUrl": f"{_base(ctx, build)}execution/node/{node_id}/log",
            }
        )
    if rest[:1] == ["log"] and step is not None:
        return Response(200, step.log.read_all(), "text/plain;charset=utf-8")
    return not_found()


def answer(ctx: Ctx, build: Build, iid: str, verb: str) -> Response:
    """``input/<id>/proceedEmpty|proceed|abort|submit``."""
    if verb not in ("proceedEmpty", "proceed", "abort", "submit"):
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    run = next(
        (r for r in build.stages if r.spec.input is not None and r.spec.input.input_id == iid), None
    )
    if run is None or run.spec.input is None or run.input_state is None:
        return not_found()
    if run.input_state != "pending":
        return error_page(400, "This input has been already given")
    spec = run.spec.input
    req = ctx.req
    proceed = verb in ("proceedEmpty", "proceed") or (verb == "submit" and req.has_param("proceed"))
    if spec.submitter and ctx.user_name not in [s.strip() for s in spec.submitter.split(",")]:
        if proceed:
            return error_page(400, f"You need to be {spec.submitter} to submit this.")
        return error_page(
            400,
            f"You need to be '{spec.submitter}' (or have Job/Cancel permissions) to cancel this.",
        )
    values: dict[str, Any] = {}
    if proceed and verb != "proceedEmpty":
        raw = req.param("json")
        if raw is None:
            return error_page(400, "Nothing is submitted")
        try:
            data = json.loads(raw)
        except ValueError:
            return error_page(400, "Failed to parse JSON")
        given = data.get("parameter", []) if isinstance(data, dict) else []
        if isinstance(given, dict):
            given = [given]
        defs = {p.name: p for p in spec.parameters}
        for entry in given:
            if isinstance(entry, dict) and entry.get("name") in defs:
                values[entry["name"]] = entry.get("value")
        for p in spec.parameters:
            values.setdefault(p.name, p.default)
    build.answer_input(ctx.state.clock.now_ms(), proceed, ctx.user_name, values)
    ctx.state.tick()
    if verb == "submit":
        return redirect(ctx, f"{item_path(build.job)}{build.number}/console")
    return Response(200, b"")
