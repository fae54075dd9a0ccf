"""Controller-wide endpoints: root, crumbIssuer, whoAmI, me, computers, views, plugins,
quietDown, scriptText and createItem/config.xml parsing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from jenkins_sdk.testing.auth import CRUMB_FIELD
from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    Ctx,
    error_page,
    forbidden,
    json_response,
    not_found,
    redirect,
    require_post,
    text,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import (
    FOLDER,
    FREESTYLE,
    MULTIBRANCH,
    PIPELINE,
    Build,
    EmulatorError,
    Folder,
    Item,
    Job,
    check_good_name,
)
from jenkins_sdk.testing.tree import ExportedMap, Node

PLUGINS = [
    ("workflow-job", "Pipeline: Job", "1540.v295eccc9778f"),
    ("workflow-cps", "Pipeline: Groovy", "4106.v7a_8a_8176d450"),
    ("pipeline-stage-view", "Pipeline: Stage View Plugin", "2.38"),
    ("pipeline-input-step", "Pipeline: Input Step", "517.vf8e782ee645c"),
    ("cloudbees-folder", "Folders Plugin", "6.1012.v79a_86a_1ea_c1f"),
    ("workflow-multibranch", "Pipeline: Multibranch", "806.vb_b_688f609ee9"),
    ("junit", "JUnit Plugin", "1335.v6b_a_a_e18534e1"),
    ("git", "Git plugin", "5.7.0"),
]


def root_json(ctx: Ctx) -> Response:
    """``GET /api/json`` (hudson.model.Hudson)."""
    st = ctx.state
    r = ctx.render

    def full(want: Any) -> dict[str, Any]:
        view = {"_class": "hudson.model.AllView", "name": "all", "url": ctx.root}
        views: list[dict[str, Any]] = [view] + [
            {
                "_class": "hudson.model.ListView",
                "name": n,
                "url": f"{ctx.root}view/{raw_encode(n)}/",
            }
            for n in st.views
        ]
        return {
            "_class": "hudson.model.Hudson",
            "assignedLabels": [{"name": "built-in"}],
            "mode": "NORMAL",
            "nodeDescription": "the Jenkins controller's built-in node",
            "nodeName": "",
            "numExecutors": st.executors,
            "description": st.description,
            "jobs": [r.item_node(c) for c in r.visible_children(st.root)],
            "overallLoad": {},
            "primaryView": view,
            "quietDownReason": st.quiet_down_reason,
            "quietingDown": st.quieting_down,
            "slaveAgentPort": -1,
            "unlabeledLoad": {"_class": "jenkins.model.UnlabeledLoadStatistics"},
            "url": ctx.root,
            "useCrumbs": ctx.emu.auth.csrf,
            "useSecurity": True,
            "views": views,
        }

    return json_response(ctx, Node(full, lambda: {"_class": "hudson.model.Hudson"}))


def crumb_issuer(ctx: Ctx, rest: list[str]) -> Response:
    """``/crumbIssuer/api/json`` (404 when CSRF protection is off); creates the web session."""
    auth = ctx.emu.auth
    if not auth.csrf:
        return not_found()
    sid = ctx.emu.session_for(ctx)
    crumb = auth.crumb(ctx.ident, sid)
    if rest[:2] == ["api", "xml"]:
        return text(f"{CRUMB_FIELD}:{crumb}")
    if rest[:2] not in (["api", "json"], ["api", "python"]):
        return not_found()
    data = {
        "_class": "hudson.security.csrf.DefaultCrumbIssuer",
        "crumb": crumb,
        "crumbRequestField": CRUMB_FIELD,
    }
    return json_response(ctx, data)


def who_am_i(ctx: Ctx) -> Response:
    """``/whoAmI/api/json``."""
    anon = ctx.ident.anonymous
    return json_response(
        ctx,
        {
            "_class": "hudson.security.WhoAmI",
            "anonymous": anon,
            "authenticated": True,
            "authorities": ["anonymous"] if anon else ["authenticated"],
            "name": ctx.user_name,
        },
    )


def me(ctx: Ctx) -> Response:
    """``/me/api/json`` and ``/user/<id>/api/json`` (hudson.model.User)."""
    name = ctx.ident.user or "anonymous"
    user = ctx.emu.auth.users.get(name)
    return json_response(
        ctx,
        {
            "_class": "hudson.model.User",
            "absoluteUrl": f"{ctx.root}user/{name}",
            "description": None,
            "fullName": (user.full_name if user else None) or name,
            "id": name,
            "property": [
                {"_class": "jenkins.security.ApiTokenProperty"},
                {"_class": "hudson.tasks.Mailer$UserProperty", "address": f"{name}@example.com"},
                {"_class": "hudson.model.MyViewsProperty"},
                {"_class": "hudson.search.UserSearchProperty", "insensitiveSearch": True},
                {"_class": "hudson.model.TimeZoneProperty"},
                {"_class": "hudson.security.HudsonPrivateSecurityRealm$Details"},
            ],
        },
    )


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


def computers(ctx: Ctx, rest: list[str]) -> Response:
    """``/computer/api/json``, ``/computer/<name>/api/json``, toggleOffline, changeOfflineCause."""
    nodes = ctx.state.nodes
    if not rest or rest[:2] in (["api", "json"], ["api", "python"]):
        comps = [_computer(ctx, n, i) for n, i in nodes.items()]
        total = sum(c["numExecutors"] for c in comps)
        return json_response(
            ctx,
            {
                "_class": "hudson.model.ComputerSet",
                "busyExecutors": sum(
                    1 for c in comps for e in c["executors"] if not e.full(None)["idle"]
                ),
                "computer": comps,
                "displayName": "Nodes",
                "totalExecutors": total,
            },
        )
    raw = unquote(rest[0])  # stapler decodes each path segment: linux%201, %28built-in%29
    name = "(built-in)" if raw in ("(built-in)", "(master)") else raw
    info = nodes.get(name)
    if info is None:
        return not_found()
    action = rest[1] if len(rest) > 1 else ""
    if action == "api":
        return json_response(ctx, _computer(ctx, name, info))
    if action in ("toggleOffline", "changeOfflineCause"):
        bad = require_post(ctx)
        if bad:
            return bad
        message = ctx.req.param("offlineMessage") or ""
        with ctx.state.lock:
            if action == "toggleOffline":
                info["offline"] = not info.get("offline")
            info["cause"] = message if info.get("offline") else None
        return redirect(ctx, f"computer/{rest[0]}/")
    if action == "scriptText":
        return script_text(ctx)
    return not_found()


def views(ctx: Ctx, rest: list[str]) -> Response:
    """``/view/<name>/api/json``."""
    if not rest:
        return not_found()
    name = unquote(rest[0])
    r = ctx.render
    if name in ("all", "All"):
        jobs = [r.item_node(c) for c in r.visible_children(ctx.state.root)]
        cls, url = "hudson.model.AllView", ctx.root
    elif name in ctx.state.views:
        items = [ctx.state.resolve(p.split("/")) for p in ctx.state.views[name]]
        jobs = [r.item_node(i) for i in items if i is not None and i.readable_by(ctx.ident.user)]
        cls, url = "hudson.model.ListView", f"{ctx.root}view/{raw_encode(name)}/"
    else:
        return not_found()
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


def plugins(ctx: Ctx) -> Response:
    """``/pluginManager/api/json``."""
    entries: list[dict[str, Any]] = [
        {
            "active": True,
            "backupVersion": None,
            "bundled": False,
            "deleted": False,
            "dependencies": [],
            "downgradable": False,
            "enabled": True,
            "hasUpdate": False,
            "longName": long,
            "pinned": False,
            "requiredCoreVersion": "2.479.3",
            "shortName": short,
            "supportsDynamicLoad": "MAYBE",
            "url": f"https://plugins.jenkins.io/{short}",
            "version": version,
        }
        for short, long, version in PLUGINS
    ]
    return json_response(ctx, {"_class": "hudson.LocalPluginManager", "plugins": entries})


def quiet_down(ctx: Ctx, cancel: bool) -> Response:
    """``POST /quietDown`` / ``POST /cancelQuietDown`` (302; triggers still get 201)."""
    bad = require_post(ctx)
    if bad:
        return bad
    with ctx.state.lock:
        ctx.state.quieting_down = not cancel
        ctx.state.quiet_down_reason = None if cancel else ctx.req.param("reason")
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


def login_page(ctx: Ctx) -> Response:
    """``/login``: the sign-in HTML form."""
    body = (
        "<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head><body>"
        "<form method='post' name='login' action='j_spring_security_check'>"
        "<input name='j_username'/><input name='j_password' type='password'/>"
        "<button type='submit'>Sign in</button></form></body></html>"
    )
    return Response(200, body.encode(), HTML_TYPE)


# ----------------------------------------------------------------- items from XML
_ROOT_KINDS = {
    "project": FREESTYLE,
    "flow-definition": PIPELINE,
    "com.cloudbees.hudson.plugins.folder.Folder": FOLDER,
    "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject": MULTIBRANCH,
}
_PARAM_TAGS = {
    "hudson.model.StringParameterDefinition": "string",
    "hudson.model.TextParameterDefinition": "text",
    "hudson.model.BooleanParameterDefinition": "boolean",
    "hudson.model.ChoiceParameterDefinition": "choice",
    "hudson.model.PasswordParameterDefinition": "password",
    "hudson.model.FileParameterDefinition": "file",
}


def item_from_xml(name: str, parent: Folder, xml: bytes) -> Item:
    """Build an item from a config.xml body (500 for unknown classes or malformed XML)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise EmulatorError(500, f"Content is not allowed in prolog. ({exc})") from None
    kind = _ROOT_KINDS.get(root.tag)
    if kind is None:
        raise EmulatorError(
            500, f"com.thoughtworks.xstream.mapper.CannotResolveClassException: {root.tag}"
        )
    item: Item
    item = Folder(name, parent, kind) if kind in (FOLDER, MULTIBRANCH) else Job(name, parent, kind)
    apply_xml(item, root)
    item.config_xml = xml.decode("utf-8", "replace")
    return item


def apply_xml(item: Item, root: ET.Element) -> None:
    """Copy description, disabled flag and parameter definitions from config XML."""
    desc = root.findtext("description")
    item.description = desc if desc is not None else ""
    if isinstance(item, Job):
        item.disabled = (root.findtext("disabled") or "false").strip() == "true"
        params: list[ParamDef] = []
        for el in root.iter():
            ptype = _PARAM_TAGS.get(el.tag)
            if ptype is None:
                continue
            choices = [c.text or "" for c in el.iter("string")] if ptype == "choice" else []
            default: Any = el.findtext("defaultValue") or ""
            params.append(
                ParamDef(
                    name=el.findtext("name") or "",
                    type=ptype,
                    default=default,
                    description=el.findtext("description") or "",
                    choices=choices,
                )
            )
        item.params = params


def item_to_xml(item: Item) -> str:
    """The config.xml of an item (the stored one when it was posted)."""
    if item.config_xml is not None:
        return item.config_xml
    desc = escape(item.description or "")
    if isinstance(item, Folder):
        tag = (
            "com.cloudbees.hudson.plugins.folder.Folder"
            if item.kind == FOLDER
            else "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
        )
        return (
            f"<?xml version='1.1' encoding='UTF-8'?>\n<{tag}>\n"
            f"  <description>{desc}</description>\n</{tag}>"
        )
    assert isinstance(item, Job)
    params = ""
    if item.params:
        defs = []
        for p in item.params:
            tag = p.definition_class
            extra = ""
            if p.type == "choice":
                extra = (
                    "<choices class='java.util.Arrays$ArrayList'><a class='string-array'>"
                    + "".join(f"<string>{escape(c)}</string>" for c in p.choices)
                    + "</a></choices>"
                )
            default = (
                ""
                if p.type in ("choice", "file")
                else f"<defaultValue>{escape(_xml_default(p))}</defaultValue>"
            )
            defs.append(
                f"<{tag}><name>{escape(p.name)}</name><description>{escape(p.description)}</description>{default}{extra}</{tag}>"
            )
        params = (
            "<properties><hudson.model.ParametersDefinitionProperty><parameterDefinitions>"
            + "".join(defs)
            + "</parameterDefinitions></hudson.model.ParametersDefinitionProperty></properties>"
        )
    if item.kind == PIPELINE:
        return (
            "<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">\n"
            f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
            f"  {params}\n"
            '  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">'
            "<script>pipeline { agent any; stages { stage('Build') { steps { echo 'hi' } } } }"
            "</script><sandbox>true</sandbox></definition>\n"
            f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
            "</flow-definition>"
        )
    return (
        "<?xml version='1.1' encoding='UTF-8'?>\n<project>\n"
        f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
        f"  {params}\n"
        '  <scm class="hudson.scm.NullSCM"/>\n  <canRoam>true</canRoam>\n'
        f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
        "  <builders/>\n  <publishers/>\n</project>"
    )


def _xml_default(p: ParamDef) -> str:
    return str(p.default).lower() if p.type == "boolean" else str(p.default)


def create_item(ctx: Ctx, parent: Folder) -> Response:
    """``POST [/job/<folder>]/createItem?name=`` with XML, or ``mode=copy&from=``."""
    bad = require_post(ctx)
    if bad:
        return bad
    req = ctx.req
    name = req.param("name")
    mode = req.param("mode")
    ctype = req.content_type
    if not name:
        return error_page(400, "Query parameter 'name' is required")
    try:
        check_good_name(name)
        with ctx.state.lock:
            if name in parent.children:
                raise EmulatorError(400, f"A job already exists with the name ‘{name}’")
            if mode == "copy":
                src_name = req.param("from") or ""
                if not src_name:
                    raise EmulatorError(400, "Specify which job to copy")
                segs = [s for s in src_name.strip("/").split("/") if s]
                src = (
                    ctx.state.resolve(segs)
                    if src_name.startswith("/")
                    else (ctx.state.resolve([*parent.segments, *segs]) or ctx.state.resolve(segs))
                )
                if src is None or not src.readable_by(ctx.ident.user):
                    raise EmulatorError(400, f"No such job: {src_name}")
                item_xml = item_to_xml(src).encode("utf-8")
                item = item_from_xml(name, parent, item_xml)
                item.config_xml = src.config_xml
                if isinstance(item, Job) and isinstance(src, Job):
                    copy_script(src, item)
                ctx.state.add_item(parent, item)
                return redirect(ctx, _path(item) + "configure")
            if mode:
                raise EmulatorError(400, f"No item type ‘{mode}’ is known")
            if not (ctype.startswith("application/xml") or ctype.startswith("text/xml")):
                raise EmulatorError(400, "No Content-Type header set")
            item = item_from_xml(name, parent, req.body)
            ctx.state.add_item(parent, item)
    except EmulatorError as exc:
        return error_page(exc.status, exc.message)
    return Response(200, b"")


def copy_script(src: Job, dst: Job) -> None:
    """Copy a job's scripted behaviour (stages, duration, outcome, artifacts...)."""
    for attr in (
        "duration",
        "result",
        "stages",
        "log_text",
        "log_lines",
        "artifacts",
        "test_report",
        "concurrent",
    ):
        setattr(dst, attr, getattr(src, attr))
    dst.params = list(src.params)


def _path(item: Item) -> str:
    from jenkins_sdk.testing.render import item_path

    return item_path(item)


_CDATA = re.compile(r"\s+")
