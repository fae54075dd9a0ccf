"""Builder API for credentials: put credentials and domains in a store, and read back what the
store holds (in clear: what a test checks, and what Jenkins itself never shows)."""

from __future__ import annotations

from typing import Protocol

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.credentials import GLOBAL, CredentialStore, Domain, fields


class _HasXml(Protocol):
    def to_xml(self) -> str: ...


class CredentialBuilders(EmulatorParts):
    """``credential``, ``credential_domain``, ``stored_credential``, ``credential_ids``."""

    def _domain(self, folder: str | None, domain: str) -> Domain:
        store = self.state.store(CredentialStore)
        found = store.domain(folder or "", domain)
        if found is None:
            raise KeyError(f"no credentials domain {domain!r} in {folder or 'the system store'}")
        return found

    def credential(
        self, spec: str | bytes | _HasXml, *, folder: str | None = None, domain: str = GLOBAL
    ) -> str:
        """Store a credential (its XML, or any spec with ``to_xml()``); returns its id."""
        xml = spec.to_xml() if hasattr(spec, "to_xml") else spec
        data = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
        with self.state.lock:
            cred_id = self.state.store(CredentialStore).add(self._domain(folder, domain), data)
        if cred_id is None:
            raise ValueError("a credential with that id exists")
        return cred_id

    def credential_domain(
        self, name: str, *, folder: str | None = None, description: str = ""
    ) -> None:
        """Add a credentials domain to the system store (or a folder's)."""
        with self.state.lock:
            domains = self.state.store(CredentialStore).store(folder or "")
            domains[name] = Domain(name, description)

    def stored_credential(
        self, cred_id: str, *, folder: str | None = None, domain: str = GLOBAL
    ) -> dict[str, str | None]:
        """What the store holds for ``cred_id``: each field's text, secrets in clear (``None``
        once a ``<secret-redacted/>`` was posted back)."""
        with self.state.lock:
            element = self._domain(folder, domain).credentials[cred_id]
            return {"class": element.tag, **fields(element)}

    def credential_ids(self, *, folder: str | None = None, domain: str = GLOBAL) -> list[str]:
        """The ids in a domain, in insertion order."""
        with self.state.lock:
            return list(self._domain(folder, domain).credentials)
