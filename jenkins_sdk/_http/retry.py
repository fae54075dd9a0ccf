"""The retry policy: a urllib3 ``Retry`` with 1 s / 2 s / 4 s backoff, a capped ``Retry-After``,
POST safety, an injectable sleep, and a hook for logging and metrics; plus the adapter factory
(whose connections wait for headers under the response deadline, see
:mod:`jenkins_sdk._http.deadline`)."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from jenkins_sdk._http.deadline import GUARDED_POOL_CLASSES, DeadlineExceeded, current_deadline
from jenkins_sdk._http.parse import retry_after_seconds
from jenkins_sdk._http.wire_errors import causes
from jenkins_sdk.config import RetrySettings

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "IDEMPOTENT_METHODS",
    "JenkinsHTTPAdapter",
    "JenkinsRetry",
    "OnRetry",
    "backoff_seconds",
    "make_http_adapter",
]

#: Called before each retry with (method, url path, reason, retry number, seconds to wait).
OnRetry = Callable[[str, str, str, int, float], None]

#: Methods retried after a connection or read error (repeating them changes nothing).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
_IDEMPOTENT = IDEMPOTENT_METHODS


def backoff_seconds(settings: RetrySettings, number: int) -> float:
    """The wait before retry ``number`` (1-based): ``initial * multiplier ** (number - 1)``,
    capped at ``backoff_max`` (the same schedule as :meth:`JenkinsRetry.get_backoff_time`)."""
    if number < 1:
        return 0.0
    value = settings.backoff_initial * settings.backoff_multiplier ** (number - 1)
    return float(max(0.0, min(settings.backoff_max, value)))


class JenkinsRetry(Retry):
    """urllib3 ``Retry`` tuned for Jenkins.

    * backoff ``initial * multiplier ** (n - 1)`` from the first retry on (1, 2, 4 s by default),
      capped at ``backoff_max``;
    * ``Retry-After`` (seconds or HTTP date) honoured up to ``retry_after_cap`` seconds;
    * idempotent methods retried on connect/read errors and ``status_forcelist``; POST only after a
      connection error (nothing was sent) — never on a status here (a proxy's 503 may come after
      it forwarded the request: the transport re-sends a POST only on Jenkins' own 503 pages);
    * no wait (``Retry-After`` or backoff) goes past the call's deadline: a retry that could not
      be waited for is not made (the last answer, or the error, is the call's);
    * ``sleep`` is injectable so tests (and replays) never really wait;
    * ``on_retry`` is told about every retry (logging and metrics).
    """

    def __init__(
        self,
        total: bool | int | None = 3,
        *,
        backoff_initial: float = 1.0,
        backoff_multiplier: float = 2.0,
        retry_after_cap: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: OnRetry | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("allowed_methods", _IDEMPOTENT)
        kwargs.setdefault("raise_on_status", False)
        kwargs.setdefault("raise_on_redirect", False)
        super().__init__(total=total, **kwargs)
        self.backoff_initial = backoff_initial
        self.backoff_multiplier = backoff_multiplier
        self.retry_after_cap = retry_after_cap
        self._sleep_fn = sleep
        self._on_retry = on_retry

    @classmethod
    def from_settings(
        cls,
        settings: RetrySettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: OnRetry | None = None,
    ) -> JenkinsRetry:
        """Build the policy from :class:`~jenkins_sdk.config.RetrySettings`."""
        return cls(
            total=settings.total,
            backoff_initial=settings.backoff_initial,
            backoff_multiplier=settings.backoff_multiplier,
            backoff_max=settings.backoff_max,
            retry_after_cap=settings.retry_after_max,
            status_forcelist=frozenset(settings.statuses),
            sleep=sleep,
            on_retry=on_retry,
        )

    def new(self, **kw: Any) -> Self:
        """Copy with new counters (urllib3 makes one per attempt), keeping our settings."""
        copy = super().new(**kw)
        copy.backoff_initial = self.backoff_initial
        copy.backoff_multiplier = self.backoff_multiplier
        copy.retry_after_cap = self.retry_after_cap
        copy._sleep_fn = self._sleep_fn
        copy._on_retry = self._on_retry
        return copy

    def get_backoff_time(self) -> float:
        """Seconds to wait before the next retry: 0 before any error, then 1, 2, 4, ... s."""
        errors = len(list(takewhile(lambda h: h.redirect_location is None, reversed(self.history))))
        if errors == 0:
            return 0.0
        value = self.backoff_initial * self.backoff_multiplier ** (errors - 1)
        return float(max(0.0, min(self.backoff_max, value)))

    def retry_after_seconds(self, response: BaseHTTPResponse | None) -> float | None:
        """The response's ``Retry-After`` in seconds, capped; None when absent or unreadable."""
        if response is None:
            return None
        return retry_after_seconds(response.headers.get("Retry-After"), self.retry_after_cap)

    def wait_time(self, response: BaseHTTPResponse | None = None) -> float:
        """What :meth:`sleep` will wait: ``Retry-After`` when the server sent one, else backoff."""
        if self.respect_retry_after_header:
            retry_after = self.retry_after_seconds(response)
            if retry_after is not None:
                return retry_after
        return self.get_backoff_time()

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """Wait before the next attempt, through the injected sleep function.

        Raises:
            DeadlineExceeded: the wait would end past the call's deadline.
        """
        wait = self.wait_time(response)
        at = current_deadline()
        if at is not None and time.monotonic() + wait > at:
            raise DeadlineExceeded
        if wait > 0:
            self._sleep_fn(wait)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        """Whether this answer is retried; never a POST (see the class docstring)."""
        if method.upper() == "POST":
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Self:
        """Count one failed attempt (urllib3 calls this) and report the coming retry."""
        if error is not None and _is_permanent(error):
            # A certificate that does not verify, or a name that does not exist, will not
            # change in the next seconds: say so now instead of after the backoff.
            raise MaxRetryError(_pool, url or "", error) from error
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = new.wait_time(response)
        at = current_deadline()
        if at is not None and time.monotonic() + wait > at:
            # No time left to wait for this retry: stop here (urllib3 then hands back the last
            # answer, or raises the error), rather than sleeping past the deadline.
            raise MaxRetryError(_pool, url or "", error) from error
        if self._on_retry is not None:
            if error is not None:
                reason = type(error).__name__
            elif response is not None:
                reason = str(response.status)
            else:
                reason = "unknown"
            self._on_retry(
                (method or "?").upper(),
                url or "",
                reason,
                len(new.history),
                wait,
            )
        return new


#: getaddrinfo answers that mean "no such name" (not "try again": ``EAI_AGAIN`` is retried).
_NO_SUCH_NAME = frozenset(
    getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)
)


def _is_permanent(error: BaseException) -> bool:
    """Whether a connection failure cannot heal by retrying: a TLS certificate that does not
    verify, or a host name the resolver says does not exist."""
    return any(
        isinstance(current, ssl.SSLCertVerificationError)
        or (isinstance(current, socket.gaierror) and current.errno in _NO_SUCH_NAME)
        for current in causes(error, via_cause=True)
    )


class JenkinsHTTPAdapter(HTTPAdapter):
    """requests' ``HTTPAdapter`` whose connections read headers under the response deadline.

    Direct and HTTP-proxy connections use :data:`~jenkins_sdk._http.deadline.GUARDED_POOL_CLASSES`;
    SOCKS proxies keep urllib3's own classes (their bodies are still read under the deadline).
    """

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        """Create the pool manager (requests' hook) with the guarded connection pools."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = GUARDED_POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """The proxy's pool manager (requests' hook), with guarded pools unless SOCKS."""
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme.get("http") is HTTPConnectionPool:  # not SOCKS
            manager.pool_classes_by_scheme = GUARDED_POOL_CLASSES
        return manager


def make_http_adapter(
    settings: RetrySettings,
    *,
    max_connections: int,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: OnRetry | None = None,
) -> HTTPAdapter:
    """The real transport: keep-alive pool of ``max_connections`` (callers block when all are
    busy), with the Jenkins retry policy and the header deadline."""
    return JenkinsHTTPAdapter(
        pool_connections=4,
        pool_maxsize=max_connections,
        pool_block=True,
        max_retries=JenkinsRetry.from_settings(settings, sleep=sleep, on_retry=on_retry),
    )
