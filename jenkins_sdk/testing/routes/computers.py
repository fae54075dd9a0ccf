"""Nodes: ``/computer/api/json``, ``/computer/NAME/...`` (``hudson.model.ComputerSet``,
``hudson.model.Computer``): executors, offline toggling."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.render.executors import executor_node, on_executor
from jenkins_sdk.testing.routes.common import (
    Ctx,
    forbidden,
    from_error,
    html_page,
    is_api,
    json_response,
    not_found,
    redirect,
    require_post,
    submitted_form,
)
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import FREESTYLE, Build, EmulatorError, check_good_name, fail
from jenkins_sdk.testing.state.executors import BUILT_IN, computer_order
from jenkins_sdk.testing.tree import ExportedMap


def _computer(ctx: Ctx, name: str, info: dict[str, Any]) -> dict[str, Any]:
    """One computer (``Computer``): its regular executors (freestyle builds and pipelines'
    ``node {}`` blocks) and one-off executors (pipelines), see ``state/executors.py``."""
    builtin = name == BUILT_IN
    now = ctx.render.now
    running = sorted(
        (b for j in ctx.state.all_jobs() for b in j.builds.values() if on_executor(b, now)),
        key=lambda b: (b.start_ms, b.job.full_name, b.number),
    )
    slots: dict[int, Build] = {
        b.executor: b for b in running if b.node == name and b.executor is not None
    }
    n = int(info.get("executors", 0))
    executors = [
        executor_node(
            ctx.render,
            i,
            slots.get(i),
            placeholder=slots.get(i) is not None and slots[i].job.kind != FREESTYLE,
        )
        for i in range(max(n, max(slots, default=-1) + 1))
    ]
    one_offs = [executor_node(ctx.render, -1, b) for b in running if b.flyweight_node == name]
    cause = info.get("cause")
    by_hand = bool(info.get("offline"))
    offline = by_hand or not info.get("connected", True)
    inbound = info.get("launcher", {"kind": "inbound"})["kind"] == "inbound"
    return {
        "_class": "hudson.model.Hudson$MasterComputer"
        if builtin
        else "hudson.slaves.SlaveComputer",
        "actions": [],
        "assignedLabels": [{"name": lbl} for lbl in info.get("labels", [])],
        "description": info.get("description", ""),
        "displayName": "Built-In Node" if builtin else name,
        "executors": executors,
        "icon": "symbol-computer" if not offline else "symbol-computer-disconnected",
        "iconClassName": "symbol-computer",
        "idle": not slots and not one_offs,
        "jnlpAgent": not builtin and inbound,
        "launchSupported": builtin or not inbound,
        "manualLaunchAllowed": True,
        "monitorData": ExportedMap({"hudson.node_monitors.ArchitectureMonitor": "Linux (amd64)"}),
        "numExecutors": n,
        "offline": offline,
        "offlineCause": {"_class": "hudson.slaves.OfflineCause$UserCause", "description": cause}
        if by_hand
        else None,
        "offlineCauseReason": (cause or "") if by_hand else "",
        "oneOffExecutors": one_offs,
        "temporarilyOffline": by_hand,
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
    set_action = TABLE.computer_set.get(rest[0])
    if set_action is not None:
        return set_action(ctx, rest[1:])
    name = node_name(rest[0])
    if name not in nodes:
        return not_found()
    action = rest[1] if len(rest) > 1 else ""
    handler = TABLE.computer.get(action)
    return handler(ctx, name, rest[2:]) if handler is not None else not_found()


def computer_set(ctx: Ctx) -> Response:
    """``/computer/api/json`` (``hudson.model.ComputerSet``): computers sorted by name (the
    built-in node's name is ``""``); busy and total executors count online computers only."""
    nodes = ctx.state.nodes
    comps = [_computer(ctx, n, nodes[n]) for n in computer_order(nodes)]
    online = [c for c in comps if not c["offline"]]
    busy = sum(1 for c in online for e in c["executors"] if not e.full(None)["idle"])
    return json_response(
        ctx,
        {
            "_class": "hudson.model.ComputerSet",
            "busyExecutors": busy,
            "computer": comps,
            "displayName": "Nodes",
            "totalExecutors": sum(c["numExecutors"] for c in online),
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


def computer_page(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``computer/<name>/`` and ``configure``: the node's HTML pages (redirect targets)."""
    shown = "Built-In Node" if name == BUILT_IN else name
    return html_page(f"{shown} [Jenkins]")


def config_submit(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST computer/<name>/configSubmit`` with the form's ``json``: executors, labels,
    description and (agents) a new name. ``Jenkins.MasterComputer.doConfigSubmit`` /
    ``Computer.doConfigSubmit``; a bad value is a ``FormException``, shown as a ``Failure``."""
    bad = require_post(ctx)
    if bad:
        return bad
    if not ctx.emu.is_admin(ctx.ident):
        return forbidden(ctx)
    try:
        form = submitted_form(ctx)
        with ctx.state.lock:
            target = _reconfigure(ctx, name, form)
    except EmulatorError as exc:
        return from_error(exc)
    return redirect(ctx, f"computer/{raw_encode(target)}/")


def _reconfigure(ctx: Ctx, name: str, form: dict[str, Any]) -> str:
    nodes = ctx.state.nodes
    info = nodes[name]
    raw = str(form.get("numExecutors", ""))
    if name == BUILT_IN:
        if not raw.isdigit():
            raise fail('Incorrect field "Number of executors". It should be a non-negative number.')
        ctx.state.executors = int(raw)
        new = name
    else:
        new = str(form.get("name") or "").strip()
        check_good_name(new)
        if new != name and new in nodes:
            raise fail(f"Agent called ‘{new}’ already exists")
        if not raw.strip() or not raw.strip().isdigit() or int(raw) <= 0:
            raise fail(f"Invalid agent configuration for {name}. Invalid number of executors.")
    info["executors"] = int(raw)
    labels = str(form.get("labelString", "")).split()
    info["labels"] = labels or ([] if name != BUILT_IN else ["built-in"])
    if "nodeDescription" in form:
        info["description"] = str(form["nodeDescription"])
    if new != name:
        renamed = {(new if k == name else k): v for k, v in nodes.items()}
        nodes.clear()
        nodes.update(renamed)
    ctx.state.tick()
    return new


ROUTES = {"computer": computers}
COMPUTER_ACTIONS = {
    "": computer_page,
    "configure": computer_page,
    "api": computer_api,
    "toggleOffline": toggle_offline,
    "changeOfflineCause": toggle_offline,
    "configSubmit": config_submit,
}
