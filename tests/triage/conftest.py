"""Fixtures for the triage tests: real payloads, and a client of the loopback emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import JenkinsEmulator

PAYLOADS = Path(__file__).parent / "payloads"


def payload(name: str) -> Any:
    """A copied real payload (see payloads/PROVENANCE.md): JSON parsed, text as str."""
    text = (PAYLOADS / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


@pytest.fixture
def emu(jenkins_emulator: JenkinsEmulator) -> JenkinsEmulator:
    """The emulator, reset for this test."""
    return jenkins_emulator


@pytest.fixture
def client(emu: JenkinsEmulator) -> Iterator[JenkinsClient]:
    """A client of the emulator logged in with the API token."""
    user, token = emu.credentials
    with JenkinsClient(url=emu.url, username=user, api_token=token) as c:
        yield c


def run_builds(emu: JenkinsEmulator, job: str, count: int = 1) -> None:
    """Trigger ``count`` builds of ``job`` one after another and let each finish."""
    for _ in range(count):
        emu.trigger(job)
        emu.settle()
