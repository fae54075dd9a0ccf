"""A tiny loopback "Jenkins" for the core's socket-level tests (crumbs, cookies, pool, retries).

Only what the core needs: Basic auth with passwords and API tokens, a crumb issuer whose crumbs are
bound to the session cookie (as Jenkins >= 2.176.2), CSRF on/off, API-token crumb exemption,
scripted status sequences with Retry-After, connection resets, and counters of connections,
crumb fetches and hits. The full emulator lives in ``jenkins_sdk.testing``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CONTEXT = "/jenkins/"
COOKIE = "JSESSIONID.c0re1234"
REFUSED_PAGE = (
    b"<html><head><title>Error 403 No valid crumb was included in the request</title></head>"
    b"<body><h2>HTTP ERROR 403 No valid crumb was included in the request</h2></body></html>"
)


class MiniJenkins:
    """State and counters of the loopback server (all access under ``lock``)."""

    def __init__(self, *, csrf: bool = True) -> None:
        self.lock = threading.Lock()
        self.csrf = csrf
        self.users: dict[str, tuple[str, str]] = {"alice": ("alice-password", "a" * 34)}
        self.sessions: dict[str, str] = {}  # session id -> user
        self.connections = 0
        self.crumb_fetches = 0
        self.hits: Counter[str] = Counter()
        self.posts_ok = 0
        self.post_cookies: list[str | None] = []
        self.script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.reset_on: Counter[str] = Counter()
        self.issuer_gate: threading.Event | None = None
        self.issuer_entered = threading.Event()
        self.salt = secrets.token_hex(8)
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Base URL including the context path."""
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{CONTEXT}"

    def crumb_for(self, user: str, session: str) -> str:
        """The crumb Jenkins would issue to ``user`` in ``session``."""
        return hashlib.sha256(f"{user};{session}{self.salt}".encode()).hexdigest()

    def expire_sessions(self) -> None:
        """Forget every session (as a restart or session timeout would)."""
        with self.lock:
            self.sessions.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: avoid delayed-ACK stalls
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.state.lock:
            self.server.state.connections += 1

    def log_message(self, format: str, *args: Any) -> None:
        return

    # --- helpers ------------------------------------------------------------------------------

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Jenkins", "2.541.3")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(200, json.dumps(data).encode(), "application/json;charset=UTF-8", headers)

    def _user(self) -> tuple[str | None, bool, bool]:
        """(user, by_token, bad) from the Authorization header."""
        header = self.headers.get("Authorization")
        if not header:
            return None, False, False
        try:
            user, _, secret = base64.b64decode(header.split(" ", 1)[1]).decode().partition(":")
        except (ValueError, IndexError):
            return None, False, True
        password, token = self.server.state.users.get(user, (None, None))
        if secret == token:
            return user, True, False
        if secret == password:
            return user, False, False
        return None, False, True

    def _session(self) -> str | None:
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                return value
        return None

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _scripted(self, path: str) -> bool:
        state = self.server.state
        with state.lock:
            state.hits[path] += 1
            if state.reset_on[path] > 0:
                state.reset_on[path] -= 1
                reset = True
            else:
                reset = False
            steps = state.script.get(path)
            step = steps.pop(0) if steps else None
        if reset:
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if step is not None:
            status, headers = step
            self._send(
                status,
                b"<html>Please wait while Jenkins is restarting</html>",
                "text/html",
                headers,
            )
            return True
        return False

    # --- routes -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        state = self.server.state
        path = self.path.split("?", 1)[0]
        if not path.startswith(CONTEXT):
            self._send(404, b"<html>Not Found</html>", "text/html")
            return
        route = path[len(CONTEXT) :]
        user, _by_token, bad = self._user()
        if bad:
            self._send(
                401,
                b"<html>Unauthorized</html>",
                "text/html",
                {"WWW-Authenticate": 'Basic realm="Jenkins"'},
            )
            return
        if self._scripted(route):
            return
        if route == "api/json":
            self._json({"_class": "hudson.model.Hudson", "mode": "NORMAL", "useCrumbs": state.csrf})
        elif route == "crumbIssuer/api/json":
            state.issuer_entered.set()
            if state.issuer_gate is not None:
                state.issuer_gate.wait(10)
            if not state.csrf:
                with state.lock:
                    state.crumb_fetches += 1
                self._send(404, b"<html>Not Found</html>", "text/html")
                return
            session = self._session()
            headers: dict[str, str] = {}
            with state.lock:
                state.crumb_fetches += 1
                if session is None or session not in state.sessions:
                    session = secrets.token_hex(12)
                    state.sessions[session] = user or "anonymous"
                    headers["Set-Cookie"] = f"{COOKIE}={session}; Path=/; HttpOnly"
            crumb = state.crumb_for(user or "anonymous", session)
            self._json(
                {
                    "_class": "hudson.security.csrf.DefaultCrumbIssuer",
                    "crumb": crumb,
                    "crumbRequestField": "Jenkins-Crumb",
                },
                headers,
            )
        else:
            self._json({"path": route})

    def do_POST(self) -> None:
        state = self.server.state
        self._body()
        path = self.path.split("?", 1)[0]
        route = path[len(CONTEXT) :]
        user, by_token, bad = self._user()
        if bad:
            self._send(401, b"<html>Unauthorized</html>", "text/html")
            return
        if self._scripted(route):
            return
        session = self._session()
        with state.lock:
            state.post_cookies.append(session)
            valid_session = session is not None and session in state.sessions
        if state.csrf and not by_token:
            crumb = self.headers.get("Jenkins-Crumb")
            expected = (
                state.crumb_for(user or "anonymous", session) if valid_session and session else None
            )
            if crumb is None or crumb != expected:
                self._send(403, REFUSED_PAGE, "text/html;charset=ISO-8859-1")
                return
        with state.lock:
            state.posts_ok += 1
            number = state.posts_ok
        self._send(
            201, b"", "text/plain", {"Location": f"{self.server.state.url}queue/item/{number}/"}
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: MiniJenkins) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), _Handler)


@contextmanager
def mini_jenkins(*, csrf: bool = True) -> Iterator[MiniJenkins]:
    """Run a :class:`MiniJenkins` on 127.0.0.1 (random port) for a ``with`` block."""
    state = MiniJenkins(csrf=csrf)
    server = _Server(state)
    state.server = server
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        if state.issuer_gate is not None:
            state.issuer_gate.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
