"""Support for the operations' loopback tests: a client whose sleeps move the emulator's time."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing.emulator import JenkinsEmulator


class EmulatorTime:
    """A client clock linked to the emulator: ``sleep(s)`` advances the emulator by ``s`` at once.

    Waits in the SDK (queue, build completion, monitor rounds) then run instantly while the
    emulator's builds progress exactly as far as the SDK waited.
    """

    def __init__(self, emulator: JenkinsEmulator) -> None:
        self._emulator = emulator
        self._lock = threading.Lock()
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds
        self._emulator.advance(seconds)


@pytest.fixture
def emu_time(jenkins_emulator: JenkinsEmulator) -> EmulatorTime:
    """The linked clock of the test's emulator."""
    return EmulatorTime(jenkins_emulator)


@pytest.fixture
def client(jenkins_emulator: JenkinsEmulator, emu_time: EmulatorTime) -> Iterator[JenkinsClient]:
    """A client of the emulator (API token) whose waits advance the emulator's clock."""
    user, token = jenkins_emulator.credentials
    with JenkinsClient(
        url=jenkins_emulator.url, username=user, api_token=token, clock=emu_time
    ) as c:
        yield c


def logged(emulator: JenkinsEmulator, method: str | None = None) -> list[tuple[str, str, str]]:
    """The emulator's request log as (method, decoded path, decoded query)."""
    out = []
    for entry in list(emulator.request_log):
        if method is None or entry.method == method:
            out.append(
                (entry.method, urllib.parse.unquote(entry.path), urllib.parse.unquote(entry.query))
            )
    return out
