"""Wire failures → SDK errors: the one mapping of ``requests``/``urllib3``/socket exceptions.

:func:`transport_error` turns a failure to send or to read into a
:class:`~jenkins_sdk.errors.TransportError` (``Timeout`` or ``NetworkError``) with a short reason
(no pool or object reprs, no secret) and ``acted_on=False`` when nothing was sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import requests
import urllib3.exceptions

from jenkins_sdk._http.endpoints import display_url
from jenkins_sdk._secrets import redact
from jenkins_sdk.errors import NetworkError, Timeout, TransportError, excerpt

__all__ = ["causes", "transport_error"]


def _is_timeout(exc: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, urllib3.exceptions.NewConnectionError):
            continue  # "connection refused" is a subclass of ConnectTimeoutError in urllib3 2
        if isinstance(
            current,
            requests.exceptions.Timeout | urllib3.exceptions.TimeoutError | TimeoutError,
        ):
            return True
        if isinstance(current, urllib3.exceptions.MaxRetryError):
            stack.append(current.reason)
        stack.extend(a for a in current.args if isinstance(a, BaseException))
        stack.append(current.__cause__)
    return False


def causes(exc: BaseException, *, via_cause: bool = False) -> Iterator[BaseException]:
    """``exc``, then what it wraps, innermost last: urllib3's ``reason``, else the first
    exception among its ``args`` (else its ``__cause__`` when ``via_cause``); at most 8 deep."""
    current: BaseException | None = exc
    for _ in range(8):
        if current is None:
            return
        yield current
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException):
            inner = next((a for a in current.args if isinstance(a, BaseException)), None)
        if inner is None and via_cause:
            inner = current.__cause__
        current = inner


def _root_reason(exc: BaseException) -> str:
    """The innermost cause of a connection failure, in words (no pool or object reprs)."""
    *_, current = causes(exc)
    text = str(current).splitlines()[0] if str(current) else type(current).__name__
    # urllib3 prefixes "<pool or connection object>: " or "SomeConnection(host=..., port=...): "
    # to the OS error text; neither means anything to a user.
    text = _OBJECT_PREFIX.sub("", text)
    lowered = text.lower()
    if any(words in lowered for words in _NO_SUCH_NAME):
        return "the host name could not be resolved"
    return text


#: An object's repr that urllib3 puts before the OS error text.
_OBJECT_PREFIX = re.compile(r"^(?:<[^>]*>|\w+\(host=[^)]*\)): ")
#: How resolvers say that a name does not exist.
_NO_SUCH_NAME = ("name or service not known", "nodename nor servname", "failed to resolve")


def transport_error(
    method: str, url: str, exc: BaseException, secrets: list[str | None]
) -> TransportError:
    """The SDK error for a ``requests``/``urllib3``/socket failure (the one mapping)."""
    shown = display_url(url, secrets)
    if _is_timeout(exc):
        return Timeout(f"timed out ({type(exc).__name__})", method=method, url=shown)
    if isinstance(exc, requests.exceptions.SSLError):
        return NetworkError(
            "TLS handshake failed",
            method=method,
            url=shown,
            hint="check verify= (CA bundle) and client_cert=",
        )
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return NetworkError("too many redirects", method=method, url=shown, retryable=False)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError):
        return NetworkError("the connection broke mid-response", method=method, url=shown)
    reason = redact(_root_reason(exc), secrets)
    error = NetworkError(f"connection failed: {excerpt(reason)}", method=method, url=shown)
    if _never_sent(exc):
        error.acted_on = False
    return error


def _never_sent(exc: BaseException) -> bool:
    """The failure happened before a byte of the request left (refused, no route, no name)."""
    return any(isinstance(current, _NOT_SENT) for current in causes(exc))


#: Failures that happen before a byte of the request leaves.
_NOT_SENT = (
    urllib3.exceptions.NewConnectionError
    | urllib3.exceptions.ConnectTimeoutError
    | urllib3.exceptions.NameResolutionError
    | ConnectionRefusedError
)
