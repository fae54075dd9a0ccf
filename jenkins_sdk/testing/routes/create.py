"""``createItem`` at the root and in folders (from config.xml, as a copy, or an empty item of a
``mode``) and ``checkJobName`` (``hudson.model.ItemGroupMixIn.createTopLevelItem``,
``hudson.model.View.doCheckJobName``; views and folders fall back to their primary view)."""

from __future__ import annotations

from jenkins_sdk.testing.render import item_path
from jenkins_sdk.testing.routes.common import (
    Ctx,
    form_validation,
    from_error,
    redirect,
    require_post,
)
from jenkins_sdk.testing.routes.config_xml import copy_script, item_from_xml, item_to_xml
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import (
    FOLDER,
    ITEM_CLASSES,
    MULTIBRANCH,
    EmulatorError,
    Folder,
    Item,
    Job,
    check_good_name,
    fail,
)

#: ``mode`` values (descriptor ids) that create an empty item, and the kind they create.
ITEM_MODES = {cls: kind for kind, cls in ITEM_CLASSES.items()}


def create_item(ctx: Ctx, parent: Folder) -> Response:
    """``POST [/job/<folder>]/createItem?name=`` with XML, ``mode=copy&from=``, or ``mode=<class>``.

    The checks run in ``createTopLevelItem``'s order; each refusal is a ``Failure`` (400 with
    ``X-Error``). XML answers 200; a copy or a new empty item redirects to its ``configure``."""
    bad = require_post(ctx)
    if bad:
        return bad
    req = ctx.req
    ctype = req.header("Content-Type")
    mode = req.param("mode")
    try:
        if ctype is None and mode != "copy":
            raise fail("No Content-Type header set")
        is_xml = ctype is not None and ctype.startswith(("application/xml", "text/xml"))
        name = req.param("name")
        if name is None:
            raise fail("Query parameter 'name' is required")
        check_good_name(name)
        name = name.strip()
        with ctx.state.lock:
            if name in parent.children:
                raise fail(f"A job already exists with the name ‘{name}’")
            if mode == "copy":
                item = _copy(ctx, parent, name, req.param("from"))
            elif is_xml:
                ctx.state.add_item(parent, item_from_xml(name, parent, req.body))
                return Response(200, b"")
            else:
                item = _empty(parent, name, mode)
            ctx.state.add_item(parent, item)
    except EmulatorError as exc:
        return from_error(exc)
    return redirect(ctx, item_path(item) + "configure")


def _copy(ctx: Ctx, parent: Folder, name: str, src_name: str | None) -> Item:
    """``ItemGroupMixIn.copy`` of ``from`` (resolved like ``Jenkins.getItem(from, parent)``)."""
    src_name = src_name or ""
    segs = [s for s in src_name.strip("/").split("/") if s]
    src = (
        ctx.state.resolve(segs)
        if src_name.startswith("/")
        else (ctx.state.resolve([*parent.segments, *segs]) or ctx.state.resolve(segs))
    )
    if src is None or not src.readable_by(ctx.ident.user) or not segs:
        raise fail("Specify which job to copy" if not src_name else f"No such job: {src_name}")
    item = item_from_xml(name, parent, item_to_xml(src).encode("utf-8"))
    item.config_xml = src.config_xml
    if isinstance(item, Job) and isinstance(src, Job):
        copy_script(src, item)
    return item


def _empty(parent: Folder, name: str, mode: str | None) -> Item:
    """A new item of the type ``mode`` names (a descriptor id such as
    ``hudson.model.FreeStyleProject``)."""
    if mode is None:
        raise fail("No mode given")
    kind = ITEM_MODES.get(mode)
    if kind is None:
        raise fail(f"No item type ‘{mode}’ is known")
    if kind in (FOLDER, MULTIBRANCH):
        return Folder(name, parent, kind)
    return Job(name, parent, kind)


def check_job_name(ctx: Ctx, parent: Folder) -> Response:
    """``checkJobName?value=``: FormValidation of a new item name in ``parent``."""
    value = ctx.req.param("value") or ""
    if not value:
        return form_validation()
    try:
        check_good_name(value)
    except EmulatorError as exc:
        return form_validation("error", exc.message)
    if value.strip() in parent.children:
        return form_validation("error", f"A job already exists with the name ‘{value.strip()}’")
    return form_validation()


def create_at_root(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /createItem``."""
    return create_item(ctx, ctx.state.root)


def create_in_folder(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``POST /job/F/createItem``."""
    return create_item(ctx, folder)


def check_at_root(ctx: Ctx, rest: list[str]) -> Response:
    """``/checkJobName`` (the primary view's)."""
    return check_job_name(ctx, ctx.state.root)


def check_in_folder(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``/job/F/checkJobName``."""
    return check_job_name(ctx, folder)


def check_in_view(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/view/V/checkJobName`` (a view's owner is the root here)."""
    return check_job_name(ctx, ctx.state.root)


ROUTES = {"createItem": create_at_root, "checkJobName": check_at_root}
FOLDER_ACTIONS = {"createItem": create_in_folder, "checkJobName": check_in_folder}
VIEW_ACTIONS = {"checkJobName": check_in_view}
