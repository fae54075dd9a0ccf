"""Plugins and the update center (``hudson.PluginManager``, ``hudson.PluginWrapper``,
``hudson.model.UpdateCenter``): the installed list, installs by name (``install``) or by
minimum version (``installNecessaryPlugins``), uninstall, checking the update site, and the
update center's jobs that report progress. See ``docs/protocol-admin.md`` section 2."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    html_page,
    is_api,
    json_response,
    not_found,
    plain_json,
    redirect,
    require_admin,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state.plugins import Job, PluginStore, SitePlugin
from jenkins_sdk.testing.tree import Node

_UC = "hudson.model.UpdateCenter"
_REQUESTED = re.compile(r"[^@]+@[^@]+")


def _store(ctx: Ctx) -> PluginStore:
    store = ctx.state.store(PluginStore)
    store.tick(ctx.state.clock.now_ms())
    return store


def plugin_manager(ctx: Ctx, rest: list[str]) -> Response:
    """``/pluginManager/...``."""
    action = rest[0] if rest else ""
    if is_api(rest):
        return _installed_json(ctx)
    handler = _ACTIONS.get(action)
    if handler is not None:
        return handler(ctx, rest[1:])
    if action in ("", "updates", "installed", "available", "advanced"):
        return html_page("Plugins [Jenkins]")
    return not_found()


def _installed_json(ctx: Ctx) -> Response:
    store = _store(ctx)
    entries: list[dict[str, Any]] = [
        {
            "active": p.active,
            "backupVersion": None,
            "bundled": False,
            "deleted": p.deleted,
            "dependencies": [],
            "downgradable": False,
            "enabled": True,
            "hasUpdate": store.has_update(p),
            "longName": p.long_name,
            "pinned": False,
            "requiredCoreVersion": "2.479.3",
            "shortName": p.name,
            "supportsDynamicLoad": "MAYBE",
            "url": f"https://plugins.jenkins.io/{p.name}",
            "version": p.version,
        }
        for p in store.installed.values()
    ]
    return json_response(ctx, {"_class": "hudson.LocalPluginManager", "plugins": entries})


def install(ctx: Ctx, rest: list[str]) -> Response:
    """``POST pluginManager/install``: ``plugin.NAME`` fields, ``dynamicLoad``; 302 to
    ``updates/`` (``PluginManager.doInstall``)."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    names = [k[len("plugin.") :] for k in ctx.req.all_params() if k.startswith("plugin.")]
    dynamic = ctx.req.has_param("dynamicLoad")
    _store(ctx).install(names, dynamic=dynamic, now_ms=ctx.state.clock.now_ms())
    return redirect(ctx, "pluginManager/updates/")


def install_necessary(ctx: Ctx, rest: list[str]) -> Response:
    """``POST pluginManager/installNecessaryPlugins``: every ``plugin="name@version"`` attribute
    of the XML body (``PluginManager.parseRequestedPlugins``); 302 to ``pluginManager/updates/``."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    try:
        root = ET.fromstring(ctx.req.body)
    except ET.ParseError as exc:
        return error_page(500, f"java.io.IOException: Failed to parse XML: {exc}")
    wanted: dict[str, str] = {}
    for el in root.iter():
        attr = el.get("plugin")
        if attr is None:
            continue
        if not _REQUESTED.fullmatch(attr):
            return error_page(500, f"java.io.IOException: Malformed plugin attribute: {attr}")
        name, _, version = attr.partition("@")
        wanted[name] = version  # the emulator keeps the last; Jenkins the highest
    _store(ctx).install_necessary(wanted, ctx.state.clock.now_ms())
    return redirect(ctx, "pluginManager/updates/")


def check_updates(ctx: Ctx, rest: list[str]) -> Response:
    """``POST pluginManager/checkUpdatesServer``: refresh the site data; back to the Referer."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    _store(ctx).site_checked_ms = ctx.state.clock.now_ms()
    referer = ctx.req.header("Referer")
    if referer:
        return Response(302, b"", None, [("Location", referer)])
    return redirect(ctx, "pluginManager/")


def plugin(ctx: Ctx, rest: list[str]) -> Response:
    """``pluginManager/plugin/NAME/doUninstall`` (``PluginWrapper.doDoUninstall``)."""
    store = _store(ctx)
    if not rest or unquote(rest[0]) not in store.installed:
        return not_found()
    if rest[1:2] != ["doUninstall"]:
        return not_found() if rest[1:] else html_page(f"{unquote(rest[0])} [Jenkins]")
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    store.uninstall(unquote(rest[0]))
    return redirect(ctx, "manage/pluginManager/installed")


_ACTIONS = {
    "install": install,
    "installNecessaryPlugins": install_necessary,
    "checkUpdatesServer": check_updates,
    "plugin": plugin,
}


# ---------------------------------------------------------------------------- update center
def _plugin_entry(p: SitePlugin) -> dict[str, Any]:
    return {
        "name": p.name,
        "sourceId": "default",
        "title": p.title,
        "url": f"https://updates.jenkins.io/download/plugins/{p.name}/{p.version}/{p.name}.hpi",
        "version": p.version,
        "wiki": f"https://plugins.jenkins.io/{p.name}",
    }


def _job_node(job: Job) -> Node:
    cls = f"{_UC}${job.type}"

    def full(want: Any) -> dict[str, Any]:
        success = job.status in ("Success", "SuccessButRequiresRestart", "Skipped")
        status_cls = f"{_UC}$DownloadJob${job.status}"
        return {
            "_class": cls,
            "errorMessage": job.error,
            "id": job.id,
            "type": job.type,
            "name": job.plugin.name,
            "plugin": _plugin_entry(job.plugin),
            "status": {"_class": status_cls, "success": success, "type": job.status},
        }

    return Node(full, lambda: {"_class": cls})


def update_center(ctx: Ctx, rest: list[str]) -> Response:
    """``/updateCenter/api/json`` and ``/updateCenter/installStatus``."""
    store = _store(ctx)
    if rest[:1] == ["installStatus"]:
        jobs = [
            {
                "name": j.plugin.name,
                "version": j.plugin.version,
                "title": j.plugin.title,
                "installStatus": j.status,
                "requiresRestart": str(j.status == "SuccessButRequiresRestart").lower(),
            }
            for j in store.jobs
        ]
        return plain_json({"status": "ok", "data": {"state": "RUNNING", "jobs": jobs}})
    if not is_api(rest):
        return html_page("Update Center [Jenkins]") if not rest else not_found()
    updates = [
        _plugin_entry(store.site[p.name]) for p in store.installed.values() if store.has_update(p)
    ]
    site = {
        "_class": "hudson.model.UpdateSite",
        "connectionCheckUrl": "https://www.google.com/",
        "dataTimestamp": store.site_checked_ms or 0,
        "hasUpdates": bool(updates),
        "id": "default",
        "suggestedPluginsUrl": "https://updates.jenkins.io/platform-plugins.json",
        "updates": updates,
        "url": "https://updates.jenkins.io/update-center.json",
    }
    availables = [_plugin_entry(p) for p in store.site.values() if p.name not in store.installed]
    data = {
        "_class": _UC,
        "availables": availables,
        "jobs": [_job_node(j) for j in store.jobs],
        "restartRequiredForCompletion": store.restart_required,
        "sites": [site],
    }
    return json_response(ctx, data)


def manage(ctx: Ctx, rest: list[str]) -> Response:
    """``/manage/...``: the pages a redirect lands on (``manage/pluginManager/installed``)."""
    return html_page("Manage Jenkins [Jenkins]")


ROUTES = {"pluginManager": plugin_manager, "updateCenter": update_center, "manage": manage}
