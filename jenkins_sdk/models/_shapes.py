"""What a model field's type is, and which member of a tagged union a JSON object selects.

Shared by the two structuring engines (:mod:`~jenkins_sdk.models.converter`, the cattrs one, and
:mod:`~jenkins_sdk.models._fast_path`) and by the tree specs, so all three read a type the same way.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import attrs

NONE = type(None)
"""``None``'s type, as it appears in ``X | None``."""

RAW = "_raw"
"""The (init=False) attribute of every generated model that keeps the dict it came from."""


def is_model(tp: object) -> bool:
    """``tp`` is an attrs class."""
    return isinstance(tp, type) and attrs.has(tp)


def union_args(tp: object) -> tuple[Any, ...]:
    """The members of ``A | B`` / ``Optional[A]``; ``()`` when ``tp`` is no union."""
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return get_args(tp)
    return ()


def is_list(tp: object) -> bool:
    """``tp`` is ``list[X]``."""
    return get_origin(tp) is list


def is_tagged_union(tp: object) -> bool:
    """A union of two or more models, exactly one without ``JENKINS_CLASSES`` (the fallback)."""
    members = [m for m in union_args(tp) if m is not NONE]
    if len(members) < 2 or not all(is_model(m) for m in members):
        return False
    untagged = [m for m in members if not getattr(m, "JENKINS_CLASSES", ())]
    return len(untagged) == 1


class Dispatch:
    """Pick the member of a tagged union for one JSON object (the rule both engines follow).

    By ``_class`` (a string) when present: the member listing it in ``JENKINS_CLASSES``, else the
    fallback. Without ``_class`` (Jenkins 1.x): the first member whose ``JENKINS_SNIFF_KEY`` is in
    the object, else the fallback. A ``_class`` that is not a string is refused.
    """

    def __init__(self, tp: Any) -> None:
        members = [m for m in union_args(tp) if m is not NONE]
        self.nullable = len(members) != len(union_args(tp))
        self.by_tag: dict[str, type[Any]] = {}
        self.sniff: list[tuple[str, type[Any]]] = []
        self.fallback: type[Any] = members[0]
        for member in members:
            tags = getattr(member, "JENKINS_CLASSES", ())
            if not tags:
                self.fallback = member
            for tag in tags:
                self.by_tag[tag] = member
            key = getattr(member, "JENKINS_SNIFF_KEY", None)
            if key:
                self.sniff.append((key, member))

    def pick(self, data: dict[str, Any]) -> type[Any]:
        """The model for ``data``; ``TypeError`` when its ``_class`` is not a string."""
        tag = data.get("_class")
        if tag is None:
            for key, member in self.sniff:
                if key in data:
                    return member
            return self.fallback
        if type(tag) is not str:
            raise TypeError(f"expected _class to be a string, got {type(tag).__name__}")
        return self.by_tag.get(tag, self.fallback)
