"""Nodes: ``/computer/api/json``, ``/computer/NAME/...`` (``hudson.model.ComputerSet``,
``hudson.model.Computer``): executors, offline toggling."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.routes.common import (
    Ctx,
    is_api,
    json_response,
    not_found,
    redirect,
    require_post,
)
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import FREESTYLE, Build
from jenkins_sdk.testing.tree import ExportedMap, Node


def _executor(ctx: Ctx, number: int, build: Build | None) -> Node:
    def full(want: Any) -> dict[str, Any]:
        progress = -1
        if build is not None and build.estimated_ms > 0:
            elapsed = ctx.state.clock.now_ms() - build.start_ms
            progress = min(99, int(100 * elapsed / build.estimated_ms))
        return {
            "currentExecutable": ctx.render.build_node(build) if build is not None else None,
            "idle": build is None,
            "likelyStuck": False,
            "number": number,
            "progress": progress,
        }

    return Node(full, dict)


def _computer(ctx: Ctx, name: str, info: dict[str, Any]) -> dict[str, Any]:
    builtin = name == "(built-in)"
    running = sorted(
        (b for j in ctx.state.all_jobs() for b in j.builds.values() if b.building),
        key=lambda b: b.start_ms,
    )
    heavy = [b for b in running if b.job.kind == FREESTYLE] if builtin else []
    light = [b for b in running if b.job.kind != FREESTYLE] if builtin else []
    n = info.get("executors", 2)
    busy = min(n, len(heavy))
    slots: list[Build | None] = [*heavy[:n], *([None] * max(0, n - len(heavy)))]
    cause = info.get("cause")
    offline = bool(info.get("offline"))
    return {
        "_class": "hudson.model.Hudson$MasterComputer"
        if builtin
        else "hudson.slaves.SlaveComputer",
        "actions": [],
        "assignedLabels": [{"name": lbl} for lbl in info.get("labels", [])],
        "description": info.get("description", ""),
        "displayName": "Built-In Node" if builtin else name,
        "executors": [_executor(ctx, i, b) for i, b in enumerate(slots)],
        "icon": "symbol-computer" if not offline else "symbol-computer-disconnected",
        "iconClassName": "symbol-computer",
        "idle": busy == 0 and not light,
        "jnlpAgent": not builtin,
        "launchSupported": True,
        "manualLaunchAllowed": True,
        "monitorData": ExportedMap({"hudson.node_monitors.ArchitectureMonitor": "Linux (amd64)"}),
        "numExecutors": n,
        "offline": offline,
        "offlineCause": {"_class": "hudson.slaves.OfflineCause$UserCause", "description": cause}
        if offline
        else None,
        "offlineCauseReason": cause or "",
        "oneOffExecutors": [_executor(ctx, -1, b) for b in light],
        "temporarilyOffline": offline,
    }


def node_name(raw: str) -> str:
    """A node name from its URL segment (stapler decodes it: ``linux%201``, ``%28built-in%29``;
    ``(master)`` is the built-in node's old name)."""
    name = unquote(raw)
    return "(built-in)" if name in ("(built-in)", "(master)") else name


def computers(ctx: Ctx, rest: list[str]) -> Response:
    """``/computer/api/json``, then ``/computer/<name>/<action>`` through ``COMPUTER_ACTIONS``."""
    nodes = ctx.state.nodes
    if not rest or is_api(rest):
        return computer_set(ctx)
    name = node_name(rest[0])
    if name not in nodes:
        return not_found()
    action = rest[1] if len(rest) > 1 else ""
    handler = TABLE.computer.get(action)
    return handler(ctx, name, rest[2:]) if handler is not None else not_found()


def computer_set(ctx: Ctx) -> Response:
    """``/computer/api/json`` (``hudson.model.ComputerSet``)."""
    comps = [_computer(ctx, n, i) for n, i in ctx.state.nodes.items()]
    busy = sum(1 for c in comps for e in c["executors"] if not e.full(None)["idle"])
    return json_response(
        ctx,
        {
            "_class": "hudson.model.ComputerSet",
            "busyExecutors": busy,
            "computer": comps,
            "displayName": "Nodes",
            "totalExecutors": sum(c["numExecutors"] for c in comps),
        },
    )


def computer_api(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``/computer/<name>/api/json``."""
    return json_response(ctx, _computer(ctx, name, ctx.state.nodes[name]))


def toggle_offline(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST toggleOffline`` / ``changeOfflineCause`` (``offlineMessage``), then a redirect to
    the computer's page."""
    bad = require_post(ctx)
    if bad:
        return bad
    info = ctx.state.nodes[name]
    message = ctx.req.param("offlineMessage") or ""
    with ctx.state.lock:
        if ctx.req.segments[2:3] == ["toggleOffline"]:
            info["offline"] = not info.get("offline")
        info["cause"] = message if info.get("offline") else None
    return redirect(ctx, f"computer/{ctx.req.segments[1]}/")


ROUTES = {"computer": computers}
COMPUTER_ACTIONS = {
    "api": computer_api,
    "toggleOffline": toggle_offline,
    "changeOfflineCause": toggle_offline,
}
