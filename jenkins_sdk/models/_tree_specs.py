"""The Jenkins ``tree=`` spec of a model: exactly the fields it holds, nested, wire names."""

from __future__ import annotations

import functools
from typing import Any, get_args, get_origin

import attrs

from jenkins_sdk.models._shapes import is_model, union_args

__all__ = ["DEFAULT_TREE_DEPTH", "tree_of"]

DEFAULT_TREE_DEPTH = 4
"""How many times one model may nest inside itself in a ``tree`` spec (folders inside folders)."""

#: Left out of every spec: stapler writes ``_class`` as the object's type attribute, outside the
#: tree pruner (``ClassAttributeBehaviour``), whether a ``tree`` names it or not; naming it only
#: makes every URL longer (urllib3 checks a URL byte by byte, twice per request).
_TYPE_ATTRIBUTE = "_class"

_Spec = dict[str, "_Spec | None"]


def _models_in(tp: Any) -> list[type[Any]]:
    """The model classes a field type holds (through Optional, unions and lists)."""
    if is_model(tp):
        return [tp]
    args = union_args(tp)
    if not args and get_origin(tp) in (list, tuple):
        args = get_args(tp)
    found: list[type[Any]] = []
    for arg in args:
        found.extend(m for m in _models_in(arg) if m not in found)
    return found


def _merge(into: _Spec, spec: _Spec) -> None:
    for key, sub in spec.items():
        existing = into.get(key)
        if existing is None:
            into[key] = sub
        elif sub is not None:
            _merge(existing, sub)


def _spec(cls: type[Any], stack: tuple[type[Any], ...], depth: int) -> _Spec:
    attrs.resolve_types(cls)
    out: _Spec = {}
    inner = (*stack, cls)
    for a in attrs.fields(cls):
        if not a.init:
            continue
        key = a.metadata.get("json", a.name)
        if key == _TYPE_ATTRIBUTE:
            continue
        models = _models_in(a.type)
        if not models:
            out[key] = None
            continue
        if any(inner.count(m) >= depth for m in models):
            continue  # nested too deep: leave the key out, the field keeps its default
        sub: _Spec = {}
        for model in models:
            _merge(sub, _spec(model, inner, depth))
        out[key] = sub
    return out


def _render(spec: _Spec) -> str:
    # an object asked for with no field (only its type) is named bare: ``key[]`` is malformed
    return ",".join(key if not sub else f"{key}[{_render(sub)}]" for key, sub in spec.items())


@functools.cache
def tree_of(cls: type[Any], *, depth: int = DEFAULT_TREE_DEPTH) -> str:
    """The Jenkins ``tree=`` spec that asks for exactly the fields ``cls`` holds, nested.

    Union members' fields are merged (``actions[parameters[...],causes[...],...]``). A model
    nested inside itself (folders' ``jobs``) is expanded ``depth`` levels deep. ``_class`` is never
    named: Jenkins sends it as the object's type whenever it is needed. Cached per class.
    """
    if not is_model(cls):
        raise TypeError(f"tree_of() needs a model class, got {cls!r}")
    return _render(_spec(cls, (), depth))
