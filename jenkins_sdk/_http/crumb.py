"""CSRF crumbs: fetched lazily, once for all threads, cached for a TTL, refreshed when refused.

Since Jenkins 2.176.2 a crumb is bound to the HTTP session that fetched it, so the crumb is only
valid together with the ``JSESSIONID`` cookie set by the issuer. The fetch therefore goes through
the client's one ``requests.Session``: its cookie jar keeps that cookie and sends it with every
later mutation. Requests authenticated with an API token are exempt from crumbs in Jenkins; the
requester skips crumbs for them until the server refuses a request for want of one.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import attrs

from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk._http.parse import is_header_value, is_token
from jenkins_sdk.clock import Clock
from jenkins_sdk.errors import CrumbFetchFailed, HTTPStatusError, Timeout, UnexpectedResponse

__all__ = ["Crumb", "CrumbManager", "is_crumb_rejection", "read_crumb"]

log = logging.getLogger("jenkins_sdk")

_REJECTION = "no valid crumb"


def is_crumb_rejection(status: int, body: str) -> bool:
    """True for Jenkins' 403 "No valid crumb was included in the request" (not a permission 403)."""
    return status == 403 and _REJECTION in body.lower()


@attrs.frozen(repr=False)
class Crumb:
    """A crumb and the header it goes in (``Jenkins-Crumb`` unless the server says otherwise)."""

    field: str
    value: str

    def __repr__(self) -> str:
        return f"Crumb(field={self.field!r}, value='***')"


class _Flight:
    """One fetch from the issuer, shared by every thread that needed a crumb meanwhile."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.crumb: Crumb | None = None
        self.error: BaseException | None = None


class CrumbManager:
    """Thread-safe crumb cache with single-flight fetching, failures included.

    The first thread that needs a crumb fetches it, outside the lock; threads arriving meanwhile
    wait for that one fetch (each no longer than its own call's deadline) and share its outcome:
    the crumb, or the same error. So a hanging or failing issuer costs one fetch however many
    threads wait, and every waiter ends within its own bound.

    Args:
        fetch: fetches a crumb from the issuer; returns None when the issuer answers 404 (CSRF
            protection is off).
        ttl: seconds a crumb, or the "CSRF is off" answer, is trusted.
        clock: where time comes from.
        metrics: receives one ``crumb_fetch`` event per fetch.
    """

    def __init__(
        self,
        fetch: Callable[[], Crumb | None],
        *,
        ttl: float = 300.0,
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._clock = clock
        self._metrics = metrics
        self._lock = threading.Lock()
        self._known = False  # True once a fetch answered (crumb or "off") within the TTL
        self._crumb: Crumb | None = None
        self._expires = 0.0
        self._demanded = False
        self._fetches = 0
        self._flight: _Flight | None = None

    @property
    def fetches(self) -> int:
        """How many times the issuer was asked (any outcome)."""
        with self._lock:
            return self._fetches

    @property
    def demanded(self) -> bool:
        """True once the server refused a mutation for want of a crumb (even with an API token)."""
        with self._lock:
            return self._demanded

    @property
    def current_value(self) -> str | None:
        """The cached crumb value (for redaction), or None."""
        with self._lock:
            return self._crumb.value if self._crumb is not None else None

    def get(self, deadline: float | None = None) -> Crumb | None:
        """Return the crumb to send, fetching it if none is cached or it expired.

        Returns None when CSRF protection is off (the issuer answered 404 within the TTL).

        Args:
            deadline: ``time.monotonic()`` by which the caller must have its answer.

        Raises:
            CrumbFetchFailed: the issuer failed (other than 404).
            TransportError: the issuer could not be reached, or (``Timeout``) another thread's
                fetch did not end before ``deadline``.
        """
        return self._join(deadline, None, any_crumb=True)

    def refresh(self, rejected: Crumb | None, deadline: float | None = None) -> Crumb | None:
        """The server refused ``rejected``: fetch a new crumb, unless another thread already did.

        Also remembers that this server demands crumbs (API-token requests included).
        """
        with self._lock:
            self._demanded = True
        return self._join(deadline, rejected, any_crumb=False)

    def invalidate(self) -> None:
        """Forget the cached crumb; the next :meth:`get` fetches again."""
        with self._lock:
            self._known = False
            self._crumb = None

    def _join(
        self, deadline: float | None, rejected: Crumb | None, *, any_crumb: bool
    ) -> Crumb | None:
        """The cached crumb when it will do; else wait for the flight in the air, or lead a new
        one. Deciding and joining happen under one lock hold, so a flight that just landed is
        never followed by a needless second one."""
        with self._lock:
            flight = self._flight
            if flight is None:
                fresh = self._known and self._clock.monotonic() < self._expires
                if fresh and (any_crumb or (self._crumb is not None and self._crumb != rejected)):
                    return self._crumb
                if not any_crumb:
                    log.warning("jenkins_sdk: CSRF crumb refused by the server; fetching a new one")
                self._known = False
                self._crumb = None
                flight = self._flight = _Flight()
                self._fetches += 1
                leader = True
            else:
                leader = False
        if leader:
            self._fly(flight)
        else:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not flight.done.wait(wait):
                raise Timeout(
                    "the CSRF crumb fetch another thread started did not end within this "
                    "call's deadline",
                    method="GET",
                    url=_ISSUER,
                )
        if flight.error is not None:
            if leader:
                raise flight.error
            raise copy.copy(flight.error) from flight.error
        return flight.crumb

    def _fly(self, flight: _Flight) -> None:
        try:
            flight.crumb = self._fetch()
        except BaseException as exc:
            flight.error = exc
            if self._metrics is not None:
                self._metrics.crumb_fetch("failed")
        else:
            if self._metrics is not None:
                self._metrics.crumb_fetch("ok" if flight.crumb is not None else "disabled")
            if flight.crumb is None:
                log.debug("jenkins_sdk: crumb issuer answered 404: CSRF protection is off")
        finally:
            with self._lock:
                if flight.error is None:
                    self._crumb = flight.crumb
                    self._known = True
                    self._expires = self._clock.monotonic() + self._ttl
                self._flight = None
            flight.done.set()


class _JsonReader(Protocol):
    def get_json(self, path: str) -> Any:
        """GET ``path`` and decode its JSON."""


_ISSUER = "crumbIssuer/api/json"


def read_crumb(requester: _JsonReader) -> Crumb | None:
    """Fetch a crumb from the issuer through the client's Session (so the cookie is kept);
    None when the issuer answers 404 (CSRF protection is off).

    Raises:
        CrumbFetchFailed: the issuer failed, or its crumb cannot be sent as a header.
        TransportError: the issuer could not be reached.
    """
    try:
        data = requester.get_json(_ISSUER)
    except HTTPStatusError as exc:
        if exc.status == 404:
            return None
        raise CrumbFetchFailed(
            f"the crumb issuer answered {exc.status}",
            method="GET",
            url=exc.url,
            status=exc.status,
            body_excerpt=exc.body_excerpt,
            hint=exc.hint,
        ) from exc
    except UnexpectedResponse as exc:
        raise CrumbFetchFailed(
            "the crumb issuer did not answer with JSON",
            method="GET",
            url=exc.url,
            status=exc.status,
            hint=exc.hint,
        ) from exc
    field = data.get("crumbRequestField") if isinstance(data, dict) else None
    value = data.get("crumb") if isinstance(data, dict) else None
    if not isinstance(field, str) or not isinstance(value, str) or not field or not value:
        raise CrumbFetchFailed(
            "the crumb issuer's answer has no crumb/crumbRequestField", method="GET", url=_ISSUER
        )
    if not is_token(field) or not is_header_value(value):
        raise CrumbFetchFailed(
            "the crumb issuer's crumb cannot be sent as an HTTP header (not a plain token)",
            method="GET",
            url=_ISSUER,
        )
    log.debug("fetched a CSRF crumb (header %s)", field)
    return Crumb(field, value)
