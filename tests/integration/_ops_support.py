"""Support for the operations' loopback tests: a client whose sleeps move the emulator's time."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock


@pytest.fixture
def emu_time(jenkins_emulator: JenkinsEmulator) -> LinkedClock:
    """The linked clock of the test's emulator."""
    return LinkedClock(jenkins_emulator)


@pytest.fixture
def client(jenkins_emulator: JenkinsEmulator, emu_time: LinkedClock) -> Iterator[JenkinsClient]:
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
