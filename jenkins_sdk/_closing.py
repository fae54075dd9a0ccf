"""``with obj:`` for the SDK's objects that hold something to release (a leaf: imports nothing).

The client, a response stream and the emulator all end a ``with`` block the same way: they call
their own ``close()``. :class:`ClosedOnExit` says that once.
"""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

__all__ = ["ClosedOnExit"]

_T = TypeVar("_T", bound="ClosedOnExit")


class ClosedOnExit:
    """Mixin: ``with obj:`` gives ``obj`` itself and calls ``obj.close()`` when the block ends,
    whether it ended normally or with an exception (which is never swallowed)."""

    def close(self) -> None:
        """Release what the object holds (each class that mixes this in defines it)."""
        raise NotImplementedError

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
