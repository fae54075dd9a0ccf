"""Per-area stores: each area of the controller (nodes, views, credentials...) keeps its data in
its own class, created on first use and dropped with the state on reset."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

S = TypeVar("S")


class StoreHost:
    """Holds one store per area, keyed by the store's class (or any factory taking the host)."""

    lock: threading.RLock

    def _init_stores(self) -> None:
        self._stores: dict[object, Any] = {}

    def store(self, kind: Callable[[Any], S]) -> S:
        """The store of one area: ``kind(state)`` on first use, the same object afterwards."""
        got = self._stores.get(kind)
        if got is None:
            with self.lock:
                got = self._stores.get(kind)
                if got is None:
                    got = kind(self)
                    self._stores[kind] = got
        return got

    def all_stores(self) -> list[Any]:
        """Every store created so far (an area notifying the others, e.g. of a restart)."""
        return list(self._stores.values())

    def tick_stores(self, now_ms: int) -> None:
        """Call ``tick(now_ms)`` on every store that has one (time-driven changes of an area)."""
        for store in list(self._stores.values()):
            hook = getattr(store, "tick", None)
            if hook is not None:
                hook(now_ms)
