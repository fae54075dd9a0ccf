"""The ``--json`` kinds of the administration commands (schema version 1); see
:mod:`jenkins_sdk.cli.schema` for the rules every kind follows. No kind has a secret field."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.cli.schema import Field, Getter, Kind, attr

__all__ = [
    "ADMIN_KINDS",
    "API_TOKEN",
    "CREDENTIAL",
    "PLUGIN",
    "PLUGIN_INSTALL",
    "PLUGIN_UPDATE",
    "VIEW",
]


def value(name: str) -> Getter:
    """A getter reading ``obj.<name>`` as it is (``None`` stays ``null``, a bool stays a bool)."""

    def get(obj: Any, ctx: Any) -> Any:
        return getattr(obj, name, None)

    return get


CREDENTIAL = Kind(
    "credential",
    "A stored credential, as Jenkins lists it: never its secret (`creds ls`).",
    (
        Field("id", "string", "the credential's id", attr("id")),
        Field("type", "string", "the credential type's name", attr("type_name")),
        Field(
            "display_name",
            "string",
            "what Jenkins shows instead of the secret",
            attr("display_name"),
        ),
        Field("description", "string|null", "its description", value("description")),
        Field("full_name", "string|null", "store/domain/id", value("full_name")),
    ),
)

API_TOKEN = Kind(
    "api_token",
    "An API token of a user; `value` only right after `users token-create` (`users tokens`).",
    (
        Field("uuid", "string", "the token's id (what `token-revoke` takes)", attr("uuid")),
        Field("name", "string", "the token's name", attr("name")),
        Field("value", "string|null", "the token itself, shown once", value("value")),
    ),
)

PLUGIN = Kind(
    "plugin",
    "An installed plugin (`plugins ls`).",
    (
        Field("name", "string", "short name", attr("short_name")),
        Field("version", "string", "installed version", attr("version")),
        Field("title", "string|null", "long name", value("long_name")),
        Field("active", "bool|null", "loaded", value("active")),
        Field("enabled", "bool|null", "enabled", value("enabled")),
        Field("deleted", "bool|null", "uninstalled, gone after a restart", value("deleted")),
        Field(
            "has_update", "bool|null", "the update site has a newer version", value("has_update")
        ),
    ),
)

PLUGIN_INSTALL = Kind(
    "plugin_install",
    "How a plugin install ended or stands (`plugins install`).",
    (
        Field("name", "string", "short name", attr("name")),
        Field("version", "string|null", "the version being installed", value("version")),
        Field(
            "status",
            "string",
            "Pending, Installing, Success, SuccessButRequiresRestart, Skipped, Failure, NotFound",
            attr("status"),
        ),
        Field("error", "string|null", "why it failed", value("error")),
        Field(
            "requires_restart", "bool", "takes effect after a restart", value("requires_restart")
        ),
    ),
)

PLUGIN_UPDATE = Kind(
    "plugin_update",
    "An installed plugin with a newer version on the update site (`plugins updates`).",
    (
        Field("name", "string", "short name", attr("name")),
        Field("title", "string|null", "its title on the update site", value("title")),
        Field("installed_version", "string|null", "installed version", value("installed_version")),
        Field("available_version", "string", "the site's version", attr("available_version")),
    ),
)

VIEW = Kind(
    "view",
    "A view of the controller or of a folder (`views ls`).",
    (
        Field("name", "string", "the view's name", attr("name")),
        Field("url", "string|null", "its URL", value("url")),
    ),
)

ADMIN_KINDS: tuple[Kind, ...] = (
    CREDENTIAL,
    API_TOKEN,
    PLUGIN,
    PLUGIN_INSTALL,
    PLUGIN_UPDATE,
    VIEW,
)
