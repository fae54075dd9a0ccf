"""The transport: sends a prepared request through the client's Session and reads the answer.

It is the only place that catches ``requests``/``urllib3`` exceptions (mapped by
:mod:`~jenkins_sdk._http.wire_errors`): every failure to send or
to read becomes a :class:`~jenkins_sdk.errors.TransportError` here. It reads non-streamed bodies
itself, under the call's deadline (``response_timeout``), re-sends an idempotent request whose
body broke off (urllib3 retries only until the headers arrived), logs one DEBUG line per request
and feeds the metrics. It knows nothing about Jenkins.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import requests
import urllib3.exceptions

from jenkins_sdk._http.deadline import DeadlineExceeded, set_deadline
from jenkins_sdk._http.endpoints import display_url, endpoint_template
from jenkins_sdk._http.metrics import Metrics, count_read
from jenkins_sdk._http.reply import Headers, Reply, Stream
from jenkins_sdk._http.retry import IDEMPOTENT_METHODS, backoff_seconds
from jenkins_sdk._http.statuses import is_jenkins_unavailable
from jenkins_sdk._http.wire_errors import transport_error
from jenkins_sdk.clock import Clock
from jenkins_sdk.config import DEFAULT_MAX_RESPONSE_BYTES, RetrySettings
from jenkins_sdk.errors import (
    JenkinsError,
    NetworkError,
    ResponseTooLarge,
    Timeout,
)

__all__ = ["BodyTooLarge", "OnRetry", "Transport", "read_body", "transport_error"]

log = logging.getLogger("jenkins_sdk")

#: Told about each re-send: (method, url, reason, retry number, seconds to wait).
OnRetry = Callable[[str, str, str, int, float], None]

#: Bytes asked for per read of a non-streamed body (one socket read returns what has arrived).
_BODY_CHUNK = 65536
#: What breaks while a body is read: the connection dropped, the length or chunking was wrong.
_WIRE_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


class Transport:
    """Sends prepared requests of one client (thread-safe; holds no per-request state).

    Args:
        session: the client's Session (built once, never mutated here).
        base_path: the path of the base URL (to name endpoints in logs).
        timeout: default ``(connect, read)`` timeout in seconds.
        retry: the retry settings (re-sends of broken bodies use its budget and backoff).
        response_timeout: seconds a non-streamed call may take, retries included.
        clock: what re-sends wait on.
        metrics: where request events go.
        secrets: returns the values to mask in errors (token, crumb ...).
        on_retry: told about each re-send (default: :meth:`note_retry`).
        max_body: the largest non-streamed body read (decoded bytes).
    """

    def __init__(
        self,
        session: requests.Session,
        *,
        base_path: str,
        timeout: tuple[float, float],
        retry: RetrySettings,
        response_timeout: float,
        clock: Clock,
        metrics: Metrics,
        secrets: Callable[[], list[str | None]],
        on_retry: OnRetry | None = None,
        max_body: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        self._base_path = base_path
        self._timeout = timeout
        self._retry = retry
        self.response_timeout = response_timeout
        self._clock = clock
        self._metrics = metrics
        self._secrets = secrets
        self._on_retry = on_retry if on_retry is not None else self.note_retry
        self.max_body = max_body

    # --- sending --------------------------------------------------------------------------------

    def send(
        self,
        prepared: requests.PreparedRequest,
        template: str,
        *,
        stream: bool,
        timeout: float | tuple[float, float] | None,
        deadline: float,
        resendable: bool,
        attempt: int = 1,
    ) -> requests.Response:
        """Send, and read the body unless streaming, all before ``deadline`` (a stream only
        until its headers arrived); re-send an idempotent request whose body broke off up to
        ``retry.total`` times, with the retry backoff on the client's clock. The re-sends have
        their own budget: each send may still use urllib3's retries for connection errors and
        retryable statuses."""
        method = prepared.method or "GET"
        url = prepared.url or ""
        idempotent = not stream and resendable and method in IDEMPOTENT_METHODS
        budget = self._retry.total if idempotent else 0
        refused_budget = self._retry.total if resendable and method == "POST" else 0
        resent = 0
        while True:
            response = self._send_once(prepared, template, timeout, deadline, attempt)
            attempt += 1 + _urllib3_retries(response)
            if stream:
                return response
            try:
                read_body(response, deadline, self.max_body)
                if refused_budget and self._refused_again(response, resent, deadline):
                    resent += 1
                    refused_budget -= 1
                    continue
                return response
            except DeadlineExceeded:
                response.close()
                error: JenkinsError = self.deadline_error(method, url)
                self._metrics.error(method, template, type(error).__name__)
                raise error from None
            except BodyTooLarge:
                response.close()
                error = self.too_large_error(method, url, response.status_code)
                self._metrics.error(method, template, type(error).__name__)
                raise error from None
            except _WIRE_ERRORS as exc:
                response.close()
                error = transport_error(method, url, exc, self._secrets())
                again = error.retryable and not isinstance(error, Timeout)
                if again and resent < budget and time.monotonic() < deadline:
                    resent += 1
                    wait = backoff_seconds(self._retry, resent)
                    self._on_retry(method, url, type(exc).__name__, resent, wait)
                    if wait > 0:
                        self._clock.sleep(wait)
                    continue
                self._metrics.error(method, template, type(error).__name__)
                raise error from exc

    def _refused_again(self, response: requests.Response, resent: int, deadline: float) -> bool:
        """A POST answered by Jenkins' own restarting/starting page was not acted on: wait the
        retry backoff (if the deadline allows) and say it may be sent again."""
        if not is_jenkins_unavailable(response.status_code, response.content):
            return False
        wait = backoff_seconds(self._retry, resent + 1)
        if time.monotonic() + wait >= deadline:
            return False
        request = response.request
        url = (request.url if request is not None else None) or ""
        self._on_retry("POST", url, "503 (Jenkins restarting)", resent + 1, wait)
        response.close()
        if wait > 0:
            self._clock.sleep(wait)
        return True

    def _send_once(
        self,
        prepared: requests.PreparedRequest,
        template: str,
        timeout: float | tuple[float, float] | None,
        deadline: float,
        attempt: int,
    ) -> requests.Response:
        method = prepared.method or "GET"
        url = prepared.url or ""
        started = time.perf_counter()
        set_deadline(deadline)
        try:
            # Always streamed at the requests level: the body is read under the deadline.
            response = self._session.send(
                prepared,
                timeout=timeout if timeout is not None else self._timeout,
                allow_redirects=method in ("GET", "HEAD"),
                **self._send_settings(url),
            )
        except DeadlineExceeded:
            error: JenkinsError = self.deadline_error(method, url)
            self._record_failure(method, template, started, type(error).__name__)
            raise error from None
        except BodyTooLarge:  # read by the recording adapter
            error = self.too_large_error(method, url, None)
            self._record_failure(method, template, started, type(error).__name__)
            raise error from None
        except JenkinsError as exc:  # the simulation adapter's own errors
            self._record_failure(method, template, started, type(exc).__name__)
            raise
        except _WIRE_ERRORS as exc:
            error = transport_error(method, url, exc, self._secrets())
            self._record_failure(method, template, started, type(error).__name__)
            raise error from exc
        except ValueError as exc:  # a redirect's Location urllib cannot parse ("http://[::1")
            error = NetworkError(
                "the server redirected to a URL that cannot be parsed",
                method=method,
                url=display_url(url, self._secrets()),
                retryable=False,
            )
            self._record_failure(method, template, started, type(error).__name__)
            raise error from exc
        finally:
            set_deadline(None)
        elapsed = time.perf_counter() - started
        count_read(requests=1)
        attempt += _urllib3_retries(response)
        self._metrics.request(method, template, response.status_code, elapsed)
        log.debug(
            "%s %s -> %d in %.1f ms (attempt %d)",
            method,
            template,
            response.status_code,
            elapsed * 1000.0,
            attempt,
        )
        return response

    def _send_settings(self, url: str) -> dict[str, Any]:
        """``Session.send`` keywords; the client's Session reads no environment per request
        (``trust_env`` is off: proxies and CA bundle were resolved when it was built)."""
        session = self._session
        if session.trust_env:
            return dict(session.merge_environment_settings(url, {}, True, None, None))
        proxies = {k: v for k, v in session.proxies.items() if v is not None}
        return {"proxies": proxies, "stream": True, "verify": session.verify, "cert": session.cert}

    # --- answers --------------------------------------------------------------------------------

    @staticmethod
    def reply(response: requests.Response, decode: Callable[[Reply], Any]) -> Reply:
        """The SDK's :class:`Reply` for a response whose body was read."""
        locations = tuple(
            location
            for answer in (*response.history, response)
            if (location := answer.headers.get("Location"))
        )
        request = response.request
        count_read(nbytes=len(response.content))
        return Reply(
            method=(request.method if request is not None else None) or "GET",
            status=response.status_code,
            headers=Headers(response.headers),
            url=response.url or "",
            locations=locations,
            content=response.content,
            decode=decode,
            reason=response.reason or "",
        )

    def error_reply(self, response: requests.Response, decode: Callable[[Reply], Any]) -> Reply:
        """The :class:`Reply` of an answer about to become an error: a streamed body is read
        up to 8 KiB (for the message) and the connection released; never raises."""
        if not getattr(response, "_content_consumed", True):
            try:
                response._content = response.raw.read(8192, decode_content=True) or b""
            except Exception:
                response._content = b""
            response._content_consumed = True  # type: ignore[attr-defined]
            response.close()
        return self.reply(response, decode)

    def stream(
        self,
        response: requests.Response,
        method: str = "GET",
        *,
        left: float | None = None,
        transfer: float | None = None,
    ) -> Stream:
        """The SDK's :class:`Stream` over a response whose body is still unread; its bounded
        :meth:`~Stream.read` ends within ``left`` seconds (default ``response_timeout``), any
        read of it within ``transfer`` seconds (default: no bound but the read timeout)."""
        url = response.url or ""
        shown = display_url(url, self._secrets())

        def chunks(size: int) -> Iterator[bytes]:
            # One socket read at a time (read1), as read_body does: a body trickling in byte
            # by byte still hands each byte over, so the stream's deadlines are checked.
            read1 = getattr(response.raw, "read1", None)
            in_memory = getattr(response, "_content_consumed", False)  # replayed, recorded
            source = (
                response.iter_content(chunk_size=size)
                if read1 is None or in_memory
                else iter(lambda: read1(size, decode_content=True), b"")
            )
            try:
                for chunk in source:
                    count_read(nbytes=len(chunk))
                    yield chunk
            except _WIRE_ERRORS as exc:
                error = transport_error(method, url, exc, self._secrets())
                error.message = f"the response body broke off: {error.message}"
                raise error from exc

        # A bounded read of this stream ends within the call's deadline (the enclosing one, or
        # response_timeout from now); iter_bytes() (downloads, follows) is bounded per gap.
        seconds = self.response_timeout if left is None else max(left, 0.0)
        return Stream(
            status=response.status_code,
            headers=Headers(response.headers),
            url=shown,
            chunks=chunks,
            close=response.close,
            read_deadline=(time.monotonic() + seconds, lambda: self.deadline_error(method, url)),
            transfer_deadline=None
            if transfer is None
            else (time.monotonic() + transfer, lambda: self.transfer_error(method, url, transfer)),
        )

    def transfer_error(self, method: str, url: str, seconds: float) -> Timeout:
        """The error for a streamed body still arriving after ``wait_timeout``."""
        return Timeout(
            f"the body was still arriving after wait_timeout={seconds:g} s",
            method=method,
            url=display_url(url, self._secrets()),
            hint="raise wait_timeout for very large or very slow transfers",
        )

    def too_large_error(self, method: str, url: str, status: int | None) -> ResponseTooLarge:
        """The error for a non-streamed answer larger than ``max_response_bytes``."""
        return ResponseTooLarge(
            f"the answer is larger than max_response_bytes={self.max_body:,}",
            method=method,
            url=display_url(url, self._secrets()),
            status=status,
            hint="ask for less (tree=), stream it, or raise max_response_bytes",
        )

    def deadline_error(self, method: str, url: str) -> Timeout:
        """The error for a call that passed ``response_timeout``."""
        return Timeout(
            f"no complete answer within response_timeout={self.response_timeout:g} s",
            method=method,
            url=display_url(url, self._secrets()),
            hint="the server answers too slowly; raise response_timeout for slow endpoints",
        )

    # --- observability --------------------------------------------------------------------------

    def note_retry(self, method: str, url: str, reason: str, number: int, wait: float) -> None:
        """Log (WARNING) and count a coming retry of ``method url`` (urllib3's and the body's)."""
        path = urllib.parse.urlsplit(url).path
        if path.startswith(self._base_path):
            path = path[len(self._base_path) :]
        template = endpoint_template(path)
        self._metrics.retry(method, template, reason)
        log.warning(
            "retrying %s %s after %s (retry %d of %d) in %.1f s",
            method,
            template,
            reason,
            number,
            self._retry.total,
            wait,
        )

    def _record_failure(self, method: str, template: str, started: float, name: str) -> None:
        elapsed = time.perf_counter() - started
        self._metrics.request(method, template, None, elapsed)
        self._metrics.error(method, template, name)
        log.debug("%s %s -> %s after %.1f ms", method, template, name, elapsed * 1000.0)


def _urllib3_retries(response: requests.Response) -> int:
    history = getattr(getattr(response.raw, "retries", None), "history", None)
    return len(history or ())


class BodyTooLarge(Exception):
    """A non-streamed body grew past the size cap (``JenkinsConfig.max_response_bytes``)."""


def read_body(response: requests.Response, deadline: float, max_body: int) -> None:
    """Read the whole body into ``response.content``, one socket read at a time.

    Raises:
        DeadlineExceeded: ``deadline`` passed (a trickling server cannot keep the call waiting:
            ``read_timeout`` only bounds each read).
        BodyTooLarge: the body, decoded, grew past ``max_body`` bytes (a small gzip body can
            unpack to gigabytes).
    """
    if response._content_consumed:  # type: ignore[attr-defined]  # replayed: in memory
        return
    raw = response.raw
    read1 = getattr(raw, "read1", None)
    if read1 is None:
        response.content  # noqa: B018 - not urllib3's response: let requests read it
        return
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read1(_BODY_CHUNK, decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_body:
            raise BodyTooLarge
        if time.monotonic() > deadline:
            raise DeadlineExceeded
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]
