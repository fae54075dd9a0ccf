"""Restart, safe restart, exit, safe exit and reload (``jenkins/model/Jenkins.java``), and the gate
every request passes while the controller is not running (``hudson/util/HudsonIsRestarting``,
``HudsonIsLoading``): see :mod:`jenkins_sdk.testing.state.lifecycle` for the phases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk.testing import pages
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    Ctx,
    html_page,
    redirect,
    require_admin,
    require_post,
    text,
)
from jenkins_sdk.testing.server import Request, ResetConnection, Response
from jenkins_sdk.testing.state.lifecycle import (
    DOWN,
    RESTARTING,
    STARTING,
    LifecycleStore,
)

if TYPE_CHECKING:
    from jenkins_sdk.testing.emulator import JenkinsEmulator

#: The headers of both 503 pages (``index.jelly``: ``Expires``, ``Cache-Control``); no
#: ``X-Jenkins``, no ``Retry-After``.
UNAVAILABLE_HEADERS = [("Expires", "0"), ("Cache-Control", "no-cache,no-store,must-revalidate")]


def gate(emu: JenkinsEmulator, req: Request) -> Response | None:
    """What a request gets while Jenkins restarts, starts or is down; ``None`` when it runs.

    ``HudsonIsRestarting``/``HudsonIsLoading`` answer every path (``doDynamic``) before any
    security check. A request that reaches a controller which is down (its listener is being
    closed) has its connection reset.
    """
    store = emu.state.store(LifecycleStore)
    if not store.busy:
        return None
    with emu.state.lock:
        phase = store.phase(emu.clock.now_ms())
        safe = store.safe
    if phase == DOWN:
        emu.lifecycle_changed()
        raise ResetConnection
    if phase in (RESTARTING, STARTING):
        body = pages.restarting(starting=phase == STARTING, safe=safe)
        return Response(503, body, HTML_TYPE, list(UNAVAILABLE_HEADERS))
    return None


def restart(ctx: Ctx, rest: list[str]) -> Response:
    """``GET /restart``: the confirmation page; ``POST``: restart now, 302 to the root."""
    denied = require_admin(ctx)
    if denied:
        return denied
    if ctx.req.method != "POST":
        return html_page("Restart [Jenkins]", heading="Are you sure about restarting Jenkins?")
    ctx.state.store(LifecycleStore).restart(ctx.state.clock.now_ms())
    ctx.emu.lifecycle_changed()
    return redirect(ctx, "")


def safe_restart(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /safeRestart[?message=]``: quiet down, restart once idle; ``?cancel`` cancels."""
    denied = require_admin(ctx)
    if denied:
        return denied
    if ctx.req.method != "POST":
        return html_page("Safe Restart [Jenkins]", heading="Are you sure about restarting Jenkins?")
    store = ctx.state.store(LifecycleStore)
    if ctx.req.has_param("cancel"):
        ctx.state.quieting_down = False
        ctx.state.quiet_down_reason = None
        store.cancel_quiet_down()
        return redirect(ctx, "")
    store.restart(ctx.state.clock.now_ms(), safe=True, message=ctx.req.param("message"))
    ctx.emu.lifecycle_changed()
    return redirect(ctx, "")


def exit_now(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /exit`` (Overall/Administer): "Shutting down", then the controller is gone."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    ctx.state.store(LifecycleStore).exit(ctx.state.clock.now_ms())
    ctx.emu.lifecycle_changed()
    return text("Shutting down\n")


def safe_exit(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /safeExit``: quiet down, then exit once no build runs."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    ctx.state.store(LifecycleStore).exit(ctx.state.clock.now_ms(), safe=True)
    ctx.emu.lifecycle_changed()
    return text("Shutting down as soon as all jobs are complete")


def reload(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /reload``: the "Starting Jenkins" window, then running again; 302 to ``/``."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    ctx.state.store(LifecycleStore).reload(ctx.state.clock.now_ms())
    ctx.emu.lifecycle_changed()
    return redirect(ctx, "")


ROUTES = {
    "restart": restart,
    "safeRestart": safe_restart,
    "exit": exit_now,
    "safeExit": safe_exit,
    "reload": reload,
}
