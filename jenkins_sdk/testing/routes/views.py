"""Views of the root and of folders (``hudson.model.View``, ``AllView``, ``ListView``,
``ViewGroupMixIn``; cloudbees-folder ``AbstractFolder.doCreateView``): read, create from XML or
the form, ``config.xml``, delete, add and remove jobs. See ``docs/protocol-admin.md`` section 5."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.render import item_path, raw_encode
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    failure,
    html_page,
    json_response,
    not_found,
    redirect,
    require_admin,
    require_post,
)
from jenkins_sdk.testing.routes.create import create_item
from jenkins_sdk.testing.routes.items import item_routes
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Folder, check_good_name
from jenkins_sdk.testing.state.views import ALL, ListView, ViewStore, from_xml, resolve_name, to_xml

XML_TYPE = "application/xml"


def _owner_url(folder: Folder) -> str:
    return item_path(folder) if folder.parent is not None else ""


def _find(ctx: Ctx, folder: Folder, name: str) -> ListView | str | None:
    """The list view, ``ALL`` for the owner's all view, or None."""
    if name in (ALL, "All"):
        return ALL
    return ctx.state.store(ViewStore).of(folder.full_name if folder.parent else "").get(name)


def views(ctx: Ctx, rest: list[str]) -> Response:
    """``/view/<name>/<action>`` (``view/V/job/X`` is an item URL)."""
    if not rest:
        return not_found()
    if len(rest) >= 3 and rest[1] == "job":
        return item_routes(ctx, ["view", *rest])
    return _view_action(ctx, ctx.state.root, rest)


def folder_views(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``/job/F/view/<name>/<action>``."""
    return _view_action(ctx, folder, rest) if rest else not_found()


def _view_action(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    name = unquote(rest[0])
    view = _find(ctx, folder, name)
    if view is None:
        return not_found()
    action = rest[1] if len(rest) > 1 else ""
    handler = TABLE.view.get(action)
    if handler is None:
        return not_found()
    ctx.view_owner = folder
    return handler(ctx, name, rest[2:])


def _owner(ctx: Ctx) -> Folder:
    return ctx.view_owner or ctx.state.root


def _store_of(ctx: Ctx) -> dict[str, ListView]:
    owner = _owner(ctx)
    return ctx.state.store(ViewStore).of(owner.full_name if owner.parent else "")


def view_page(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/view/<name>/`` (and ``configure``, where creating a view from the form lands)."""
    return html_page(f"{name} [Jenkins]")


def view_api(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/view/<name>/api/json``."""
    r = ctx.render
    owner = _owner(ctx)
    owner_url = ctx.root + _owner_url(owner)
    view = _find(ctx, owner, name)
    description: str | None = None
    if view == ALL or not isinstance(view, ListView):
        items = r.visible_children(owner)
        cls, url = "hudson.model.AllView", owner_url
    else:
        items = ctx.state.store(ViewStore).items(owner, view)
        items = [i for i in items if i.readable_by(ctx.ident.user)]
        cls, url = "hudson.model.ListView", f"{owner_url}view/{raw_encode(name)}/"
        description = view.description
    data: dict[str, Any] = {
        "_class": cls,
        "description": description,
        "jobs": [r.item_node(i) for i in items],
        "name": name if view != ALL else "all",
        "property": [],
        "url": url,
    }
    return json_response(ctx, data)


def config(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``GET|POST view/<name>/config.xml`` (``View.doConfigDotXml``)."""
    views = _store_of(ctx)
    view = views.get(name)
    if view is None:
        return error_page(400, "The emulator keeps the 'all' view as it is")
    if ctx.req.method == "GET":
        return Response(200, to_xml(view), XML_TYPE)
    if ctx.req.method != "POST":
        return error_page(400, f"Unexpected request method {ctx.req.method}")
    denied = require_admin(ctx)
    if denied:
        return denied
    views[name] = from_xml(_parse(ctx.req.body), name)  # the name is kept (View.updateByXml)
    return Response(200, b"")


def do_delete(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST view/<name>/doDelete`` → 302 to the owner (``View.doDoDelete``)."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    views = _store_of(ctx)
    if name not in views:
        return error_page(400, "The emulator keeps the 'all' view as it is")
    del views[name]
    return redirect(ctx, _owner_url(_owner(ctx)))


def _job_change(ctx: Ctx, name: str, *, add: bool) -> Response:
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    view = _store_of(ctx).get(name)
    if view is None:
        return not_found()  # AllView has no addJobToView
    job = ctx.req.param("name")
    if job is None:
        return failure("Query parameter 'name' is required")
    rel = resolve_name(_owner(ctx), job)
    if rel is None:
        known = "a known item" if add else "a known and readable item"
        return failure(f"Query parameter 'name' does not correspond to {known}")
    if add:
        _list_in(view, rel)
    else:
        view.jobs = [j for j in view.jobs if j.lower() != rel.lower()]
    return Response(200, b"")


def add_job(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST view/<name>/addJobToView?name=J`` → 200 (``ListView.doAddJobToView``)."""
    return _job_change(ctx, name, add=True)


def remove_job(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST view/<name>/removeJobFromView?name=J`` → 200."""
    return _job_change(ctx, name, add=False)


def create_in_view(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST view/<name>/createItem`` (``View.doCreateItem``, 2.475; ``ListView`` and
    ``AllView``): the owner's ``createItem``; a list view also lists the new item unless a UI
    form (``json``) left ``addToCurrentView`` unticked (``ListView.needToAddToCurrentView``)."""
    owner = _owner(ctx)
    view = _find(ctx, owner, name)
    if view is None:
        return not_found()
    response = create_item(ctx, owner)
    if isinstance(view, ListView) and response.status < 400 and _add_to_current_view(ctx):
        rel = resolve_name(owner, ctx.req.param("name") or "")
        if rel is not None:
            _list_in(view, rel)
    return response


def _list_in(view: ListView, rel: str) -> None:
    """Add an item (its name relative to the owner) to a list view's names, once."""
    if not view.has(rel):
        view.jobs = sorted([*view.jobs, rel], key=str.lower)
        view.recurse = view.recurse or "/" in rel


def _add_to_current_view(ctx: Ctx) -> bool:
    form = ctx.req.param("json")
    if not form:
        return True  # submitted through the API
    try:
        submitted = json.loads(form)
    except ValueError:
        return False
    return isinstance(submitted, dict) and submitted.get("addToCurrentView") is True


# ---------------------------------------------------------------------------- createView
def _parse(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise _Failure(500, f"java.io.IOException: Unable to read: {exc}") from None


class _Failure(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_view(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /createView?name=N`` (``Jenkins.doCreateView``)."""
    return _create(ctx, ctx.state.root)


def create_folder_view(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``POST /job/F/createView?name=N`` (``AbstractFolder.doCreateView``)."""
    return _create(ctx, folder)


def _create(ctx: Ctx, owner: Folder) -> Response:
    """``View.create``: XML → 200; ``mode=hudson.model.ListView`` (form) or ``mode=copy`` →
    302 to the new view's ``configure``."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    mode = ctx.req.param("mode") or ""
    ctype = ctx.req.content_type
    if not ctype and mode != "copy":
        return failure("No Content-Type header set")
    name = ctx.req.param("name") or ""
    check_good_name(name)
    views = ctx.state.store(ViewStore).of(owner.full_name if owner.parent else "")
    if name in views or name in (ALL, "All"):
        return failure(f'A view already exists with the name "{name}"')
    try:
        view = _new_view(ctx, views, name, mode, ctype)
    except _Failure as exc:
        return error_page(exc.status, exc.message)
    views[name] = view
    if not mode:
        return Response(200, b"")
    return redirect(ctx, f"{_owner_url(owner)}view/{raw_encode(name)}/configure")


def _new_view(ctx: Ctx, views: dict[str, ListView], name: str, mode: str, ctype: str) -> ListView:
    if not mode:
        if ctype not in ("application/xml", "text/xml"):
            raise _Failure(400, "No view type is specified")
        return from_xml(_parse(ctx.req.body), name)
    if mode == "copy":
        source = ctx.req.param("from") or ""
        if not source:
            raise _Failure(400, "Specify which view to copy")
        if source not in views:
            raise _Failure(400, f"No such view: {source}")
        src = views[source]
        return ListView(name, list(src.jobs), src.regex, src.recurse, src.description)
    if mode != "hudson.model.ListView":
        raise _Failure(400, f"No view type ‘{mode}’ is known")
    if not ctx.req.has_param("json"):
        raise _Failure(400, "This page expects a form submission")
    return ListView(name)


ROUTES = {"view": views, "createView": create_view}
FOLDER_ACTIONS = {"view": folder_views, "createView": create_folder_view}
VIEW_ACTIONS = {
    "": view_page,
    "configure": view_page,
    "api": view_api,
    "config.xml": config,
    "doDelete": do_delete,
    "addJobToView": add_job,
    "removeJobFromView": remove_job,
    "createItem": create_in_view,
}
