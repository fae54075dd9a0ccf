"""Controller actions: ``quietDown``/``cancelQuietDown`` and ``scriptText`` (the script console
answers a canned text: the emulator never executes what it is sent)."""

from __future__ import annotations

from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    forbidden,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.server import Response


def quiet_down(ctx: Ctx, cancel: bool) -> Response:
    """``POST /quietDown`` / ``POST /cancelQuietDown`` (302; triggers still get 201)."""
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        ctx.state.quieting_down = not cancel
        # ``message`` since 2.414 (``Jenkins.doQuietDown``), ``reason`` before
        reason = ctx.req.param("message") or ctx.req.param("reason")
        ctx.state.quiet_down_reason = None if cancel else reason
        ctx.state.tick()
    return redirect(ctx, "")


def script_text(ctx: Ctx) -> Response:
    """``POST /scriptText``: a canned answer; nothing is ever executed."""
    if ctx.req.method != "POST":
        if ctx.req.has_param("script"):
            return error_page(405, "requires POST")
        return text("")
    if not ctx.emu.is_admin(ctx.ident):
        return forbidden(ctx)
    if not ctx.req.has_param("script"):
        return text("")
    return text(ctx.emu.script_answer)


def quiet_down_route(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /quietDown``."""
    return quiet_down(ctx, cancel=False)


def cancel_quiet_down_route(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /cancelQuietDown``."""
    return quiet_down(ctx, cancel=True)


def script_route(ctx: Ctx, rest: list[str]) -> Response:
    """``/scriptText``."""
    return script_text(ctx)


def computer_script(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/computer/<name>/scriptText``."""
    return script_text(ctx)


ROUTES = {
    "quietDown": quiet_down_route,
    "cancelQuietDown": cancel_quiet_down_route,
    "scriptText": script_route,
}
COMPUTER_ACTIONS = {"scriptText": computer_script}
