"""A controllable clock for the emulator: manual ``advance()`` or a real-time speed factor.

Everything in the emulator (queue quiet periods, build progress, stage statuses, crumb expiry, left
queue items expiring) reads time from one :class:`EmulatorClock`, so tests never sleep: they call
``advance(seconds)``. With ``speed > 0`` the clock also follows the wall clock, ``speed``
times faster.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: 2026-01-01T00:00:00Z in milliseconds: a fixed, deterministic start for the virtual epoch.
DEFAULT_EPOCH_MS = 1_767_225_600_000


class EmulatorClock:
    """Virtual time in milliseconds since the Unix epoch.

    ``speed == 0`` (the default) means time moves only through :meth:`advance`; ``speed == 1.0``
    follows the wall clock; ``speed == 10`` runs ten times faster than the wall clock.
    """

    def __init__(self, *, start_ms: int = DEFAULT_EPOCH_MS, speed: float = 0.0) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self._lock = threading.Lock()
        self._base_ms = float(start_ms)
        self._speed = speed
        self._mono0 = time.monotonic()
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every ``advance``, ``set_speed`` and ``reset`` (outside the
        clock's lock): what must follow time at once (e.g. a restart closing the port)."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def _now_locked(self) -> float:
        if self._speed == 0:
            return self._base_ms
        return self._base_ms + (time.monotonic() - self._mono0) * 1000.0 * self._speed

    def now_ms(self) -> int:
        """The current virtual time in whole milliseconds."""
        with self._lock:
            return int(self._now_locked())

    @property
    def speed(self) -> float:
        """The real-time factor (0 = manual)."""
        return self._speed

    def set_speed(self, speed: float) -> None:
        """Change the real-time factor, keeping the current virtual time."""
        if speed < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            self._base_ms = self._now_locked()
            self._mono0 = time.monotonic()
            self._speed = speed
        self._notify()

    def advance(self, seconds: float) -> int:
        """Move virtual time forward by ``seconds``; returns the new time in ms."""
        if seconds < 0:
            raise ValueError("time never runs backwards")
        with self._lock:
            self._base_ms += seconds * 1000.0
            now = int(self._now_locked())
        self._notify()
        return now

    def reset(self, start_ms: int = DEFAULT_EPOCH_MS) -> None:
        """Go back to ``start_ms`` (used when a test resets the emulator)."""
        with self._lock:
            self._base_ms = float(start_ms)
            self._mono0 = time.monotonic()
        self._notify()
