"""Jenkins' ``tree=`` and ``depth=`` pruning (stapler ``NamedPathPruner`` and ``Range``).

Objects that Jenkins exports by reference (a job inside ``jobs``, a build inside ``builds``) are
:class:`Node` values: they render in full when the requested depth reaches them and in their short
form otherwise; with ``tree=`` any exported property can be reached. Inline objects (actions, queue
items in ``items``, artifacts) are plain dicts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

Want = frozenset[str] | None


class TreeError(ValueError):
    """A malformed ``tree`` expression (Jenkins answers 500)."""


class Node:
    """An exported object rendered lazily.

    ``full(want)`` returns every property (``want`` names the ones a ``tree`` asked for, or ``None``
    for all, so expensive ones can be skipped); ``short()`` returns the depth-limited form.
    ``hidden`` names properties only a ``tree`` can reach (visibility < 0 in Jenkins, such as
    ``allBuilds``).
    """

    __slots__ = ("full", "hidden", "short")

    def __init__(
        self,
        full: Callable[[Want], dict[str, Any]],
        short: Callable[[], dict[str, Any]],
        hidden: frozenset[str] = frozenset(),
    ) -> None:
        self.full = full
        self.short = short
        self.hidden = hidden


class ExportedMap(dict[str, Any]):
    """A ``java.util.Map`` property (``envMap``, ``monitorData``, ``buildsByBranchName``).

    Stapler writes a map whole: a ``tree`` that selects it gets every entry (each value pruned
    with the tree below the map's name), and ``depth`` does not cut it short.
    """

    __slots__ = ()


class Static(dict[str, Any]):
    """An inline object with no :class:`Node` anywhere inside (an action, an artifact entry).

    ``depth`` rendering hands it on as it is instead of copying it key by key (``tree`` still
    prunes it like any object); build payloads are mostly made of these."""

    __slots__ = ()


class Spec:
    """One level of a parsed ``tree``: child specs by name and an optional range per name."""

    __slots__ = ("children", "ranges")

    def __init__(self) -> None:
        self.children: dict[str, Spec | None] = {}
        self.ranges: dict[str, tuple[int | None, int | None]] = {}


@functools.lru_cache(maxsize=256)
def parse_tree(text: str) -> Spec:
    """Parse ``a,b[c,d[e]]{0,5},f`` into a :class:`Spec`; raises :class:`TreeError`.

    Cached: clients send the same few tree specs over and over, and a parsed spec is never
    changed after parsing.
    """
    pos = 0
    n = len(text)

    def parse_level(depth: int) -> Spec:
        nonlocal pos
        spec = Spec()
        while True:
            start = pos
            while pos < n and text[pos] not in ",[]{}":
                pos += 1
            name = text[start:pos].strip()
            if not name:
                raise TreeError(f"Malformed tree expression: {text}")
            child: Spec | None = None
            if pos < n and text[pos] == "[":
                pos += 1
                child = parse_level(depth + 1)
                if pos >= n or text[pos] != "]":
                    raise TreeError(f"Malformed tree expression: {text}")
                pos += 1
            spec.children[name] = child
            if pos < n and text[pos] == "{":
                close = text.find("}", pos)
                if close < 0:
                    raise TreeError(f"Malformed tree expression: {text}")
                spec.ranges[name] = _parse_range(text[pos + 1 : close], text)
                pos = close + 1
            if pos < n and text[pos] == ",":
                pos += 1
                continue
            if pos >= n:
                if depth:
                    raise TreeError(f"Malformed tree expression: {text}")
                return spec
            if text[pos] == "]" and depth:
                return spec
            raise TreeError(f"Malformed tree expression: {text}")

    return parse_level(0)


def _parse_range(body: str, text: str) -> tuple[int | None, int | None]:
    try:
        if "," not in body:
            k = int(body)
            return (k, k + 1)
        lo, hi = body.split(",", 1)
        return (int(lo) if lo.strip() else None, int(hi) if hi.strip() else None)
    except ValueError:
        raise TreeError(f"Malformed tree expression: {text}") from None


_SCALARS = (str, int, float, bool, type(None))


def _apply(value: Any, spec: Spec | None) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Node):
        if spec is None:
            want: Want = frozenset()
        else:
            want = None if "*" in spec.children else frozenset(spec.children)
        value = value.full(want)
    if type(value) is ExportedMap:
        return {k: _apply(v, spec) for k, v in value.items()}
    if isinstance(value, dict):
        return _apply_object(value, spec)
    if isinstance(value, list):
        return [x if type(x) in _SCALARS else _apply(x, spec) for x in value]
    return value


def _apply_object(value: dict[str, Any], spec: Spec | None) -> dict[str, Any]:
    """One object pruned by ``spec``; scalar values (most of a payload) are copied inline
    rather than through a call each."""
    out: dict[str, Any] = {}
    if "_class" in value:
        out["_class"] = value["_class"]
    if spec is None:
        return out
    children = spec.children
    star = "*" in children
    for key, item in value.items():
        if key == "_class":
            continue
        if key in children:
            name = key
        elif star:
            name = "*"  # NamedPathPruner: a property not named falls back to ``*``
        else:
            continue
        kind = type(item)
        if kind in _SCALARS:
            out[key] = item
        elif kind is list:
            sub = children[name]
            rng = spec.ranges.get(name)
            if rng is not None:
                item = item[rng[0] : rng[1]]
            out[key] = [x if type(x) in _SCALARS else _apply(x, sub) for x in item]
        else:
            out[key] = _apply(item, children[name])
    return out


def _depth(value: Any, level: int, depth: int) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict or kind is ExportedMap:
        return {k: _depth(v, level, depth) for k, v in value.items()}
    if kind is list:
        return [_depth(x, level, depth) for x in value]
    if kind is Node:
        if level > depth:
            return {k: _depth(v, level, depth) for k, v in value.short().items()}
        full = value.full(None)
        hidden = value.hidden
        return {k: _depth(v, level + 1, depth) for k, v in full.items() if k not in hidden}
    return value  # Static objects (and anything else) pass through unchanged


def export(root: Node | Mapping[str, Any], tree: str | None, depth: int = 0) -> Any:
    """Render ``root`` for ``?tree=`` (wins when given) or ``?depth=``."""
    if tree is not None:
        return _apply(root, parse_tree(tree))
    if isinstance(root, Node):
        return _depth(root, 0, depth)
    return _depth(root, 1, depth)
