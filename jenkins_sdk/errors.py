"""Every error the SDK raises, grouped by cause.

All of them derive from :class:`JenkinsError`, so ``except JenkinsError`` catches everything the SDK
raises on purpose; requests/urllib3/cattrs/json exceptions never escape unwrapped.

::

    JenkinsError                      method, url (no secrets), status, body_excerpt, retryable
    ├── HTTPStatusError               Jenkins answered with an error status
    │   ├── BadRequest                400
    │   ├── Unauthorized              401  bad or missing credentials
    │   ├── Forbidden                 403  authenticated, but not allowed (or crumb still refused)
    │   ├── NotFound                  404  no such job/build/item (or no permission to read it)
    │   ├── MethodNotAllowed          405
    │   ├── Conflict                  409
    │   └── ServerError               5xx
    │       ├── InternalError         500
    │       └── ServiceUnavailable    503  starting, restarting, or a proxy shedding load
    ├── TransportError                the request did not complete
    │   ├── NetworkError              connection refused/reset, DNS, TLS
    │   └── Timeout                   connect/read timeout or response_timeout (the wire)
    ├── CrumbFetchFailed              the CSRF crumb could not be obtained
    ├── TriggerOutcomeUnknown         a failed trigger may or may not have queued a build
    ├── UnexpectedResponse            Jenkins answered, but not in a usable shape (e.g. HTML login)
    │   ├── ResponseDecodeError       body is not valid JSON
    │   ├── ResponseShapeError        JSON does not fit the model (cattrs error as __cause__)
    │   ├── ResponseTooLarge          a non-streamed answer passed max_response_bytes
    │   ├── NoQueueLocation           a trigger was accepted without a queue Location header
    │   ├── InvalidQueueLocation      the Location header is not a queue item URL
    │   └── BadArchive                an artifacts zip that cannot be extracted whole
    ├── ConfigError                   a configuration value is not valid (also a ValueError)
    ├── InvalidRef                    a bad reference given by the caller (also a ValueError)
    │   ├── InvalidJobRef
    │   ├── InvalidBuildRef
    │   └── InvalidQueueRef
    ├── WaitTimeout                   a wait's deadline passed (also a built-in TimeoutError)
    │   ├── BuildTimeout              a build did not finish before the deadline
    │   ├── QueueTimeout              still queued when the deadline passed (also a QueueError)
    │   ├── NotReadyTimeout           Jenkins was not back and ready (after a restart) in time
    │   └── PluginInstallTimeout      plugin installs were still running (``.result`` says where)
    ├── QueueError
    │   ├── QueueTimeout              (see WaitTimeout)
    │   └── QueueCancelled            the queue item was cancelled
    ├── UnsafePath                    an artifact or zip entry would land outside its destination
    ├── LocalFileError                a file could not be written here (also a built-in OSError)
    └── SimulationError               record/replay
        ├── SimulationMiss            no recorded response matches the request
        └── SimulationCorrupted       the recording file cannot be read
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "BadArchive",
    "BadRequest",
    "BuildTimeout",
    "ConfigError",
    "Conflict",
    "CrumbFetchFailed",
    "Forbidden",
    "HTTPStatusError",
    "InternalError",
    "InvalidBuildRef",
    "InvalidJobRef",
    "InvalidQueueLocation",
    "InvalidQueueRef",
    "InvalidRef",
    "JenkinsError",
    "LocalFileError",
    "MethodNotAllowed",
    "NetworkError",
    "NoQueueLocation",
    "NotFound",
    "NotReadyTimeout",
    "PluginInstallTimeout",
    "QueueCancelled",
    "QueueError",
    "QueueTimeout",
    "ResponseDecodeError",
    "ResponseShapeError",
    "ResponseTooLarge",
    "ServerError",
    "ServiceUnavailable",
    "SimulationCorrupted",
    "SimulationError",
    "SimulationMiss",
    "Timeout",
    "TransportError",
    "TriggerOutcomeUnknown",
    "Unauthorized",
    "UnexpectedResponse",
    "UnsafePath",
    "WaitTimeout",
    "error_for_status",
]

EXCERPT_CHARS = 200


def excerpt(body: str | bytes | None, limit: int = EXCERPT_CHARS) -> str:
    """Return a short one-line excerpt of a response body (for messages; never the whole body)."""
    if body is None:
        return ""
    if isinstance(body, bytes):
        body = body[: limit * 4].decode("utf-8", errors="replace")
    text = " ".join(body[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JenkinsError(Exception):
    """Base of every error the SDK raises.

    Attributes:
        message: what went wrong, in words.
        method: the HTTP method of the request involved, if any.
        url: the request URL, with credentials removed.
        status: the HTTP status, if Jenkins answered.
        body_excerpt: the first ~200 characters of the response body, whitespace folded.
        retryable: whether repeating the same call later may succeed.
        hint: a suggestion for the caller (e.g. "this looks like a login page").
        acted_on: ``False`` when the SDK can prove the server did not act on the request
            (the connection was refused, Jenkins answered its own "restarting" page or a 4xx);
            ``None`` when it cannot tell.
    """

    default_retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        status: int | None = None,
        body_excerpt: str = "",
        retryable: bool | None = None,
        hint: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.status = status
        self.body_excerpt = body_excerpt
        self.retryable = self.default_retryable if retryable is None else retryable
        self.hint = hint
        self.headers = dict(headers) if headers else {}
        self.acted_on: bool | None = None

    def __str__(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(f"{self.status}")
        if self.method and self.url:
            parts.append(f"{self.method} {self.url}")
        elif self.url:
            parts.append(self.url)
        head = " ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.hint:
            text += f" ({self.hint})"
        if self.body_excerpt:
            text += f" — body: {self.body_excerpt!r}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


# --- HTTP status family -------------------------------------------------------------------------


class HTTPStatusError(JenkinsError):
    """Jenkins (or a proxy in front of it) answered with an error status."""


class BadRequest(HTTPStatusError):
    """400: the request was malformed (e.g. a parameterised job triggered without parameters)."""


class Unauthorized(HTTPStatusError):
    """401: the credentials were missing or wrong."""


class Forbidden(HTTPStatusError):
    """403: authenticated but not permitted, or a CSRF crumb was refused even after a refresh."""


class NotFound(HTTPStatusError):
    """404: no such job, build or item (Jenkins also answers 404 when you may not read it)."""


class MethodNotAllowed(HTTPStatusError):
    """405: wrong HTTP verb (e.g. GET on a trigger URL)."""


class Conflict(HTTPStatusError):
    """409: the request conflicts with the current state."""


class ServerError(HTTPStatusError):
    """5xx: the server failed; usually worth retrying later."""

    default_retryable = True


class InternalError(ServerError):
    """500: Jenkins raised an exception while serving the request."""


class ServiceUnavailable(ServerError):
    """503: Jenkins is starting or restarting, or a proxy shed load."""


_STATUS_ERRORS: dict[int, type[HTTPStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    500: InternalError,
    503: ServiceUnavailable,
}

_STATUS_MESSAGES: dict[int, str] = {
    400: "bad request",
    401: "authentication failed",
    403: "forbidden: the user lacks the permission for this action",
    404: "not found: the job, build or item does not exist, or the user may not read it",
    405: "method not allowed",
    409: "conflict",
    500: "Jenkins failed with an internal error",
    502: "bad gateway (a proxy in front of Jenkins failed)",
    503: "service unavailable: Jenkins is starting, restarting or overloaded",
    504: "gateway timeout (a proxy in front of Jenkins gave up)",
}


def error_for_status(
    status: int,
    *,
    method: str | None = None,
    url: str | None = None,
    body: str | bytes | None = None,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> HTTPStatusError:
    """Build the error that matches an HTTP status (the one status → error table)."""
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else HTTPStatusError
    text = message or _STATUS_MESSAGES.get(status, f"unexpected HTTP status {status}")
    return cls(
        text,
        method=method,
        url=url,
        status=status,
        body_excerpt=excerpt(body),
        retryable=status in (429, 500, 502, 503, 504),
        headers=headers,
    )


# --- transport ----------------------------------------------------------------------------------


class TransportError(JenkinsError):
    """The request did not complete (no usable HTTP answer)."""

    default_retryable = True


class NetworkError(TransportError):
    """Connection refused or reset, DNS failure, TLS failure, or a truncated body."""


class Timeout(TransportError, TimeoutError):
    """A connect or read timeout, or the whole-answer deadline (``response_timeout``)."""


# --- protocol / response shape ------------------------------------------------------------------


class TriggerOutcomeUnknown(JenkinsError):
    """A trigger failed in a way that may have queued a build (the connection broke, a proxy
    answered), and the SDK could not find out whether it did: look at the job before triggering
    it again (``retryable`` is False for that reason)."""


class CrumbFetchFailed(JenkinsError):
    """The CSRF crumb could not be fetched from ``crumbIssuer/api/json``."""


class UnexpectedResponse(JenkinsError):
    """Jenkins answered, but not with what the SDK expected (e.g. an HTML page instead of JSON)."""


class ResponseDecodeError(UnexpectedResponse):
    """The body was not valid JSON."""


class ResponseShapeError(UnexpectedResponse):
    """The JSON did not fit the model; the structuring error is kept as ``__cause__``."""


class ResponseTooLarge(UnexpectedResponse):
    """A non-streamed answer grew past ``JenkinsConfig.max_response_bytes`` (read no further)."""


class NoQueueLocation(UnexpectedResponse):
    """A build trigger was accepted but the response carried no queue ``Location`` header."""


class InvalidQueueLocation(UnexpectedResponse):
    """The ``Location`` header of a trigger response is not a queue item URL."""


class BadArchive(UnexpectedResponse):
    """An artifacts zip cannot be extracted whole: not a zip, truncated, a CRC error, an
    encrypted or unsupported entry, duplicate names, or a file where a directory must go."""


# --- caller input -------------------------------------------------------------------------------


class ConfigError(JenkinsError, ValueError):
    """A configuration value (URL, credentials, timeouts, TLS files, ...) is not valid."""


class InvalidRef(JenkinsError, ValueError):
    """A job, build or queue reference given by the caller is not valid."""


class InvalidJobRef(InvalidRef):
    """A job reference is empty, or has an empty, ``.``/``..`` or control-character segment."""


class InvalidBuildRef(InvalidRef):
    """A build reference is neither a positive number nor a known permalink."""


class InvalidQueueRef(InvalidRef):
    """A queue reference is not a positive queue id or a queue item URL."""


# --- waiting ------------------------------------------------------------------------------------


class WaitTimeout(JenkinsError, TimeoutError):
    """A wait (for a queue item, a build, a growing log, a pipeline) passed its deadline.

    Not a transport error: every request succeeded; what was waited for did not happen in time.
    """


class QueueError(JenkinsError):
    """A queue item did not turn into a build."""


class QueueTimeout(QueueError, WaitTimeout):
    """The item was still queued when the deadline passed."""


class QueueCancelled(QueueError):
    """The queue item was cancelled before it started."""


class BuildTimeout(WaitTimeout):
    """The build was still running when the deadline passed."""


class NotReadyTimeout(WaitTimeout):
    """The controller was not ready (answering, loaded, not quieting down) by the deadline."""


class PluginInstallTimeout(WaitTimeout):
    """Plugin installs were still running when the deadline passed.

    Attributes:
        result: the :class:`~jenkins_sdk.admin_results.PluginInstallResult` at that moment.
    """

    result: Any = None


class UnsafePath(JenkinsError, ValueError):
    """An artifact path or archive entry would be written outside the destination directory."""


class LocalFileError(JenkinsError, OSError):
    """A file could not be written on this machine (permission denied, disk full, a file where
    a directory is needed); nothing half-written is left. The ``OSError`` is the ``__cause__``."""


# --- simulation ---------------------------------------------------------------------------------


class SimulationError(JenkinsError):
    """Record/replay failed."""


class SimulationMiss(SimulationError):
    """In REPLAY mode, no recorded exchange matches the request."""


class SimulationCorrupted(SimulationError):
    """The recording file is truncated, corrupt, or of an unknown format version."""
