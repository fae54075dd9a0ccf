"""``with obj:`` for the SDK's objects that hold something to release (a leaf: imports nothing).

The client, a response stream and the emulator all end a ``with`` block the same way: they call
their own ``close()``. :class:`ClosedOnExit` says that once.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, TypeVar

__all__ = ["ClosedOnExit"]

_T = TypeVar("_T")


class _Closable(Protocol):
    def close(self) -> None:
        """Release what the object holds."""


class ClosedOnExit:
    """Mixin for a class with a ``close()``: ``with obj:`` gives ``obj`` itself and calls
    ``obj.close()`` when the block ends, whether it ended normally or with an exception (which
    is never swallowed)."""

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(
        self: _Closable,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
