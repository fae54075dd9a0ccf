"""A tiny HTTP(S) server for tests that look at what the CLI sends (credentials, TLS)."""

from __future__ import annotations

import base64
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Capture(ThreadingHTTPServer):
    """Answers every GET with an empty job list and keeps the credentials it was sent."""

    scheme = "http"

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str | None] = []

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    server: Capture

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization")
        self.server.seen.append(base64.b64decode(auth.split()[1]).decode() if auth else None)
        body = json.dumps({"_class": "hudson.model.Hudson", "jobs": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[Capture]:
    """Run a :class:`Capture` server in a thread (over TLS with ``tls``)."""
    server = Capture()
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        server.scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
