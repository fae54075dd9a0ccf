"""The credentials store (credentials plugin): the system store and one store per folder, each with
domains (``_`` is the global one) holding credentials as their XML, secrets in clear.

Jenkins never shows a secret again: ``config.xml`` is written by ``SECRETS_REDACTED``, which turns
every ``Secret``/``SecretBytes`` into ``<secret-redacted/>`` (``CredentialsStoreAction``), and the
JSON exports no secret at all. The emulator knows which elements are secrets by name (the fields
of the credential types in ``docs/protocol-admin.md`` section 6, plus the usual names of other
types' secrets); posting ``<secret-redacted/>`` back erases the secret, as in Jenkins.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jenkins_sdk.testing.state.items import EmulatorError
from jenkins_sdk.testing.state.xmlbody import parse_body, set_text

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

GLOBAL = "_"
REDACTED = "secret-redacted"
#: Elements holding a ``hudson.util.Secret`` or ``SecretBytes`` in the credential types we know
#: (and the usual names in others).
SECRET_TAGS = frozenset(
    {"password", "secret", "secretBytes", "privateKey", "passphrase", "token", "apiToken"}
    | {"uploadedKeystoreBytes", "keyStoreBytes"}
)
#: Class → the descriptor's display name (``typeName`` in the JSON).
TYPE_NAMES = {
    "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl": (
        "Username with password"
    ),
    "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl": "Secret text",
    "org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl": "Secret file",
    "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey": (
        "SSH Username with private key"
    ),
    "com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl": "Certificate",
}


@dataclass
class Domain:
    """A credentials domain (``com.cloudbees.plugins.credentials.domains.Domain``)."""

    name: str | None  # None: the global domain
    description: str = ""
    element: ET.Element | None = None
    credentials: dict[str, ET.Element] = field(default_factory=dict)

    @property
    def url_name(self) -> str:
        """``_`` for the global domain, else its name."""
        return GLOBAL if self.name is None else self.name


def _global() -> dict[str, Domain]:
    return {GLOBAL: Domain(None)}


class CredentialStore:
    """Stores by context: ``""`` is the system store, a folder's full name its folder store."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.stores: dict[str, dict[str, Domain]] = {"": _global()}

    def store(self, context: str) -> dict[str, Domain]:
        """The domains of a store (a folder's store comes into being when first used)."""
        return self.stores.setdefault(context, _global())

    def domain(self, context: str, name: str) -> Domain | None:
        """A domain by URL name, or None (404)."""
        return self.store(context).get(name)

    # ------------------------------------------------------------ credentials
    def add(self, domain: Domain, xml: bytes) -> str | None:
        """``createCredentials``: the new credential's id, or None when the id exists (409)."""
        root = parse_body(xml, "Failed to parse credential")
        cred_id = (root.findtext("id") or "").strip()
        if not cred_id:
            # IdCredentials.Helper.fixEmptyId gives a random UUID; a deterministic one here
            cred_id = str(uuid.UUID(bytes=hashlib.sha256(xml).digest()[:16]))
            set_text(root, "id", cred_id)
        if cred_id in domain.credentials:
            return None
        domain.credentials[cred_id] = root
        return cred_id

    def replace(self, domain: Domain, cred_id: str, xml: bytes) -> None:
        """``POST credential/ID/config.xml``: the posted credential replaces the old one."""
        root = parse_body(xml, "Failed to parse credential")
        new_id = (root.findtext("id") or "").strip() or cred_id
        set_text(root, "id", new_id)
        if new_id != cred_id and new_id in domain.credentials:
            raise EmulatorError(409, "")
        domain.credentials = {
            (new_id if k == cred_id else k): (root if k == cred_id else v)
            for k, v in domain.credentials.items()
        }

    # ------------------------------------------------------------ domains
    def add_domain(self, context: str, xml: bytes) -> Domain | None:
        """``createDomain``: the new domain, or None when one of that name exists (409)."""
        root = parse_body(xml, "Failed to parse domain")
        name = (root.findtext("name") or "").strip()
        if not name:
            raise EmulatorError(400, "A domain needs a name")
        domains = self.store(context)
        if name in domains:
            return None
        domain = Domain(name, root.findtext("description") or "", root)
        domains[name] = domain
        return domain


# ---------------------------------------------------------------------------- XML
def redacted(element: ET.Element) -> ET.Element:
    """A copy with every secret element holding only ``<secret-redacted/>``."""
    out = copy.deepcopy(element)
    for el in out.iter():
        if el.tag in SECRET_TAGS:
            for child in list(el):
                el.remove(child)
            el.text = None
            ET.SubElement(el, REDACTED)
    return out


def redacted_xml(element: ET.Element) -> bytes:
    """``GET credential/ID/config.xml``: XStream's output, secrets redacted, no XML prolog."""
    return ET.tostring(redacted(element), encoding="unicode").encode("utf-8")


def secret_value(element: ET.Element) -> str | None:
    """A secret element's value (None once erased by a posted ``<secret-redacted/>``)."""
    if element.find(REDACTED) is not None:
        return None
    return element.text or ""


def fields(element: ET.Element) -> dict[str, str | None]:
    """Every leaf element's text by tag (secrets in clear, None when erased): what a test
    inspects to check what Jenkins holds."""
    out: dict[str, str | None] = {}
    for el in element.iter():
        if el is element:
            continue
        if el.tag in SECRET_TAGS:
            out[el.tag] = secret_value(el)
        elif len(el) == 0 and el.tag != REDACTED and el.tag not in out:
            out[el.tag] = el.text or ""
    return out


def type_name(element: ET.Element) -> str:
    """The ``typeName`` of a credential (its descriptor's display name)."""
    return TYPE_NAMES.get(element.tag, element.tag.rsplit(".", 1)[-1])


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def display_name(element: ET.Element) -> str:
    """``CredentialsNameProvider.name``: what each type shows instead of its secret."""
    cls = element.tag.rsplit(".", 1)[-1]
    description = (element.findtext("description") or "").strip()
    suffix = f" ({description})" if description else ""
    cred_id = element.findtext("id") or ""
    username_secret = (element.findtext("usernameSecret") or "").strip() == "true"
    if cls in ("UsernamePasswordCredentialsImpl", "BasicSSHUserPrivateKey"):
        if username_secret:
            return description
        stars = "/******" if cls == "UsernamePasswordCredentialsImpl" else ""
        return f"{element.findtext('username') or ''}{stars}{suffix}"
    if cls == "StringCredentialsImpl":
        return description or (cred_id if not _is_uuid(cred_id) else "Secret text")
    if cls == "FileCredentialsImpl":
        return f"{element.findtext('fileName') or ''}{suffix}"
    return f"{cred_id}{suffix}"
