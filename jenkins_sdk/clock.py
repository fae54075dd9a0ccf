"""Clocks: every wait in the SDK goes through a :class:`Clock`, so tests and replays never sleep.

Pass ``clock=`` to :class:`~jenkins_sdk.JenkinsClient` (or to a waiting call) to control time:
:class:`ManualClock` in unit tests, ``jenkins_sdk.testing.LinkedClock`` to move the bundled
emulator's time along with the client's waits. :class:`ReplayAwareClock` is what the client uses:
it skips real sleeps while a recording is replayed and advances a virtual time instead, so
deadlines still pass as they did when recording.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["Clock", "ManualClock", "ReplayAwareClock", "SystemClock"]


class Clock(Protocol):
    """Monotonic time and sleeping, injectable for tests."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""


class SystemClock:
    """The real clock: :func:`time.monotonic` and :func:`time.sleep`."""

    def monotonic(self) -> float:
        """Return :func:`time.monotonic`."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        if seconds > 0:
            time.sleep(seconds)


class ManualClock:
    """A clock that only moves when told to: ``sleep`` advances it instantly (for tests)."""

    def __init__(self, start: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """Return the current virtual time."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Record the wait and advance the virtual time by it, without waiting."""
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        """Move the virtual time forward."""
        with self._lock:
            self._now += seconds


class ReplayAwareClock:
    """Delegates to ``base``, except while ``replaying()`` is true: then sleeps are skipped and
    a virtual offset is added to ``monotonic()`` so timeouts behave as in the recording."""

    def __init__(self, base: Clock, replaying: Callable[[], bool]) -> None:
        self._base = base
        self._replaying = replaying
        self._lock = threading.Lock()
        self._offset = 0.0

    def monotonic(self) -> float:
        """Base time plus every sleep skipped during replay."""
        with self._lock:
            offset = self._offset
        return self._base.monotonic() + offset

    def sleep(self, seconds: float) -> None:
        """Sleep on the base clock, or skip it (advancing virtual time) during a replay."""
        if seconds <= 0:
            return
        if self._replaying():
            with self._lock:
                self._offset += seconds
            return
        self._base.sleep(seconds)
