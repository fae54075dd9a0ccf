"""Builder API for the controller's life cycle: restart windows that behave like Jenkins'.

``POST /restart`` (or :meth:`LifecycleBuilders.begin_restart`) walks the phases of
:mod:`jenkins_sdk.testing.state.lifecycle` on the emulator's clock: 503 "Restarting Jenkins"
pages, then **connection refused** (the emulator really closes its listening socket), then 503
"Starting Jenkins" pages, then a controller with a new ``X-Jenkins-Session`` and no old web
sessions. With a manual clock every ``advance()`` (a ``LinkedClock`` sleep too) moves through the
phases at once; with ``speed > 0`` a watcher thread follows the clock.
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING, cast

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.lifecycle import DOWN, LifecycleStore, Timing

if TYPE_CHECKING:
    from jenkins_sdk.testing.emulator import JenkinsEmulator

_WATCH_INTERVAL_S = 0.02


class LifecycleBuilders(EmulatorParts):
    """``restart_timing``, ``begin_restart``, ``begin_reload``, ``boot``, ``lifecycle_phase``."""

    session_hash: str
    errors: list[str]
    _stopping: threading.Event

    def _init_lifecycle(self) -> None:
        """Set up the listener bookkeeping and follow the clock (called by ``__init__``)."""
        self._lifecycle_lock = threading.RLock()
        self._lifecycle_down = False
        self._lifecycle_boots = 0
        self._base_session_hash = self.session_hash
        self._watcher: threading.Thread | None = None
        self.clock.add_listener(self._lifecycle_sync)

    # ------------------------------------------------------------ builder API
    def restart_timing(
        self,
        *,
        restarting: float | None = None,
        safe_restarting: float | None = None,
        down: float | None = None,
        starting: float | None = None,
    ) -> Timing:
        """Set how long (virtual seconds) each restart phase lasts; returns the timing."""
        timing = self.state.store(LifecycleStore).timing
        for name, value in (
            ("restarting", restarting),
            ("safe_restarting", safe_restarting),
            ("down", down),
            ("starting", starting),
        ):
            if value is not None:
                if value < 0:
                    raise ValueError(f"{name} must be >= 0")
                setattr(timing, name, float(value))
        return timing

    @property
    def lifecycle_phase(self) -> str:
        """``running``, ``quieting``, ``restarting``, ``down``, ``starting`` or ``stopping``."""
        with self.state.lock:
            return self.state.store(LifecycleStore).phase(self.clock.now_ms())

    def begin_restart(self, *, safe: bool = False, message: str | None = None) -> None:
        """Restart as if an administrator had asked for it (``safe``: after running builds)."""
        now = self.clock.now_ms()
        with self.state.lock:
            self.state.store(LifecycleStore).restart(now, safe=safe, message=message)
        self.lifecycle_changed()

    def begin_reload(self) -> None:
        """Reload the configuration from disk: a "Starting Jenkins" window, no new JVM."""
        with self.state.lock:
            self.state.store(LifecycleStore).reload(self.clock.now_ms())
        self.lifecycle_changed()

    def boot(self) -> None:
        """Start a controller that exited (``/exit``, ``/safeExit``) again."""
        with self.state.lock:
            self.state.store(LifecycleStore).boot(self.clock.now_ms())
        self._lifecycle_sync()
        self.lifecycle_changed()

    # ------------------------------------------------------------ machinery
    def lifecycle_changed(self) -> None:
        """A restart, exit or reload began: follow it (a watcher thread when time runs by
        itself; with a manual clock every ``advance()`` does)."""
        if self.clock.speed <= 0:
            return
        with self._lifecycle_lock:
            if self._watcher is not None and self._watcher.is_alive():
                return
            self._watcher = threading.Thread(
                target=self._watch, name="jenkins-emulator-lifecycle", daemon=True
            )
            self._watcher.start()

    def _watch(self) -> None:
        while True:
            self._lifecycle_sync()
            if not self.state.store(LifecycleStore).busy or self.clock.speed <= 0:
                return
            if self._stopping.wait(_WATCH_INTERVAL_S):
                return  # the emulator was stopped

    def apply_boot(self) -> None:
        """After a completed restart: a new ``X-Jenkins-Session`` and no old web session."""
        store = self.state.store(LifecycleStore)
        with self._lifecycle_lock:
            if store.boots == self._lifecycle_boots:
                return
            self._lifecycle_boots = store.boots
            raw = f"{self._base_session_hash}:{store.boots}".encode()
            fresh = hashlib.sha256(raw).hexdigest()[:8]
            self.session_hash = fresh if store.boots else self._base_session_hash
        self.auth.expire_sessions()

    def _lifecycle_sync(self) -> None:
        """Open or close the listener to match the phase at the clock's time."""
        emu = cast("JenkinsEmulator", self)
        store = self.state.store(LifecycleStore)
        if not store.busy and not self._lifecycle_down and store.boots == self._lifecycle_boots:
            return  # the common case: every advance() of a running controller
        with self._lifecycle_lock:
            with self.state.lock:
                phase = store.phase(self.clock.now_ms())
            self.apply_boot()
            if phase == DOWN and emu._server is not None:
                self._lifecycle_down = True
                self._close_listener()
            elif phase != DOWN and self._lifecycle_down:
                self._lifecycle_down = False
                if not self._stopping.is_set():
                    self._reopen_listener()

    def _close_listener(self) -> None:
        """What a JVM exit does to the port: nothing listens, open connections drop."""
        emu = cast("JenkinsEmulator", self)
        srv, thread = emu._server, emu._thread
        if srv is None:
            return
        emu._server = None
        srv.shutdown()
        srv.close_all()
        srv.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def _reopen_listener(self) -> None:
        """The new JVM binds the same port."""
        emu = cast("JenkinsEmulator", self)
        try:
            emu.start()
        except OSError as exc:  # the port was taken meanwhile: fail the test that caused it
            self.errors.append(f"could not listen on port {emu.port} again after a restart: {exc}")
