"""The one secrets policy: which names are sensitive, and how a secret is masked in every spelling.

Logs, error messages, recordings, reports and the CLI all ask this module, so the rules cannot
drift apart; where two rules used to differ, the stricter one is kept.

* A **name** is sensitive when it matches :data:`SENSITIVE_NAME` (``password``, ``token``,
  ``secret``, ``api_key``, ``credential``, ``private``, ``session``, ``crumb`` ...) or is one
  of the caller's extra names (``JenkinsConfig.sensitive_params``), compared case-insensitively.
* A known **value** is masked in every spelling the SDK or Jenkins can produce of it: as is,
  percent-encoded (``quote``/``quote_plus``), JSON-escaped, HTML-escaped, and for credentials the
  base64 of ``user:secret`` an ``Authorization: Basic`` header carries (:func:`spellings`).
* Text that may hold secrets we do not know (an error page, a URL) is also scrubbed by pattern:
  ``user:secret@`` in URLs, ``token=...`` fields, ``"password": "..."`` JSON members, secret
  header lines, Jenkins' ``data-crumb-value`` and session cookies (:func:`redact`).

This module imports nothing of the SDK (a leaf), so every layer may use it.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
import urllib.parse
from collections.abc import Collection, Iterable, Mapping

__all__ = [
    "MASK",
    "SECRET_HEADERS",
    "SENSITIVE_NAME",
    "SHOWN_QUERY_NAMES",
    "basic_credential",
    "is_sensitive_name",
    "mask_xml_secrets",
    "redact",
    "redact_headers",
    "spellings",
]

#: What a secret is replaced with in messages and logs.
MASK = "***"

#: Header names whose values are always secret (lower case).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "jenkins-crumb",
        ".crumb",
        "x-api-token",
        "x-jenkins-session",
    }
)

#: Parameter, field and key names whose values are secret (searched, case-insensitively).
SENSITIVE_NAME = re.compile(
    r"pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private|credential"
    r"|authorization|(?<![a-z])auth(?![a-z])|cookie|session|signature|access[_-]?key|crumb",
    re.IGNORECASE,
)

#: Query parameters whose values are shown in URLs in errors and logs; every other value is
#: masked (an allow-list: a URL may carry anything).
SHOWN_QUERY_NAMES = frozenset({"tree", "depth", "start", "delay", "id", "pretty", "xpath"})

_UNICODE_ESCAPE = re.compile(r"\\u[0-9a-f]{4}")

#: Values shorter than this are not masked by value (masking "a" would mangle every message);
#: name- and pattern-based rules still apply to them.
_MIN_SECRET = 4

_SECRET_WORDS = (
    r"(?:[\w.-]*(?:token|password|passwd|passphrase|secret|crumb|apikey|api_key|api-key)[\w.-]*)"
)
#: An XML element whose name says it holds a secret (a credential's config.xml, a posted body).
_SECRET_XML_TAG = r"[\w.-]*(?:password|passphrase|secret|private_?key|token|api_?key)[\w.-]*"
_XML_SECRET = re.compile(
    r"(<(?P<tag>" + _SECRET_XML_TAG + r")(?:\s[^>]*)?>)([^<]+)(</(?P=tag)>)", re.I
)


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The scrubbing patterns, compiled on first use (only error paths and recordings need them;
    ``import jenkins_sdk`` should not pay for compiling them)."""
    return (
        # Jenkins HTML pages embed the crumb: data-crumb-value="..."
        (re.compile(r"(?P<head>data-crumb-value=[\"'])[^\"']*", re.IGNORECASE), r"\g<head>" + MASK),
        # user:secret@ in URLs
        (
            re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^/\s@]*@"),
            r"\g<head>" + MASK + "@",
        ),
        # query string / form values: ?token=...&password=...
        (
            re.compile(
                r"(?P<head>(?:^|[?&;,\s])" + _SECRET_WORDS + r"=)[^&;#\s\"']*", re.IGNORECASE
            ),
            r"\g<head>" + MASK,
        ),
        # JSON members: "crumb":"...", "apiToken": "..." (escaped quotes inside the value included)
        (
            re.compile(r"(?P<head>\"" + _SECRET_WORDS + r"\"\s*:\s*\")(?:[^\"\\]|\\.)*", re.I),
            r"\g<head>" + MASK,
        ),
        # header-like text: Authorization: Basic ..., "Authorization": "Basic ...", Cookie=...
        (
            re.compile(
                r"(?P<head>(?:proxy-authorization|authorization|set-cookie|cookie|jenkins-crumb)"
                r"\"?\s*[:=]\s*\"?)[^\r\n,;\"]*",
                re.IGNORECASE,
            ),
            r"\g<head>" + MASK,
        ),
        # a Basic or Bearer credential anywhere
        (re.compile(r"(?P<head>\b(?:Basic|Bearer)\s+)[A-Za-z0-9+/=._~-]{8,}"), r"\g<head>" + MASK),
        # JSESSIONID.abcd1234=value
        (re.compile(r"(?P<head>JSESSIONID[.\w]*=)[^;\s&\"]*"), r"\g<head>" + MASK),
        # XML elements named like a secret: <password>...</password>, <privateKey>, <secretBytes>
        (
            re.compile(
                r"(?P<head><" + _SECRET_XML_TAG + r"(?:\s[^>]*)?>)(?!(?:true|false)<)[^<]+", re.I
            ),
            r"\g<head>" + MASK,
        ),
    )


def mask_xml_secrets(text: str, mask: str = MASK) -> tuple[str, list[str]]:
    """``text`` with the content of every XML element named like a secret (``<password>``,
    ``<secret>``, ``<privateKey>``, ``<passphrase>``, ``<secretBytes>``, ``<apiToken>``...)
    replaced by ``mask``, and the values found (as written, and XML-unescaped)."""
    found: list[str] = []

    def hide(match: re.Match[str]) -> str:
        value = match.group(3)
        if value.strip().lower() in ("true", "false"):
            return match.group(0)  # a flag such as <usernameSecret>, not a secret
        found.extend({value, html.unescape(value)})
        return match.group(1) + mask + match.group(4)

    return _XML_SECRET.sub(hide, text), found


def is_sensitive_name(name: str, extra: Collection[str] = ()) -> bool:
    """Whether values named ``name`` are secret (by the policy, or listed in ``extra``)."""
    if SENSITIVE_NAME.search(name):
        return True
    if extra:
        lowered = name.lower()
        return any(lowered == item.lower() for item in extra)
    return False


def basic_credential(username: str, secret: str) -> str:
    """The base64 ``user:secret`` an ``Authorization: Basic`` header carries."""
    return base64.b64encode(f"{username}:{secret}".encode()).decode("ascii")


def spellings(value: str) -> set[str]:
    """Every spelling of ``value`` the SDK or Jenkins may write: raw, percent-encoded,
    form-encoded, JSON-escaped, HTML-escaped (values shorter than 4 characters: none)."""
    if len(value) < _MIN_SECRET:
        return set()
    escaped_json = json.dumps(value)[1:-1]
    xml = html.escape(value)
    out = {
        value,
        urllib.parse.quote(value, safe=""),
        urllib.parse.quote_plus(value, safe=""),
        urllib.parse.quote(value),
        escaped_json,
        json.dumps(value, ensure_ascii=False)[1:-1],
        # json-lib and Jackson: "\/" for "/", upper-case hex in "\u00E9"
        escaped_json.replace("/", "\\/"),
        _UNICODE_ESCAPE.sub(lambda m: m.group(0).upper().replace("\\U", "\\u"), escaped_json),
        xml,
        html.escape(value, quote=False),
        # XML writers (XStream, Jelly) spell quotes and CR as entities of their own
        xml.replace("&#x27;", "&apos;"),
        xml.replace("&#x27;", "&#39;").replace("&quot;", "&#34;"),
        html.escape(value, quote=False).replace("\r", "&#xd;"),
        html.escape(value, quote=False).replace("\r", "&#13;"),
        # a header echoing it (X-Error): its UTF-8 bytes read as latin-1, as http.client does
        value.encode("utf-8", "replace").decode("latin-1"),
    }
    if "\n" in value:
        out |= {value.replace("\n", "\r\n"), json.dumps(value.replace("\n", "\r\n"))[1:-1]}
        # A multi-line secret (a PEM key) is also masked line by line.
        out |= {line.strip() for line in value.splitlines() if len(line.strip()) >= 16}
    return {s for s in out if len(s) >= _MIN_SECRET}


def _all_spellings(secrets: Iterable[str | None]) -> list[str]:
    found: set[str] = set()
    for value in secrets:
        if value:
            found |= spellings(value)
    # Longest first: a spelling that contains another is replaced whole.
    return sorted(found, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with secrets replaced by ``***``.

    Args:
        text: a URL, a header value, a log line or a body excerpt.
        secrets: values known to be secret (the API token, the base64 ``user:token``, crumbs,
            sensitive parameter values); each is masked in every spelling of :func:`spellings`.
    """
    for value in _all_spellings(secrets):
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _patterns():
        text = pattern.sub(replacement, text)
    return text


def redact_headers(
    headers: Mapping[str, str], secrets: Iterable[str | None] = ()
) -> dict[str, str]:
    """A copy of ``headers`` with secret header values masked and the others scrubbed."""
    known = tuple(secrets)
    return {
        name: MASK if name.lower() in SECRET_HEADERS else redact(value, known)
        for name, value in headers.items()
    }
