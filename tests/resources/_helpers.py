"""Shared bits of the responses-based unit tests of the operation modules."""

from __future__ import annotations

import urllib.parse
from typing import Any

import responses

BASE = "http://jenkins.test/ctx/"
CRUMB = {
    "_class": "hudson.security.csrf.DefaultCrumbIssuer",
    "crumb": "c" * 64,
    "crumbRequestField": "Jenkins-Crumb",
}
JSON = "application/json;charset=UTF-8"


class FakeClock:
    """A clock whose sleeps only move its own time forward."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def allow_crumb(mocked: responses.RequestsMock) -> None:
    """Serve the crumb issuer (however many times the requester asks)."""
    mocked.add(responses.GET, BASE + "crumbIssuer/api/json", json=CRUMB)


def sent(mocked: responses.RequestsMock) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Every request but crumb fetches, as (method, path without the base, query)."""
    out = []
    for call in mocked.calls:
        split = urllib.parse.urlsplit(call.request.url)
        path = split.path.removeprefix("/ctx/")
        if path.startswith("crumbIssuer"):
            continue
        out.append((call.request.method, path, urllib.parse.parse_qs(split.query)))
    return out


def form(body: Any) -> dict[str, list[str]]:
    """Decode a urlencoded request body."""
    if isinstance(body, bytes):
        body = body.decode()
    return urllib.parse.parse_qs(body or "", keep_blank_values=True)
