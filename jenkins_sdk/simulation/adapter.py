"""Simulation: the transport adapter that passes traffic through, records it, or replays it.

The client always mounts one :class:`SimulationAdapter` on ``http://`` and ``https://``:

* ``DISABLED``: every request goes straight to the wrapped ``HTTPAdapter`` (one attribute check).
* ``RECORD``: the wrapped adapter (with its urllib3 retries) sends the request; the final
  response of each call is saved. Retried attempts and redirects' intermediate hops are seen the
  way ``requests`` sees them: one entry per ``send`` (each redirect hop is its own ``send``).
  The caller gets the live response, its body already read.
* ``REPLAY``: no socket is opened; responses are rebuilt from the recording as real
  ``requests.Response`` objects over a urllib3 ``HTTPResponse`` (streaming, ``iter_content``,
  ``Set-Cookie`` into the session's jar and repeated headers behave as they do live).

Which recorded response pairs with a request is described in :mod:`jenkins_sdk.simulation.key`;
the order of repeated requests and what happens after the last one in
:mod:`jenkins_sdk.simulation.store`. A RECORD starts an empty recording and overwrites the file
when it is saved (on ``close()`` or at the end of an ``activate`` block).
"""

from __future__ import annotations

import contextlib
import http.client
import io
import math
import threading
from collections.abc import Collection, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.cookies import extract_cookies_to_jar
from requests.models import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from jenkins_sdk._http.deadline import current_deadline
from jenkins_sdk._http.transport import read_body
from jenkins_sdk.config import DEFAULT_MAX_RESPONSE_BYTES
from jenkins_sdk.modes import SimulationMode
from jenkins_sdk.simulation.format import (
    ORIGIN_PLACEHOLDER,
    SAFE_REQUEST_HEADERS,
    SAFE_RESPONSE_HEADERS,
    Interaction,
    RecordedResponse,
)
from jenkins_sdk.simulation.key import DEFAULT_SENSITIVE_PARAMS, base_path_of, signature_of
from jenkins_sdk.simulation.scrub import secrets_from_request_headers
from jenkins_sdk.simulation.store import OnExhausted, Recording

__all__ = ["SimulationAdapter"]

_Timeout = float | tuple[float, float] | tuple[float, None] | None
_Cert = bytes | str | tuple[bytes | str, bytes | str] | None
_PLACEHOLDER_BYTES = ORIGIN_PLACEHOLDER.encode("ascii")
_NO_COOKIES = http.client.parse_headers(io.BytesIO(b"\r\n"))


@attrs.frozen
class _State:
    mode: SimulationMode
    recording: Recording | None


@attrs.frozen
class _Template:
    """A stored response prepared for fast replay against one origin."""

    headers: tuple[tuple[str, str], ...]
    body: bytes
    msg: http.client.HTTPMessage
    sets_cookies: bool


class _OriginalResponse:
    """What requests' cookie extraction and urllib3 need from ``http.client.HTTPResponse``."""

    __slots__ = ("msg",)

    def __init__(self, msg: http.client.HTTPMessage) -> None:
        self.msg = msg

    def isclosed(self) -> bool:
        return True

    def close(self) -> None:
        return None


class SimulationAdapter(BaseAdapter):
    """A ``requests`` adapter that passes through, records or replays Jenkins traffic.

    Args:
        real: the retrying ``HTTPAdapter`` that talks to the network.
        mode: the initial mode (a :class:`SimulationMode` or its name).
        path: the recording file (required unless ``mode`` is DISABLED).
        on_exhausted: ``"repeat_last"`` (default) serves the last recorded response again once a
            request's responses are used up; ``"raise"`` raises ``SimulationMiss``.
        sensitive_params: parameter names whose values never land in a recording (query, form,
            JSON and multipart fields, file parameters included, and their echoes in answers),
            besides the names the SDK's secrets policy calls sensitive (``password``,
            ``token``, ``secret``...).
        base_url: the client's base URL; its path is stripped from request paths so recordings
            replay under any base URL (without it, only scheme and host are dropped).
        meta: extra provenance written to the recording's ``meta`` block.
        max_body: the largest body read while recording (``JenkinsConfig.max_response_bytes``).
    """

    def __init__(
        self,
        real: HTTPAdapter,
        *,
        mode: SimulationMode | str = SimulationMode.DISABLED,
        path: str | None = None,
        on_exhausted: OnExhausted = "repeat_last",
        sensitive_params: Collection[str] = (),
        base_url: str | None = None,
        meta: Mapping[str, Any] | None = None,
        max_body: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__()
        self.real = real
        self._max_body = max_body
        self._base_path = base_path_of(base_url)
        self._base_origin = _origin(base_url) if base_url else None
        self._sensitive = frozenset(p.lower() for p in sensitive_params) | DEFAULT_SENSITIVE_PARAMS
        self._switch = threading.RLock()
        self._templates: dict[tuple[RecordedResponse, str], _Template] = {}
        self._state = self._open(SimulationMode.parse(mode), path, on_exhausted, meta)

    # --- state ------------------------------------------------------------------------------------

    @property
    def mode(self) -> SimulationMode:
        """The current mode."""
        return self._state.mode

    @property
    def replaying(self) -> bool:
        """True while in REPLAY (the client's polling clock then skips its sleeps)."""
        return self._state.mode is SimulationMode.REPLAY

    @property
    def recording(self) -> Recording | None:
        """The active recording (None when DISABLED)."""
        return self._state.recording

    def _open(
        self,
        mode: SimulationMode,
        path: str | None,
        on_exhausted: OnExhausted,
        meta: Mapping[str, Any] | None,
    ) -> _State:
        if mode is SimulationMode.DISABLED:
            return _State(mode, None)
        if path is None:
            raise ValueError(f"simulation mode {mode.value!r} needs a recording path")
        if mode is SimulationMode.RECORD:
            recording = Recording(
                path, on_exhausted=on_exhausted, meta=meta, sensitive=self._sensitive
            )
            return _State(mode, recording)
        return _State(mode, Recording.load(path, on_exhausted=on_exhausted))

    @contextlib.contextmanager
    def activate(
        self,
        mode: SimulationMode | str,
        path: str | None = None,
        *,
        on_exhausted: OnExhausted = "repeat_last",
        meta: Mapping[str, Any] | None = None,
    ) -> Iterator[SimulationAdapter]:
        """Switch to ``mode`` for a ``with`` block, then switch back (a RECORD is saved on exit).

        Blocks from different threads are serialised: a second thread's ``activate`` waits until
        the first block ends. Requests sent by any thread inside the block use the block's mode.

        Raises:
            ValueError: unknown mode, or no path for RECORD/REPLAY.
            SimulationCorrupted: REPLAY of a missing or broken file.
        """
        new_mode = SimulationMode.parse(mode)
        with self._switch:
            previous = self._state
            state = self._open(new_mode, path, on_exhausted, meta)
            self._templates.clear()
            self._state = state
            try:
                yield self
            finally:
                self._state = previous
                if state.mode is SimulationMode.RECORD and state.recording is not None:
                    state.recording.save()

    def save(self) -> None:
        """Save the current recording now if recording (``close()`` and ``activate`` also do)."""
        state = self._state
        if state.mode is SimulationMode.RECORD and state.recording is not None:
            state.recording.save()

    def close(self) -> None:
        """Save a RECORD in progress and close the wrapped adapter."""
        try:
            self.save()
        finally:
            self.real.close()

    # --- sending ----------------------------------------------------------------------------------

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: _Timeout = None,
        verify: bool | str = True,
        cert: _Cert = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        """Send, record or replay one request (the ``BaseAdapter.send`` contract)."""
        state = self._state
        if state.mode is SimulationMode.DISABLED:
            return self.real.send(
                request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
        recording = state.recording
        assert recording is not None  # RECORD and REPLAY always carry one (see _open)
        if state.mode is SimulationMode.REPLAY:
            return self._replay(recording, request, stream)
        return self._record(
            recording,
            request,
            stream=stream,
            timeout=timeout,
            verify=verify,
            cert=cert,
            proxies=proxies,
        )

    def _origins(self, url: str) -> list[str]:
        """The absolute URL prefixes that stand for the recorded server (longest first)."""
        origins = {_origin(url) + self._base_path}
        if self._base_origin:
            origins.add(self._base_origin + self._base_path)
        return sorted(origins, key=len, reverse=True)

    def _record(
        self,
        recording: Recording,
        request: PreparedRequest,
        **kwargs: Any,
    ) -> Response:
        url = request.url or ""
        headers = request.headers
        secrets: list[tuple[str, str]] = []
        signature = signature_of(
            request.method or "GET",
            url,
            request.body,
            headers.get("Content-Type", ""),
            base_path=self._base_path,
            sensitive=self._sensitive,
            secrets=secrets,
        )
        secrets.extend(secrets_from_request_headers(headers.items()))
        response = self.real.send(request, **kwargs)
        # Read as the transport would: within the call's deadline and the size cap.
        read_body(response, current_deadline() or math.inf, self._max_body)
        body = response.content or b""
        origins = self._origins(url)
        for origin in origins:
            body = body.replace(origin.encode("utf-8"), _PLACEHOLDER_BYTES)
        raw_headers = getattr(response.raw, "headers", None)
        pairs = raw_headers.items() if raw_headers is not None else response.headers.items()
        kept: list[tuple[str, str]] = []
        for name, value in pairs:
            canonical = SAFE_RESPONSE_HEADERS.get(name.lower())
            if canonical is None:
                continue
            for origin in origins:
                value = value.replace(origin, ORIGIN_PLACEHOLDER)
            kept.append((canonical, value))
        recording.append(
            Interaction(
                request=signature,
                request_headers=tuple(
                    (SAFE_REQUEST_HEADERS[name.lower()], value)
                    for name, value in headers.items()
                    if name.lower() in SAFE_REQUEST_HEADERS
                ),
                response=RecordedResponse(
                    status=response.status_code,
                    reason=response.reason or "",
                    headers=tuple(kept),
                    body=body,
                ),
                secrets=tuple(secrets),
            )
        )
        return response

    def _template(self, stored: RecordedResponse, origin: str) -> _Template:
        cache_key = (stored, origin)
        template = self._templates.get(cache_key)
        if template is not None:
            return template
        target = origin.encode("utf-8")
        body = stored.body.replace(_PLACEHOLDER_BYTES, target)
        headers = [
            (name, value.replace(ORIGIN_PLACEHOLDER, origin)) for name, value in stored.headers
        ]
        headers.append(("Content-Length", str(len(body))))
        cookie_lines = "".join(f"{n}: {v}\r\n" for n, v in headers if n == "Set-Cookie")
        msg = (
            http.client.parse_headers(
                io.BytesIO(cookie_lines.encode("latin-1", errors="replace") + b"\r\n")
            )
            if cookie_lines
            else _NO_COOKIES
        )
        template = _Template(
            headers=tuple(headers), body=body, msg=msg, sets_cookies=bool(cookie_lines)
        )
        self._templates[cache_key] = template
        return template

    def _replay(self, recording: Recording, request: PreparedRequest, stream: bool) -> Response:
        url = request.url or ""
        signature = signature_of(
            request.method or "GET",
            url,
            request.body,
            request.headers.get("Content-Type", ""),
            base_path=self._base_path,
            sensitive=self._sensitive,
        )
        stored = recording.take(signature).response
        template = self._template(stored, _origin(url) + self._base_path)
        header_dict = urllib3.HTTPHeaderDict()
        for name, value in template.headers:
            header_dict.add(name, value)
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(template.body),
            headers=header_dict,
            status=stored.status,
            reason=stored.reason,
            preload_content=False,
            decode_content=False,
            original_response=_OriginalResponse(template.msg),  # type: ignore[arg-type]
            request_method=request.method,
            request_url=url,
        )
        response = Response()
        response.status_code = stored.status
        response.headers = CaseInsensitiveDict(header_dict)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = raw
        response.reason = stored.reason
        response.url = url
        if template.sets_cookies:
            extract_cookies_to_jar(response.cookies, request, raw)  # type: ignore[no-untyped-call]
        response.request = request
        response.connection = self  # type: ignore[assignment]  # stubs say HTTPAdapter
        if not stream:
            # What requests would do next anyway: read the whole body (no urllib3 round trip).
            response._content = template.body
            response._content_consumed = True  # type: ignore[attr-defined]
        return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
