"""Users: ``/me`` and ``/user/<id>`` (``hudson.model.User``)."""

from __future__ import annotations

from jenkins_sdk.testing.routes.common import Ctx, json_response
from jenkins_sdk.testing.server import Response


def me(ctx: Ctx, rest: list[str]) -> Response:
    """``/me/api/json`` and ``/user/<id>/api/json`` (hudson.model.User)."""
    if ctx.ident.anonymous:
        return ctx.emu.login_required(ctx.req)
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


ROUTES = {"me": me, "user": me}
