"""Shared helpers for the emulator conformance suite (plain ``requests``, never the SDK)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from jenkins_sdk.testing import JenkinsEmulator

PAYLOADS = Path(__file__).parent / "payloads"


def payload(name: str) -> Any:
    """A real captured payload (JSON parsed, or text)."""
    text = (PAYLOADS / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


@pytest.fixture
def emu(jenkins_emulator: JenkinsEmulator) -> JenkinsEmulator:
    """The reset emulator from the plugin."""
    return jenkins_emulator


@pytest.fixture
def http(emu: JenkinsEmulator) -> Iterator[requests.Session]:
    """A session authenticated with the API token (crumb-exempt)."""
    with requests.Session() as s:
        s.auth = emu.credentials
        yield s


@pytest.fixture
def pw(emu: JenkinsEmulator) -> Iterator[requests.Session]:
    """A session authenticated with the password, holding a crumb header and its cookie."""
    with requests.Session() as s:
        s.auth = ("admin", "admin")
        crumb = s.get(emu.url + "crumbIssuer/api/json").json()
        s.headers["Jenkins-Crumb"] = crumb["crumb"]
        yield s


def walk(obj: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a JSON value."""
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v)
