"""Job administration: next build number (next-build-number ``NextBuildNumberAction``), wipe-out
(``AbstractProject.doDoWipeOutWorkspace``), move (cloudbees-folder ``DefaultRelocationUI.doMove``)
and a build's display name (``Run.doConfigSubmit``)."""

from __future__ import annotations

import json
from typing import Any

from jenkins_sdk.testing import pages
from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    Ctx,
    error_page,
    html_page,
    not_found,
    redirect,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import FOLDER, FREESTYLE, Build, EmulatorError, Folder, Item, Job
from jenkins_sdk.testing.state.job_admin import JobAdminStore

__all__ = ["BUILD_ACTIONS", "ITEM_ACTIONS", "JOB_ACTIONS"]


def submitted_form(ctx: Ctx) -> dict[str, Any]:
    """stapler ``getSubmittedForm``: the ``json`` field as an object (400 without one)."""
    req = ctx.req
    raw = req.param("json")
    if raw is None:
        raise EmulatorError(
            400,
            "This page expects a form submission" if req.all_params() else "Nothing is submitted",
        )
    try:
        form = json.loads(raw)
    except ValueError:
        raise EmulatorError(500, f"net.sf.json.JSONException: Invalid JSON: {raw[:40]}") from None
    if not isinstance(form, dict):
        raise EmulatorError(500, "net.sf.json.JSONException: A JSONObject text must begin with '{'")
    return form


def next_build_number(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``nextbuildnumber/submit`` with ``json={"nextBuildNumber": N}``: 302 to the job.

    ``Job.updateNextBuildNumber`` ignores a number not above the last build's.
    """
    if not rest:
        return html_page(f"{job.full_display_name} [Jenkins]")
    if rest != ["submit"]:
        return not_found()
    raw = submitted_form(ctx).get("nextBuildNumber")
    try:
        number = int(str(raw).strip())
    except ValueError:
        return error_page(500, "Build number must be an integer")
    with ctx.state.lock:
        last = max(job.builds) if job.builds else 0
        if number > last:
            job.next_build_number = number
    return redirect(ctx, item_path(job))


def wipe_out_workspace(ctx: Ctx, job: Job, rest: list[str]) -> Response:
    """``POST doWipeOutWorkspace``: 302 when wiped, the 'blocked' page when there is none."""
    if job.kind != FREESTYLE or rest:
        return not_found()  # only AbstractProject has it
    bad = require_post(ctx)
    if bad:
        return bad
    store = ctx.state.store(JobAdminStore)
    with ctx.state.lock:
        if store.has_workspace(job):
            store.wipe(job, ctx.state.clock.now_ms())
            return redirect(ctx, item_path(job))
    body = pages.jenkins_page(
        "Error: Wipe Out Workspace blocked by SCM",
        "The SCM for this project has blocked this attempt to wipe out the project's workspace.",
    )
    return Response(200, body, HTML_TYPE)


def _destination(ctx: Ctx, raw: str) -> Folder | None:
    """``/`` is the root, ``/a/b`` the folder ``a/b`` (plain folders only can take items)."""
    if not raw.startswith("/"):
        return None
    node = ctx.state.resolve([p for p in raw.split("/") if p])
    if not isinstance(node, Folder) or (node.parent is not None and node.kind != FOLDER):
        return None
    return node


def _inside(item: Item, folder: Folder) -> bool:
    node: Item | None = folder
    while node is not None:
        if node is item:
            return True
        node = node.parent
    return False


def move(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``move/`` (the form) and ``POST move/move?destination=/F``.

    A destination that is not valid (missing, not a folder, holding the same name, the item itself
    or inside it) or the current parent is not an error: ``forwardToPreviousPage`` (nothing moved).
    """
    parent = item.parent
    if parent is None or (parent.kind != FOLDER and parent.parent is not None):
        return not_found()  # no RelocationAction inside computed folders
    if not rest:
        return html_page(f"Move {item.full_display_name} [Jenkins]")
    if rest != ["move"]:
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        dest = _destination(ctx, ctx.req.param("destination") or "")
        if dest is None or dest is parent or _inside(item, dest) or item.name in dest.children:
            referer = ctx.req.header("Referer")
            if referer:
                return Response(302, b"", None, [("Location", referer)])
            return redirect(ctx, item_path(item) + "move/")
        parent.children.pop(item.name, None)
        dest.children[item.name] = item
        item.parent = dest
    return redirect(ctx, item_path(item))


def config_submit(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``POST configSubmit`` with ``json={"displayName":..,"description":..}``: 302 to the build."""
    bad = require_post(ctx)
    if bad:
        return bad
    form = submitted_form(ctx)
    for key in ("displayName", "description"):
        if key not in form:
            return error_page(500, f'net.sf.json.JSONException: JSONObject["{key}"] not found.')
    with ctx.state.lock:
        build.display_name = str(form["displayName"]).strip() or None
        build.description = str(form["description"])
    return redirect(ctx, item_path(build.job) + f"{build.number}/")


JOB_ACTIONS = {"nextbuildnumber": next_build_number, "doWipeOutWorkspace": wipe_out_workspace}
ITEM_ACTIONS = {"move": move}
BUILD_ACTIONS = {"configSubmit": config_submit}
