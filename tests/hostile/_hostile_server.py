"""Plain stdlib socket servers that misbehave on purpose (what the emulator cannot produce).

``HostileServer(handler)`` accepts connections on 127.0.0.1 in a daemon thread and calls
``handler(conn, request)`` for every request read from a connection, where ``request`` is a
:class:`Seen` (method, target, headers, body). The handler writes whatever bytes it likes (or
nothing at all) and returns ``True`` to keep the connection open for another request. Every
request is also kept in ``server.seen``. ``stop()`` closes the listener and every connection, so
handlers that stall (``server.stopping.wait()``) end at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Seen:
    """One request as the server read it."""

    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


Handler = Callable[[socket.socket, Seen, "HostileServer"], bool]


def http_response(
    status: int = 200,
    body: bytes = b"",
    headers: list[tuple[str, str]] | None = None,
    *,
    length: int | None = None,
    reason: str = "OK",
) -> bytes:
    """Raw HTTP/1.1 response bytes; ``length`` overrides the Content-Length (to lie)."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    names = {name.lower() for name, _ in headers or []}
    lines += [f"{name}: {value}" for name, value in headers or []]
    if "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class HostileServer:
    """A loopback server running ``handler`` for each request (see the module docstring)."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self.connections = 0
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True, name="hostile")
        self._thread.start()

    @property
    def url(self) -> str:
        """The base URL (``http://127.0.0.1:PORT/``)."""
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Close the listener and every connection; stalled handlers wake up."""
        self.stopping.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        self._thread.join(timeout=2)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._socks.append(conn)
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self.stopping.is_set():
                seen = _read_request(reader)
                if seen is None:
                    return
                with self._lock:
                    self.seen.append(seen)
                if not self.handler(conn, seen, self):
                    return
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):
                reader.close()
            with contextlib.suppress(OSError):
                conn.close()


def _read_request(reader: object) -> Seen | None:
    readline = reader.readline  # type: ignore[attr-defined]
    line = readline(65537)
    if not line:
        return None
    parts = line.decode("latin-1").split()
    if len(parts) < 2:
        return None
    headers: dict[str, str] = {}
    while True:
        header = readline(65537)
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    length = int(headers.get("content-length", "0") or 0)
    if length:
        body = reader.read(length)  # type: ignore[attr-defined]
    return Seen(parts[0], parts[1], headers, body)


def answer(raw: bytes, *, close: bool = False) -> Handler:
    """A handler answering every request with the same raw bytes."""

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        conn.sendall(raw)
        return not close

    return handler
