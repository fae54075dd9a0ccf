"""Computed folders: ``POST build`` schedules a scan, ``computation/`` (and a multibranch project's
``indexing/``) serves its log (cloudbees-folder ``ComputedFolder.doBuild``,
``FolderComputation.doConsoleText``/``getLogText``; branch-api ``MultiBranchProject.getIndexing``).

Branch jobs are found by their encoded name or their branch name (``MultiBranchProject.getItem``);
a scan waiting in the queue is listed in ``queue/api/json`` with its folder as the task.
"""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.logs import Log, TextPart
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    from_error,
    html_page,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.routes.console import serve_progressive, serve_text
from jenkins_sdk.testing.routes.jobs import _delay as parse_delay
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import ITEM_CLASSES, MULTIBRANCH, ORGANIZATION, EmulatorError, Folder
from jenkins_sdk.testing.state.branches import BranchStore, ComputedProject

__all__ = ["FOLDER_ACTIONS", "queued_scans"]


def _project(ctx: Ctx, folder: Folder) -> ComputedProject | None:
    if folder.kind not in (MULTIBRANCH, ORGANIZATION):
        return None
    return ctx.state.store(BranchStore).project(folder)


def scan(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``POST build[?delay=]``: schedule a scan; 302 to the Referer or the folder."""
    project = _project(ctx, folder)
    if project is None or rest:
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    if ctx.ident.anonymous and not ctx.emu.anonymous_build:
        return ctx.emu.login_required(ctx.req)
    if not project.buildable:
        return error_page(500, f"java.io.IOException: {folder.full_name} cannot be recomputed")
    try:
        delay = parse_delay(ctx.req.param("delay")) or 0.0
    except EmulatorError as exc:
        return from_error(exc)
    with ctx.state.lock:
        ctx.state.store(BranchStore).schedule(project, ctx.user_cause(), delay)
    referer = ctx.req.header("Referer")
    if referer:
        return Response(302, b"", None, [("Location", referer)])
    return redirect(ctx, item_path(folder))


def computation(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``computation/`` (``indexing/`` too on a multibranch project): the scan and its log."""
    project = _project(ctx, folder)
    if project is None:
        return not_found()
    comp = project.computation
    log_name = "computation.log" if folder.kind == ORGANIZATION else "indexing.log"
    data = comp.text() if comp is not None else b""
    done = comp is not None and comp.result is not None
    log = Log([TextPart(data)])
    if not rest or rest == ["console"]:
        return html_page(f"{folder.full_display_name} [Jenkins]")
    if rest == ["consoleText"]:
        if comp is None:
            return text(f"No such file: {log_name}")
        return serve_text(log, len(data))
    if rest[0] == "logText" and rest[1:2] in (["progressiveText"], ["progressiveHtml"]):
        return serve_progressive(ctx, log, len(data), done, html=rest[1] == "progressiveHtml")
    return not_found()


def indexing(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``indexing/``: a multibranch project's name for its computation (not an org folder's)."""
    if folder.kind != MULTIBRANCH:
        return not_found()
    return computation(ctx, folder, rest)


def queued_scans(ctx: Ctx) -> list[dict[str, Any]]:
    """Scans waiting in the queue, as ``Queue$WaitingItem``/``Queue$BlockedItem`` entries."""
    store = ctx.state.store(BranchStore)
    now = ctx.state.clock.now_ms()
    out: list[dict[str, Any]] = []
    for folder, project in store.projects.items():
        queued = project.queued
        if queued is None or not folder.readable_by(ctx.ident.user):
            continue
        state, why = store.queue_state(project, now)
        item: dict[str, Any] = {
            "_class": f"hudson.model.Queue${state.capitalize()}Item",
            "actions": [{"_class": "hudson.model.CauseAction", "causes": list(queued.causes)}],
            "blocked": state == "blocked",
            "buildable": False,
            "id": queued.id,
            "inQueueSince": queued.since_ms,
            "params": "",
            "stuck": False,
            "task": {
                "_class": ITEM_CLASSES[folder.kind],
                "name": folder.name,
                "url": ctx.render.item_url(folder),
            },
            "url": f"queue/item/{queued.id}/",
            "why": why,
        }
        if state == "waiting":
            item["timestamp"] = queued.timestamp
        else:
            item["buildableStartMilliseconds"] = queued.timestamp
        out.append(item)
    return out


FOLDER_ACTIONS = {"build": scan, "computation": computation, "indexing": indexing}
