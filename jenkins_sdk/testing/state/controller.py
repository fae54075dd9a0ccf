"""``ControllerState``: the item tree, the queue and one store per area, advanced by the clock.

All mutation happens under :attr:`ControllerState.lock`. Time-driven changes (quiet periods ending,
builds starting on free executors, stages finishing, builds completing) are applied lazily by
:meth:`ControllerState.tick`, which replays every event up to the clock's current time in order, so
results do not depend on how often anyone looks.

An area (nodes, views, credentials, plugins...) keeps its data in its own store class, created on
first use by :meth:`ControllerState.store` (``ctx.state.store(CredentialStore)``) and thrown away
with the state on ``JenkinsEmulator.reset()``. A store that changes with time defines
``tick(now_ms)``; it is called at the end of every :meth:`ControllerState.tick`.
"""

from __future__ import annotations

import threading

from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.state.items import Folder, Item, Job, fail
from jenkins_sdk.testing.state.queue import Scheduler
from jenkins_sdk.testing.state.views import ListView, ViewStore


class ControllerState(Scheduler):
    """Everything the emulated controller holds, plus the scheduler."""

    def __init__(self, clock: EmulatorClock, *, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.seed = seed
        self.root = Folder("", None)
        self.description: str | None = None
        #: ``Jenkins.getRootUrl`` (the emulator sets its own URL once it listens).
        self.root_url = "http://localhost:8080/"
        self._init_stores()
        self._init_queue()

    @property
    def views(self) -> dict[str, ListView]:
        """The root's list views by name."""
        return self.store(ViewStore).views

    def tick(self, now: int | None = None) -> None:
        """Apply every time-driven change up to ``now`` (default: the clock's time), in order."""
        if now is None:
            now = self.clock.now_ms()
        with self.lock:
            super().tick(now)
            self.tick_stores(now)

    # -------------------------------------------------------------- items
    def resolve(self, segments: list[str]) -> Item | None:
        """Find an item by its names from the root."""
        node: Item = self.root
        for name in segments:
            if not isinstance(node, Folder):
                return None
            child = node.children.get(name)
            if child is None:
                return None
            node = child
        return node

    def all_jobs(self, folder: Folder | None = None) -> list[Job]:
        """Every job, depth first."""
        out: list[Job] = []
        for child in (folder or self.root).children.values():
            if isinstance(child, Job):
                out.append(child)
            elif isinstance(child, Folder):
                out.extend(self.all_jobs(child))
        return out

    def add_item(self, parent: Folder, item: Item) -> Item:
        """Insert ``item`` under ``parent`` (400 if it exists)."""
        if item.name in parent.children:
            raise fail(f"A job already exists with the name ‘{item.name}’")
        item.parent = parent
        parent.children[item.name] = item
        return item
