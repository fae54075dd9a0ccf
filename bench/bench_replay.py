"""Benchmark: replaying recorded exchanges vs live loopback HTTP, through a ``requests.Session``.

Run: ``python bench/bench_replay.py [--calls N]`` (default 10,000). On one thread it:

1. starts a stdlib ``ThreadingHTTPServer`` on 127.0.0.1 that answers small Jenkins-like JSON;
2. measures the live rate: N GETs through a Session whose adapter is DISABLED (pass-through);
3. records N exchanges (a mix of distinct job URLs and repeated queue polls) into a file;
4. replays all N from that file through a fresh Session and adapter in REPLAY mode, once with
   ``trust_env=False`` (the target row) and once with requests' default ``trust_env=True``;
5. for scale, runs the same calls through a Session whose adapter does nothing at all.

It prints calls/s side by side; the target for replay is >= 3,000 calls/s. With
``trust_env=True`` requests scans the environment for proxy settings on every call, which on a
slow core costs as much as the whole replay; that floor is requests', not the adapter's.
"""

from __future__ import annotations

import argparse
import json
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.models import PreparedRequest, Response

from jenkins_sdk.simulation import SimulationAdapter, SimulationMode

TARGET = 3000.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        host = self.headers["Host"]
        body = json.dumps(
            {
                "_class": "hudson.model.FreeStyleProject",
                "url": f"http://{host}{self.path}",
                "color": "blue",
                "number": len(self.path),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("X-Jenkins", "2.541.3")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _paths(calls: int) -> list[str]:
    """Every fifth call polls the same queue item; the rest read 500 distinct jobs."""
    return [
        "/queue/item/1/api/json" if i % 5 == 0 else f"/job/app-{i % 500}/api/json?tree=url,color"
        for i in range(calls)
    ]


class _NullAdapter(BaseAdapter):
    """Answers every request with an empty 200 and no I/O: the cost of requests itself."""

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        response = Response()
        response.status_code = 200
        response._content = b"{}"
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        return None


def _session(
    mode: SimulationMode, path: Path | None, *, trust_env: bool = True
) -> tuple[requests.Session, SimulationAdapter]:
    adapter = SimulationAdapter(HTTPAdapter(), mode=mode, path=str(path) if path else None)
    session = requests.Session()
    session.trust_env = trust_env
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session, adapter


def _rate(session: requests.Session, base: str, paths: list[str]) -> float:
    get: Callable[..., requests.Response] = session.get
    start = time.perf_counter()
    for path in paths:
        reply = get(base + path)
        reply.content  # noqa: B018 - read the body, as a caller would
    return len(paths) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the rates; exit 1 when replay misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=10_000, help="exchanges to replay")
    args = parser.parse_args(argv)
    paths = _paths(args.calls)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            recording = Path(tmp) / "bench.json"
            session, _ = _session(SimulationMode.DISABLED, None)
            live = _rate(session, base, paths)
            session.close()
            session, adapter = _session(SimulationMode.RECORD, recording)
            recorded = _rate(session, base, paths)
            adapter.close()
            session.close()
            session, adapter = _session(SimulationMode.REPLAY, recording, trust_env=False)
            replay = _rate(session, "http://replay.invalid:1", paths)
            session.close()
            session, adapter = _session(SimulationMode.REPLAY, recording)
            replay_env = _rate(session, "http://replay.invalid:1", paths)
            session.close()
            floors = []
            for trust_env in (False, True):
                session = requests.Session()
                session.trust_env = trust_env
                session.mount("http://", _NullAdapter())
                floors.append(_rate(session, "http://replay.invalid:1", paths))
                session.close()
    finally:
        server.shutdown()
        server.server_close()
    rows = [
        ("live loopback", live),
        ("record (live + save)", recorded),
        ("replay", replay),
        ("replay, trust_env=True", replay_env),
        ("no-op adapter", floors[0]),
        ("no-op, trust_env=True", floors[1]),
    ]
    print(f"{'mode':<26}{'calls':>8}{'calls/s':>12}")
    for name, rate in rows:
        print(f"{name:<26}{args.calls:>8}{rate:>12,.0f}")
    verdict = "meets" if replay >= TARGET else "MISSES"
    print(f"replay is {replay / live:.1f}x live; {verdict} the {TARGET:,.0f} calls/s target")
    return 0 if replay >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
