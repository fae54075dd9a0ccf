"""Scrub secrets (credentials, crumbs, tokens, cookies) from URLs, headers and body excerpts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["MASK", "SECRET_HEADERS", "redact", "redact_headers"]

MASK = "***"

#: Header names whose values are always secret (compared case-insensitively).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "jenkins-crumb",
        ".crumb",
        "x-api-token",
    }
)

_SECRET_WORDS = (
    r"(?:token|api_?token|password|passwd|secret|crumb|jenkins-crumb|\.crumb|apikey|api_key)"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # user:secret@ in URLs
    (
        re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^/\s@]*@"),
        r"\g<head>" + MASK + "@",
    ),
    # query string / form values: ?token=...&password=...
    (
        re.compile(r"(?P<head>(?:^|[?&;,\s])" + _SECRET_WORDS + r"=)[^&;#\s\"']*", re.IGNORECASE),
        r"\g<head>" + MASK,
    ),
    # JSON values: "crumb":"...", "token": "..."
    (
        re.compile(r"(?P<head>\"" + _SECRET_WORDS + r"\"\s*:\s*\")[^\"]*", re.IGNORECASE),
        r"\g<head>" + MASK,
    ),
    # Jenkins HTML pages embed the crumb: data-crumb-value="..."
    (re.compile(r"(?P<head>data-crumb-value=[\"'])[^\"']*", re.IGNORECASE), r"\g<head>" + MASK),
    # header-like lines: Authorization: Basic ..., Jenkins-Crumb: ...
    (
        re.compile(
            r"(?P<head>(?:authorization|proxy-authorization|cookie|set-cookie|jenkins-crumb)\s*[:=]\s*)"
            r"[^\r\n,;]*",
            re.IGNORECASE,
        ),
        r"\g<head>" + MASK,
    ),
    # JSESSIONID.abcd1234=value
    (re.compile(r"(?P<head>JSESSIONID[.\w]*=)[^;\s&]*"), r"\g<head>" + MASK),
)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with credentials, crumbs, tokens and session ids replaced by ``***``.

    Args:
        text: a URL, a header value, a log line or a body excerpt.
        secrets: exact values known to be secret (the current API token, crumb, ...); each
            occurrence is masked too, even where no pattern would catch it.
    """
    for value in secrets:
        if value and len(value) >= 4:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_headers(
    headers: Mapping[str, str], secrets: Iterable[str | None] = ()
) -> dict[str, str]:
    """Return a copy of ``headers`` with secret header values masked and the others scrubbed."""
    known = tuple(secrets)
    return {
        name: MASK if name.lower() in SECRET_HEADERS else redact(value, known)
        for name, value in headers.items()
    }
