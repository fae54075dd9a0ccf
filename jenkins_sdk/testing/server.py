"""The HTTP layer: a threaded HTTP/1.1 keep-alive server with cheap request and response objects.

Responses are written with one ``sendall`` for small bodies (headers and body together, with
TCP_NODELAY), and streamed in >= 64 KiB chunks (Content-Length when known, chunked otherwise) for
logs and artifacts, so nothing large is ever built in memory.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from jenkins_sdk.testing.messages import Headers, Request, Response

__all__ = [
    "Dispatch",
    "EmulatorHTTPServer",
    "EmulatorHandler",
    "Headers",
    "Request",
    "ResetConnection",
    "Response",
]

_REASONS = {s.value: s.phrase for s in HTTPStatus}


Dispatch = Callable[["Request", "EmulatorHandler"], "Response | None"]


class EmulatorHTTPServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` that counts connections and bytes and hands requests to ``app``."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], dispatch: Dispatch) -> None:
        super().__init__(address, EmulatorHandler)
        self.dispatch = dispatch
        self.counter_lock = threading.Lock()
        self.connections = 0
        self.bytes_sent = 0
        self.bytes_aborted = 0
        self.open_sockets: set[socket.socket] = set()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Count every accepted TCP connection."""
        with self.counter_lock:
            self.connections += 1
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the socket when its thread ends."""
        with self.counter_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def close_all(self) -> None:
        """Close every open client connection (used on stop)."""
        with self.counter_lock:
            socks = list(self.open_sockets)
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


class ResetConnection(Exception):
    """Raised by the app to reset the TCP connection (RST) instead of answering."""


class EmulatorHandler(BaseHTTPRequestHandler):
    """Reads requests, calls the app, writes responses (keep-alive)."""

    protocol_version = "HTTP/1.1"
    server: EmulatorHTTPServer
    timeout = 300
    _counted = 0

    def setup(self) -> None:
        """Disable Nagle so small responses leave at once."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the stdlib access log (the emulator keeps its own request log)."""

    def read_body(self) -> bytes:
        """The request body (Content-Length or chunked)."""
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return b""

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def handle_one_request(self) -> None:
        """Read one request and answer it."""
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > 65536:
                self.send_error(414)
                return
            if not self._parse_fast():
                return
            try:
                response = self.server.dispatch(self._request(), self)
            except ResetConnection:
                self.reset()
                return
            if response is not None:
                self.write_response(response)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    def _parse_fast(self) -> bool:
        """Parse the request line and headers (a lean replacement for ``parse_request``)."""
        line = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        self.requestline = line
        parts = line.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self.command = ""
            self.request_version = "HTTP/1.0"
            self.close_connection = True
            self.send_error(400, "Bad request syntax")
            return False
        self.command, self.path, self.request_version = parts
        headers = Headers()
        count = 0
        while True:
            raw = self.rfile.readline(65537)
            if raw in (b"\r\n", b"\n", b""):
                break
            count += 1
            if count > 200 or len(raw) > 65536:
                self.close_connection = True
                self.send_error(431)
                return False
            name, _, value = raw.decode("latin-1").partition(":")
            headers.add(name.strip(), value.strip())
        self.headers = headers  # type: ignore[assignment]
        conn = (headers.get("Connection") or "").lower()
        if conn == "close":
            self.close_connection = True
        elif self.request_version == "HTTP/1.1" or conn == "keep-alive":
            self.close_connection = False
        else:
            self.close_connection = True
        return True

    def _request(self) -> Request:
        return Request(self.command, self.path, self.headers, b"", self.client_address[0])

    def write_response(self, resp: Response, truncate_to: int | None = None) -> None:
        """Send ``resp``; with ``truncate_to`` only that many body bytes, then close."""
        head_only = self.command == "HEAD"
        lines = [f"HTTP/1.1 {resp.status} {_REASONS.get(resp.status, 'Unknown')}"]
        lines.extend(f"{k}: {_sanitised(v)}" for k, v in resp.headers)
        chunked = False
        if resp.stream is None:
            lines.append(f"Content-Length: {len(resp.body)}")
        elif resp.length is not None:
            lines.append(f"Content-Length: {resp.length}")
        else:
            chunked = True
            lines.append("Transfer-Encoding: chunked")
        if self.close_connection or truncate_to is not None:
            lines.append("Connection: close")
            self.close_connection = True
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self._counted = 0
        try:
            if resp.stream is None:
                body = b"" if head_only else resp.body
                if truncate_to is not None:
                    body = body[:truncate_to]
                self._send(head + body)
            else:
                self._send(head)
                if not head_only:
                    self._stream(resp.stream, chunked, truncate_to)
        except OSError:
            # the client went away mid-response: what was counted moves to bytes_aborted
            server = self.server
            with server.counter_lock:
                server.bytes_sent -= self._counted
                server.bytes_aborted += self._counted
            raise
        if truncate_to is not None:
            self.reset()

    def _send(self, data: bytes) -> None:
        """Count ``data`` in ``bytes_sent``, then write it.

        Counting first means the counter already holds every byte of a response by the time
        the client can read its last one (a client that exits at once still sees it settled)."""
        server = self.server
        with server.counter_lock:
            server.bytes_sent += len(data)
        self._counted += len(data)
        self.connection.sendall(data)

    def _stream(self, stream: Iterable[bytes], chunked: bool, limit: int | None) -> None:
        body = 0
        buf: list[bytes] = []
        pending = 0
        for chunk in _coalesce(stream):
            if limit is not None:
                if body >= limit:
                    break
                chunk = chunk[: limit - body]
            body += len(chunk)
            if chunked:
                buf.append(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            else:
                buf.append(chunk)
            pending += len(chunk)
            if pending >= 65536:
                self._send(b"".join(buf))
                buf.clear()
                pending = 0
        if chunked and limit is None:
            buf.append(b"0\r\n\r\n")
        if buf:
            self._send(b"".join(buf))


def _sanitised(value: str) -> str:
    """Jetty's ``HttpGenerator.putSanitisedValue``: characters beyond Latin-1 (and CR/LF) are
    written as spaces."""
    if value.isascii() and value.isprintable():
        return value
    return "".join(" " if ord(c) > 0xFF or c in "\r\n" else c for c in value)


def _coalesce(stream: Iterable[bytes], target: int = 65536) -> Iterator[bytes]:
    """Merge small chunks so that every write is at least ``target`` bytes (but the last)."""
    buf: list[bytes] = []
    size = 0
    for chunk in stream:
        if not chunk:
            continue
        if not buf and len(chunk) >= target:
            yield chunk
            continue
        buf.append(chunk)
        size += len(chunk)
        if size >= target:
            yield b"".join(buf)
            buf.clear()
            size = 0
    if buf:
        yield b"".join(buf)
