"""Agent administration (``hudson.model.ComputerSet``, ``hudson.model.Computer``,
``hudson.slaves.SlaveComputer``): create from config.xml, read and replace config.xml, delete,
launch, disconnect, the agent log and the inbound agent's secret (``jenkins-agent.jnlp``).
See ``docs/protocol-admin.md`` section 1."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    TEXT_TYPE,
    Ctx,
    error_page,
    failure,
    forbidden,
    html_page,
    not_found,
    redirect,
    require_admin,
    require_post,
    submitted_form,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state.items import check_good_name
from jenkins_sdk.testing.state.nodes import (
    BUILT_IN,
    DUMB_SLAVE_TYPES,
    NodeStore,
    config_xml,
    node_from_form,
)
from jenkins_sdk.testing.state.plugins import version_key

XML_TYPE = "application/xml"


#: The first Jenkins whose ``computer/createItem`` takes a config.xml (core commit 110014cf).
XML_CREATE_SINCE = "2.539"


def create_item(ctx: Ctx, rest: list[str]) -> Response:
    """``POST computer/createItem[?name=]`` with a config.xml body → 200 (``doCreateItem``).

    An emulator started with an older ``version`` answers as those did: 400 "No mode given"."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    ctype = ctx.req.content_type
    xml_path = version_key(ctx.emu.version) >= version_key(XML_CREATE_SINCE)
    if xml_path and ctype in ("application/xml", "text/xml"):
        store = ctx.state.store(NodeStore)
        store.create(ctx.req.body, ctx.req.query.get("name", [None])[0], ctx.state.clock.now_ms())
        return Response(200, b"")
    mode = ctx.req.param("mode")
    if mode is None:
        return failure("No mode given")
    return failure(f"No node type ‘{mode}’ is known")


def do_create_item(ctx: Ctx, rest: list[str]) -> Response:
    """``POST computer/doCreateItem`` (``ComputerSet.doDoCreateItem``): ``name``, ``type`` and
    the "New node" form's ``json`` → a ``DumbSlave``; 302 to ``computer/``."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    name = (ctx.req.param("name") or "").strip()
    if not name:
        return failure("Query parameter 'name' is required")
    check_good_name(name)
    store = ctx.state.store(NodeStore)
    if name in store.nodes:
        return failure(f"Agent called ‘{name}’ already exists")
    if ctx.req.param("type") not in DUMB_SLAVE_TYPES:
        return error_page(
            500, f"java.lang.NullPointerException: no node type {ctx.req.param('type')}"
        )
    xml = ET.tostring(node_from_form(name, submitted_form(ctx)))
    store.create(xml, name, ctx.state.clock.now_ms())
    return redirect(ctx, "computer/")


def config(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``GET|POST computer/NAME/config.xml`` (the built-in node answers 400 to both)."""
    if name == BUILT_IN:
        return Response(400, b"", HTML_TYPE)
    store = ctx.state.store(NodeStore)
    if ctx.req.method == "GET":
        return Response(200, config_xml(name, store.nodes[name]), XML_TYPE)
    if ctx.req.method == "POST":
        denied = require_admin(ctx)
        if denied:
            return denied
        store.update(name, ctx.req.body)
        return Response(200, b"")
    return Response(400, b"", HTML_TYPE)


def do_delete(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST computer/NAME/doDelete`` → 302 to ``computer/`` (the built-in node: 403)."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    if name == BUILT_IN:
        return forbidden(ctx)
    del ctx.state.store(NodeStore).nodes[name]
    return redirect(ctx, "computer/")


def launch(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST computer/NAME/launchSlaveAgent``: 302 to ``log``, or the "already launched" page."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    if name == BUILT_IN:
        return not_found()
    store = ctx.state.store(NodeStore)
    if store.nodes[name].get("connected", True):
        return html_page(f"{name} [Jenkins]", heading="The agent has been already launched.")
    store.launch(name, ctx.state.clock.now_ms())
    return redirect(ctx, f"computer/{raw_encode(name)}/log")


def disconnect(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``POST computer/NAME/doDisconnect[?offlineMessage=]`` → 302 to the agent's page."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    if name == BUILT_IN:
        return not_found()  # MasterComputer has no doDoDisconnect (SlaveComputer's own)
    reason = (ctx.req.param("offlineMessage") or "").strip() or None
    store = ctx.state.store(NodeStore)
    store.disconnect(name, ctx.state.clock.now_ms(), reason, ctx.user_name)
    return redirect(ctx, f"computer/{raw_encode(name)}/")


def _log_bytes(ctx: Ctx, name: str) -> bytes:
    lines = ctx.state.store(NodeStore).nodes[name].get("log", [])
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def log_text(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``computer/NAME/logText/progressiveText?start=N`` (``Computer.getLogText``)."""
    if rest[:1] != ["progressiveText"]:
        return not_found()
    data = _log_bytes(ctx, name)
    raw = ctx.req.param("start")
    try:
        start = int(raw) if raw else 0
    except ValueError:
        return error_page(500, f'For input string: "{raw}"')
    if start > len(data) or start < 0:
        start = 0
    body = data[start:].replace(b"\n", b"\r\n")
    return Response(200, body, TEXT_TYPE, [("X-Text-Size", str(len(data)))])


def log_page(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``computer/NAME/log``: the HTML page around the agent log."""
    text = html.escape(_log_bytes(ctx, name).decode("utf-8"))
    page = (
        f"<!DOCTYPE html><html><head><title>Log [{html.escape(name)}] [Jenkins]</title></head>"
        f"<body id='jenkins'><div id='main-panel'><pre id='out'>{text}</pre></div></body></html>"
    )
    return Response(200, page.encode("utf-8"), HTML_TYPE)


def jnlp(ctx: Ctx, name: str, rest: list[str]) -> Response:
    """``computer/NAME/jenkins-agent.jnlp`` (and ``slave-agent.jnlp``): the secret is the first
    ``<argument>`` (``jenkins-agent.jnlp.jelly``; ``SlaveComputer.getJnlpMac``)."""
    if name == BUILT_IN:
        return not_found()
    denied = require_admin(ctx)
    if denied:
        return denied
    store = ctx.state.store(NodeStore)
    info = store.nodes[name]
    work_dir = html.escape(info.get("remote_fs") or "/home/jenkins")
    args = [store.secret(name), name]
    if info.get("launcher", {}).get("web_socket"):
        args.append("-webSocket")
    args += ["-workDir", work_dir, "-internalDir", "remoting", "-url", ctx.root]
    body = "".join(f"<argument>{html.escape(a)}</argument>" for a in args)
    doc = f"<jnlp><application-desc>{body}</application-desc></jnlp>"
    return Response(200, doc.encode("utf-8"), "application/x-java-jnlp-file")


COMPUTER_SET_ACTIONS = {"createItem": create_item, "doCreateItem": do_create_item}
COMPUTER_ACTIONS = {
    "config.xml": config,
    "doDelete": do_delete,
    "launchSlaveAgent": launch,
    "doDisconnect": disconnect,
    "logText": log_text,
    "log": log_page,
    "jenkins-agent.jnlp": jnlp,
    "slave-agent.jnlp": jnlp,
}
