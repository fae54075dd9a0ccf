"""Job actions: ``build``/``buildWithParameters`` triggers, ``enable``/``disable`` and
``cancelQueue`` (``jenkins.model.ParameterizedJobMixIn``, ``hudson.model.AbstractProject``)."""

from __future__ import annotations

import json
import re
from typing import Any

from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    from_error,
    html_page,
    redirect,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import EmulatorError, Job

_DELAY = re.compile(r"^\s*(\d+)\s*(ms|msec|msecs|sec|secs|s|min|mins)?\s*$")


def enable_disable(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``POST enable`` / ``POST disable`` (disabling cancels queued builds)."""
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        job.disabled = ctx.req.segments[-1] == "disable"
        if job.disabled:
            for q in [q for q in ctx.state.queue.values() if q.job is job]:
                ctx.state.cancel(q.id)
    return redirect(ctx, item_path(job))


def cancel_queue(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``POST cancelQueue``: cancel the job's queued builds."""
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        for q in [q for q in ctx.state.queue.values() if q.job is job]:
            ctx.state.cancel(q.id)
    return redirect(ctx, item_path(job))


def polling(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``POST polling`` (``ParameterizedJobMixIn.ParameterizedJob.doPolling``): with an
    ``SCMTrigger``, poll now; a job never built (``WorkflowJob.poll``: "no previous build") or with
    pending SCM changes (``JenkinsEmulator.scm_change``) gets a build started by an SCM change.
    Then a redirect to the job."""
    token = ctx.req.param("token")
    if token is None or job.token is None:
        bad = require_post(ctx)
        if bad:
            return bad
    elif token != job.token:
        return error_page(403, "Invalid token")
    with ctx.state.lock:
        queued = any(q.job is job for q in ctx.state.queue.values())
        wanted = not job.builds or job.pending_changes
        if job.scm_trigger and not job.disabled and not queued and wanted:
            job.changes = list(job.pending_changes) or job.changes
            job.pending_changes.clear()
            cause = {
                "_class": "hudson.triggers.SCMTrigger$SCMTriggerCause",
                "shortDescription": "Started by an SCM change",
            }
            _item, created = ctx.state.schedule(job, _defaults(job), [cause])
            ctx.emu.count_trigger(job, created)
    return redirect(ctx, item_path(job))


def _defaults(job: Job) -> list[tuple[ParamDef, Any]]:
    return [(d, d.default) for d in job.params if d.type != "file"]


def build(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``/build``."""
    return trigger(ctx, job, with_params=False)


def build_with_parameters(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``/buildWithParameters``."""
    return trigger(ctx, job, with_params=True)


def _delay(raw: str | None) -> float | None:
    if raw is None:
        return None
    m = _DELAY.match(raw)
    if not m:
        raise EmulatorError(400, f"Invalid delay: {raw}")
    value = int(m.group(1))
    unit = m.group(2) or "ms"
    if unit.startswith("m") and "s" in unit:
        return float(value // 1000)
    if unit.startswith("min"):
        return value * 60.0
    return float(value)


def trigger(ctx: Ctx, job: Job, *, with_params: bool) -> Response:
    """``/build`` and ``/buildWithParameters`` (ParameterizedJobMixIn rules)."""
    req = ctx.req
    token = req.param("token")
    remote = False
    if job.params and not with_params and req.method != "POST":
        return html_page(f"{job.full_display_name} [Jenkins]")
    if token is not None and job.token is not None:
        if token != job.token:
            return error_page(403, "Invalid token provided.")
        remote = True
    else:
        bad = require_post(ctx)
        if bad:
            return bad
        if ctx.ident.anonymous and not ctx.emu.anonymous_build:
            return ctx.emu.login_required(ctx.req)
    if job.disabled:
        return error_page(409, f"{job.full_name} is not buildable")
    files: dict[str, bytes] = {}
    try:
        delay = _delay(req.param("delay"))
        values = _submitted(ctx, job, files) if with_params else _json_submitted(ctx, job)
        with ctx.state.lock:
            cause = _remote_cause(ctx) if remote else ctx.user_cause()
            item, created = ctx.state.schedule(job, values, [cause], delay_s=delay, files=files)
            ctx.emu.count_trigger(job, created)
    except EmulatorError as exc:
        return from_error(exc)
    status = 201 if created or not with_params else 303
    return Response(status, b"", None, [("Location", ctx.location(f"queue/item/{item.id}/"))])


def _remote_cause(ctx: Ctx) -> dict[str, Any]:
    """``Cause.RemoteCause`` of a trigger authorised by the job's token."""
    note = ctx.req.param("cause")
    return {
        "_class": "hudson.model.Cause$RemoteCause",
        "addr": ctx.req.client,
        "note": note,
        "shortDescription": f"Started by remote host {ctx.req.client}"
        + (f" with note: {note}" if note else ""),
    }


def _json_submitted(ctx: Ctx, job: Job) -> list[tuple[ParamDef, Any]]:
    """``/build`` of a parameterized job: the form's ``json`` field (400 without one)."""
    req = ctx.req
    if not job.params:
        return []
    if "json" not in req.form and "json" not in req.query:
        if not req.all_params():
            raise EmulatorError(400, "Nothing is submitted")
        raise EmulatorError(400, "This page expects a form submission")
    return _json_params(job, req.param("json") or "{}")


def _submitted(ctx: Ctx, job: Job, files: dict[str, bytes]) -> list[tuple[ParamDef, Any]]:
    """``/buildWithParameters``: one value per definition (defaults for missing ones)."""
    req = ctx.req
    if not job.params:
        raise EmulatorError(400, f"{job.full_name} is not parameterized")
    values: list[tuple[ParamDef, Any]] = []
    for d in job.params:
        if d.type == "file":
            upload = req.files.get(d.name)
            if upload is not None:
                files[d.name] = upload[1]
                values.append((d, upload[0]))
            continue
        raw = req.param(d.name)
        if raw is None:
            values.append((d, d.default))
            continue
        try:
            values.append((d, d.coerce(raw)))
        except ValueError as exc:
            raise EmulatorError(500, str(exc)) from None
    return values


def _json_params(job: Job, raw: str) -> list[tuple[ParamDef, Any]]:
    try:
        data = json.loads(raw)
    except ValueError:
        raise EmulatorError(400, "Failed to parse JSON") from None
    given = data.get("parameter", []) if isinstance(data, dict) else []
    if isinstance(given, dict):
        given = [given]
    by_name = {d.name: d for d in job.params}
    chosen: dict[str, Any] = {}
    for entry in given:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name not in by_name:
            raise EmulatorError(500, f"No such parameter definition: {name}")
        d = by_name[name]
        value = entry.get("value", d.default)
        try:
            chosen[name] = d.coerce(str(value)) if not isinstance(value, bool) else value
        except ValueError as exc:
            raise EmulatorError(500, str(exc)) from None
    return [(d, chosen.get(d.name, d.default)) for d in job.params if d.type != "file"]


JOB_ACTIONS = {
    "build": build,
    "buildWithParameters": build_with_parameters,
    "enable": enable_disable,
    "disable": enable_disable,
    "cancelQueue": cancel_queue,
    "polling": polling,
}
