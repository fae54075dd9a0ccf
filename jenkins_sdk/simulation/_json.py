"""Simulation: the one JSON parser of recorded bodies and recording files, bounded in depth.

Every recursive walk in this package (signatures, the scrubber, the file loader) only ever sees
JSON that came through :func:`parse`, so none of them can hit Python's recursion limit: a body
nested deeper than :data:`MAX_DEPTH` (or one the ``json`` module itself refuses with a
``RecursionError``) is treated as "not JSON" and kept as text.
"""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["MAX_DEPTH", "NOT_JSON", "depth_exceeds", "parse"]

#: The deepest nesting of objects and lists taken as JSON (Jenkins' deepest answers, a nested
#: job listing of 12 folder levels, stay below 30).
MAX_DEPTH: Final = 200


class _NotJson:
    """The marker :func:`parse` returns for text that is not (bounded) JSON."""

    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON: Final = _NotJson()


def depth_exceeds(data: Any, limit: int) -> bool:
    """Whether objects and lists in ``data`` nest deeper than ``limit`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse(data: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The decoded JSON of ``data``, or :data:`NOT_JSON` (invalid, or nested too deep)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return NOT_JSON
    return NOT_JSON if depth_exceeds(value, max_depth) else value
