"""The controller's root: dashboard, ``/api/json``, ``/crumbIssuer``, ``/whoAmI``, ``/login``
(``jenkins.model.Jenkins``, ``hudson.security.csrf.CrumbIssuer``, ``hudson.security.WhoAmI``)."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.auth import CRUMB_FIELD
from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import HTML_TYPE, Ctx, json_response, not_found, text
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.tree import Node


def dashboard(ctx: Ctx, rest: list[str]) -> Response:
    """``GET /``: the dashboard page."""
    body = (
        "<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head>"
        "<body id='jenkins'><h1>Welcome to Jenkins!</h1></body></html>"
    )
    return Response(200, body.encode(), HTML_TYPE)


def api(ctx: Ctx, rest: list[str]) -> Response:
    """``/api/json`` and ``/api/python``."""
    return root_json(ctx) if rest[:1] in (["json"], ["python"]) else not_found()


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


def who_am_i(ctx: Ctx, rest: list[str]) -> Response:
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


def login_page(ctx: Ctx, rest: list[str]) -> Response:
    """``/login``: the sign-in HTML form."""
    body = (
        "<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head><body>"
        "<form method='post' name='login' action='j_spring_security_check'>"
        "<input name='j_username'/><input name='j_password' type='password'/>"
        "<button type='submit'>Sign in</button></form></body></html>"
    )
    return Response(200, body.encode(), HTML_TYPE)


ROUTES = {
    "": dashboard,
    "api": api,
    "crumbIssuer": crumb_issuer,
    "whoAmI": who_am_i,
    "login": login_page,
}
