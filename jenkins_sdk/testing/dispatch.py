"""Request dispatch: faults, authentication, CSRF, the common headers and the request log."""

from __future__ import annotations

import email.utils
import threading
import time
import traceback
from collections import deque
from typing import TYPE_CHECKING, cast

from jenkins_sdk.testing import pages
from jenkins_sdk.testing.auth import CRUMB_FIELD, BadCredentials, Identity
from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.counters import LoggedRequest
from jenkins_sdk.testing.faults import Fault
from jenkins_sdk.testing.routes import TABLE, Ctx, lifecycle, route
from jenkins_sdk.testing.routes.common import HTML_TYPE, from_error
from jenkins_sdk.testing.server import EmulatorHandler, Request, ResetConnection, Response
from jenkins_sdk.testing.state import EmulatorError

if TYPE_CHECKING:
    from jenkins_sdk.testing.emulator import JenkinsEmulator

#: Pages anonymous users may always see (``Jenkins.ALWAYS_READABLE_PATHS``).
ALWAYS_READABLE = frozenset(
    {
        "login",
        "loginError",
        "logout",
        "signup",
        "accessDenied",
        "error",
        "oops",
        "404",
        "adjuncts",
        "securityRealm",
        "whoAmI",
        "static",
    }
)
_JETTY_HTML = "text/html;charset=iso-8859-1"


class RequestDispatch(EmulatorParts):
    """Serves one request: what ``JenkinsEmulator`` hands its HTTP server."""

    host: str
    port: int
    version: str
    context_path: str
    session_hash: str
    request_log: deque[LoggedRequest]
    errors: list[str]
    _stopping: threading.Event

    def session_for(self, ctx: Ctx) -> str:
        """The web session of a request, created (with Set-Cookie) when missing."""
        sid, created = self.auth.session_for(ctx.req.cookies.get(self.auth.cookie_name), ctx.ident)
        if created:
            ctx.req.cookies[self.auth.cookie_name] = sid
            ctx.new_cookie = sid
        return sid

    def is_admin(self, ident: Identity) -> bool:
        """Whether ``ident`` has Overall/Administer."""
        user = self.auth.users.get(ident.user or "")
        return user is not None and user.admin

    def login_required(self, req: Request) -> Response:
        """The anonymous 403 "Authentication required" page with its headers."""
        headers = [
            ("X-You-Are-Authenticated-As", "anonymous"),
            ("X-Required-Permission", "hudson.model.Hudson.Read"),
            ("X-Permission-Implied-By", "hudson.security.Permission.GenericRead"),
            ("X-Permission-Implied-By", "hudson.model.Hudson.Administer"),
        ]
        if req.header("X-Requested-With") == "XMLHttpRequest":
            return Response(403, b"", HTML_TYPE, headers)
        return Response(
            403, pages.login_required(self.context_path, req.raw_path), HTML_TYPE, headers
        )

    def check_errors(self) -> None:
        """Raise AssertionError if a server thread hit an unexpected exception."""
        if self.errors:
            raise AssertionError("emulator errors:\n" + "\n".join(self.errors))

    # ------------------------------------------------------------ internals
    def _early_fault(self, fault: Fault, req: Request, handler: EmulatorHandler) -> Response | None:
        if fault.kind == "reset_before":
            raise ResetConnection
        if fault.kind == "slow":
            self._stopping.wait(fault.delay)
            return None
        req.body = handler.read_body()
        if fault.kind == "restart":
            return Response(
                503,
                pages.restarting(fault.starting),
                HTML_TYPE,
                [("Expires", "0"), ("Cache-Control", "no-cache,no-store,must-revalidate")],
            )
        if fault.kind == "http":
            return _proxy_page(fault)
        return Response(fault.status or 500, pages.oops("emulated failure"), HTML_TYPE)

    def _split_context(self, req: Request) -> tuple[str, bool]:
        """(path inside the context, whether the request is outside the context path)."""
        path = req.raw_path
        ctxp = self.context_path
        if not ctxp:
            return path, False
        if path == ctxp or path.startswith(ctxp + "/"):
            return path[len(ctxp) :], False
        return path, True

    def _dispatch(self, req: Request, handler: EmulatorHandler) -> Response | None:
        t0 = time.perf_counter()
        path, outside = self._split_context(req)
        req.segments = [s for s in path.split("/") if s]
        now = self.clock.now_ms()
        ident = Identity(None, "anonymous")
        gated = lifecycle.gate(cast("JenkinsEmulator", self), req)
        if gated is not None:  # restarting or starting: Jenkins' own 503 page, nothing else
            gated.headers.append(("Date", _http_date(now)))
            req.body = handler.read_body()
            self._log(req, path, gated, ident, t0)
            return gated
        resp: Response | None = None
        new_cookie: str | None = None
        fault = self.faults.pick("early", req.method, path, now)
        if fault is not None:
            resp = self._early_fault(fault, req, handler)
        if resp is None:
            req.body = handler.read_body()
            try:
                ident = self.auth.authenticate(req.header("Authorization"))
            except BadCredentials:
                resp = _bad_credentials(req)
        if resp is None and outside:
            resp = Response(404, pages.not_found(), HTML_TYPE)
        if resp is None:
            resp, new_cookie = self._serve(req, ident)
        late = self.faults.pick("late", req.method, path, now)
        self._decorate(resp, new_cookie)
        self._log(req, path, resp, ident, t0)
        if late is not None:
            if late.kind == "reset_after":
                raise ResetConnection
            if late.kind == "http_after":  # handled above; the proxy's own page goes back
                page = _proxy_page(late)
                page.headers.append(("Date", _http_date(now)))
                return page
            size = len(resp.body) if resp.stream is None else (resp.length or 1 << 20)
            handler.write_response(resp, truncate_to=max(0, int(size * late.keep_fraction)))
            return None
        return resp

    def _decorate(self, resp: Response, new_cookie: str | None) -> None:
        """Jenkins' headers on every answer, and the session cookie when one was created."""
        resp.headers.extend(
            [
                ("Server", "Jetty(12.1.5)"),
                ("X-Content-Type-Options", "nosniff"),
                ("X-Jenkins", self.version),
                ("X-Jenkins-Session", self.session_hash),
                ("X-Hudson", "1.395"),
                ("Date", _http_date(self.clock.now_ms())),  # Jetty dates every answer
            ]
        )
        if new_cookie is not None:
            resp.headers.append(
                (
                    "Set-Cookie",
                    f"{self.auth.cookie_name}={new_cookie}; Path={self.context_path or '/'}; "
                    "HttpOnly; SameSite=Lax",
                )
            )

    def _log(self, req: Request, path: str, resp: Response, ident: Identity, t0: float) -> None:
        with self.counters.lock:
            self.counters.requests[path] += 1
            self.counters.statuses[resp.status] += 1
        elapsed = (time.perf_counter() - t0) * 1000
        self.request_log.append(
            LoggedRequest(req.method, path, req.query_string, resp.status, ident.user, elapsed)
        )

    def _serve(self, req: Request, ident: Identity) -> tuple[Response, str | None]:
        root = f"http://{self.host}:{self.port}{self.context_path}/"
        ctx = Ctx(cast("JenkinsEmulator", self), req, ident, root)
        try:
            if req.method == "POST" and not self._crumb_ok(req, ident):
                msg = "No valid crumb was included in the request"
                return Response(403, pages.jetty_error(403, msg, req.raw_path), _JETTY_HTML), None
            head = req.segments[0] if req.segments else ""
            if ident.anonymous and not self.auth.anonymous_read and head not in ALWAYS_READABLE:
                return self.login_required(req), None
            with self.state.lock:
                self.state.tick()
                resp = route(ctx)
        except EmulatorError as exc:
            resp = from_error(exc)
        except Exception as exc:  # an emulator bug: fail the test that caused it
            self.errors.append(f"{req.method} {req.target}: {exc!r}\n{traceback.format_exc()}")
            resp = Response(500, pages.oops(repr(exc)), HTML_TYPE)
        return resp, ctx.new_cookie

    def _crumb_ok(self, req: Request, ident: Identity) -> bool:
        if not self.auth.csrf or ident.via == "token":
            return True
        if req.segments and req.segments[0] in TABLE.crumb_exempt:
            return True
        crumb = req.header(CRUMB_FIELD)
        if crumb is None:
            values = req.query.get(CRUMB_FIELD)
            if not values and req.content_type == "application/x-www-form-urlencoded":
                values = req.form.get(CRUMB_FIELD)
            crumb = values[0] if values else None
        sid = req.cookies.get(self.auth.cookie_name)
        return self.auth.check_crumb(ident, sid, crumb)


def _bad_credentials(req: Request) -> Response:
    """Jetty's 401 for a wrong password or token."""
    return Response(
        401,
        pages.jetty_error(401, "Unauthorized", req.raw_path),
        _JETTY_HTML,
        [
            ("WWW-Authenticate", 'Basic realm="Jenkins"'),
            ("Cache-Control", "must-revalidate,no-cache,no-store"),
        ],
    )


def _http_date(now_ms: int) -> str:
    """``now_ms`` (the emulator's clock) as an HTTP date, as Jetty writes ``Date``."""
    return email.utils.formatdate(now_ms / 1000.0, usegmt=True)


def _proxy_page(fault: Fault) -> Response:
    """A reverse proxy's own error page (nginx style), with ``Retry-After`` when armed."""
    headers = [("Server", "nginx/1.27.5")]
    if fault.retry_after is not None:
        headers.append(("Retry-After", fault.retry_after))
    reason = {503: "Service Temporarily Unavailable", 429: "Too Many Requests"}.get(
        fault.status, "Bad Gateway"
    )
    return Response(fault.status, pages.proxy_error(fault.status, reason), "text/html", headers)
