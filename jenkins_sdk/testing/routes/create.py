"""``createItem`` at the root and in folders: from config.xml or as a copy
(``hudson.model.ItemGroupMixIn.createTopLevelItem``)."""

from __future__ import annotations

from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import Ctx, error_page, redirect, require_post
from jenkins_sdk.testing.routes.config_xml import copy_script, item_from_xml, item_to_xml
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import EmulatorError, Folder, Job, check_good_name


def create_item(ctx: Ctx, parent: Folder) -> Response:
    """``POST [/job/<folder>]/createItem?name=`` with XML, or ``mode=copy&from=``."""
    bad = require_post(ctx)
    if bad:
        return bad
    req = ctx.req
    name = req.param("name")
    mode = req.param("mode")
    ctype = req.content_type
    if not name:
        return error_page(400, "Query parameter 'name' is required")
    try:
        check_good_name(name)
        with ctx.state.lock:
            if name in parent.children:
                raise EmulatorError(400, f"A job already exists with the name ‘{name}’")
            if mode == "copy":
                src_name = req.param("from") or ""
                if not src_name:
                    raise EmulatorError(400, "Specify which job to copy")
                segs = [s for s in src_name.strip("/").split("/") if s]
                src = (
                    ctx.state.resolve(segs)
                    if src_name.startswith("/")
                    else (ctx.state.resolve([*parent.segments, *segs]) or ctx.state.resolve(segs))
                )
                if src is None or not src.readable_by(ctx.ident.user):
                    raise EmulatorError(400, f"No such job: {src_name}")
                item_xml = item_to_xml(src).encode("utf-8")
                item = item_from_xml(name, parent, item_xml)
                item.config_xml = src.config_xml
                if isinstance(item, Job) and isinstance(src, Job):
                    copy_script(src, item)
                ctx.state.add_item(parent, item)
                return redirect(ctx, item_path(item) + "configure")
            if mode:
                raise EmulatorError(400, f"No item type ‘{mode}’ is known")
            if not (ctype.startswith("application/xml") or ctype.startswith("text/xml")):
                raise EmulatorError(400, "No Content-Type header set")
            item = item_from_xml(name, parent, req.body)
            ctx.state.add_item(parent, item)
    except EmulatorError as exc:
        return error_page(exc.status, exc.message)
    return Response(200, b"")


def create_at_root(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /createItem``."""
    return create_item(ctx, ctx.state.root)


def create_in_folder(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``POST /job/F/createItem``."""
    return create_item(ctx, folder)


ROUTES = {"createItem": create_at_root}
FOLDER_ACTIONS = {"createItem": create_in_folder}
