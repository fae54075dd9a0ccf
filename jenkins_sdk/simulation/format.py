"""Simulation: the versioned recording file format (version 1) and its in-memory form.

A recording is one JSON file per scenario (``recordings/<area>/<name>.json``), written with
``indent=2``, sorted keys and a trailing newline so diffs are reviewable::

    {
      "version": 1,
      "meta": {"sdk_version": "0.1.0", "jenkins_version": "2.541.3", "date": "2026-11-27",
               "made_by": "..."},
      "interactions": [
        {"request": {"method": "GET", "path": "/job/a/api/json", "query": [["tree", "name"]],
                     "headers": {"Accept": ["*/*"]}, "body": null},
         "response": {"status": 200, "reason": "OK",
                      "headers": {"Content-Type": ["application/json"], "X-Jenkins": ["2.541.3"]},
                      "body": {"text": "{...}"}}}
      ]
    }

Request bodies are stored normalised (see :mod:`jenkins_sdk.simulation.key`). Response bodies are
``{"text": ...}`` when they are UTF-8, else ``{"base64": ...}``; they are stored decoded (the
``Content-Encoding``, ``Content-Length`` and ``Transfer-Encoding`` headers are dropped). Only the
response headers in :data:`SAFE_RESPONSE_HEADERS` are kept. Absolute URLs pointing at the recorded
server are stored with the origin :data:`ORIGIN_PLACEHOLDER` and put back on replay, so a file
does not depend on the host and port it was recorded against.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs

from jenkins_sdk.errors import SimulationCorrupted
from jenkins_sdk.simulation._json import MAX_DEPTH, NOT_JSON, parse
from jenkins_sdk.simulation.key import Signature
from jenkins_sdk.simulation.scrub import Scrubber

__all__ = [
    "FORMAT_VERSION",
    "ORIGIN_PLACEHOLDER",
    "SAFE_REQUEST_HEADERS",
    "SAFE_RESPONSE_HEADERS",
    "Interaction",
    "RecordedResponse",
    "dumps",
    "from_document",
    "to_document",
]

FORMAT_VERSION = 1
#: How deep a recording file may nest: its own levels around request bodies of MAX_DEPTH.
_FILE_DEPTH = MAX_DEPTH + 16
#: Stands for "scheme://host:port/<base path>" of the recorded server inside stored bodies/headers.
ORIGIN_PLACEHOLDER = "http://jenkins.recording.invalid"

#: Response headers worth keeping (lower-case name → spelling used in the file).
SAFE_RESPONSE_HEADERS: dict[str, str] = {
    name.lower(): name
    for name in (
        "Allow",
        "Content-Disposition",
        "Content-Type",
        "Location",
        "Retry-After",
        "Set-Cookie",
        "WWW-Authenticate",
        "X-Jenkins",
        "X-More-Data",
        "X-Required-Permission",
        "X-Text-Size",
        "X-You-Are-Authenticated-As",
    )
}
#: Request headers kept for readability (never part of the match key).
SAFE_REQUEST_HEADERS: dict[str, str] = {name.lower(): name for name in ("Accept", "Content-Type")}


@attrs.frozen(eq=False)
class RecordedResponse:
    """A stored response: status, reason, safe headers in order (repeats kept), decoded body."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


@attrs.frozen(eq=False)
class Interaction:
    """One request/response exchange.

    ``secrets`` holds ``(kind, value)`` pairs seen on the live request (auth, cookies, crumbs,
    sensitive values); it is used by the scrubber when saving and is always empty after loading.
    """

    request: Signature
    request_headers: tuple[tuple[str, str], ...]
    response: RecordedResponse
    secrets: tuple[tuple[str, str], ...] = ()


def _body_json(data: bytes) -> dict[str, str]:
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


def _headers_json(headers: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    return grouped


def _scrub_json_strings(data: Any, scrubber: Scrubber) -> Any:
    if isinstance(data, str):
        return scrubber.scrub_value(data)
    if isinstance(data, list):
        return [_scrub_json_strings(item, scrubber) for item in data]
    if isinstance(data, dict):
        return {k: _scrub_json_strings(v, scrubber) for k, v in data.items()}
    return data


def to_document(
    interactions: Iterable[Interaction],
    meta: Mapping[str, Any],
    *,
    sensitive: Collection[str] = (),
) -> dict[str, Any]:
    """Scrub the interactions and build the JSON document to write.

    Secrets are learnt from every interaction first, so a value seen late (say a token echoed
    in a later body) is still replaced everywhere; placeholders are numbered in file order.
    ``sensitive`` are the caller's extra sensitive names (``sensitive_params``). A response body
    that is not JSON, or nests too deep, is stored as (scrubbed) text like any other.
    """
    items = list(interactions)
    scrubber = Scrubber(sensitive)
    for item in items:
        for kind, value in item.secrets:
            scrubber.register(kind, value)
        for name, value in item.response.headers:
            if name == "Set-Cookie":
                scrubber.scrub_set_cookie(value)
        scrubber.learn_from_json(item.response.body)
        scrubber.learn_from_jnlp(item.response.body)
    documents = []
    for item in items:
        request = item.request
        response = item.response
        documents.append(
            {
                "request": {
                    "method": request.method,
                    "path": scrubber.scrub_text(request.path),
                    "query": [[k, scrubber.scrub_value(v)] for k, v in request.query],
                    "headers": _headers_json(item.request_headers),
                    "body": _scrub_json_strings(request.body, scrubber),
                },
                "response": {
                    "status": response.status,
                    "reason": response.reason,
                    "headers": _headers_json(
                        (
                            name,
                            scrubber.scrub_set_cookie(value)
                            if name == "Set-Cookie"
                            else scrubber.scrub_text(value),
                        )
                        for name, value in response.headers
                    ),
                    "body": _body_json(scrubber.scrub_bytes(response.body)),
                },
            }
        )
    return {"version": FORMAT_VERSION, "meta": dict(meta), "interactions": documents}


def dumps(document: Mapping[str, Any]) -> str:
    """Serialise a document: pretty, sorted keys, non-ASCII kept, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _json_error(text: str) -> str:
    """Why ``text`` is not taken as JSON (the decoder's message, or too deep)."""
    try:
        json.loads(text)
    except ValueError as exc:
        return str(exc)
    except RecursionError:
        pass
    return f"nested deeper than {_FILE_DEPTH} levels"


def _fail(path: str, message: str) -> SimulationCorrupted:
    return SimulationCorrupted(f"recording {path} is corrupt: {message}")


def _decode_body(path: str, where: str, data: Any) -> bytes:
    if data is None:
        return b""
    if isinstance(data, dict) and isinstance(data.get("text"), str):
        return str(data["text"]).encode("utf-8")
    if isinstance(data, dict) and isinstance(data.get("base64"), str):
        try:
            return base64.b64decode(str(data["base64"]), validate=True)
        except binascii.Error as exc:
            raise _fail(path, f"{where}: invalid base64 body") from exc
    raise _fail(path, f"{where}: body must be {{'text': ...}} or {{'base64': ...}}")


def _header_pairs(path: str, where: str, data: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(data, dict):
        raise _fail(path, f"{where}: headers must be an object of name -> [values]")
    pairs: list[tuple[str, str]] = []
    for name, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise _fail(path, f"{where}: header {name!r} must be a list of strings")
        pairs.extend((str(name), v) for v in values)
    return tuple(pairs)


def _interaction(path: str, index: int, data: Any) -> Interaction:
    where = f"interaction {index}"
    if not isinstance(data, dict):
        raise _fail(path, f"{where} is not an object")
    request, response = data.get("request"), data.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        raise _fail(path, f"{where} needs 'request' and 'response' objects")
    method, req_path, query = request.get("method"), request.get("path"), request.get("query", [])
    if not isinstance(method, str) or not isinstance(req_path, str):
        raise _fail(path, f"{where}: request needs string 'method' and 'path'")
    if not isinstance(query, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in query
    ):
        raise _fail(path, f"{where}: request 'query' must be a list of [name, value] pairs")
    body = request.get("body")
    if body is not None and not isinstance(body, dict):
        raise _fail(path, f"{where}: request 'body' must be an object or null")
    status, reason = response.get("status"), response.get("reason", "")
    if not isinstance(status, int) or not isinstance(reason, str):
        raise _fail(path, f"{where}: response needs an integer 'status' and a string 'reason'")
    return Interaction(
        request=Signature(
            method=method,
            path=req_path,
            query=tuple((p[0], p[1]) for p in query),
            body=body,
        ),
        request_headers=_header_pairs(path, where, request.get("headers", {})),
        response=RecordedResponse(
            status=status,
            reason=reason,
            headers=_header_pairs(path, where, response.get("headers", {})),
            body=_decode_body(path, where, response.get("body")),
        ),
    )


def from_document(path: str, text: str) -> tuple[dict[str, Any], list[Interaction]]:
    """Parse a recording file's text into ``(meta, interactions)``.

    Raises:
        SimulationCorrupted: the text is not JSON, is truncated, has an unknown ``version``, or
            does not have the expected shape; the message names ``path``.
    """
    data = parse(text, max_depth=_FILE_DEPTH)
    if data is NOT_JSON:
        reason = _json_error(text)
        raise _fail(path, f"not valid JSON (truncated, damaged or nested too deep): {reason}")
    if not isinstance(data, dict):
        raise _fail(path, "the top level is not an object")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise SimulationCorrupted(
            f"recording {path} has unknown format version {version!r}; "
            f"this SDK reads version {FORMAT_VERSION}"
        )
    meta = data.get("meta", {})
    interactions = data.get("interactions")
    if not isinstance(meta, dict) or not isinstance(interactions, list):
        raise _fail(path, "needs a 'meta' object and an 'interactions' list")
    return meta, [_interaction(path, i, item) for i, item in enumerate(interactions)]
