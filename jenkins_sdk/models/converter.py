"""The one cattrs converter between Jenkins JSON and the generated models.

Everything is driven by the generated classes themselves:

* field metadata ``{"json": "wireName"}`` renames (``_class`` -> ``class_``, ``queueId`` ->
  ``queue_id``);
* unknown keys are ignored, absent optional keys take their defaults;
* every structured object keeps a *reference* (never a copy) to the dict it came from, read back
  with :func:`raw_of` for plugin fields the models do not declare;
* a union of models that declare ``JENKINS_CLASSES`` is a tagged union on ``_class``: the model
  whose tags contain the value wins, payloads without ``_class`` (Jenkins 1.x) are matched on
  ``JENKINS_SNIFF_KEY``, and everything else (including the ``{}`` entries Jenkins puts in
  ``actions``) falls back to the one member without tags;
* primitives are checked, not coerced (``"12"`` is not an int), and every failure becomes
  :class:`~jenkins_sdk.errors.ResponseShapeError` whose message names the JSON path.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from jenkins_sdk.errors import ResponseShapeError

__all__ = ["DEFAULT_TREE_DEPTH", "converter", "raw_of", "structure", "tree_of", "unstructure"]

T = TypeVar("T")

DEFAULT_TREE_DEPTH = 4
"""How many times one model may nest inside itself in a ``tree`` spec (folders inside folders)."""

_RAW = "_raw"
_NONE = type(None)
_MAX_MESSAGES = 5

StructureHook = Callable[[Any, Any], Any]


def _is_model(tp: object) -> bool:
    return isinstance(tp, type) and attrs.has(tp)


def _union_args(tp: object) -> tuple[Any, ...]:
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return get_args(tp)
    return ()


def _is_tagged_union(tp: object) -> bool:
    members = [m for m in _union_args(tp) if m is not _NONE]
    if len(members) < 2 or not all(_is_model(m) for m in members):
        return False
    untagged = [m for m in members if not getattr(m, "JENKINS_CLASSES", ())]
    return len(untagged) == 1


def _strict(kind: type, name: str) -> StructureHook:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        raise TypeError(f"expected {name}, got {type(value).__name__} {value!r:.40}")

    return hook


def _number(value: Any, _: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__} {value!r:.40}")


def _json_object(value: Any, _: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value  # kept by reference: no copy of plugin-defined maps
    raise TypeError(f"expected an object, got {type(value).__name__} {value!r:.40}")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False, detailed_validation=True)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(bool, _strict(bool, "a boolean"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook_func(lambda t: t == dict[str, Any] or t is dict, _json_object)

    def structure_model(cl: type[Any]) -> StructureHook:
        attrs.resolve_types(cl)
        renames = {
            a.name: override(rename=a.metadata["json"])
            for a in attrs.fields(cl)
            if "json" in a.metadata
        }
        base = make_dict_structure_fn(
            cl,
            conv,
            _cattrs_forbid_extra_keys=False,
            _cattrs_detailed_validation=True,
            **renames,  # type: ignore[arg-type]
        )
        setattr_ = object.__setattr__

        def hook(data: Any, _: Any) -> Any:
            if type(data) is not dict:
                raise TypeError(f"expected an object, got {type(data).__name__} {data!r:.40}")
            obj = base(data, cl)
            setattr_(obj, _RAW, data)
            return obj

        return hook

    def structure_tagged(tp: Any) -> StructureHook:
        members = [m for m in _union_args(tp) if m is not _NONE]
        nullable = len(members) != len(_union_args(tp))
        by_tag: dict[str, type[Any]] = {}
        sniff: list[tuple[str, type[Any]]] = []
        fallback: type[Any] = members[0]
        for member in members:
            tags = getattr(member, "JENKINS_CLASSES", ())
            if not tags:
                fallback = member
            for tag in tags:
                by_tag[tag] = member
            key = getattr(member, "JENKINS_SNIFF_KEY", None)
            if key:
                sniff.append((key, member))
        hooks: dict[type[Any], StructureHook] = {}

        def hook(data: Any, _: Any) -> Any:
            if data is None and nullable:
                return None
            if type(data) is not dict:
                raise TypeError(f"expected an object, got {type(data).__name__} {data!r:.40}")
            tag = data.get("_class")
            if tag is None:
                member = next((m for k, m in sniff if k in data), fallback)
            else:
                member = by_tag.get(tag, fallback)
            fn = hooks.get(member)
            if fn is None:
                fn = hooks[member] = conv.get_structure_hook(member)
            return fn(data, member)

        return hook

    def unstructure_model(cl: type[Any]) -> Callable[[Any], dict[str, Any]]:
        attrs.resolve_types(cl)
        overrides = {}
        for a in attrs.fields(cl):
            if a.metadata.get("raw"):
                overrides[a.name] = override(omit=True)
            elif "json" in a.metadata:
                overrides[a.name] = override(rename=a.metadata["json"])
        return make_dict_unstructure_fn(cl, conv, **overrides)  # type: ignore[arg-type]

    conv.register_structure_hook_factory(_is_tagged_union, structure_tagged)
    conv.register_structure_hook_factory(_is_model, structure_model)
    conv.register_unstructure_hook_factory(_is_model, unstructure_model)
    return conv


converter: cattrs.Converter = _make_converter()
"""The shared converter (thread-safe once its hooks are built; they are cached per type)."""


def _describe(target: Any) -> str:
    return getattr(target, "__name__", None) or str(target)


def structure(data: Any, cls: type[T]) -> T:
    """Turn decoded Jenkins JSON into ``cls`` (a model, or e.g. ``list[PipelineRun]``).

    Raises:
        ResponseShapeError: the JSON does not fit; the message lists the failing JSON paths
            (``$.builds[3].number``) and the cattrs error is kept as ``__cause__``.
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # every structuring failure becomes the SDK's own error
        try:
            messages = cattrs.transform_error(exc, path="$")
        except Exception:  # pragma: no cover - transform_error accepts any exception
            messages = [f"{type(exc).__name__}: {exc} @ $"]
        shown = "; ".join(messages[:_MAX_MESSAGES])
        more = len(messages) - _MAX_MESSAGES
        if more > 0:
            shown += f"; and {more} more"
        raise ResponseShapeError(
            f"response does not fit {_describe(cls)}: {shown}",
            hint="the server sent JSON of another shape (plugin or Jenkins version difference?)",
        ) from exc


def unstructure(obj: Any) -> Any:
    """Turn a model (or a list of models) back into JSON-able data with Jenkins' key names."""
    return converter.unstructure(obj)


def raw_of(obj: Any) -> Mapping[str, Any]:
    """The JSON object ``obj`` was structured from (the same dict, not a copy).

    Use it for plugin fields the model does not declare. For an object built in code rather than
    structured, the unstructured form is returned instead.
    """
    raw = getattr(obj, _RAW, None)
    if raw is not None:
        return cast(Mapping[str, Any], raw)
    if not _is_model(type(obj)):
        raise TypeError(f"raw_of() needs a model instance, got {type(obj).__name__}")
    return cast(Mapping[str, Any], unstructure(obj))


_Spec = dict[str, "_Spec | None"]


def _models_in(tp: Any) -> list[type[Any]]:
    """The model classes a field type holds (through Optional, unions and lists)."""
    if _is_model(tp):
        return [tp]
    args = _union_args(tp)
    if not args and get_origin(tp) in (list, tuple):
        args = get_args(tp)
    found: list[type[Any]] = []
    for arg in args:
        found.extend(m for m in _models_in(arg) if m not in found)
    return found


def _merge(into: _Spec, spec: _Spec) -> None:
    for key, sub in spec.items():
        if key not in into or into[key] is None:
            into[key] = sub
        elif sub is not None:
            existing = into[key]
            assert existing is not None
            _merge(existing, sub)


def _spec(cls: type[Any], stack: tuple[type[Any], ...], depth: int) -> _Spec:
    attrs.resolve_types(cls)
    out: _Spec = {}
    inner = (*stack, cls)
    for a in attrs.fields(cls):
        if not a.init:
            continue
        key = a.metadata.get("json", a.name)
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
    return ",".join(key if sub is None else f"{key}[{_render(sub)}]" for key, sub in spec.items())


@functools.cache
def tree_of(cls: type[Any], *, depth: int = DEFAULT_TREE_DEPTH) -> str:
    """The Jenkins ``tree=`` spec that asks for exactly the fields ``cls`` holds, nested.

    Union members' fields are merged (``actions[_class,parameters[...],causes[...],...]``). A model
    nested inside itself (folders' ``jobs``) is expanded ``depth`` levels deep. Cached per class.
    """
    if not _is_model(cls):
        raise TypeError(f"tree_of() needs a model class, got {cls!r}")
    return _render(_spec(cls, (), depth))
