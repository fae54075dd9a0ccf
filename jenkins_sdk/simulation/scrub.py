"""Simulation: scrub secrets from exchanges before they are written to a recording.

A :class:`Scrubber` gives each secret a stable placeholder in order of first appearance:
``<session-1>`` for cookie values, ``<crumb-1>`` for CSRF crumbs, ``<token-1>`` for API tokens and
passwords, ``<secret-1>`` for configured sensitive parameter values. The same value always gets
the same placeholder within a file, so a replayed crumb still pairs with its replayed session
cookie (``JSESSIONID.x=<session-1>``), and re-recording the same scenario yields the same file.

Secrets are learnt from: the request's ``Authorization`` (the password or token part), ``Cookie``
and crumb headers, crumb and sensitive form/query fields; the response's ``Set-Cookie`` values and
JSON keys such as ``crumb`` or ``tokenValue``, and an inbound agent's secret in
``jenkins-agent.jnlp``. Every learnt value (at least
:data:`MIN_SECRET_LENGTH` characters long) is then replaced wherever it appears: bodies, headers,
query values. Shorter values are replaced only where they sit (a header or a field), never
searched for in text, because replacing ``"ab"`` everywhere would corrupt the recording.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

__all__ = [
    "MIN_SECRET_LENGTH",
    "SECRET_JSON_KEYS",
    "Scrubber",
    "secrets_from_request_headers",
]

MIN_SECRET_LENGTH = 4
_JNLP_SECRET = re.compile(rb"<application-desc>\s*<argument>([^<]+)</argument>")

#: JSON keys in response bodies whose string values are secrets, with the placeholder kind.
SECRET_JSON_KEYS: dict[str, str] = {
    "crumb": "crumb",
    "tokenvalue": "token",
    "apitoken": "token",
    "token": "token",
    "password": "secret",
}


def secrets_from_request_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ``(kind, value)`` secrets carried by request headers (auth, cookies, crumb)."""
    found: list[tuple[str, str]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "authorization":
            scheme, _, credentials = value.partition(" ")
            if scheme.lower() == "basic":
                try:
                    decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
                except (binascii.Error, UnicodeDecodeError):
                    decoded = ""
                _, _, password = decoded.partition(":")
                if password:
                    found.append(("token", password))
                found.append(("token", credentials))
            elif credentials:
                found.append(("token", credentials))
        elif lowered == "cookie":
            for item in value.split(";"):
                _, _, cookie_value = item.strip().partition("=")
                if cookie_value:
                    found.append(("session", cookie_value))
        elif lowered.endswith("crumb") and value:
            found.append(("crumb", value))
    return found


class Scrubber:
    """Assigns stable placeholders to secrets and removes them from text."""

    def __init__(self) -> None:
        self._placeholders: dict[str, str] = {}
        self._counts: Counter[str] = Counter()
        self._ordered: list[tuple[str, str]] | None = None

    def register(self, kind: str, value: str) -> str:
        """Return the placeholder for ``value``, assigning ``<kind-N>`` if it is new."""
        if not value or self.is_placeholder(value):
            return value
        existing = self._placeholders.get(value)
        if existing is not None:
            return existing
        self._counts[kind] += 1
        placeholder = f"<{kind}-{self._counts[kind]}>"
        self._placeholders[value] = placeholder
        self._ordered = None
        return placeholder

    @staticmethod
    def is_placeholder(value: str) -> bool:
        """Whether ``value`` already is a placeholder (recordings are scrubbed once)."""
        return value.startswith("<") and value.endswith(">") and "-" in value

    def learn_from_json(self, body: bytes) -> None:
        """Register the values of secret keys (``crumb``, ``tokenValue`` ...) in a JSON body."""
        stripped = body.lstrip()
        if stripped[:1] not in (b"{", b"["):
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        self._walk(data)

    def learn_from_jnlp(self, body: bytes) -> None:
        """Register an inbound agent's secret: the first ``<argument>`` of a
        ``jenkins-agent.jnlp`` (``SlaveComputer.getJnlpMac``)."""
        if not body.lstrip().startswith(b"<jnlp"):
            return
        match = _JNLP_SECRET.search(body)
        if match:
            self.register("secret", match.group(1).decode("utf-8", "replace").strip())

    def _walk(self, data: Any) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                kind = SECRET_JSON_KEYS.get(str(key).lower())
                if kind is not None and isinstance(value, str):
                    self.register(kind, value)
                else:
                    self._walk(value)
        elif isinstance(data, list):
            for item in data:
                self._walk(item)

    def scrub_set_cookie(self, value: str) -> str:
        """Replace the cookie value of a ``Set-Cookie`` header, keeping name and attributes."""
        first, sep, attributes = value.partition(";")
        name, eq, cookie_value = first.partition("=")
        if not eq or not cookie_value.strip():
            return self.scrub_text(value)
        placeholder = self.register("session", cookie_value.strip())
        return f"{name}={placeholder}{sep}{self.scrub_text(attributes)}"

    def _pairs(self) -> list[tuple[str, str]]:
        if self._ordered is None:
            # Longest first, so a secret that contains another one is replaced whole.
            self._ordered = sorted(
                (item for item in self._placeholders.items() if len(item[0]) >= MIN_SECRET_LENGTH),
                key=lambda item: (-len(item[0]), item[0]),
            )
        return self._ordered

    def scrub_text(self, text: str) -> str:
        """Replace every known secret in ``text`` by its placeholder."""
        for secret, placeholder in self._pairs():
            if secret in text:
                text = text.replace(secret, placeholder)
        return text

    def scrub_bytes(self, data: bytes) -> bytes:
        """Replace every known secret (as UTF-8) in ``data`` by its placeholder."""
        for secret, placeholder in self._pairs():
            needle = secret.encode("utf-8")
            if needle in data:
                data = data.replace(needle, placeholder.encode("utf-8"))
        return data

    def scrub_value(self, value: str) -> str:
        """Scrub a single field value: its own placeholder if it is a secret, else scrub_text."""
        placeholder = self._placeholders.get(value)
        return placeholder if placeholder is not None else self.scrub_text(value)
