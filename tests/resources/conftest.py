"""Fixtures shared by the operations' unit tests (a module may override them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from tests.resources._helpers import FakeClock, allow_crumb


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """A responses mock that also serves the crumb issuer; unused mocks are allowed."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        allow_crumb(rsps)
        yield rsps


@pytest.fixture
def clock() -> FakeClock:
    """A clock whose sleeps only move its own time."""
    return FakeClock()
