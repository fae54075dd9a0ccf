"""The requester: the one place a request to Jenkins is sent.

URL join on the client's base URL → authentication (on the Session) → CSRF crumb for mutations →
execution through the mounted adapters (retries, simulation) → status → error mapping (the
:func:`jenkins_sdk.errors.error_for_status` table) → content-type check → JSON decoding →
structuring into a model. Operations never touch ``requests`` directly.
"""

from __future__ import annotations

import functools
import json
import logging
import time
import urllib.parse
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import requests
import urllib3.exceptions

from jenkins_sdk._http.crumb import Crumb, CrumbManager, is_crumb_rejection
from jenkins_sdk._http.deadline import DeadlineExceeded, set_deadline
from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk._http.redact import redact, redact_headers
from jenkins_sdk._http.retry import IDEMPOTENT_METHODS, backoff_seconds
from jenkins_sdk._polling import Clock
from jenkins_sdk.config import DEFAULT_RESPONSE_TIMEOUT, RetrySettings
from jenkins_sdk.errors import (
    CrumbFetchFailed,
    HTTPStatusError,
    JenkinsError,
    NetworkError,
    ResponseDecodeError,
    Timeout,
    TransportError,
    UnexpectedResponse,
    error_for_status,
    excerpt,
)

if TYPE_CHECKING:
    from jenkins_sdk.config import CredentialProvider

__all__ = ["DEFAULT_OK", "MUTATING_METHODS", "Requester", "endpoint_template"]

T = TypeVar("T")
log = logging.getLogger("jenkins_sdk")

#: Statuses a request accepts unless told otherwise (redirects are not followed for mutations).
DEFAULT_OK: tuple[int, ...] = (200, 201, 202, 204, 302, 303)
#: Methods that Jenkins' CrumbFilter checks (it checks POST; the others are sent a crumb too).
MUTATING_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
#: Query parameters whose values are shown in errors and logs; the others are masked.
_SHOWN_PARAMS = frozenset({"tree", "depth", "start", "delay", "id", "pretty", "xpath"})
#: ``tree`` values longer than this are shortened in errors and logs (a model's spec is ~2 KB).
_TREE_SHOWN = 60
#: Bytes asked for per read of a non-streamed body (one socket read returns what has arrived).
_BODY_CHUNK = 65536
#: What breaks while a body is read: the connection dropped, the length or chunking was wrong.
_BODY_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)
_WHITESPACE = frozenset(bytes([c]) for c in b" \t\n\r\x0b\x0c")
_NAMED = {"job": "{job}", "view": "{view}", "computer": "{node}", "user": "{user}"}
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
        if token in _NAMED and index + 1 < len(tokens):
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
    if name not in _SHOWN_PARAMS:
        return "***"
    if name == "tree" and len(value) > _TREE_SHOWN:
        return f"{value[:_TREE_SHOWN]}\u2026({len(value)} chars)"
    return value


def display_url(url: str, secrets: Collection[str | None] = ()) -> str:
    """The URL as shown in errors and logs: secrets and parameter values masked, long ``tree=``
    specs shortened to their head and length."""
    parts = urllib.parse.urlsplit(url)
    query = ""
    if parts.query:
        pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        query = "&".join(f"{name}={_shown_value(name, value)}" for name, value in pairs)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return redact(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, "")), secrets)


@functools.lru_cache(maxsize=256)
def _quoted(value: str) -> str:
    """``value`` encoded as requests encodes a query value (cached: ``tree`` specs are long and
    the same few are sent again and again)."""
    return urllib.parse.quote_plus(value)


def _encoded_query(params: Mapping[str, Any]) -> str | None:
    """``params`` encoded exactly as requests would (``urlencode(..., doseq=True)``), or None
    when a value is of a kind left to requests (lists, bytes, None ...)."""
    pieces: list[str] = []
    for name, value in params.items():
        if type(value) is str:
            pieces.append(f"{_quoted(name)}={_quoted(value)}")
        elif type(value) is int:
            pieces.append(f"{_quoted(name)}={value}")
        else:
            return None
    return "&".join(pieces)


def _values_of(fields: Any) -> list[str | None]:
    """String values of a params/data mapping (or pair list): masked if echoed in an error."""
    if isinstance(fields, Mapping):
        items: Any = [v for k, v in fields.items() if k not in _SHOWN_PARAMS]
    elif isinstance(fields, list | tuple):
        items = [
            pair[1]
            for pair in fields
            if isinstance(pair, tuple) and len(pair) == 2 and pair[0] not in _SHOWN_PARAMS
        ]
    else:
        return []
    values: list[str | None] = []
    for item in items:
        for value in item if isinstance(item, list | tuple) else [item]:
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                values.append(str(value))
    return values


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


def _html_hint(response: requests.Response, base_url: str) -> str:
    text = response.text[:20000]
    lowered = text.lower()
    final = urllib.parse.urlsplit(response.url or "")
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
    if response.history and final.netloc and final.netloc != base.netloc:
        return (
            f"the request was redirected to {final.scheme}://{final.netloc}/: the base URL, the "
            "proxy, or Jenkins' configured root URL is wrong"
        )
    if "X-Jenkins" in response.headers or "jenkins" in lowered:
        return (
            "Jenkins answered with an HTML page: the path may be wrong (JSON lives under "
            ".../api/json)"
        )
    return (
        "this does not look like Jenkins (a proxy, single sign-on or captive portal page?): "
        "check the base URL"
    )


def _status_hint(response: requests.Response, crumb_retried: bool) -> str | None:
    status = response.status_code
    headers = response.headers
    if status == 401:
        return "check the user id and API token (JENKINS_USER_ID / JENKINS_API_TOKEN)"
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
    if status == 503:
        return "Jenkins may be starting or restarting, or a proxy is shedding load"
    return None


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
        retry: the retry settings: a GET whose body breaks off is re-sent within ``total``
            retries with the same backoff (urllib3 retries only until the headers arrived).
        response_timeout: seconds a non-streamed call may take from sending to the last body
            byte (retries included), see ``JenkinsConfig.response_timeout``.
        on_retry: told about each re-send of a broken body, as urllib3 retries are; by default
            the requester logs and counts it itself (:meth:`note_retry`).
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
        on_retry: Callable[[str, str, str, int, float], None] | None = None,
    ) -> None:
        self._session = session
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._base_path = urllib.parse.urlsplit(self._base_url).path
        self._timeout = timeout
        self._retry = retry if retry is not None else RetrySettings()
        self._response_timeout = response_timeout
        self._on_retry = on_retry if on_retry is not None else self.note_retry
        self._credentials = credentials
        self._clock = clock
        self._metrics = metrics
        self._crumbs = CrumbManager(self._fetch_crumb, ttl=crumb_ttl, clock=clock, metrics=metrics)

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

    # --- sending --------------------------------------------------------------------------------

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
        stream: bool = False,
        timeout: float | tuple[float, float] | None = None,
        ok: Collection[int] = DEFAULT_OK,
    ) -> requests.Response:
        """Send one request and return the response if its status is in ``ok``.

        Mutations (POST/PUT/DELETE) carry a CSRF crumb when needed; a 403 "No valid crumb"
        refreshes it and re-sends once. GET/HEAD follow redirects (credentials are never sent to
        another host); mutations do not, so a 302/303 comes back as it is.

        Raises:
            HTTPStatusError: the status is not in ``ok`` (the class follows the status).
            TransportError: the request did not complete (NetworkError, Timeout).
            CrumbFetchFailed: a crumb was needed and could not be fetched.
        """
        method = method.upper()
        url = self.url_for(path)
        template = endpoint_template(path)
        mutation = method in MUTATING_METHODS
        crumb: Crumb | None = None
        extra = dict(headers or {})
        if mutation and self._wants_crumb():
            crumb = self._crumbs.get()
            if crumb is not None:
                extra[crumb.field] = crumb.value
        deadline = None if stream else time.monotonic() + self._response_timeout
        prepared = self._prepare(method, url, params, data, files, json_body, extra)
        resendable = isinstance(prepared.body, str | bytes) or prepared.body is None
        response = self._send(
            prepared,
            template,
            stream=stream,
            timeout=timeout,
            deadline=deadline,
            resendable=resendable,
        )
        crumb_retried = False
        if mutation and resendable and self._crumb_refused(response):
            response.close()
            fresh = self._crumbs.refresh(crumb)
            prepared = self._with_crumb(prepared, crumb, fresh)
            response = self._send(
                prepared,
                template,
                stream=stream,
                timeout=timeout,
                deadline=deadline,
                resendable=resendable,
                attempt=2,
            )
            crumb_retried = True
        if response.status_code not in ok:
            raise self._status_error(
                method,
                prepared.url or url,
                template,
                response,
                crumb_retried,
                _values_of(params) + _values_of(data),
            )
        return response

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
        response = self.request(
            "GET", path, params=query or None, headers={"Accept": "application/json"}, ok=(200,)
        )
        return self.decode_json(response, endpoint_template(path))

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
        from jenkins_sdk.models import structure, tree_of

        # tree_of is functools-cached: its typed signature takes Hashable arguments.
        spec = tree if tree is not None else tree_of(cast("Hashable", cls))
        data = self.get_json(path, tree=spec, params=params)
        return structure(data, cls)

    def get_text(self, path: str, *, params: Mapping[str, Any] | None = None) -> str:
        """GET ``path`` and return the body as text (decoded as the server says, else UTF-8)."""
        response = self.request("GET", path, params=params, ok=(200,))
        if response.encoding is None or "charset" not in response.headers.get("Content-Type", ""):
            response.encoding = "utf-8"
        return response.text

    def post(
        self,
        path: str,
        *,
        data: Any = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Collection[int] = DEFAULT_OK,
    ) -> requests.Response:
        """POST to ``path`` (crumb when needed); re-sent only if provably not acted on."""
        return self.request(
            "POST", path, data=data, files=files, params=params, headers=headers, ok=ok
        )

    def stream(
        self, path: str, *, params: Mapping[str, Any] | None = None, ok: Collection[int] = (200,)
    ) -> requests.Response:
        """GET ``path`` without reading the body; the caller must close it (``with`` works)."""
        return self.request("GET", path, params=params, stream=True, ok=ok)

    def decode_json(self, response: requests.Response, template: str = "") -> Any:
        """Check the content type and decode the JSON body of ``response``.

        Raises:
            UnexpectedResponse: not JSON (HTML page, ...), with a hint.
            ResponseDecodeError: invalid JSON.
        """
        content_type = response.headers.get("Content-Type", "")
        body = response.content
        first = body[:1]
        if first in _WHITESPACE:
            first = body.lstrip()[:1]
        looks_html = first == b"<"
        if (content_type and "json" not in content_type.lower()) or looks_html:
            method = response.request.method if response.request is not None else None
            self._metrics.error(method or "GET", template, "UnexpectedResponse")
            raise UnexpectedResponse(
                f"expected JSON, got {content_type or 'no content type'}",
                method=method,
                url=display_url(response.url or "", self._secrets()),
                status=response.status_code,
                body_excerpt=redact(excerpt(body), self._secrets()),
                hint=_html_hint(response, self._base_url),
            )
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:
            method = response.request.method if response.request is not None else None
            self._metrics.error(method or "GET", template, "ResponseDecodeError")
            reason = "nested too deeply to decode" if isinstance(exc, RecursionError) else str(exc)
            raise ResponseDecodeError(
                f"the body is not valid JSON ({reason})",
                method=method,
                url=display_url(response.url or "", self._secrets()),
                status=response.status_code,
                body_excerpt=redact(excerpt(body), self._secrets()),
            ) from None

    # --- internals ------------------------------------------------------------------------------

    def _wants_crumb(self) -> bool:
        if self._credentials is None:
            return True
        return not self._credentials.credentials().is_api_token or self._crumbs.demanded

    def _crumb_refused(self, response: requests.Response) -> bool:
        if response.status_code != 403:
            return False
        try:
            text = response.text[:20000]
        except (requests.RequestException, urllib3.exceptions.HTTPError):
            return False
        return is_crumb_rejection(response.status_code, text + " " + (response.reason or ""))

    def _secrets(self) -> list[str | None]:
        values: list[str | None] = [self._crumbs.current_value]
        if self._credentials is not None:
            values.append(self._credentials.credentials().secret)
        return values

    def _prepare(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        data: Any,
        files: Any,
        json_body: Any,
        headers: Mapping[str, str],
    ) -> requests.PreparedRequest:
        query = _encoded_query(params) if params else None
        if query is not None and "#" not in url:
            # The query is appended as requests would build it, minus its per-byte re-parsing
            # of a ~2 KB tree= spec on every call (the URL sent is the same).
            params = None
        request = requests.Request(
            method, url, params=params, data=data, files=files, json=json_body, headers=headers
        )
        prepared = self._session.prepare_request(request)
        if query and prepared.url is not None:
            prepared.url += ("&" if "?" in prepared.url else "?") + query
        return prepared

    def _with_crumb(
        self, prepared: requests.PreparedRequest, old: Crumb | None, new: Crumb | None
    ) -> requests.PreparedRequest:
        again = prepared.copy()
        if old is not None:
            again.headers.pop(old.field, None)
        if new is not None:
            again.headers[new.field] = new.value
        # The crumb is bound to the session cookie the issuer just set: send the current jar.
        again.headers.pop("Cookie", None)
        again.prepare_cookies(self._session.cookies)
        return again

    def _send(
        self,
        prepared: requests.PreparedRequest,
        template: str,
        *,
        stream: bool,
        timeout: float | tuple[float, float] | None,
        deadline: float | None,
        resendable: bool,
        attempt: int = 1,
    ) -> requests.Response:
        """Send, and read the body unless streaming; re-send an idempotent request whose body
        broke off (urllib3 retries only until the headers arrived) up to ``retry.total`` times,
        with the retry backoff on the client's clock. The re-sends have their own budget: each
        send may still use urllib3's retries for connection errors and retryable statuses."""
        method = prepared.method or "GET"
        url = prepared.url or ""
        budget = (
            self._retry.total if not stream and resendable and method in IDEMPOTENT_METHODS else 0
        )
        resent = 0
        while True:
            response = self._send_once(
                prepared,
                template,
                stream=stream,
                timeout=timeout,
                deadline=deadline,
                attempt=attempt,
            )
            attempt += 1 + len(getattr(getattr(response.raw, "retries", None), "history", ()) or ())
            if deadline is None:
                return response
            try:
                self._read_body(response, deadline)
                return response
            except DeadlineExceeded:
                response.close()
                error: TransportError = self._deadline_error(method, url)
                self._metrics.error(method, template, type(error).__name__)
                raise error from None
            except _BODY_ERRORS as exc:
                response.close()
                error = self._transport_error(method, url, exc)
                if (
                    resent < budget
                    and not isinstance(error, Timeout)
                    and error.retryable
                    and time.monotonic() < deadline
                ):
                    resent += 1
                    wait = backoff_seconds(self._retry, resent)
                    self._on_retry(method, url, type(exc).__name__, resent, wait)
                    if wait > 0:
                        self._clock.sleep(wait)
                    continue
                self._metrics.error(method, template, type(error).__name__)
                raise error from exc

    def _send_once(
        self,
        prepared: requests.PreparedRequest,
        template: str,
        *,
        stream: bool,
        timeout: float | tuple[float, float] | None,
        deadline: float | None,
        attempt: int,
    ) -> requests.Response:
        method = prepared.method or "GET"
        url = prepared.url or ""
        # Always streamed at the requests level: the requester reads the body itself, under
        # the deadline (see _read_body).
        settings = self._send_settings(url)
        started = time.perf_counter()
        set_deadline(deadline)
        try:
            response = self._session.send(
                prepared,
                timeout=timeout if timeout is not None else self._timeout,
                allow_redirects=method in ("GET", "HEAD"),
                **settings,
            )
        except DeadlineExceeded:
            error: TransportError = self._deadline_error(method, url)
            self._record_failure(method, template, started, type(error).__name__)
            raise error from None
        except JenkinsError as exc:
            self._record_failure(method, template, started, type(exc).__name__)
            raise
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            error = self._transport_error(method, url, exc)
            self._record_failure(method, template, started, type(error).__name__)
            raise error from exc
        finally:
            set_deadline(None)
        elapsed = time.perf_counter() - started
        retries = getattr(getattr(response.raw, "retries", None), "history", ())
        attempt += len(retries or ())
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

    @staticmethod
    def _read_body(response: requests.Response, deadline: float) -> None:
        """Read the whole body into ``response.content``, one socket read at a time, raising
        :class:`DeadlineExceeded` once ``deadline`` passed (a trickling server cannot keep the
        call waiting: ``read_timeout`` only bounds each read)."""
        if response._content_consumed:  # type: ignore[attr-defined]  # replayed: in memory
            return
        raw = response.raw
        read1 = getattr(raw, "read1", None)
        if read1 is None:
            response.content  # noqa: B018 - not urllib3's response: let requests read it
            return
        chunks: list[bytes] = []
        while True:
            chunk = read1(_BODY_CHUNK, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise DeadlineExceeded
        response._content = b"".join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]

    def _deadline_error(self, method: str, url: str) -> Timeout:
        return Timeout(
            f"no complete answer within response_timeout={self._response_timeout:g} s",
            method=method,
            url=display_url(url, self._secrets()),
            hint="the server answers too slowly; raise response_timeout for slow endpoints",
        )

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

    def _transport_error(self, method: str, url: str, exc: BaseException) -> TransportError:
        shown = display_url(url, self._secrets())
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
        if isinstance(
            exc, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError
        ):
            return NetworkError("the connection broke mid-response", method=method, url=shown)
        reason = redact(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return NetworkError(f"connection failed: {excerpt(reason)}", method=method, url=shown)

    def _status_error(
        self,
        method: str,
        url: str,
        template: str,
        response: requests.Response,
        crumb_retried: bool,
        sent_values: list[str | None],
    ) -> HTTPStatusError:
        secrets = self._secrets() + sent_values
        try:
            body = redact(response.content[:8192].decode("utf-8", errors="replace"), secrets)
        except (requests.RequestException, urllib3.exceptions.HTTPError):
            body = ""
        finally:
            response.close()
        error = error_for_status(
            response.status_code,
            method=method,
            url=display_url(url, secrets),
            body=body,
            headers=redact_headers(response.headers, secrets),
        )
        error.hint = _status_hint(response, crumb_retried)
        self._metrics.error(method, template, type(error).__name__)
        return error

    def _fetch_crumb(self) -> Crumb | None:
        """Fetch a crumb from the issuer (through the same Session, so the cookie is kept)."""
        path = "crumbIssuer/api/json"
        try:
            response = self.request("GET", path, headers={"Accept": "application/json"}, ok=(200,))
            data = self.decode_json(response, path)
        except TransportError:
            raise
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
                "the crumb issuer's answer has no crumb/crumbRequestField",
                method="GET",
                url=display_url(self.url_for(path)),
            )
        log.debug("fetched a CSRF crumb (header %s)", field)
        return Crumb(field, value)
