"""Fixtures for the core unit tests: a mocked transport (responses) and a client factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses

from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.http._helpers import BASE, PASSWORD


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """A responses mock that fails on any unmatched request; unfired mocks are allowed."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def clock() -> ManualClock:
    """A clock that never really sleeps."""
    return ManualClock(start=1000.0)


@pytest.fixture
def make_client(clock: ManualClock) -> Iterator[Callable[..., JenkinsClient]]:
    """Build clients on BASE (password auth unless told otherwise); all closed at teardown."""
    made: list[JenkinsClient] = []

    def build(**kwargs: Any) -> JenkinsClient:
        kwargs.setdefault("url", BASE)
        if (
            "username" not in kwargs
            and "credentials" not in kwargs
            and not kwargs.pop("anonymous", False)
        ):
            kwargs["username"] = "alice"
            kwargs.setdefault("password", PASSWORD)
        client = JenkinsClient(clock=clock, **kwargs)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()
