"""pytest plugin (registered through the ``pytest11`` entry point) with Jenkins emulator fixtures.

``jenkins_emulator_session``  one started :class:`JenkinsEmulator` for the whole session
``jenkins_emulator``          the same emulator, reset before each test (empty controller, manual
                              clock at the fixed epoch, no faults, zeroed counters); an exception
                              raised inside a server thread during the test fails that test
``jenkins_clock``             a :class:`LinkedClock`: the client's waits advance the emulator
``jenkins_client``            a ``jenkins_sdk.JenkinsClient`` logged in with the API token, on
                              ``jenkins_clock`` (so waiting for builds takes no real time)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.linked_clock import LinkedClock


@pytest.fixture(scope="session")
def jenkins_emulator_session() -> Iterator[JenkinsEmulator]:
    """A started emulator shared by the session (stopped at the end)."""
    emu = JenkinsEmulator().start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def jenkins_emulator(jenkins_emulator_session: JenkinsEmulator) -> Iterator[JenkinsEmulator]:
    """The session emulator, reset for this test; server-thread errors fail the test."""
    emu = jenkins_emulator_session
    emu.reset()
    yield emu
    errors = list(emu.errors)
    emu.errors.clear()
    if errors:
        pytest.fail("Jenkins emulator raised in a server thread:\n" + "\n".join(errors))


@pytest.fixture
def jenkins_clock(jenkins_emulator: JenkinsEmulator) -> LinkedClock:
    """A clock whose ``sleep(s)`` advances the test's emulator by ``s`` (no real waiting)."""
    return LinkedClock(jenkins_emulator)


@pytest.fixture
def jenkins_client(jenkins_emulator: JenkinsEmulator, jenkins_clock: LinkedClock) -> Iterator[Any]:
    """A ``jenkins_sdk.JenkinsClient`` for the emulator (API token auth), closed afterwards.

    Its clock is ``jenkins_clock``: the SDK's waits advance the emulator instead of sleeping.
    """
    from jenkins_sdk.client import JenkinsClient

    user, token = jenkins_emulator.credentials
    client = JenkinsClient(
        url=jenkins_emulator.url, username=user, api_token=token, clock=jenkins_clock
    )
    try:
        yield client
    finally:
        client.close()
