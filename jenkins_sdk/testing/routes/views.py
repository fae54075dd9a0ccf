"""Views: ``/view/NAME/api/json`` (``hudson.model.AllView``, ``hudson.model.ListView``)."""

from __future__ import annotations

from urllib.parse import unquote

from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import Ctx, html_page, json_response, not_found
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response


def views(ctx: Ctx, rest: list[str]) -> Response:
    """``/view/<name>/<action>`` through ``VIEW_ACTIONS`` (``view/V/job/X`` is an item URL)."""
    if not rest:
        return not_found()
    if len(rest) >= 3 and rest[1] == "job":
        from jenkins_sdk.testing.routes.items import item_routes

        return item_routes(ctx, ["view", *rest])
    name = unquote(rest[0])
    if name not in ("all", "All") and name not in ctx.state.views:
        return not_found()
    handler = TABLE.view.get(rest[1] if len(rest) > 1 else "")
    return handler(ctx, name, rest[2:]) if handler is not None else not_found()


def view_page(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/view/<name>/`` and ``configure``: the view's HTML pages (redirect targets)."""
    return html_page(f"{name} [Jenkins]")


def view_api(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/view/<name>/api/json``."""
    r = ctx.render
    if name in ("all", "All"):
        jobs = [r.item_node(c) for c in r.visible_children(ctx.state.root)]
        cls, url = "hudson.model.AllView", ctx.root
    else:
        items = [ctx.state.resolve(p.split("/")) for p in ctx.state.views[name]]
        jobs = [r.item_node(i) for i in items if i is not None and i.readable_by(ctx.ident.user)]
        cls, url = "hudson.model.ListView", f"{ctx.root}view/{raw_encode(name)}/"
    return json_response(
        ctx,
        {
            "_class": cls,
            "description": None,
            "jobs": jobs,
            "name": name,
            "property": [],
            "url": url,
        },
    )


ROUTES = {"view": views}
VIEW_ACTIONS = {"": view_page, "configure": view_page, "api": view_api}
