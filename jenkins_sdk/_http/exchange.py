"""One exchange: prepare a request, send it through the transport with the CSRF crumb dance,
and check the answer's status (the error for a status the call does not accept).

The whole exchange, the crumb it may need included, ends by one deadline (see
:func:`call_deadline`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import requests

from jenkins_sdk._http.crumb import Crumb, CrumbManager
from jenkins_sdk._http.endpoints import display_url, encoded_query, endpoint_template, sent_values
from jenkins_sdk._http.metrics import Metrics
from jenkins_sdk._http.reply import Reply
from jenkins_sdk._http.statuses import is_crumb_refusal, status_error
from jenkins_sdk._http.transport import Transport
from jenkins_sdk._secrets import redact
from jenkins_sdk.errors import ConfigError, excerpt

if TYPE_CHECKING:
    from jenkins_sdk.config import CredentialProvider

__all__ = ["MUTATING_METHODS", "Exchange", "call_deadline", "time_left"]

#: Methods that Jenkins' CrumbFilter checks (it checks POST; the others are sent a crumb too).
MUTATING_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})

_CALL = threading.local()


@contextlib.contextmanager
def call_deadline(seconds: float) -> Iterator[float]:
    """This thread's call deadline: ``seconds`` from now, or the enclosing call's if sooner."""
    outer: float | None = getattr(_CALL, "deadline", None)
    mine = time.monotonic() + seconds
    deadline = mine if outer is None else min(outer, mine)
    _CALL.deadline = deadline
    try:
        yield deadline
    finally:
        _CALL.deadline = outer


def time_left() -> float | None:
    """Seconds left of this thread's call deadline (None outside a call)."""
    outer: float | None = getattr(_CALL, "deadline", None)
    return None if outer is None else outer - time.monotonic()


class Exchange:
    """Sends one request at a time for a :class:`~jenkins_sdk._http.requester.Requester`."""

    def __init__(
        self,
        session: requests.Session,
        transport: Transport,
        crumbs: CrumbManager,
        *,
        credentials: CredentialProvider | None,
        metrics: Metrics,
        url_for: Callable[[str], str],
        decode: Callable[[Reply], Any],
        secrets: Callable[[], list[str | None]],
    ) -> None:
        self._session = session
        self._transport = transport
        self._crumbs = crumbs
        self._credentials = credentials
        self._metrics = metrics
        self._url_for = url_for
        self._decode = decode
        self._secrets = secrets

    def _wants_crumb(self) -> bool:
        if self._credentials is None:
            return True
        return not self._credentials.credentials().is_api_token or self._crumbs.demanded

    def __call__(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        data: Any,
        files: Any,
        json_body: Any,
        headers: Mapping[str, str] | None,
        timeout: float | tuple[float, float] | None,
        ok: Collection[int],
        *,
        stream: bool,
    ) -> requests.Response:
        """Send (with the crumb dance) and check the status; the response for the transport.

        The whole call, the crumb it may need included, ends by one deadline:
        ``response_timeout`` from now, or the enclosing call's when this one is nested in it
        (the crumb fetch of a POST).
        """
        method = method.upper()
        url = self._url_for(path)
        template = endpoint_template(path)
        with call_deadline(self._transport.response_timeout) as deadline:
            crumb: Crumb | None = None
            extra = dict(headers or {})
            if method in MUTATING_METHODS and self._wants_crumb():
                crumb = self._crumbs.get(deadline)
                if crumb is not None:
                    extra[crumb.field] = crumb.value
            return self._send_checked(
                method,
                url,
                template,
                params,
                data,
                files,
                json_body,
                extra,
                timeout,
                ok,
                stream=stream,
                deadline=deadline,
                crumb=crumb,
            )

    def _send_checked(
        self,
        method: str,
        url: str,
        template: str,
        params: Mapping[str, Any] | None,
        data: Any,
        files: Any,
        json_body: Any,
        extra: dict[str, str],
        timeout: float | tuple[float, float] | None,
        ok: Collection[int],
        *,
        stream: bool,
        deadline: float,
        crumb: Crumb | None,
    ) -> requests.Response:
        prepared = self._prepare(method, url, params, data, files, json_body, extra)
        resendable = isinstance(prepared.body, str | bytes) or prepared.body is None
        send = partial(
            self._transport.send,
            template=template,
            stream=stream,
            timeout=timeout,
            deadline=deadline,
            resendable=resendable,
        )
        response = send(prepared)
        crumb_retried = False
        if method in MUTATING_METHODS and resendable and self._crumb_refused(response):
            response.close()
            fresh = self._crumbs.refresh(crumb, deadline)
            response = send(self._with_crumb(prepared, crumb, fresh), attempt=2)
            crumb_retried = True
        if response.status_code not in ok:
            reply = self._transport.error_reply(response, self._decode)
            secrets = self._secrets() + sent_values(params, data, files)
            error = status_error(reply, prepared.url or url, secrets, crumb_retried=crumb_retried)
            self._metrics.error(method, template, type(error).__name__)
            raise error
        return response

    def _crumb_refused(self, response: requests.Response) -> bool:
        if response.status_code != 403:
            return False
        return is_crumb_refusal(self._transport.error_reply(response, self._decode))

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
        query = encoded_query(params) if params else None
        if query is not None and "#" not in url:
            # The query is appended as requests would build it, minus its per-byte re-parsing
            # of a ~1 KB tree= spec on every call (the URL sent is the same).
            params = None
        request = requests.Request(
            method, url, params=params, data=data, files=files, json=json_body, headers=headers
        )
        try:
            prepared = self._session.prepare_request(request)
        except (requests.RequestException, ValueError) as exc:  # InvalidURL: "exa mple.com"
            raise ConfigError(
                f"cannot send {method} {display_url(url)}: {redact(excerpt(str(exc)))}",
                method=method,
            ) from None
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
