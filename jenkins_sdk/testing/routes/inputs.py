"""The ``input`` step's endpoints: ``input/ID/proceed|proceedEmpty|abort|submit`` and the stage
view's ``wfapi/inputSubmit`` and pending input actions
(``org.jenkinsci.plugins.workflow.support.steps.input.InputAction``/``InputStepExecution``;
shape of ``gomock__wfapi_pendingInputActions.json``)."""

from __future__ import annotations

import json
from typing import Any

from jenkins_sdk.testing.model import InputSpec
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    build_base,
    error_page,
    failure,
    not_found,
    plain_json,
    redirect,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import PIPELINE, Build


def input_route(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``input/<id>/<verb>`` of a pipeline build."""
    if build.job.kind != PIPELINE or len(rest) < 2:
        return not_found()
    return answer(ctx, build, rest[0], rest[1])


def input_submit(ctx: Ctx, build: Build) -> Response:
    """``POST wfapi/inputSubmit?inputId=``: proceed; ``null`` on success."""
    bad = require_post(ctx)
    if bad:
        return bad
    iid = ctx.req.param("inputId") or ""
    resp = answer(ctx, build, iid, "proceed")
    if resp.status >= 400 and resp.status != 404:
        return error_page(500, "javax.servlet.ServletException")
    return plain_json(None) if resp.status < 400 else resp


def pending_input_actions(ctx: Ctx, build: Build) -> Response:
    """``wfapi/pendingInputActions``: the list of pending inputs."""
    return plain_json([input_json(ctx, build, spec) for spec in build.pending_inputs()])


def next_pending_input_action(ctx: Ctx, build: Build) -> Response:
    """``wfapi/nextPendingInputAction``: the first pending input or ``null``."""
    pending = build.pending_inputs()
    return plain_json(input_json(ctx, build, pending[0]) if pending else None)


def input_json(ctx: Ctx, build: Build, spec: InputSpec) -> dict[str, Any]:
    base = build_base(ctx, build)
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


def _may_settle(ctx: Ctx, submitter: str) -> bool:
    """``InputStepExecution.canSettle``: an administrator, or a listed submitter (user ids
    compared case-insensitively, the default ``IdStrategy``)."""
    if ctx.emu.is_admin(ctx.ident):
        return True
    allowed = {s.strip().lower() for s in submitter.split(",")}
    return ctx.user_name.lower() in allowed


def answer(ctx: Ctx, build: Build, iid: str, verb: str) -> Response:
    """``input/<id>/proceedEmpty|proceed|abort|submit``."""
    if verb not in ("proceedEmpty", "proceed", "abort", "submit"):
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    state = build.input_state(iid)
    spec = build.input_spec(iid)
    if state is None:
        return not_found()
    if state != "pending" or spec is None:
        return failure("This input has been already given")
    req = ctx.req
    proceed = verb in ("proceedEmpty", "proceed") or (verb == "submit" and req.has_param("proceed"))
    if spec.submitter and not _may_settle(ctx, spec.submitter):
        if proceed:
            return failure(f"You need to be {spec.submitter} to submit this.")
        return failure(
            f"You need to be '{spec.submitter}' (or have Job/Cancel permissions) to cancel this."
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
    build.answer_input(ctx.state.clock.now_ms(), proceed, ctx.user_name, values, iid)
    ctx.state.tick()
    if verb == "submit":
        return redirect(ctx, f"{item_path(build.job)}{build.number}/console")
    return Response(200, b"")


BUILD_ACTIONS = {"input": input_route}
