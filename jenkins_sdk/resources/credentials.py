"""Credentials (the credentials plugin): list, read, create, update and delete credentials in the
system store (``credentials/store/system/domain/_/``) or a folder's
(``job/F/credentials/store/folder/domain/_/``). Secrets go in, never come out: Jenkins lists no
secret and its ``config.xml`` shows ``<secret-redacted/>`` (``docs/protocol-admin.md`` §6)."""

from __future__ import annotations

import builtins
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk._secrets import mask_xml_secrets, redact
from jenkins_sdk.admin_results import Credential, CredentialDomain
from jenkins_sdk.refs import JobSpec, encode_segment, job_path
from jenkins_sdk.resources import _shapes
from jenkins_sdk.specs import CredentialSpec

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["CredentialOperations", "credential_id_of", "domain_path"]

#: The global domain's URL name.
GLOBAL_DOMAIN = "_"
_XML = {"Content-Type": "application/xml; charset=UTF-8"}
_FIELDS = "id,typeName,displayName,description,fullName"


def store_path(folder: JobSpec | None) -> str:
    """The system store, or the folder's (cloudbees-folder ``FolderCredentialsProvider``)."""
    if folder is None:
        return "credentials/store/system/"
    return f"{job_path(folder)}credentials/store/folder/"


def domain_path(folder: JobSpec | None, domain: str) -> str:
    """``.../domain/<name>/`` (``_`` is the global domain)."""
    if not domain:
        raise errors.InvalidRef("a credentials domain name cannot be empty")
    return f"{store_path(folder)}domain/{encode_segment(domain)}/"


def credential_id_of(spec: CredentialSpec | str) -> str:
    """The id of a typed spec, or the ``<id>`` of a credential's XML.

    Raises:
        InvalidRef: the XML is malformed or has no ``<id>``.
    """
    if not isinstance(spec, str):
        return spec.id
    try:
        found = ET.fromstring(spec).findtext("id")
    except ET.ParseError as exc:
        raise errors.InvalidRef(f"the credential XML is not well formed: {exc}") from None
    if not found or not found.strip():
        raise errors.InvalidRef("the credential XML has no <id>")
    return found.strip()


class CredentialOperations:
    """Credentials in the system store or a folder's, reached as ``client.credentials``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(
        self, *, folder: JobSpec | None = None, domain: str = GLOBAL_DOMAIN
    ) -> builtins.list[Credential]:
        """Return the credentials of a domain: id, type, display name, description (no secret)."""
        path = f"{domain_path(folder, domain)}api/json"
        data = self._requester.get_json(path, tree=f"credentials[{_FIELDS}]")
        found = _shapes.entries(data, "credentials", "the credentials domain")
        return [Credential.from_json(c) for c in found]

    def get(
        self, id: str, *, folder: JobSpec | None = None, domain: str = GLOBAL_DOMAIN
    ) -> Credential:
        """Return one credential (no secret).

        Raises:
            NotFound: no such credential, domain or store.
        """
        data = self._requester.get_json(self._path(id, folder, domain) + "api/json", tree=_FIELDS)
        return Credential.from_json(data)

    def exists(
        self, id: str, *, folder: JobSpec | None = None, domain: str = GLOBAL_DOMAIN
    ) -> bool:
        """Whether a credential with this id is in the domain."""
        try:
            self.get(id, folder=folder, domain=domain)
        except errors.NotFound:
            return False
        return True

    def create(
        self,
        spec: CredentialSpec | str,
        *,
        folder: JobSpec | None = None,
        domain: str = GLOBAL_DOMAIN,
    ) -> Credential:
        """Store a new credential (a typed spec, or its XML) and return how Jenkins lists it.

        Raises:
            Conflict: a credential with this id already exists (409).
        """
        return self._send(spec, f"{domain_path(folder, domain)}createCredentials", folder, domain)

    def update(
        self,
        spec: CredentialSpec | str,
        *,
        folder: JobSpec | None = None,
        domain: str = GLOBAL_DOMAIN,
    ) -> Credential:
        """Replace a credential (every secret is sent again: Jenkins cannot keep "the old one").

        Raises:
            NotFound: no credential with the spec's id.
        """
        path = self._path(credential_id_of(spec), folder, domain) + "config.xml"
        return self._send(spec, path, folder, domain)

    def delete(
        self, id: str, *, folder: JobSpec | None = None, domain: str = GLOBAL_DOMAIN
    ) -> None:
        """Remove a credential.

        Raises:
            NotFound: no such credential.
        """
        path = self._path(id, folder, domain) + "doDelete"
        self._requester.post(path, ok=(200, 302, 303))

    def domains(self, *, folder: JobSpec | None = None) -> builtins.list[CredentialDomain]:
        """Return the store's domains (``_``, the global one, first)."""
        tree = "domains[urlName,displayName,description,global]"
        data = self._requester.get_json(f"{store_path(folder)}api/json", tree=tree)
        domains = data.get("domains") if isinstance(data, Mapping) else None
        if not isinstance(domains, Mapping):
            raise errors.ResponseShapeError("the credentials store lists no domains object")
        found = [CredentialDomain.from_json(d) for d in domains.values()]
        return sorted(found, key=lambda d: (not d.is_global, d.name))

    def _send(
        self, spec: CredentialSpec | str, path: str, folder: JobSpec | None, domain: str
    ) -> Credential:
        """POST the credential's XML to ``path``, then read how Jenkins lists it."""
        xml = spec if isinstance(spec, str) else spec.to_xml()
        try:
            self._requester.post(path, data=xml.encode("utf-8"), headers=_XML, ok=(200,))
        except errors.JenkinsError as exc:
            _scrub(exc, xml)
            raise
        return self.get(credential_id_of(spec), folder=folder, domain=domain)

    @staticmethod
    def _path(credential_id: str, folder: JobSpec | None, domain: str) -> str:
        if not credential_id or credential_id.strip() != credential_id:
            raise errors.InvalidRef(f"invalid credential id {credential_id!r}")
        return f"{domain_path(folder, domain)}credential/{encode_segment(credential_id)}/"


def _scrub(exc: errors.JenkinsError, xml: str) -> None:
    """Mask the credential's secrets in an error (a 500 page may quote what was posted): each
    secret element's content, and each longer line of it (a private key's)."""
    _, values = mask_xml_secrets(xml)
    lines = [line.strip() for v in values for line in v.splitlines() if len(line.strip()) >= 8]
    found = [*values, *lines]
    if found:
        exc.message = redact(exc.message, found)
        exc.body_excerpt = redact(exc.body_excerpt, found)
        exc.headers = {name: redact(value, found) for name, value in exc.headers.items()}
        exc.args = (exc.message,)
