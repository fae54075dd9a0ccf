"""Answers → SDK errors: the one status → error mapper, with hints, and JSON decoding.

The table itself (status → class) is :func:`jenkins_sdk.errors.error_for_status`; this module
adds what only the answer can tell (a login page, a redirect to another host, a missing
permission, a refused crumb) and keeps secrets out of what the error shows.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Collection
from typing import Any

from jenkins_sdk._http.crumb import is_crumb_rejection
from jenkins_sdk._http.endpoints import display_url
from jenkins_sdk._http.reply import Reply
from jenkins_sdk._secrets import redact, redact_headers
from jenkins_sdk.errors import (
    HTTPStatusError,
    ResponseDecodeError,
    UnexpectedResponse,
    error_for_status,
    excerpt,
)

__all__ = [
    "DEFAULT_OK",
    "decode_json",
    "html_hint",
    "is_crumb_refusal",
    "is_jenkins_unavailable",
    "status_error",
]

#: Statuses a request accepts unless told otherwise (redirects are not followed for mutations,
#: so a POST answered 302/303 comes back as it is). The one such list in the SDK.
DEFAULT_OK: tuple[int, ...] = (200, 201, 202, 204, 302, 303)

_WHITESPACE = b" \t\n\r\x0b\x0c"
_PROBE = 20000


def is_crumb_refusal(reply: Reply) -> bool:
    """Jenkins' 403 "No valid crumb was included in the request" (not a permission 403)."""
    if reply.status != 403:
        return False
    text = reply.content[:_PROBE].decode("utf-8", "replace")
    return is_crumb_rejection(reply.status, f"{text} {reply.reason}")


#: Marks of Jenkins' own "restarting" / "starting" pages (``HudsonIsRestarting``,
#: ``HudsonIsLoading``, today's titles and the older "Please wait while ..." wording): served for
#: every URL while the controller cannot act on anything.
_UNAVAILABLE_MARKS = (
    b"<title>restarting jenkins</title>",
    b"<title>starting jenkins</title>",
    b"please wait while jenkins is restarting",
    b"please wait while jenkins is getting ready to work",
)


def is_jenkins_unavailable(status: int, body: bytes) -> bool:
    """True for Jenkins' own 503 restarting/starting page: proof that the request was not acted
    on (a proxy's 503 proves nothing: it may come after the request was forwarded)."""
    if status != 503:
        return False
    head = body[:_PROBE].lower()
    return any(mark in head for mark in _UNAVAILABLE_MARKS)


def html_hint(reply: Reply, base_url: str) -> str:
    """What an HTML answer where JSON was expected most likely is, in one sentence."""
    lowered = reply.content[:_PROBE].decode("utf-8", "replace").lower()
    final = urllib.parse.urlsplit(reply.url or "")
    base = urllib.parse.urlsplit(base_url)
    if (
        "authentication required" in lowered
        or "/login?from=" in lowered
        or "j_username" in lowered
        or final.path.rstrip("/").endswith("/login")
    ):
        return (
            "this looks like the Jenkins login page: the credentials are missing or wrong, or "
            "anonymous users may not read this"
        )
    if final.netloc and final.netloc != base.netloc:
        return (
            f"the request was redirected to {final.scheme}://{final.netloc}/: the base URL, the "
            "proxy, or Jenkins' configured root URL is wrong"
        )
    if "X-Jenkins" in reply.headers or "jenkins" in lowered:
        return (
            "Jenkins answered with an HTML page: the path may be wrong (JSON lives under "
            ".../api/json)"
        )
    return (
        "this does not look like Jenkins (a proxy, single sign-on or captive portal page?): "
        "check the base URL"
    )


def _status_hint(reply: Reply, crumb_retried: bool) -> str | None:
    status = reply.status
    headers = reply.headers
    if status == 401:
        return "check the user id and API token"
    if status == 403:
        if crumb_retried:
            return (
                "the CSRF crumb was refused again after a refresh; a proxy may be dropping the "
                "session cookie"
            )
        if headers.get("X-You-Are-Authenticated-As") == "anonymous":
            return "the request was anonymous: give a username and API token"
        permission = headers.get("X-Required-Permission")
        if permission:
            return f"the user lacks the permission {permission}"
    if status == 405 and "Allow" in headers:
        return f"this endpoint accepts only {headers['Allow']}"
    if reply.method == "POST" and status in (502, 503, 504):
        if is_jenkins_unavailable(status, reply.content):
            return "Jenkins is restarting: it did not act on the request; send it again later"
        return (
            "a proxy answered: Jenkins may or may not have acted on the request (not re-sent; "
            "a build trigger may have been queued)"
        )
    if status == 503:
        return "Jenkins may be starting or restarting, or a proxy is shedding load"
    return None


def status_error(
    reply: Reply, url: str, secrets: Collection[str | None], *, crumb_retried: bool = False
) -> HTTPStatusError:
    """The error for an answer whose status the call did not accept."""
    body = redact(reply.content[:8192].decode("utf-8", errors="replace"), secrets)
    error = error_for_status(
        reply.status,
        method=reply.method,
        url=display_url(url, secrets),
        body=body,
        headers=redact_headers(reply.headers, secrets),
    )
    reason = reply.headers.get("X-Error")  # a hudson.model.Failure's message (error.jelly)
    if reason and reason.strip():
        error.message = f"{error.message}: {redact(' '.join(reason.split())[:300], secrets)}"
    error.hint = _status_hint(reply, crumb_retried)
    if crumb_retried and reply.status == 403:
        error.retryable = True  # the fresh crumb's session ended again: later may succeed
    if 400 <= reply.status < 500 or is_jenkins_unavailable(reply.status, reply.content):
        error.acted_on = False  # Jenkins refused it, or was restarting and answered every URL
    return error


def decode_json(reply: Reply, base_url: str, secrets: Collection[str | None]) -> Any:
    """Check the content type and decode the JSON body of ``reply``.

    Raises:
        UnexpectedResponse: not JSON (HTML page, ...), with a hint.
        ResponseDecodeError: invalid JSON (or nested too deeply to decode).
    """
    content_type = reply.headers.get("Content-Type", "")
    body = reply.content
    first = body.lstrip(_WHITESPACE)[:1]
    if (content_type and "json" not in content_type.lower()) or first == b"<":
        raise UnexpectedResponse(
            f"expected JSON, got {content_type or 'no content type'}",
            method=reply.method,
            url=display_url(reply.url, secrets),
            status=reply.status,
            body_excerpt=redact(excerpt(body), secrets),
            hint=html_hint(reply, base_url),
        )
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply to decode" if isinstance(exc, RecursionError) else str(exc)
        raise ResponseDecodeError(
            f"the body is not valid JSON ({reason})",
            method=reply.method,
            url=display_url(reply.url, secrets),
            status=reply.status,
            body_excerpt=redact(excerpt(body), secrets),
        ) from None
