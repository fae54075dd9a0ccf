"""Simulation modes (a leaf module: it imports nothing of the SDK, so `config` can use it).

Run against the network, record what happens, or replay it offline; see `jenkins_sdk.simulation`.
"""

from __future__ import annotations

import enum

__all__ = ["SimulationMode"]


class SimulationMode(str, enum.Enum):
    """How the client's HTTP traffic is handled.

    ``DISABLED``: real traffic only. ``RECORD``: real traffic, every exchange saved to a
    recording file. ``REPLAY``: no network at all; responses come from a recording, a miss is
    ``SimulationMiss``.
    """

    DISABLED = "disabled"
    RECORD = "record"
    REPLAY = "replay"

    @classmethod
    def parse(cls, value: SimulationMode | str) -> SimulationMode:
        """Accept a mode or its name in any case; a typo gets an error listing the valid modes."""
        if isinstance(value, SimulationMode):
            return value
        text = str(value).strip().lower()
        for mode in cls:
            if text in (mode.value, mode.name.lower()):
                return mode
        valid = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown simulation mode {value!r}; valid modes are: {valid}")
