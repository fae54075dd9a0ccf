"""Restart, safe restart, exit, safe exit and reload (``jenkins/model/Jenkins.java``), and the gate
every request passes while the controller is not running (``hudson/util/HudsonIsRestarting``,
``HudsonIsLoading``): see :mod:`jenkins_sdk.testing.state.lifecycle` for the phases."""

from __future__ import annotations

from collections.abc import Callable
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


def _change(ctx: Ctx, change: Callable[[LifecycleStore, int], object]) -> None:
    """Move the controller to its next phase now, and wake whoever waits for a phase."""
    change(ctx.state.store(LifecycleStore), ctx.state.clock.now_ms())
    ctx.emu.lifecycle_changed()


def _admin_post(
    ctx: Ctx, change: Callable[[LifecycleStore, int], object], answer: Response
) -> Response:
    """A POST only an administrator may send (``@RequirePOST`` + ``ADMINISTER``): the change,
    then ``answer``."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    _change(ctx, change)
    return answer


def _confirmed(ctx: Ctx, title: str) -> Response | None:
    """``None`` for an administrator's POST; else the 403, or (a GET) the confirmation page."""
    denied = require_admin(ctx)
    if denied:
        return denied
    if ctx.req.method != "POST":
        return html_page(title, heading="Are you sure about restarting Jenkins?")
    return None


def restart(ctx: Ctx, rest: list[str]) -> Response:
    """``GET /restart``: the confirmation page; ``POST``: restart now, 302 to the root."""
    page = _confirmed(ctx, "Restart [Jenkins]")
    if page:
        return page
    _change(ctx, LifecycleStore.restart)
    return redirect(ctx, "")


def safe_restart(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /safeRestart[?message=]``: quiet down, restart once idle; ``?cancel`` cancels."""
    page = _confirmed(ctx, "Safe Restart [Jenkins]")
    if page:
        return page
    if ctx.req.has_param("cancel"):
        ctx.state.quieting_down = False
        ctx.state.quiet_down_reason = None
        ctx.state.store(LifecycleStore).cancel_quiet_down()
        return redirect(ctx, "")
    message = ctx.req.param("message")
    _change(ctx, lambda store, now: store.restart(now, safe=True, message=message))
    return redirect(ctx, "")


def exit_now(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /exit`` (Overall/Administer): "Shutting down", then the controller is gone."""
    return _admin_post(ctx, LifecycleStore.exit, text("Shutting down\n"))


def safe_exit(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /safeExit``: quiet down, then exit once no build runs."""
    answer = text("Shutting down as soon as all jobs are complete")
    return _admin_post(ctx, lambda store, now: store.exit(now, safe=True), answer)


def reload(ctx: Ctx, rest: list[str]) -> Response:
    """``POST /reload``: the "Starting Jenkins" window, then running again; 302 to ``/``."""
    return _admin_post(ctx, LifecycleStore.reload, redirect(ctx, ""))


ROUTES = {
    "restart": restart,
    "safeRestart": safe_restart,
    "exit": exit_now,
    "safeExit": safe_exit,
    "reload": reload,
}
