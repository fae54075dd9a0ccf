"""Item traversal (``/job/a/job/b/``, ``/view/V/job/X``) and what every item answers: its page,
``api/json``, ``config.xml``, delete, rename and description (``hudson.model.AbstractItem``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote

from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.builds import build_routes
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    from_error,
    html_page,
    json_response,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.routes.config_xml import apply_xml, item_to_xml
from jenkins_sdk.testing.routes.matrix import configuration_action
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import (
    MATRIX,
    EmulatorError,
    Folder,
    Item,
    Job,
    check_good_name,
    fail,
)
from jenkins_sdk.testing.state.branches import find_child
from jenkins_sdk.testing.state.job_admin import JobAdminStore


def item_routes(ctx: Ctx, segs: list[str]) -> Response:
    """Walk ``job/<name>`` (and ``view/<name>``) pairs, then serve what follows."""
    node: Item = ctx.state.root
    i = 0
    while i + 1 < len(segs) and segs[i] in ("job", "view"):
        if segs[i] == "view":
            if segs[i + 2 : i + 3] != ["job"]:
                break  # job/F/view/V/...: the folder's view (FOLDER_ACTIONS["view"])
            i += 2
            continue
        if not isinstance(node, Folder):
            return not_found()
        child = find_child(node, unquote(segs[i + 1]))
        if child is None or not child.readable_by(ctx.ident.user):
            return not_found()
        node = child
        i += 2
    rest = segs[i:]
    if node is ctx.state.root:
        return not_found()
    if not rest:
        if ctx.req.method == "DELETE":
            return _delete_now(ctx, node)
        return item_page(node)
    return item_action(ctx, node, rest[0], rest[1:])


def item_action(ctx: Ctx, item: Item, action: str, rest: list[str]) -> Response:
    """``ITEM_ACTIONS``, then ``JOB_ACTIONS`` (builds otherwise) or ``FOLDER_ACTIONS``."""
    handler = TABLE.item.get(action)
    if handler is not None:
        return handler(ctx, item, rest)
    if isinstance(item, Job):
        job_handler = TABLE.job.get(action)
        if job_handler is not None:
            return job_handler(ctx, item, rest)
        if item.kind == MATRIX:
            served = configuration_action(ctx, item, action, rest)
            if served is not None:
                return served
        return build_routes(ctx, item, action, rest)
    assert isinstance(item, Folder)
    folder_handler = TABLE.folder.get(action)
    return folder_handler(ctx, item, rest) if folder_handler is not None else not_found()


def item_page(item: Item) -> Response:
    """An item's HTML page."""
    return html_page(f"{item.full_display_name} [Jenkins]")


def delete_items(ctx: Ctx, item: Item) -> None:
    """Remove ``item`` from its parent and drop queued builds of it (or of jobs inside it)."""
    parent = item.parent
    if parent is not None:
        parent.children.pop(item.name, None)
    doomed = [item] if isinstance(item, Job) else ctx.state.all_jobs(item)  # type: ignore[arg-type]
    for q in [q for q in ctx.state.queue.values() if q.job in doomed]:
        ctx.state.queue.pop(q.id, None)


def _delete_now(ctx: Ctx, item: Item) -> Response:
    with ctx.state.lock:
        delete_items(ctx, item)
    return Response(204, b"")


def api(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``api/json`` and ``api/python``."""
    if rest[:1] in (["json"], ["python"]):
        return json_response(ctx, ctx.render.item_node(item))
    return not_found()


def config_xml(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``GET``/``POST config.xml`` (``AbstractItem.doConfigDotXml``)."""
    req = ctx.req
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


def do_delete(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``POST doDelete``: 302 to the parent."""
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        delete_items(ctx, item)
    parent = item.parent
    return redirect(ctx, item_path(parent) if parent is not None else "")


def description(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``Job.doDescription``: GET the text; POST ``description=`` sets it (204), else 400.

    Folders have no such endpoint (404)."""
    if not isinstance(item, Job):
        return not_found()
    req = ctx.req
    if req.method == "GET":
        return text(item.description or "")
    if req.method == "POST" and req.param("description") is not None:
        item.description = req.param("description")
        return Response(204, b"")
    return error_page(400, "Bad Request")


def submit_description(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``POST submitDescription``: 302 to the item.

    On a folder it sets the primary view's description, not the folder's
    (``AbstractFolder.doSubmitDescription``)."""
    bad = require_post(ctx)
    if bad:
        return bad
    if isinstance(item, Folder):
        ctx.state.store(JobAdminStore).view_descriptions[item] = ctx.req.param("description")
    else:
        item.description = ctx.req.param("description")
    return redirect(ctx, item_path(item))


def confirm_rename(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``POST confirmRename?newName=`` (and the older ``doRename``, which calls it): validated as
    ``AbstractItem.doCheckNewName``, refusals are ``Failure``s; then a redirect to
    ``../<newName>`` from ``job/<old>/confirmRename``, i.e. ``job/<newName>`` (``Functions.encode``:
    spaces and non-ASCII escaped; no trailing slash)."""
    bad = require_post(ctx)
    if bad:
        return bad
    new = (ctx.req.param("newName") or "").strip()
    try:
        with ctx.state.lock:
            check_new_name(item, new)
            parent = item.parent
            assert parent is not None
            parent.children.rename(item.name, new)
            item.name = new
    except EmulatorError as exc:
        return from_error(exc)
    parent_path = item_path(item.parent) if item.parent is not None else ""
    return redirect(ctx, f"{parent_path}job/{jenkins_encode(new)}")


def check_new_name(item: Item, new: str) -> None:
    """``AbstractItem.doCheckNewName`` + ``Job.checkRename``; raises a ``Failure``."""
    check_good_name(new)
    if new == item.name:
        raise fail("The new name is the same as the current name.")
    parent = item.parent
    if parent is not None and new in parent.children:
        raise fail(f"The name “{new}” is already in use.")
    if isinstance(item, Job) and any(b.building for b in item.builds.values()):
        raise fail("Unable to rename a job while it is building.")


def jenkins_encode(text: str) -> str:
    """``hudson.Util.encode``: only spaces and non-ASCII characters are percent-encoded."""
    return "".join(
        c if ord(c) < 128 and c != " " else "".join(f"%{b:02X}" for b in c.encode()) for c in text
    )


def configure_page(ctx: Ctx, item: Item, rest: list[str]) -> Response:
    """``configure``: the item's configuration page (where a copy or a new item lands)."""
    return html_page(f"{item.full_display_name} Config [Jenkins]")


def job_root(ctx: Ctx, rest: list[str]) -> Response:
    """``/job/...``."""
    return item_routes(ctx, ["job", *rest])


ROUTES = {"job": job_root}
ITEM_ACTIONS = {
    "api": api,
    "config.xml": config_xml,
    "doDelete": do_delete,
    "doRename": confirm_rename,
    "confirmRename": confirm_rename,
    "configure": configure_page,
    "submitDescription": submit_description,
    "description": description,
}
