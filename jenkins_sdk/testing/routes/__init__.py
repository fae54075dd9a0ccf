"""URL dispatch for the emulated controller (one module per area)."""

from __future__ import annotations

from jenkins_sdk.testing.routes import jobs, queue, system
from jenkins_sdk.testing.routes.common import HTML_TYPE, Ctx, not_found
from jenkins_sdk.testing.server import Response

__all__ = ["Ctx", "route"]


def route(ctx: Ctx) -> Response:
    """Serve one request (authentication and CSRF are already checked)."""
    segs = ctx.req.segments
    if not segs:
        body = (
            "<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head>"
            "<body id='jenkins'><h1>Welcome to Jenkins!</h1></body></html>"
        )
        return Response(200, body.encode(), HTML_TYPE)
    head, rest = segs[0], segs[1:]
    if head == "api":
        return system.root_json(ctx) if rest[:1] in (["json"], ["python"]) else not_found()
    if head == "job":
        return jobs.item_routes(ctx, segs)
    if head == "view":
        if len(rest) >= 3 and rest[1] == "job":
            return jobs.item_routes(ctx, segs)
        return system.views(ctx, rest)
    if head == "queue":
        return queue.queue_routes(ctx, rest)
    if head == "crumbIssuer":
        return system.crumb_issuer(ctx, rest)
    if head == "whoAmI":
        return system.who_am_i(ctx)
    if head in ("me", "user"):
        if ctx.ident.anonymous:
            return ctx.emu.login_required(ctx.req)
        return system.me(ctx)
    if head == "computer":
        return system.computers(ctx, rest)
    if head == "pluginManager":
        return system.plugins(ctx)
    if head in ("quietDown", "cancelQuietDown"):
        return system.quiet_down(ctx, cancel=head == "cancelQuietDown")
    if head == "scriptText":
        return system.script_text(ctx)
    if head == "createItem":
        return system.create_item(ctx, ctx.state.root)
    if head == "login":
        return system.login_page(ctx)
    return not_found()
