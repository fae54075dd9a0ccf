"""Credentials (credentials plugin ``ViewCredentialsAction``, ``CredentialsStoreAction`` and its
``DomainWrapper``/``CredentialsWrapper``): ``/credentials/store/system/...`` and, per folder,
``/job/F/credentials/store/folder/...``. See ``docs/protocol-admin.md`` section 6."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.render import raw_encode
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    failure,
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
from jenkins_sdk.testing.state import Folder
from jenkins_sdk.testing.state.credentials import (
    CredentialStore,
    Domain,
    display_name,
    redacted_xml,
    type_name,
)
from jenkins_sdk.testing.tree import ExportedMap, Node

XML_TYPE = "application/xml"
_PKG = "com.cloudbees.plugins.credentials"


class _Where:
    """One store: its context (``""`` or a folder's full name), URL base and names."""

    def __init__(self, ctx: Ctx, context: str, base: str, store_name: str, display: str) -> None:
        self.ctx = ctx
        self.context = context
        self.base = base  # context-relative URL of the store, ending in "/"
        self.store_name = store_name
        self.display = display
        self.data = ctx.state.store(CredentialStore)

    @property
    def full_name(self) -> str:
        return f"{self.context}/{self.store_name}" if self.context else self.store_name


def root_credentials(ctx: Ctx, rest: list[str]) -> Response:
    """``/credentials/...``: the system store."""
    return _view(ctx, rest, _Where(ctx, "", "credentials/store/system/", "system", "System"))


def folder_credentials(ctx: Ctx, folder: Folder, rest: list[str]) -> Response:
    """``/job/F/credentials/...``: the folder's store (``FolderCredentialsProvider``)."""
    base = "".join(f"job/{raw_encode(s)}/" for s in folder.segments) + "credentials/store/folder/"
    where = _Where(ctx, folder.full_name, base, "folder", folder.full_display_name)
    return _view(ctx, rest, where)


def _view(ctx: Ctx, rest: list[str], where: _Where) -> Response:
    if not rest:
        return html_page("Credentials [Jenkins]")
    if is_api(rest):
        stores = ExportedMap({where.store_name: {"_class": f"{_PKG}.CredentialsStoreAction"}})
        return json_response(ctx, {"_class": f"{_PKG}.ViewCredentialsAction", "stores": stores})
    if rest[0] != "store" or len(rest) < 2 or unquote(rest[1]) != where.store_name:
        return not_found()
    return _store(ctx, rest[2:], where)


def _domain_node(where: _Where, domain: Domain) -> Node:
    def full(want: Any) -> dict[str, Any]:
        return _domain_json(where, domain)

    return Node(full, lambda: {"_class": f"{_PKG}.CredentialsStoreAction$DomainWrapper"})


def _domain_json(where: _Where, domain: Domain) -> dict[str, Any]:
    glob = domain.name is None
    return {
        "_class": f"{_PKG}.CredentialsStoreAction$DomainWrapper",
        "credentials": [_credential_node(where, domain, i) for i in domain.credentials],
        "description": "Credentials that should be available everywhere."
        if glob
        else domain.description,
        "displayName": "Global" if glob else domain.name,
        "fullDisplayName": f"{where.display} » {'Global' if glob else domain.name}",
        "fullName": f"{where.full_name}/{domain.url_name}",
        "global": glob,
        "urlName": domain.url_name,
    }


def _credential_json(where: _Where, domain: Domain, cred_id: str) -> dict[str, Any]:
    element = domain.credentials[cred_id]
    description = element.findtext("description")
    return {
        "_class": f"{_PKG}.CredentialsStoreAction$CredentialsWrapper",
        "description": description,
        "displayName": display_name(element),
        "fingerprint": None,
        "fullName": f"{where.full_name}/{domain.url_name}/{cred_id}",
        "id": cred_id,
        "typeName": type_name(element),
    }


def _credential_node(where: _Where, domain: Domain, cred_id: str) -> Node:
    def full(want: Any) -> dict[str, Any]:
        return _credential_json(where, domain, cred_id)

    return Node(full, lambda: {"_class": f"{_PKG}.CredentialsStoreAction$CredentialsWrapper"})


def _store(ctx: Ctx, rest: list[str], where: _Where) -> Response:
    domains = where.data.store(where.context)
    if not rest:
        return html_page(f"{where.display} [Jenkins]")
    if is_api(rest):
        data = ExportedMap({name: _domain_node(where, d) for name, d in domains.items()})
        return json_response(ctx, {"_class": f"{_PKG}.CredentialsStoreAction", "domains": data})
    if rest[0] == "createDomain":
        bad = require_post(ctx) or require_admin(ctx)
        if bad:
            return bad
        added = where.data.add_domain(where.context, ctx.req.body)
        return Response(200 if added else 409, b"")
    if rest[0] != "domain" or len(rest) < 2:
        return not_found()
    domain = domains.get(unquote(rest[1]))
    if domain is None:
        return not_found()
    return _domain(ctx, rest[2:], where, domain)


def _domain(ctx: Ctx, rest: list[str], where: _Where, domain: Domain) -> Response:
    action = rest[0] if rest else ""
    if action == "":
        return html_page(f"{domain.url_name} [Jenkins]")
    if is_api(rest):
        return json_response(ctx, _domain_json(where, domain))
    if action == "createCredentials":
        return _create(ctx, domain)
    if action in ("doDelete", "config.xml"):
        return _domain_admin(ctx, action, where, domain)
    if action == "credential" and len(rest) >= 2:
        cred_id = unquote(rest[1])
        if cred_id not in domain.credentials:
            return not_found()
        return _credential(ctx, rest[2:], where, domain, cred_id)
    return not_found()


def _create(ctx: Ctx, domain: Domain) -> Response:
    """``POST createCredentials``: XML → 200, an existing id → 409 (empty bodies)."""
    bad = require_post(ctx) or require_admin(ctx)
    if bad:
        return bad
    ctype = ctx.req.content_type
    if not ctype:
        return failure("No Content-Type header set")
    if ctype not in ("application/xml", "text/xml"):
        return error_page(400, "This page expects a form submission")
    added = ctx.state.store(CredentialStore).add(domain, ctx.req.body)
    return Response(200 if added else 409, b"")


def _domain_admin(ctx: Ctx, action: str, where: _Where, domain: Domain) -> Response:
    """A domain's ``doDelete`` and ``config.xml``; the global domain cannot be removed."""
    domains = where.data.store(where.context)
    method = ctx.req.method
    if action == "doDelete" or method == "DELETE":
        bad = (require_post(ctx) if action == "doDelete" else None) or require_admin(ctx)
        if bad:
            return bad
        if domain.name is None:
            return Response(409, b"") if method == "DELETE" else redirect(ctx, where.base)
        del domains[domain.url_name]
        return redirect(ctx, where.base) if action == "doDelete" else Response(200, b"")
    if method == "GET":
        name = f"<name>{domain.name}</name>" if domain.name else ""
        body = f"<{_PKG}.domains.Domain>{name}<specifications/></{_PKG}.domains.Domain>"
        return Response(200, body.encode("utf-8"), XML_TYPE)
    return Response(400, b"")


def _credential(ctx: Ctx, rest: list[str], where: _Where, domain: Domain, cred_id: str) -> Response:
    action = rest[0] if rest else ""
    if action == "":
        return html_page(f"{cred_id} [Jenkins]")
    if is_api(rest):
        return json_response(ctx, _credential_json(where, domain, cred_id))
    if action == "doDelete":
        bad = require_post(ctx) or require_admin(ctx)
        if bad:
            return bad
        del domain.credentials[cred_id]
        if "application/json" in (ctx.req.header("Accept") or ""):
            data = {"message": "Credentials deleted", "notificationType": "SUCCESS"}
            return plain_json({"status": "ok", "data": data})
        return redirect(ctx, f"{where.base}domain/{domain.url_name}/")
    if action != "config.xml":
        return not_found()
    if ctx.req.method == "GET":
        return Response(200, redacted_xml(domain.credentials[cred_id]), XML_TYPE)
    denied = require_admin(ctx)
    if denied:
        return denied
    if ctx.req.method == "POST":
        ctx.state.store(CredentialStore).replace(domain, cred_id, ctx.req.body)
        return Response(200, b"")
    if ctx.req.method == "DELETE":
        del domain.credentials[cred_id]
        return Response(200, b"")
    return Response(400, b"")


ROUTES = {"credentials": root_credentials}
FOLDER_ACTIONS = {"credentials": folder_credentials}
