"""Users and their API tokens: ``/me``, ``/user/<id>`` (``hudson.model.User``), the token
settings page ``/user/<id>/security/`` and ``descriptorByName/jenkins.security.ApiTokenProperty/
generateNewToken|revoke|rename``, the user list of Jenkins' own database (``/securityRealm/``)
and ``/asynchPeople`` (a placeholder page since 2.452, the people-view plugin's API otherwise).
See ``docs/protocol-admin.md`` section 4."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import (
    HTML_TYPE,
    Ctx,
    error_page,
    forbidden,
    html_page,
    is_api,
    json_response,
    not_found,
    plain_json,
    require_post,
)
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state.users import TokenStore

_TOKEN_PROPERTY = "jenkins.security.ApiTokenProperty"


def me(ctx: Ctx, rest: list[str]) -> Response:
    """``/me/...``: the caller's own user (403 login page when anonymous)."""
    if ctx.ident.anonymous:
        return ctx.emu.login_required(ctx.req)
    return _user(ctx, ctx.user_name, rest)


def user(ctx: Ctx, rest: list[str]) -> Response:
    """``/user/<id>/...`` (an unknown id is 404: ``Jenkins.getUser`` creates no user)."""
    if not rest:
        return not_found()
    if ctx.ident.anonymous:
        return ctx.emu.login_required(ctx.req)
    user_id = unquote(rest[0])
    if user_id not in ctx.emu.auth.users:
        return not_found()
    return _user(ctx, user_id, rest[1:])


def _user(ctx: Ctx, user_id: str, rest: list[str]) -> Response:
    action = rest[0] if rest else ""
    if is_api(rest):
        return json_response(ctx, user_json(ctx, user_id))
    if action == "security":
        return _token_page(ctx, user_id)
    if action == "descriptorByName" and rest[1:2] == [_TOKEN_PROPERTY]:
        return _token_action(ctx, user_id, rest[2] if len(rest) > 2 else "")
    if action in ("", "account", "configure"):
        return html_page(f"{user_id} [Jenkins]")
    return not_found()


def user_json(ctx: Ctx, user_id: str) -> dict[str, Any]:
    """``hudson.model.User`` as exported (``stagecraft__01_me.json``)."""
    account = ctx.emu.auth.users.get(user_id)
    return {
        "_class": "hudson.model.User",
        "absoluteUrl": f"{ctx.root}user/{raw_encode(user_id)}",
        "description": None,
        "fullName": (account.full_name if account else None) or user_id,
        "id": user_id,
        "property": [
            {"_class": _TOKEN_PROPERTY},
            {"_class": "hudson.tasks.Mailer$UserProperty", "address": f"{user_id}@example.com"},
            {"_class": "hudson.model.MyViewsProperty"},
            {"_class": "hudson.search.UserSearchProperty", "insensitiveSearch": True},
            {"_class": "hudson.model.TimeZoneProperty"},
            {"_class": "hudson.security.HudsonPrivateSecurityRealm$Details"},
        ],
    }


def _may_manage(ctx: Ctx, user_id: str) -> bool:
    """``user.checkPermission(Jenkins.ADMINISTER)``: the user themself or an administrator."""
    return ctx.ident.user == user_id or ctx.emu.is_admin(ctx.ident)


def _token_page(ctx: Ctx, user_id: str) -> Response:
    """``/user/<id>/security/``: the token cards of ``ApiTokenProperty/config.jelly`` (2.506+)."""
    if not _may_manage(ctx, user_id):
        return forbidden(ctx)
    tokens = ctx.state.store(TokenStore).tokens_of(ctx.emu.auth, user_id)
    cards = "".join(
        f"<div class='token-card{' legacy-token' if t.legacy else ''}' id='{html.escape(t.uuid)}'>"
        "<div class='token-card-inner'><div class='token-card__title'>"
        f"<span class='token-name'>{html.escape(t.name)}</span></div>"
        "<div class='token-stats'><span class='warning token-creation'>This token does not "
        "expire</span></div></div></div>"
        for t in tokens
    )
    hidden = "" if tokens else "jenkins-hidden"
    page = (
        f"<!DOCTYPE html><html><head><title>Security [{html.escape(user_id)}] [Jenkins]</title>"
        "</head><body id='jenkins'><div id='main-panel'><div class='token-list'>"
        f"<div class='token-list-empty-item{'' if not tokens else ' jenkins-hidden'}'>"
        f"There are no registered tokens for this user.</div><div id='api-tokens' class='{hidden}'>"
        f"<div id='api-token-list'>{cards}</div></div></div></div></body></html>"
    )
    return Response(200, page.encode("utf-8"), HTML_TYPE)


def _token_action(ctx: Ctx, user_id: str, op: str) -> Response:
    """``generateNewToken``, ``revoke``, ``rename`` (``ApiTokenProperty.DescriptorImpl``)."""
    if op not in ("generateNewToken", "revoke", "rename"):
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    store = ctx.state.store(TokenStore)
    auth = ctx.emu.auth
    if op == "generateNewToken":
        # only the owner, unless ApiTokenProperty.adminCanGenerateNewTokens
        allowed = ctx.ident.user == user_id or (
            store.admin_can_generate and _may_manage(ctx, user_id)
        )
        if not allowed:
            return Response(403, b"")
        name = (ctx.req.param("newTokenName") or "").strip() or "Token created on 2026-01-01"
        token = store.generate(auth, user_id, name, ctx.state.clock.now_ms())
        data = {
            "tokenUuid": token.uuid,
            "tokenName": token.name,
            "tokenValue": token.value,
            "expirationDate": "never",
            "aboutToExpire": False,
        }
        return plain_json({"status": "ok", "data": data})
    if not _may_manage(ctx, user_id):
        return forbidden(ctx)
    token_uuid = (ctx.req.param("tokenUuid") or "").strip()
    if op == "revoke":
        if not token_uuid:
            return error_page(400, "The tokenUuid cannot be empty")
        store.revoke(auth, user_id, token_uuid)
        return Response(200, b"")
    new_name = (ctx.req.param("newName") or "").strip()
    if not new_name:
        return plain_json({"status": "error", "message": "The name cannot be empty"})
    if not store.rename(auth, user_id, token_uuid, new_name):
        message = "No token found, try refreshing the page"
        return plain_json({"status": "error", "message": message})
    return plain_json({"status": "ok"})


def security_realm(ctx: Ctx, rest: list[str]) -> Response:
    """``/securityRealm/``: the users of Jenkins' own database (Overall/Administer)."""
    if rest:
        return not_found()
    if ctx.ident.anonymous:
        return ctx.emu.login_required(ctx.req)
    if not ctx.emu.is_admin(ctx.ident):
        return forbidden(ctx)
    rows = "".join(
        "<tr><td class='jenkins-table__cell--tight jenkins-table__icon'></td>"
        f"<td><a href='{ctx.context}/user/{raw_encode(u.name)}/'>{html.escape(u.name)}</a></td>"
        f"<td>{html.escape(u.full_name or u.name)}</td>"
        f"<td><a href='{ctx.context}/user/{raw_encode(u.name)}/account'>settings</a></td></tr>"
        for u in sorted(ctx.emu.auth.users.values(), key=lambda u: u.name.lower())
    )
    page = (
        "<!DOCTYPE html><html><head><title>Users [Jenkins]</title></head><body id='jenkins'>"
        "<table class='jenkins-table sortable' id='people'><thead><tr><th></th><th>Username</th>"
        f"<th>Full name</th><th></th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    )
    return Response(200, page.encode("utf-8"), HTML_TYPE)


def people(ctx: Ctx, rest: list[str]) -> Response:
    """``/people``, ``/asynchPeople``: ``PeopleRedirect``'s page, or the people-view plugin's
    ``asynchPeople/api/json`` when a test installed it."""
    store = ctx.state.store(TokenStore)
    if is_api(rest):
        if not store.people_view or ctx.req.segments[0] != "asynchPeople":
            return not_found()
        users = [
            {"lastChange": None, "project": None, "user": user_json(ctx, name)}
            for name in sorted(ctx.emu.auth.users)
        ]
        cls = "hudson.model.View$AsynchPeople$People"
        return json_response(ctx, {"_class": cls, "users": users})
    if rest:
        return not_found()
    return html_page("People [Jenkins]", heading="People")


ROUTES = {
    "me": me,
    "user": user,
    "securityRealm": security_realm,
    "people": people,
    "asynchPeople": people,
}
