"""A client clock linked to an emulator: every wait of the SDK advances the emulator instead.

Give it to ``JenkinsClient(clock=...)`` and the SDK's waits (queue, build completion, console
follow, monitor rounds, retry backoff) cost no real time, while the emulator's builds progress
exactly as far as the SDK waited. It satisfies ``jenkins_sdk.Clock`` structurally, so the emulator
still imports nothing of the SDK's client code.
"""

from __future__ import annotations

import threading

from jenkins_sdk.testing.emulator import JenkinsEmulator

__all__ = ["LinkedClock"]


class LinkedClock:
    """``sleep(s)`` advances ``emulator`` by ``s`` at once; ``monotonic()`` is the time slept."""

    def __init__(self, emulator: JenkinsEmulator) -> None:
        self._emulator = emulator
        self._lock = threading.Lock()
        self._now = 0.0
        self.sleeps: list[float] = []
        """Every wait asked for, in order (tests can assert on the polling pattern)."""

    def monotonic(self) -> float:
        """Seconds slept so far (never goes backwards)."""
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Advance the emulator by ``seconds`` instead of sleeping."""
        if seconds <= 0:
            return
        with self._lock:
            self.sleeps.append(seconds)
            self._now += seconds
        self._emulator.advance(seconds)
