"""The requester: the one door through which the resources reach Jenkins.

URL join on the client's base URL → CSRF crumb for mutations → the transport (send, retries,
deadline, body) → the status → error mapper → JSON decoding → structuring into a model. It hands
the layers above only SDK types (:class:`Reply`, :class:`Stream`, decoded JSON, models) and
raises only :class:`~jenkins_sdk.errors.JenkinsError` subclasses. It knows HTTP and CSRF crumbs,
not jobs or builds.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable, Collection, Hashable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

import requests

from jenkins_sdk import models  # a lazy package: the converter loads on first use
from jenkins_sdk._http.crumb import CrumbManager, read_crumb
from jenkins_sdk._http.endpoints import endpoint_template
from jenkins_sdk._http.exchange import MUTATING_METHODS, Exchange, call_deadline, time_left
from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk._http.parse import header_int
from jenkins_sdk._http.reply import Progressive, ProgressiveStream, Reply, Stream
from jenkins_sdk._http.statuses import DEFAULT_OK, decode_json
from jenkins_sdk._http.transport import OnRetry, Transport
from jenkins_sdk._polling import wait_seconds
from jenkins_sdk._secrets import basic_credential
from jenkins_sdk.clock import Clock
from jenkins_sdk.config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_RESPONSE_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
    RetrySettings,
)
from jenkins_sdk.errors import NotFound, UnexpectedResponse

if TYPE_CHECKING:
    from jenkins_sdk.config import CredentialProvider

__all__ = ["DEFAULT_OK", "MUTATING_METHODS", "Requester", "endpoint_template", "requester_of"]

T = TypeVar("T")

_JSON = {"Accept": "application/json"}


class Requester:
    """Sends every request of one client; thread-safe and stateless apart from the crumb cache.

    Args:
        session: the client's Session (built once, never mutated here).
        base_url: the Jenkins base URL, ending with ``/`` (may carry a context path).
        timeout: default ``(connect, read)`` timeout in seconds.
        credentials: the credential provider (None for anonymous), used to decide on crumbs and to
            scrub secrets from errors; the Session's auth sends them.
        clock: the client's clock (polling and crumb TTL).
        metrics: where request counters go.
        crumb_ttl: seconds a crumb is trusted.
        retry: the retry settings (a GET whose body breaks off is re-sent within ``total``).
        response_timeout: seconds a non-streamed call may take from sending to the last body
            byte (retries included), see ``JenkinsConfig.response_timeout``.
        on_retry: told about each re-send of a broken body, as urllib3 retries are; by default
            the transport logs and counts it itself (:meth:`note_retry`).
        wait_timeout: the bound of waits given no timeout (read by the resources).
        max_response_bytes: the largest non-streamed body read.
    """

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        *,
        timeout: tuple[float, float],
        credentials: CredentialProvider | None,
        clock: Clock,
        metrics: Metrics,
        crumb_ttl: float = 300.0,
        retry: RetrySettings | None = None,
        response_timeout: float = DEFAULT_RESPONSE_TIMEOUT,
        on_retry: OnRetry | None = None,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._credentials = credentials
        self._clock = clock
        self._metrics = metrics
        self._crumbs = CrumbManager(
            partial(read_crumb, self), ttl=crumb_ttl, clock=clock, metrics=metrics
        )
        self._transport = Transport(
            session,
            base_path=urllib.parse.urlsplit(self._base_url).path,
            timeout=timeout,
            retry=retry if retry is not None else RetrySettings(),
            response_timeout=response_timeout,
            clock=clock,
            metrics=metrics,
            secrets=self.secrets,
            on_retry=on_retry,
            max_body=max_response_bytes,
        )
        self.wait_timeout = wait_timeout
        self._decode: Callable[[Reply], Any] = self._decode_json
        self._exchange = Exchange(
            session,
            self._transport,
            self._crumbs,
            credentials=credentials,
            metrics=metrics,
            url_for=self.url_for,
            decode=self._decode,
            secrets=self.secrets,
        )

    # --- public properties ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The base URL every path is joined to (ends with ``/``)."""
        return self._base_url

    @property
    def clock(self) -> Clock:
        """The client's clock: use it for every wait."""
        return self._clock

    @property
    def metrics(self) -> Metrics:
        """The client's metrics."""
        return self._metrics

    @property
    def crumbs(self) -> CrumbManager:
        """The CSRF crumb cache."""
        return self._crumbs

    @property
    def username(self) -> str | None:
        """The user the requests authenticate as (None when anonymous)."""
        return None if self._credentials is None else self._credentials.credentials().username

    def url_for(self, path: str) -> str:
        """Join a relative path (``"job/a/api/json"`` or ``"/api/json"``) to the base URL.

        Raises:
            ValueError: ``path`` is an absolute URL (never trusted: rebuild it with the refs).
        """
        if "://" in path.split("?", 1)[0] or path.startswith("//"):
            raise ValueError(
                "absolute URLs are not requested as they are; rebuild the path with "
                "JobRef.from_url / split_build_url / QueueRef.parse"
            )
        return self._base_url + path.lstrip("/")

    def deadline(self, calls: float = 1.0) -> contextlib.AbstractContextManager[float]:
        """A deadline ``calls`` x ``response_timeout`` from now for everything sent in the
        ``with`` block (a call made inside gets at most what is left), e.g. a trigger and its
        reconciliation: ``with requester.deadline(2): ...``."""
        return call_deadline(calls * self._transport.response_timeout)

    def wait_seconds(self, timeout: float | None) -> float:
        """A wait's bound: ``timeout`` checked (>= 0, not NaN), or ``wait_timeout`` if None."""
        return wait_seconds(timeout, self.wait_timeout)

    @staticmethod
    def time_left() -> float | None:
        """Seconds left of the enclosing :meth:`deadline` (None outside one)."""
        return time_left()

    def secrets(self) -> list[str | None]:
        """The values every message must mask: the secret, its Basic credential, the crumb."""
        values: list[str | None] = [self._crumbs.current_value]
        if self._credentials is not None:
            creds = self._credentials.credentials()
            values += [creds.secret, basic_credential(creds.username, creds.secret)]
        return values

    # --- calls ----------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Any = None,
        files: Any = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | tuple[float, float] | None = None,
        ok: Collection[int] = DEFAULT_OK,
    ) -> Reply:
        """Send one request and return its :class:`Reply` if its status is in ``ok``.

        Mutations (POST/PUT/DELETE) carry a CSRF crumb when needed; a 403 "No valid crumb"
        refreshes it and re-sends once. GET/HEAD follow redirects (credentials are never sent to
        another host); mutations do not, so a 302/303 comes back as it is.

        Raises:
            HTTPStatusError: the status is not in ``ok`` (the class follows the status).
            TransportError: the request did not complete (NetworkError, Timeout).
            CrumbFetchFailed: a crumb was needed and could not be fetched.
        """
        response = self._exchange(
            method, path, params, data, files, json_body, headers, timeout, ok, stream=False
        )
        return self._transport.reply(response, self._decode)

    def get_json(
        self,
        path: str,
        *,
        tree: str | None = None,
        depth: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """GET ``path`` and return the decoded JSON.

        Raises:
            UnexpectedResponse: the answer is not JSON (an HTML login, proxy or error page); the
                error's ``hint`` says which it looks like.
            ResponseDecodeError: the body is not valid JSON.
        """
        query = dict(params or {})
        if tree is not None:
            query["tree"] = tree
        if depth is not None:
            query["depth"] = depth
        return self.request("GET", path, params=query or None, headers=_JSON, ok=(200,)).json()

    def exists(self, path: str, *, tree: str = "name") -> bool:
        """Whether ``path`` (an ``.../api/json`` object) exists and may be read: a 404 is
        ``False`` (Jenkins also answers 404 to a user who may not read it)."""
        try:
            self.get_json(path, tree=tree)
        except NotFound:
            return False
        return True

    def get_model(
        self,
        path: str,
        cls: type[T],
        *,
        tree: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> T:
        """GET ``path`` with the model's ``tree=`` spec and structure the JSON into ``cls``.

        Raises:
            ResponseShapeError: the JSON does not fit ``cls``.
        """
        # tree_of is functools-cached: its typed signature takes Hashable arguments.
        spec = tree if tree is not None else models.tree_of(cast("Hashable", cls))
        return models.structure(self.get_json(path, tree=spec, params=params), cls)

    def get_text(self, path: str, *, params: Mapping[str, Any] | None = None) -> str:
        """GET ``path`` and return the body as text (decoded as the server says, else UTF-8)."""
        return self.request("GET", path, params=params, ok=(200,)).text

    def post(
        self,
        path: str,
        *,
        data: Any = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Collection[int] = DEFAULT_OK,
    ) -> Reply:
        """POST to ``path`` (crumb when needed); re-sent only if provably not acted on."""
        return self.request(
            "POST", path, data=data, files=files, params=params, headers=headers, ok=ok
        )

    def post_for_location(
        self,
        path: str,
        *,
        data: Any = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        contains: str = "",
        ok: Collection[int] = DEFAULT_OK,
    ) -> tuple[str | None, Reply]:
        """POST to ``path`` and return the first ``Location`` it was answered with that
        contains ``contains`` (e.g. ``"queue/item/"``), with the reply."""
        reply = self.post(path, data=data, files=files, params=params, ok=ok)
        found = next((loc for loc in reply.locations if contains in loc), None)
        return found, reply

    def stream(
        self, path: str, *, params: Mapping[str, Any] | None = None, ok: Collection[int] = (200,)
    ) -> Stream:
        """GET ``path`` without reading the body; close the stream when done (``with`` works)."""
        response = self._exchange(
            "GET", path, params, None, None, None, None, None, ok, stream=True
        )
        return self._transport.stream(response, left=time_left(), transfer=self.wait_timeout)

    def open_progressive(self, path: str, start: int) -> ProgressiveStream:
        """GET a ``progressiveText``-style ``path`` from byte ``start``, body unread.

        Raises:
            UnexpectedResponse: no usable ``X-Text-Size`` (a proxy or login page answered).
        """
        response = self._exchange(
            "GET", path, {"start": str(start)}, None, None, None, None, None, (200,), stream=True
        )
        stream = self._transport.stream(response, left=time_left(), transfer=self.wait_timeout)
        raw_size = stream.headers.get("X-Text-Size")
        size = header_int(raw_size)
        if size is None:
            stream.close()
            what = "no X-Text-Size header" if raw_size is None else f"X-Text-Size {raw_size!r:.40}"
            raise UnexpectedResponse(
                f"progressiveText answered with {what}",
                method="GET",
                url=stream.url,
                status=stream.status,
                hint="a proxy or login page may have answered instead of Jenkins",
            )
        more = stream.headers.get("X-More-Data", "").strip().lower() not in ("", "false")
        return ProgressiveStream(
            next_offset=size,
            more=more,
            status=stream.status,
            headers=stream.headers,
            url=stream.url,
            chunks=stream.iter_bytes,
            close=stream.close,
            read_deadline=stream.read_deadline,
            transfer_deadline=stream.transfer_deadline,
        )

    def progressive(self, path: str, start: int, *, limit: int | None = None) -> Progressive:
        """Read a ``progressiveText``-style ``path`` from byte ``start`` (at most ``limit``
        body bytes): the text bytes, the next offset and whether more is coming."""
        with self.open_progressive(path, start) as stream:
            # Read like any non-streamed answer: within response_timeout, at most
            # max_response_bytes unless a smaller limit was asked for.
            cap = self._transport.max_body if limit is None else limit
            data, truncated = stream.read(cap)
            if truncated and limit is None:
                raise self._transport.too_large_error("GET", stream.url, stream.status)
            return Progressive(data, stream.next_offset, stream.more, truncated)

    def note_retry(self, method: str, url: str, reason: str, number: int, wait: float) -> None:
        """Log (WARNING) and count a coming retry of ``method url`` (urllib3's and the body's)."""
        self._transport.note_retry(method, url, reason, number, wait)

    # --- internals ------------------------------------------------------------------------------

    def _decode_json(self, reply: Reply) -> Any:
        try:
            return decode_json(reply, self._base_url, self.secrets())
        except UnexpectedResponse as exc:
            path = urllib.parse.urlsplit(reply.url).path
            self._metrics.error(reply.method, endpoint_template(path), type(exc).__name__)
            raise


def requester_of(source: object) -> Requester:
    """The requester of a ``JenkinsClient`` (or ``source`` itself when it is one).

    Raises:
        TypeError: ``source`` is neither.
    """
    if isinstance(source, Requester):
        return source
    requester = getattr(source, "requester", None)
    if isinstance(requester, Requester):
        return requester
    raise TypeError(f"expected a JenkinsClient or its requester, got {type(source).__name__}")
