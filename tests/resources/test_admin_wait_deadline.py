"""``system.wait_until_ready`` ends within its timeout in real time, whatever the controller
does: a socket that accepts and never answers (a JVM whose Jetty is bound but stuck; a
``read_timeout`` of 60 s and a ``response_timeout`` of 300 s must not stretch the wait), and a
port that refuses every connection (urllib3's own retries included). Jenkins side:
``jenkins/model/Jenkins.java`` ``doRestart``; docs/protocol-admin.md §3."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A listening socket that accepts connections and never writes a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (connection refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


@pytest.mark.parametrize("which", ["silent_port", "closed_port"])
def test_the_wait_ends_within_its_timeout(which: str, request: pytest.FixtureRequest) -> None:
    port = request.getfixturevalue(which)
    with JenkinsClient(url=f"http://127.0.0.1:{port}/", username="a", api_token="t") as client:
        started = time.monotonic()
        with pytest.raises(errors.NotReadyTimeout):
            client.system.wait_until_ready(timeout=2.0)
        took = time.monotonic() - started
    assert took <= 2.5, took
