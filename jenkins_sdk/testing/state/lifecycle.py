"""The controller's life cycle: restart, safe restart, shutdown, reload (``jenkins.model.Jenkins``
``doRestart``/``doSafeRestart``/``doExit``/``doSafeExit``/``doReload``).

A restart walks through phases on the emulator's clock, as a real controller does:

``restarting``  ``HudsonIsRestarting``: every URL answers the 503 "Restarting Jenkins" page
                (``Jenkins.restart()`` waits 5 s, a safe restart 10 s, before the JVM goes)
``down``        the JVM is gone: connections are refused (the emulator closes its listener)
``starting``    ``HudsonIsLoading``: every URL answers the 503 "Starting Jenkins" page
``stopping``    an exit's clean-up: still answering for a moment, then ``down`` for good
``running``     ready; a new ``X-Jenkins-Session``, web sessions (and crumbs) dropped, and every
                store's ``on_restart()`` applied (plugins installed "after restart" appear...)

A safe restart (and a safe exit) first quiets down and waits until no build runs; a reload only
shows the "Starting Jenkins" window; an exit stays ``down`` until the builder's ``boot()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

RUNNING = "running"
QUIETING = "quieting"
STOPPING = "stopping"
RESTARTING = "restarting"
DOWN = "down"
STARTING = "starting"

#: How long an exiting controller still answers before its listener closes (``doExit`` writes
#: "Shutting down", then a thread cleans up and calls ``System.exit``).
EXIT_GRACE_MS = 1000


@dataclass
class Timing:
    """How long each phase lasts, in seconds of virtual time."""

    restarting: float = 5.0
    """``Jenkins.restart()``: "Restart in 5 seconds"."""
    safe_restarting: float = 10.0
    """``Jenkins.safeRestart()``: "Restart in 10 seconds" once idle."""
    down: float = 2.0
    """The JVM restarting (an approximation: real controllers take seconds to minutes)."""
    starting: float = 5.0
    """``HudsonIsLoading`` while the controller loads (an approximation)."""


@dataclass
class _Step:
    phase: str
    until_ms: int | None  # None: until something else happens


class LifecycleStore:
    """Where the controller is in its life cycle; advanced by :meth:`tick` on the clock."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.timing = Timing()
        self.boots = 0
        """Completed restarts (each gives a new session hash)."""
        self.safe = False
        """Whether the current restart is a safe one (the restarting page says so)."""
        self._plan: list[_Step] = []
        self._pending: str | None = None  # after quieting: "restart" or "exit"
        self._booting = False  # whether the plan ends in a new JVM (not a reload)

    # ------------------------------------------------------------ queries
    def phase(self, now_ms: int) -> str:
        """The phase at ``now_ms`` (applies every transition due by then)."""
        self.tick(now_ms)
        if self._pending is not None:
            return QUIETING
        return self._plan[0].phase if self._plan else RUNNING

    @property
    def busy(self) -> bool:
        """Whether a restart, shutdown or reload is under way."""
        return bool(self._plan) or self._pending is not None

    # ------------------------------------------------------------ actions
    def restart(self, now_ms: int, *, safe: bool = False, message: str | None = None) -> None:
        """``POST /restart`` (at once) or ``POST /safeRestart`` (quiet down, wait for idle)."""
        if safe:
            self._quiet(message, "restart")
            self.tick(now_ms)
        else:
            self._begin_restart(now_ms, safe=False)

    def exit(self, now_ms: int, *, safe: bool = False) -> None:
        """``POST /exit`` (down at once) or ``POST /safeExit`` (quiet down, then down)."""
        if safe:
            self._quiet(None, "exit")
            self.tick(now_ms)
        else:
            self._exit_plan(now_ms)

    def reload(self, now_ms: int) -> None:
        """``POST /reload``: the "Starting Jenkins" window, then running (no new JVM)."""
        self._plan = [_Step(STARTING, now_ms + int(self.timing.starting * 1000))]
        self._booting = False

    def cancel_quiet_down(self) -> None:
        """``POST /cancelQuietDown`` (or ``safeRestart?cancel``): a pending safe restart is off."""
        self._pending = None

    def boot(self, now_ms: int) -> None:
        """Bring a controller that exited back (the "starting" window, then running)."""
        self._plan = [_Step(STARTING, now_ms + int(self.timing.starting * 1000))]
        self._booting = True

    # ------------------------------------------------------------ time
    def tick(self, now_ms: int) -> None:
        """Apply the transitions due by ``now_ms``."""
        if self._pending is not None and not self.state.quieting_down:
            self._pending = None  # someone cancelled the quiet-down
        if self._pending is not None and not self._builds_running():
            pending, self._pending = self._pending, None
            if pending == "exit":
                self._exit_plan(now_ms)
            else:
                self._begin_restart(now_ms, safe=True)
        while self._plan:
            until = self._plan[0].until_ms
            if until is None or now_ms < until:
                break
            self._plan.pop(0)
            if not self._plan:
                self._finish_boot()

    # ------------------------------------------------------------ internals
    def _quiet(self, message: str | None, then: str) -> None:
        self.state.quieting_down = True
        self.state.quiet_down_reason = message
        self._pending = then

    def _exit_plan(self, now_ms: int) -> None:
        self._plan = [_Step(STOPPING, now_ms + EXIT_GRACE_MS), _Step(DOWN, None)]
        self._booting = False

    def _begin_restart(self, now_ms: int, *, safe: bool) -> None:
        self.safe = safe
        t = now_ms + int((self.timing.safe_restarting if safe else self.timing.restarting) * 1000)
        down_until = t + int(self.timing.down * 1000)
        self._plan = [
            _Step(RESTARTING, t),
            _Step(DOWN, down_until),
            _Step(STARTING, down_until + int(self.timing.starting * 1000)),
        ]
        self._booting = True

    def _finish_boot(self) -> None:
        if not self._booting:
            return  # a reload keeps the JVM (and its sessions)
        self._booting = False
        self.boots += 1
        self.safe = False
        self.state.quieting_down = False
        self.state.quiet_down_reason = None
        for store in self.state.all_stores():
            hook = getattr(store, "on_restart", None)
            if hook is not None and store is not self:
                hook()

    def _builds_running(self) -> bool:
        return any(b.building for job in self.state.all_jobs() for b in job.builds.values())
