"""Endpoint templates and shown URLs: what logs, metrics and errors may say about a request.

``endpoint_template`` names a request without its data (``job/{job}/{n}/api/json``), so no job
name or parameter value reaches a metric or a log line; ``display_url`` is the URL an error shows
(query values masked unless the secrets policy lists them as safe, long ``tree=`` specs
shortened). Also the query encoding the requester uses instead of requests' per-byte re-parsing.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import urllib.parse
from collections.abc import Collection, Mapping
from typing import Any

from jenkins_sdk._secrets import MASK, SHOWN_QUERY_NAMES, mask_xml_secrets, redact

__all__ = [
    "display_url",
    "encoded_query",
    "endpoint_template",
    "form_values",
    "install_log_redaction",
    "sent_values",
]

#: ``tree`` values longer than this are shortened in errors and logs (a model's spec is ~1 KB).
_TREE_SHOWN = 60
#: Path segments followed by a name, and the placeholder that replaces the name.
_NAMED = {"job": "{job}", "view": "{view}", "computer": "{node}", "user": "{user}"}
#: Build permalinks (a segment, like a number, that names a build).
_PERMALINKS = frozenset(
    {
        "lastBuild",
        "lastSuccessfulBuild",
        "lastFailedBuild",
        "lastStableBuild",
        "lastUnstableBuild",
        "lastUnsuccessfulBuild",
        "lastCompletedBuild",
    }
)


@functools.lru_cache(maxsize=4096)
def endpoint_template(path: str) -> str:
    """Turn a request path into its endpoint template for logs and metrics.

    ``job/a/job/b/42/api/json?tree=x`` → ``job/{job}/{n}/api/json``: names, numbers and artifact
    paths are replaced (folder depth collapses), so no job name or parameter value is recorded.
    """
    path = urllib.parse.urlsplit(path).path if "://" in path else path.split("?", 1)[0]
    tokens = [t for t in path.split("/") if t]
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        listing = token == "computer" and tokens[index + 1 : index + 2] == ["api"]
        if token in _NAMED and index + 1 < len(tokens) and not listing:
            if not (token == "job" and out[-2:] == ["job", "{job}"]):
                out += [token, _NAMED[token]]
            index += 2
            continue
        if token in ("artifact", "ws") and index + 1 < len(tokens):
            out += [token, "{path}"]
            break
        if token.isdigit():
            out.append("{n}")
        elif token in _PERMALINKS:
            out.append("{build}")
        else:
            out.append(token)
        index += 1
    return "/".join(out)


def _shown_value(name: str, value: str) -> str:
    if name not in SHOWN_QUERY_NAMES:
        return MASK
    if name == "tree" and len(value) > _TREE_SHOWN:
        return f"{value[:_TREE_SHOWN]}\u2026({len(value)} chars)"
    return value


def display_url(url: str, secrets: Collection[str | None] = ()) -> str:
    """The URL as shown in errors and logs: user info dropped, query values masked unless
    safe, long ``tree=`` specs shortened, known secrets masked in every spelling."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return redact(url.split("?", 1)[0], secrets)
    query = ""
    if parts.query:
        pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        query = "&".join(f"{name}={_shown_value(name, value)}" for name, value in pairs)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return redact(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, "")), secrets)


@functools.lru_cache(maxsize=256)
def _quoted(value: str) -> str:
    """``value`` encoded as a query value, as requests would except that ``,`` stays as it is
    (a query sub-delimiter servers read as is; a model's ``tree`` spec has a hundred of them,
    and every escape costs in urllib3's per-byte URL checks). Cached: the same few long
    ``tree`` specs are sent again and again."""
    return urllib.parse.quote_plus(value, safe=",")


def encoded_query(params: Mapping[str, Any]) -> str | None:
    """``params`` encoded as requests would (``urlencode(..., doseq=True)``, commas kept), or
    None when a value is of a kind left to requests (lists, bytes, None ...)."""
    pieces: list[str] = []
    for name, value in params.items():
        if type(value) is str:
            pieces.append(f"{_quoted(name)}={_quoted(value)}")
        elif type(value) is int:
            pieces.append(f"{_quoted(name)}={value}")
        else:
            return None
    return "&".join(pieces)


#: File parts up to this size are masked by value in errors (a larger upload is not echoed whole).
_FILE_SHOWN = 64 * 1024


def sent_values(params: Any, data: Any, files: Any) -> list[str | None]:
    """Every value a request carried that an error must not echo: query and form values, the
    string leaves of a JSON form field (an input's ``json=``), the secret elements of an XML
    body (a credential's ``<password>``), and small file parts."""
    values = form_values(params) + form_values(data)
    for value in list(values):
        if value and value[:1] in "{[":
            values += _json_leaves(value)
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if isinstance(data, str):
        values += mask_xml_secrets(data)[1]
    if isinstance(files, Mapping):
        for part in files.values():
            content = part[1] if isinstance(part, tuple) and len(part) > 1 else part
            if isinstance(content, bytes) and len(content) <= _FILE_SHOWN:
                values.append(content.decode("utf-8", "replace"))
            elif isinstance(content, str) and len(content) <= _FILE_SHOWN:
                values.append(content)
    return values


def _json_leaves(text: str) -> list[str | None]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found: list[str | None] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
    return found


def form_values(fields: Any) -> list[str | None]:
    """String values of a params/data mapping (or pair list) that an error must not echo."""
    if isinstance(fields, Mapping):
        items: Any = [v for k, v in fields.items() if k not in SHOWN_QUERY_NAMES]
    elif isinstance(fields, list | tuple):
        items = [
            pair[1]
            for pair in fields
            if isinstance(pair, tuple) and len(pair) == 2 and pair[0] not in SHOWN_QUERY_NAMES
        ]
    else:
        return []
    values: list[str | None] = []
    for item in items:
        for value in item if isinstance(item, list | tuple) else [item]:
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                values.append(str(value))
    return values


#: A query field in free text (``?token=...``, ``&cause=...``) as a library's log line shows it.
_QUERY_FIELD = re.compile(r"(?P<head>[?&](?P<name>[^=&\s\"'#?]+)=)(?P<value>[^&\s\"'#]*)")
#: The loggers of the HTTP libraries underneath, which log request URLs (query included).
_LIBRARY_LOGGERS = (
    "urllib3",
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.response",
    "urllib3.poolmanager",
    "urllib3.util.retry",
    "requests",
)


def _masked_text(text: str) -> str:
    def shown(match: re.Match[str]) -> str:
        name = urllib.parse.unquote_plus(match.group("name"))
        value = match.group("value")
        return match.group("head") + (value if name in SHOWN_QUERY_NAMES else MASK)

    return redact(_QUERY_FIELD.sub(shown, text))


class _RedactingFilter(logging.Filter):
    """Masks query values (other than ``tree``, ``depth`` ...) and secrets by pattern in every
    record of the HTTP libraries (urllib3 logs each request's path and query at DEBUG: a
    trigger's ``?token=``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a record that cannot be formatted is dropped, never echoed raw
            return False
        record.msg, record.args = _masked_text(text), ()
        return True


_FILTER = _RedactingFilter("jenkins_sdk")


def install_log_redaction() -> None:
    """Attach the redacting filter to the HTTP libraries' loggers (once; idempotent)."""
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
