"""Item traversal (``/job/a/job/b/``) and job/folder endpoints, including build triggers."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.builds import build_routes
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    Ctx,
    error_page,
    from_error,
    json_response,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.routes.pipelines import job_wfapi
from jenkins_sdk.testing.routes.system import apply_xml, create_item, item_to_xml
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import EmulatorError, Folder, Item, Job, check_good_name

_DELAY = re.compile(r"^\s*(\d+)\s*(ms|msec|msecs|sec|secs|s|min|mins)?\s*$")


def item_routes(ctx: Ctx, segs: list[str]) -> Response:
    """Walk ``job/<name>`` (and ``view/<name>``) pairs, then serve what follows."""
    node: Item = ctx.state.root
    i = 0
    while i + 1 < len(segs) and segs[i] in ("job", "view"):
        if segs[i] == "view":
            i += 2
            continue
        if not isinstance(node, Folder):
            return not_found()
        child = node.children.get(unquote(segs[i + 1]))
        if child is None or not child.readable_by(ctx.ident.user):
            return not_found()
        node = child
        i += 2
    rest = segs[i:]
    if node is ctx.state.root:
        return not_found()
    if isinstance(node, Job):
        return job_routes(ctx, node, rest)
    assert isinstance(node, Folder)
    return folder_routes(ctx, node, rest)


def _page(item: Item) -> Response:
    return Response(
        200,
        f"<!DOCTYPE html><html><head><title>{item.full_display_name} [Jenkins]</title></head>"
        f"<body><h1>{item.full_display_name}</h1></body></html>".encode(),
        HTML_TYPE,
    )


def _common_item(ctx: Ctx, item: Item, rest: list[str]) -> Response | None:
    """Endpoints shared by folders and jobs."""
    action = rest[0] if rest else ""
    req = ctx.req
    if not rest and req.method == "DELETE":
        with ctx.state.lock:
            _delete(ctx, item)
        return Response(204, b"")
    if not rest:
        return _page(item)
    if rest[:2] == ["api", "json"] or rest[:2] == ["api", "python"]:
        return json_response(ctx, ctx.render.item_node(item))
    if action == "config.xml":
        if req.method == "GET":
            return text(item_to_xml(item), ctype="application/xml")
        if req.method != "POST":
            return error_page(400, "Unexpected method")
        body = req.body
        if body.startswith(b"\xef\xbb\xbf"):
            return error_page(500, "Content is not allowed in prolog.")
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            return error_page(500, f"Content is not allowed in prolog. ({exc})")
        with ctx.state.lock:
            apply_xml(item, root)
            item.config_xml = body.decode("utf-8", "replace")
        return Response(200, b"")
    if action in ("doDelete", "doRename", "submitDescription", "description"):
        if action == "description" and req.method == "GET":
            return text(item.description or "")
        bad = require_post(ctx)
        if bad:
            return bad
        if action == "doDelete":
            with ctx.state.lock:
                _delete(ctx, item)
            parent = item.parent
            return redirect(ctx, item_path(parent) if parent is not None else "")
        if action in ("submitDescription", "description"):
            item.description = req.param("description") or ""
            return redirect(ctx, item_path(item))
        new = req.param("newName") or ""
        try:
            check_good_name(new)
            with ctx.state.lock:
                parent = item.parent
                assert parent is not None
                if new in parent.children:
                    raise EmulatorError(400, f"A job already exists with the name ‘{new}’")
                parent.children = {
                    (new if k == item.name else k): v for k, v in parent.children.items()
                }
                item.name = new
        except EmulatorError as exc:
            return from_error(exc)
        return redirect(ctx, item_path(item))
    return None


def _delete(ctx: Ctx, item: Item) -> None:
    parent = item.parent
    if parent is not None:
        parent.children.pop(item.name, None)
    doomed = [item] if isinstance(item, Job) else ctx.state.all_jobs(item)  # type: ignore[arg-type]
    for q in [q for q in ctx.state.queue.values() if q.job in doomed]:
        ctx.state.queue.pop(q.id, None)


def folder_routes(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """Endpoints of folders and multibranch projects."""
    common = _common_item(ctx, folder, rest)
    if common is not None:
        return common
    if rest[0] == "createItem":
        return create_item(ctx, folder)
    return not_found()


def job_routes(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """Endpoints of a freestyle or pipeline job."""
    common = _common_item(ctx, job, rest)
    if common is not None:
        return common
    action = rest[0]
    if action == "build":
        return trigger(ctx, job, with_params=False)
    if action == "buildWithParameters":
        return trigger(ctx, job, with_params=True)
    if action in ("enable", "disable"):
        bad = require_post(ctx)
        if bad:
            return bad
        with ctx.state.lock:
            job.disabled = action == "disable"
            if job.disabled:
                for q in [q for q in ctx.state.queue.values() if q.job is job]:
                    ctx.state.cancel(q.id)
        return redirect(ctx, item_path(job))
    if action == "cancelQueue":
        bad = require_post(ctx)
        if bad:
            return bad
        with ctx.state.lock:
            for q in [q for q in ctx.state.queue.values() if q.job is job]:
                ctx.state.cancel(q.id)
        return redirect(ctx, item_path(job))
    if action == "wfapi":
        return job_wfapi(ctx, job, rest[1:])
    return build_routes(ctx, job, action, rest[1:])


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
        return _page(job)
    if token is not None and job.token is not None:
        if token != job.token:
            return error_page(403, "Invalid token")
        remote = True
    else:
        bad = require_post(ctx)
        if bad:
            return bad
        if ctx.ident.anonymous and not ctx.emu.anonymous_build:
            return ctx.emu.login_required(ctx.req)
    if job.disabled:
        return error_page(409, f"{job.full_name} is not buildable")
    try:
        delay = _delay(req.param("delay"))
    except EmulatorError as exc:
        return from_error(exc)
    if remote:
        cause: dict[str, Any] = {
            "_class": "hudson.model.Cause$RemoteCause",
            "addr": ctx.req.client,
            "note": req.param("cause"),
            "shortDescription": f"Started by remote host {ctx.req.client}"
            + (f" with note: {req.param('cause')}" if req.param("cause") else ""),
        }
    else:
        cause = ctx.user_cause()
    files: dict[str, bytes] = {}
    if not with_params:
        if job.params:
            if "json" not in req.form and "json" not in req.query:
                if not req.all_params():
                    return error_page(400, "Nothing is submitted")
                return error_page(400, "This page expects a form submission")
            try:
                values = _json_params(job, req.param("json") or "{}")
            except EmulatorError as exc:
                return from_error(exc)
        else:
            values = []
    else:
        if not job.params:
            return error_page(400, f"{job.full_name} is not parameterized")
        values = []
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
                return error_page(500, str(exc))
    with ctx.state.lock:
        try:
            item, created = ctx.state.schedule(job, values, [cause], delay_s=delay, files=files)
        except EmulatorError as exc:
            return from_error(exc)
        ctx.emu.count_trigger(job, created)
    status = 201 if created or not with_params else 303
    return Response(status, b"", None, [("Location", ctx.location(f"queue/item/{item.id}/"))])


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
