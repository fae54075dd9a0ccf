"""Simulation: the request signature and key that pair a live request with a recorded one.

A request is reduced to a :class:`Signature`: the method, the path relative to the client's base
URL, the sorted query and a normalised body. Everything else — host, port, cookies, the crumb
header, ``Authorization``, ``User-Agent`` — is left out, so a recording made against one Jenkins
replays against any other base URL. The key is the SHA-256 of the signature's canonical JSON.

Base path: the adapter is told the client's base URL (``base_url=``). Its path part (for example
``/jenkins`` for ``https://ci.example.com/jenkins/``) is stripped from every request path, so
``/jenkins/job/a/api/json`` becomes ``/job/a/api/json``. Without a base URL only the scheme and host
are dropped and the full path is kept.

Body normalisation: form fields are sorted (a form field named ``json``, which Jenkins' ``/build``
reads, is canonicalised as JSON); JSON bodies are canonical (sorted keys, no whitespace);
multipart parts are sorted by field name, file name and content. Crumb fields and the values of
sensitive parameters (file parameters included) are replaced by fixed placeholders, so a recording
never needs the secret to match. Which names are sensitive is the SDK's one secrets policy
(:func:`jenkins_sdk._secrets.is_sensitive_name`: ``password``, ``token``, ``secret`` ... plus the
caller's ``sensitive_params``). A body that is not JSON, or nests deeper than
:data:`~jenkins_sdk.simulation._json.MAX_DEPTH`, is kept as text.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import json
from collections.abc import Callable, Collection, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs

from jenkins_sdk._secrets import is_sensitive_name, mask_xml_secrets
from jenkins_sdk.simulation._json import NOT_JSON, parse

__all__ = [
    "CRUMB_FIELDS",
    "DEFAULT_SENSITIVE_PARAMS",
    "SENSITIVE_PLACEHOLDER",
    "Matcher",
    "Signature",
    "base_path_of",
    "body_to_json",
    "match_body",
    "match_method",
    "match_path",
    "match_query",
    "mismatches",
    "relative_path",
    "signature_of",
]

#: Form and query field names that carry a CSRF crumb (compared case-insensitively).
CRUMB_FIELDS: frozenset[str] = frozenset({"jenkins-crumb", ".crumb"})
#: Extra names always treated as secret (``?token=`` is a build auth token; the secrets policy
#: covers it too, with every other name it calls sensitive).
DEFAULT_SENSITIVE_PARAMS: frozenset[str] = frozenset({"token"})
#: File parameter contents up to this size are also learnt as secrets (searched for elsewhere).
_MAX_LEARNT_FILE = 1024 * 1024
#: What a sensitive value is replaced with in a signature (the same for every value).
SENSITIVE_PLACEHOLDER = "<sensitive>"

Body = dict[str, Any] | None


@attrs.frozen
class Signature:
    """What identifies a request for replay: method, relative path, sorted query, body."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: Body = attrs.field(eq=False, hash=False)
    key: str = attrs.field(init=False)

    @key.default
    def _key(self) -> str:
        material = json.dumps(
            [self.method, self.path, [list(pair) for pair in self.query], self.body],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def describe(self) -> str:
        """Return ``METHOD /path?query`` for messages (sensitive values already hidden)."""
        query = "&".join(f"{k}={v}" for k, v in self.query)
        return f"{self.method} {self.path}" + (f"?{query}" if query else "")


def base_path_of(base_url: str | None) -> str:
    """Return the path part of a base URL without its trailing slash (``""`` for the root)."""
    if not base_url:
        return ""
    return urlsplit(base_url).path.rstrip("/")


def relative_path(url_path: str, base_path: str) -> str:
    """Strip ``base_path`` from a request path; the result always starts with ``/``."""
    if base_path and (url_path == base_path or url_path.startswith(base_path + "/")):
        url_path = url_path[len(base_path) :]
    return url_path if url_path.startswith("/") else "/" + url_path


def _is_sensitive(name: str, sensitive: Collection[str]) -> bool:
    """The one policy: sensitive by name, or one of the caller's extra names."""
    return is_sensitive_name(name, extra=sensitive)


def _pairs(
    pairs: Iterable[tuple[str, str]],
    sensitive: Collection[str],
    secrets: list[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        lowered = name.lower()
        if lowered in CRUMB_FIELDS:
            if secrets is not None and value:
                secrets.append(("crumb", value))
            continue
        if _is_sensitive(lowered, sensitive):
            if secrets is not None and value:
                secrets.append(("secret", value))
            value = SENSITIVE_PLACEHOLDER
        elif lowered == "json":
            value = _canonical_json_text(value, sensitive, secrets)
        out.append((name, value))
    return tuple(sorted(out))


def _canonical_json_text(
    text: str, sensitive: Collection[str], secrets: list[tuple[str, str]] | None
) -> str:
    data = parse(text)
    if data is NOT_JSON:
        return text
    data = _scrub_json(data, sensitive, secrets)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _scrub_json(
    data: Any, sensitive: Collection[str], secrets: list[tuple[str, str]] | None
) -> Any:
    """Hide sensitive values: keys named like a sensitive parameter, and ``{name, value}`` pairs."""
    if isinstance(data, dict):
        named = data.get("name")
        pair_is_sensitive = isinstance(named, str) and _is_sensitive(named, sensitive)
        result: dict[str, Any] = {}
        for key, value in data.items():
            hide = _is_sensitive(str(key), sensitive) or (pair_is_sensitive and key == "value")
            if hide and isinstance(value, str | int | float):
                if secrets is not None and isinstance(value, str) and value:
                    secrets.append(("secret", value))
                result[key] = SENSITIVE_PLACEHOLDER
            else:
                result[key] = _scrub_json(value, sensitive, secrets)
        return result
    if isinstance(data, list):
        return [_scrub_json(item, sensitive, secrets) for item in data]
    return data


def _bytes_body(data: bytes) -> Body:
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


def _multipart(
    data: bytes,
    content_type: str,
    sensitive: Collection[str],
    secrets: list[tuple[str, str]] | None,
) -> Body:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + data)
    if not message.is_multipart():
        return _bytes_body(data)
    parts: list[dict[str, Any]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition") or ""
        filename = part.get_param("filename", header="content-disposition")
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        name = str(name)
        if name.lower() in CRUMB_FIELDS:
            if secrets is not None and raw:
                secrets.append(("crumb", raw.decode("utf-8", "replace")))
            continue
        content = _bytes_body(raw)
        if _is_sensitive(name, sensitive):
            # A file parameter too: its content is the secret (a key file, a keystore).
            if secrets is not None and raw and len(raw) <= _MAX_LEARNT_FILE:
                secrets.append(("secret", raw.decode("utf-8", "replace")))
            content = {"text": SENSITIVE_PLACEHOLDER}
        entry: dict[str, Any] = {"name": name, "content": content}
        if filename is not None:
            entry["filename"] = str(filename)
        parts.append(entry)
    parts.sort(key=lambda p: json.dumps(p, sort_keys=True))
    return {"multipart": parts}


def body_to_json(
    body: bytes | str | None,
    content_type: str,
    sensitive: Collection[str],
    secrets: list[tuple[str, str]] | None = None,
) -> Body:
    """Normalise a request body into the JSON-able form stored in recordings.

    Args:
        body: the prepared request's body.
        content_type: the request's ``Content-Type`` (may be empty).
        sensitive: extra parameter names whose values are hidden (besides those the secrets
            policy calls sensitive).
        secrets: when given, every hidden value is appended to it as ``(kind, value)``.

    Returns:
        ``None`` for no body, else one of ``{"form": ...}``, ``{"json": ...}``,
        ``{"multipart": ...}``, ``{"text": ...}``, ``{"base64": ...}`` or ``{"stream": ...}``.
    """
    if body is None or body in (b"", ""):
        return None
    if not isinstance(body, bytes | str):
        # A generator or file upload cannot be read without consuming it.
        return {"stream": "unreadable streamed body"}
    data = body.encode("utf-8") if isinstance(body, str) else body
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/x-www-form-urlencoded":
        text = data.decode("latin-1")
        fields = _pairs(parse_qsl(text, keep_blank_values=True), sensitive, secrets)
        return {"form": [list(pair) for pair in fields]}
    if mime == "application/json" or mime.endswith("+json"):
        parsed = parse(data)
        if parsed is NOT_JSON:
            return _bytes_body(data)
        return {"json": _scrub_json(parsed, sensitive, secrets)}
    if mime.startswith("multipart/"):
        return _multipart(data, content_type, sensitive, secrets)
    if mime in ("application/xml", "text/xml") or mime.endswith("+xml"):
        return _xml_body(data, secrets)
    return _bytes_body(data)


def _xml_body(data: bytes, secrets: list[tuple[str, str]] | None) -> Body:
    """An XML body (a credential, a node's config.xml) with its secret elements hidden."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _bytes_body(data)
    masked, found = mask_xml_secrets(text, SENSITIVE_PLACEHOLDER)
    if secrets is not None:
        secrets.extend(("secret", value) for value in found if value)
    return {"text": masked}


def signature_of(
    method: str,
    url: str,
    body: bytes | str | None,
    content_type: str,
    *,
    base_path: str = "",
    sensitive: Collection[str] = DEFAULT_SENSITIVE_PARAMS,
    secrets: list[tuple[str, str]] | None = None,
) -> Signature:
    """Reduce a request to its :class:`Signature` (see the module docstring for the rules)."""
    parts = urlsplit(url)
    query = _pairs(parse_qsl(parts.query, keep_blank_values=True), sensitive, secrets)
    return Signature(
        method=method.upper(),
        path=relative_path(parts.path, base_path),
        query=query,
        body=body_to_json(body, content_type, sensitive, secrets),
    )


# --- matchers: each returns None when the field matches, else why it does not ------------------

Matcher = Callable[[Signature, Signature], "str | None"]


def match_method(recorded: Signature, request: Signature) -> str | None:
    """Compare methods."""
    if recorded.method == request.method:
        return None
    return f"method {recorded.method} != {request.method}"


def match_path(recorded: Signature, request: Signature) -> str | None:
    """Compare base-URL-relative paths."""
    if recorded.path == request.path:
        return None
    return f"path {recorded.path!r} != {request.path!r}"


def match_query(recorded: Signature, request: Signature) -> str | None:
    """Compare sorted query parameters, naming the ones that differ."""
    if recorded.query == request.query:
        return None
    mine, theirs = dict(recorded.query), dict(request.query)
    names = sorted({k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)})
    details = ", ".join(f"{n}: {mine.get(n)!r} != {theirs.get(n)!r}" for n in names[:4])
    return f"query differs ({details})" if details else "query order or repeats differ"


def match_body(recorded: Signature, request: Signature) -> str | None:
    """Compare normalised bodies."""
    if recorded.body == request.body:
        return None
    mine = json.dumps(recorded.body, sort_keys=True, ensure_ascii=False)
    theirs = json.dumps(request.body, sort_keys=True, ensure_ascii=False)
    return f"body {_clip(mine)} != {_clip(theirs)}"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


DEFAULT_MATCHERS: tuple[Matcher, ...] = (match_method, match_path, match_query, match_body)


def mismatches(
    recorded: Signature, request: Signature, matchers: Iterable[Matcher] = DEFAULT_MATCHERS
) -> list[str]:
    """Return every reason ``recorded`` does not match ``request`` (empty when it matches)."""
    return [reason for matcher in matchers if (reason := matcher(recorded, request)) is not None]
