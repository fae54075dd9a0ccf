"""Fixtures for the simulation tests: a tiny loopback fake Jenkins and helpers to drive it.

The fake is a stdlib ``ThreadingHTTPServer``. It issues a session cookie with every crumb, checks
the crumb/session pair on POST (403 otherwise, like Jenkins), grows a console log on each read and
serves binary artifacts, gzip bodies and redirects. Paths may carry a ``/ctx`` context prefix.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter

from jenkins_sdk.simulation import SimulationAdapter, SimulationMode

PASSWORD = "s3cret-Passw0rd"
USER = "alice"
ARTIFACT = bytes(range(256)) * 4 + b"\xff\xfe\x00binary-tail"
CONSOLE_CHUNKS = ["Started by user alice\n", "Building...\n", "Finished: SUCCESS\n"]


class FakeJenkins:
    """State shared by the handler threads; counts requests so tests can assert on traffic."""

    password = PASSWORD
    user = USER
    artifact = ARTIFACT
    console_chunks = CONSOLE_CHUNKS

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.sessions: dict[str, str] = {}  # session id -> crumb
        self.next_session = 0
        self.queue_polls = 0
        self.console_reads = 0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def new_session(self) -> tuple[str, str]:
        with self.lock:
            self.next_session += 1
            session = hashlib.sha256(f"session{self.next_session}".encode()).hexdigest()[:26]
            crumb = hashlib.sha256(f"crumb{self.next_session}".encode()).hexdigest()
            self.sessions[session] = crumb
        return session, crumb

    @staticmethod
    def crumb_headers(session: requests.Session, base: str) -> dict[str, str]:
        """Fetch a crumb (which also sets the session cookie) and return the header to send."""
        data = session.get(f"{base}/crumbIssuer/api/json").json()
        return {str(data["crumbRequestField"]): str(data["crumb"])}


def _make_handler(state: FakeJenkins) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without this, Nagle + delayed ACK add 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json;charset=utf-8",
            headers: list[tuple[str, str]] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("X-Jenkins", "2.541.3")
            self.send_header("X-Jenkins-Session", "deadbeef")
            for name, value in headers or []:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(
            self, status: int, data: Any, headers: list[tuple[str, str]] | None = None
        ) -> None:
            self._send(status, json.dumps(data).encode(), headers=headers)

        def _base(self) -> str:
            ctx = "/ctx" if self.path.startswith("/ctx/") else ""
            return f"http://{self.headers['Host']}{ctx}"

        def _route(self) -> tuple[str, dict[str, list[str]]]:
            parts = urlsplit(self.path)
            path = parts.path[4:] if parts.path.startswith("/ctx/") else parts.path
            return path, parse_qs(parts.query, keep_blank_values=True)

        def do_GET(self) -> None:
            with state.lock:
                state.requests += 1
            path, query = self._route()
            base = self._base()
            if path == "/crumbIssuer/api/json":
                session, crumb = state.new_session()
                cookie = f"JSESSIONID.1a2b3c4d={session}; Path=/; HttpOnly"
                data = {"crumb": crumb, "crumbRequestField": "Jenkins-Crumb"}
                self._json(200, data, headers=[("Set-Cookie", cookie), ("Set-Cookie", "b=2")])
            elif path == "/job/app/api/json":
                data = {"name": "app", "url": f"{base}/job/app/", "tree": query.get("tree")}
                self._json(200, data)
            elif path == "/queue/item/7/api/json":
                with state.lock:
                    state.queue_polls += 1
                    polls = state.queue_polls
                executable = None if polls < 3 else {"number": 1, "url": f"{base}/job/app/1/"}
                self._json(200, {"id": 7, "executable": executable, "why": "waiting"})
            elif path == "/job/app/1/logText/progressiveText":
                with state.lock:
                    state.console_reads += 1
                    reads = min(state.console_reads, len(CONSOLE_CHUNKS))
                text = "".join(CONSOLE_CHUNKS[:reads]).encode()
                start = int(query.get("start", ["0"])[0])
                more = [("X-More-Data", "true")] if reads < len(CONSOLE_CHUNKS) else []
                self._send(
                    200,
                    text[start:],
                    "text/plain;charset=utf-8",
                    [("X-Text-Size", str(len(text))), *more],
                )
            elif path == "/job/app/1/artifact/out.bin":
                self._send(200, ARTIFACT, "application/octet-stream")
            elif path == "/gzip":
                self._send(
                    200, gzip.compress(b'{"zipped": true}'), headers=[("Content-Encoding", "gzip")]
                )
            elif path == "/redir":
                self._send(302, b"", "text/html", [("Location", f"{base}/job/app/api/json")])
            elif path == "/me/api/json":
                self._json(200, {"id": USER, "echo": self.headers.get("Authorization", "")})
            else:
                self._send(404, b"<html>Not Found</html>", "text/html")

        def do_POST(self) -> None:
            with state.lock:
                state.requests += 1
            path, _ = self._route()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            cookie = self.headers.get("Cookie", "")
            session = cookie.partition("JSESSIONID.1a2b3c4d=")[2].split(";")[0]
            crumb = self.headers.get("Jenkins-Crumb")
            if not crumb or state.sessions.get(session) != crumb:
                self._send(
                    403, b"<html>No valid crumb was included in the request</html>", "text/html"
                )
                return
            if path == "/job/app/buildWithParameters":
                self._send(201, b"", "text/plain", [("Location", f"{self._base()}/queue/item/7/")])
            elif path == "/echo":
                self._send(200, body, self.headers.get("Content-Type", "text/plain"))
            else:
                self._send(404, b"", "text/html")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 16 threads connecting at once overflow the default backlog of 5


@contextlib.contextmanager
def _start_fake() -> Iterator[FakeJenkins]:
    state = FakeJenkins()
    server = _Server(("127.0.0.1", 0), _make_handler(state))
    state.server = server
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def start_fake() -> Callable[[], contextlib.AbstractContextManager[FakeJenkins]]:
    """A factory for more fake servers (``with start_fake() as other: ...``)."""
    return _start_fake


@pytest.fixture
def fake_jenkins() -> Iterator[FakeJenkins]:
    """A fresh fake Jenkins on 127.0.0.1:<random port>."""
    with _start_fake() as state:
        yield state


SessionFactory = Callable[..., tuple[requests.Session, SimulationAdapter]]


@pytest.fixture
def make_session() -> Iterator[SessionFactory]:
    """Build a ``requests.Session`` with a SimulationAdapter mounted on http:// and https://."""
    made: list[requests.Session] = []

    def factory(
        mode: SimulationMode | str = SimulationMode.DISABLED,
        path: Path | None = None,
        pool_maxsize: int = 10,
        **options: Any,
    ) -> tuple[requests.Session, SimulationAdapter]:
        real = HTTPAdapter(pool_maxsize=pool_maxsize)
        adapter = SimulationAdapter(real, mode=mode, path=str(path) if path else None, **options)
        session = requests.Session()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.auth = (USER, PASSWORD)
        made.append(session)
        return session, adapter

    yield factory
    for session in made:
        session.close()
