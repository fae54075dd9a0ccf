"""Simulation: scrub secrets from exchanges before they are written to a recording.

A :class:`Scrubber` gives each secret a stable placeholder in order of first appearance:
``<session-1>`` for cookie values, ``<crumb-1>`` for CSRF crumbs, ``<token-1>`` for API tokens and
passwords, ``<secret-1>`` for other sensitive values. The same value always gets the same
placeholder within a file, so a replayed crumb still pairs with its replayed session cookie
(``JSESSIONID.x=<session-1>``), and re-recording the same scenario yields the same file.

Secrets are learnt from: the request's ``Authorization`` (the password or token part), ``Cookie``
and crumb headers, crumb and sensitive form/query/multipart fields (file parameters included);
the response's ``Set-Cookie`` values, and in JSON bodies the string members whose key the SDK's
one secrets policy calls sensitive (:func:`jenkins_sdk._secrets.is_sensitive_name`: ``crumb``,
``tokenValue``, ``password`` ... and the caller's ``sensitive_params``) and the ``value`` of
``{"name": <sensitive>, "value": ...}`` pairs; an inbound agent's secret in
``jenkins-agent.jnlp``. A body that is not JSON or nests too deep (see
:mod:`jenkins_sdk.simulation._json`) is searched for such members as text instead.

Every learnt value (at least :data:`MIN_SECRET_LENGTH` characters long) is then replaced wherever
it appears, in every spelling of :func:`jenkins_sdk._secrets.spellings` (raw, percent- and
form-encoded, JSON- and HTML-escaped, a multi-line secret line by line): bodies, headers, query
values. Shorter values are replaced only where they sit (a header or a field), never searched for
in text, because replacing ``"ab"`` everywhere would corrupt the recording.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from jenkins_sdk._secrets import is_sensitive_name, spellings
from jenkins_sdk.simulation._json import NOT_JSON, parse

__all__ = [
    "MIN_SECRET_LENGTH",
    "Scrubber",
    "secret_kind",
    "secrets_from_request_headers",
]

MIN_SECRET_LENGTH = 4
_JNLP_SECRET = re.compile(rb"<application-desc>\s*<argument>([^<]+)</argument>")

#: Keys the policy's words match that name or point at something rather than hold a secret
#: (``crumbRequestField`` holds the crumb header's name, ``tokenName`` a token's label,
#: ``credentialsId``/``tokenUuid`` an id that also appears in URLs: searching for those
#: everywhere would rewrite request paths and break replay).
_NAMING_KEY = re.compile(r"(?:field|name|id)$", re.IGNORECASE)
#: ``"key": "value"`` members of JSON text that could not be parsed (escaped quotes included).
_MEMBER = re.compile(r'"((?:[^"\\]|\\.){1,200})"\s*:\s*"((?:[^"\\]|\\.)*)"')


def secret_kind(key: str, extra: Collection[str] = ()) -> str | None:
    """The placeholder kind for the value of a JSON member named ``key`` (``None``: not secret).

    The policy decides (:func:`jenkins_sdk._secrets.is_sensitive_name` with ``extra``); keys
    ending in ``Field``/``Name``/``Id`` name something rather than hold it and are left alone.
    """
    if not is_sensitive_name(key, extra) or _NAMING_KEY.search(key):
        return None
    lowered = key.lower()
    if "crumb" in lowered:
        return "crumb"
    return "token" if "token" in lowered else "secret"


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
    """Assigns stable placeholders to secrets and removes them, in every spelling, from text.

    Args:
        sensitive: extra names whose values are secret (``sensitive_params``).
    """

    def __init__(self, sensitive: Collection[str] = ()) -> None:
        self._sensitive = tuple(sensitive)
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
        """Register the secrets a JSON body holds (see the module docstring)."""
        stripped = body.lstrip()
        if stripped[:1] not in (b"{", b"["):
            return
        data = parse(body)
        if data is NOT_JSON:
            self._learn_from_text(body.decode("utf-8", "replace"))
        else:
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
        # Depth-first in document order (placeholders are numbered in order of appearance);
        # ``parse`` bounded the depth, so the recursion is too.
        if isinstance(data, dict):
            named, secret = data.get("name"), data.get("value")
            if self._names_secret(named) and isinstance(secret, str):
                self.register("secret", secret)
            for key, value in data.items():
                kind = secret_kind(str(key), self._sensitive)
                if kind is not None and isinstance(value, str):
                    self.register(kind, value)
                else:
                    self._walk(value)
        elif isinstance(data, list):
            for item in data:
                self._walk(item)

    def _names_secret(self, name: object) -> bool:
        """A ``{"name": ..., "value": ...}`` pair's name that makes its value secret."""
        return isinstance(name, str) and is_sensitive_name(name, self._sensitive)

    def _learn_from_text(self, text: str) -> None:
        """Learn ``"secret-key": "value"`` members of JSON text that could not be parsed."""
        for match in _MEMBER.finditer(text):
            kind = secret_kind(_unescape(match.group(1)), self._sensitive)
            if kind is not None:
                self.register(kind, _unescape(match.group(2)))

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
            by_spelling: dict[str, str] = {}
            for secret, placeholder in self._placeholders.items():
                if len(secret) < MIN_SECRET_LENGTH:
                    continue
                for spelling in spellings(secret):
                    by_spelling.setdefault(spelling, placeholder)
                by_spelling[secret] = placeholder  # a value is its own secret's, first of all
            # Longest first, so a secret that contains another one is replaced whole.
            self._ordered = sorted(by_spelling.items(), key=lambda item: (-len(item[0]), item[0]))
        return self._ordered

    def scrub_text(self, text: str) -> str:
        """Replace every known secret, in every spelling, in ``text`` by its placeholder."""
        for secret, placeholder in self._pairs():
            if secret in text:
                text = text.replace(secret, placeholder)
        return text

    def scrub_bytes(self, data: bytes) -> bytes:
        """Replace every known secret (as UTF-8, in every spelling) in ``data``."""
        for secret, placeholder in self._pairs():
            needle = secret.encode("utf-8")
            if needle in data:
                data = data.replace(needle, placeholder.encode("utf-8"))
        return data

    def scrub_value(self, value: str) -> str:
        """Scrub a single field value: its own placeholder if it is a secret, else scrub_text."""
        placeholder = self._placeholders.get(value)
        return placeholder if placeholder is not None else self.scrub_text(value)


def _unescape(text: str) -> str:
    """A JSON string's content without its escapes (as is, if they are broken)."""
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text
