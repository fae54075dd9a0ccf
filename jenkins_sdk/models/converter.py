"""The cattrs engine between Jenkins JSON and the generated models, and :func:`structure`.

Everything is driven by the generated classes themselves:

* field metadata ``{"json": "wireName"}`` renames (``_class`` -> ``class_``, ``queueId`` ->
  ``queue_id``);
* unknown keys are ignored; absent optional keys take their defaults, and so does ``null`` (a
  null list or map is empty);
* every structured object keeps a *reference* (never a copy) to the dict it came from, read back
  with :func:`raw_of` for plugin fields the models do not declare;
* a union of models that declare ``JENKINS_CLASSES`` is a tagged union on ``_class`` (the rule is
  :class:`~jenkins_sdk.models._shapes.Dispatch`); the ``{}`` entries Jenkins puts in ``actions``
  fall back to the one member without tags;
* primitives are checked, not coerced (``"12"`` is not an int), and every failure becomes
  :class:`~jenkins_sdk.errors.ResponseShapeError` whose message names the JSON path.

:func:`structure` runs models through the compiled fast path
(:mod:`~jenkins_sdk.models._fast_path`), which must agree with this engine on every input; this
engine explains a refusal, and structures the types the fast path declares it does not handle.
Tree specs live in :mod:`~jenkins_sdk.models._tree_specs` (re-exported here).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast, get_args

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from jenkins_sdk.errors import ResponseShapeError
from jenkins_sdk.models._fast_path import Rejected, UnsupportedShape, fast_path
from jenkins_sdk.models._shapes import RAW, Dispatch, is_list, is_model, is_tagged_union
from jenkins_sdk.models._tree_specs import DEFAULT_TREE_DEPTH, tree_of

__all__ = ["DEFAULT_TREE_DEPTH", "converter", "raw_of", "structure", "tree_of", "unstructure"]

T = TypeVar("T")

_MAX_MESSAGES = 5

StructureHook = Callable[[Any, Any], Any]


def _strict(kind: type, name: str) -> StructureHook:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is kind:  # exact: bool is no int, and JSON decodes to no subclasses
            return value
        raise TypeError(f"expected {name}, got {type(value).__name__} {value!r:.40}")

    return hook


def _number(value: Any, _: Any) -> float:
    if type(value) is float or type(value) is int:
        return value
    raise TypeError(f"expected a number, got {type(value).__name__} {value!r:.40}")


_check_str = _strict(str, "a string")


def _str_or_enum(value: Any, tp: Any) -> Any:
    if tp is str:
        return _check_str(value, tp)
    try:
        return tp(value)  # a (str) enum: only Jenkins' own values
    except (ValueError, TypeError):
        allowed = ", ".join(str(member.value) for member in tp)
        raise ValueError(f"expected one of {allowed}, got {value!r:.40}") from None


def _json_object(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is dict:
        return value  # kept by reference: no copy of plugin-defined maps
    if value is None:
        return {}  # like a list: an absent map may come as null
    raise TypeError(f"expected an object, got {type(value).__name__} {value!r:.40}")


def _not_an_object(data: Any) -> TypeError:
    return TypeError(f"expected an object, got {type(data).__name__} {data!r:.40}")


def _structure_model(cl: type[Any], conv: cattrs.Converter) -> StructureHook:
    """cattrs' generated hook with the wire-name renames, keeping the source dict in ``_raw``."""
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
    raw = next((a.name for a in attrs.fields(cl) if a.metadata.get("raw")), None)
    setattr_ = object.__setattr__

    def hook(data: Any, _: Any) -> Any:
        if type(data) is not dict:
            raise _not_an_object(data)
        obj = base(data, cl)
        if raw is not None:
            setattr_(obj, raw, data)
        return obj

    return hook


def _structure_tagged(tp: Any, conv: cattrs.Converter) -> StructureHook:
    """A tagged union: :class:`~jenkins_sdk.models._shapes.Dispatch` picks the member."""
    dispatch = Dispatch(tp)
    hooks: dict[type[Any], StructureHook] = {}

    def hook(data: Any, _: Any) -> Any:
        if data is None and dispatch.nullable:
            return None
        if type(data) is not dict:
            raise _not_an_object(data)
        member = dispatch.pick(data)
        fn = hooks.get(member)
        if fn is None:
            fn = hooks[member] = conv.get_structure_hook(member)
        return fn(data, member)

    return hook


def _structure_list(tp: Any, conv: cattrs.Converter) -> StructureHook:
    """A list (null is ``[]``); every failing item is reported with its index."""
    (item_type,) = get_args(tp) or (Any,)
    item: StructureHook | None = None

    def hook(data: Any, _: Any) -> list[Any]:
        nonlocal item
        if data is None:
            return []  # Jenkins may export an absent collection as null
        if type(data) is not list:
            raise TypeError(f"expected an array, got {type(data).__name__} {data!r:.40}")
        if item is None:
            item = conv.get_structure_hook(item_type)
        out: list[Any] = []
        errors: list[Exception] = []
        for index, value in enumerate(data):
            try:
                out.append(item(value, item_type))
            except Exception as exc:
                note = IterableValidationNote(f"Structuring {tp} @ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return out

    return hook


def _unstructure_model(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """Back to Jenkins' keys; ``_raw`` is left out."""
    attrs.resolve_types(cl)
    overrides = {}
    for a in attrs.fields(cl):
        if a.metadata.get("raw"):
            overrides[a.name] = override(omit=True)
        elif "json" in a.metadata:
            overrides[a.name] = override(rename=a.metadata["json"])
    return make_dict_unstructure_fn(cl, conv, **overrides)  # type: ignore[arg-type]


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False, detailed_validation=True)
    # singledispatch hooks: they win over predicate hooks, so the str one also serves str enums.
    conv.register_structure_hook(str, _str_or_enum)
    conv.register_structure_hook(bool, _strict(bool, "a boolean"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook(enum.Enum, _str_or_enum)
    conv.register_structure_hook_func(lambda t: t == dict[str, Any] or t is dict, _json_object)
    conv.register_structure_hook_factory(is_list, lambda tp: _structure_list(tp, conv))
    conv.register_structure_hook_factory(is_tagged_union, lambda tp: _structure_tagged(tp, conv))
    conv.register_structure_hook_factory(is_model, lambda tp: _structure_model(tp, conv))
    conv.register_unstructure_hook_factory(is_model, lambda tp: _unstructure_model(tp, conv))
    return conv


converter: cattrs.Converter = _make_converter()
"""The shared converter (thread-safe once its hooks are built; they are cached per type)."""


_fast_functions: dict[Any, Callable[[Any], Any] | None] = {}
"""Per target type: its fast-path function, or None when cattrs structures it (by design)."""


def _fast_function(cls: Any) -> Callable[[Any], Any] | None:
    """The fast-path function for a model or ``list[model]``; None for every other type, and for
    a model the fast path declares it cannot reproduce (:class:`UnsupportedShape`)."""
    if cls in _fast_functions:
        return _fast_functions[cls]
    item = get_args(cls)[0] if is_list(cls) and get_args(cls) else None
    fn: Callable[[Any], Any] | None = None
    try:
        if is_model(cls):
            fn = fast_path.function_for(cls)
        elif item is not None and is_model(item):
            fn = _list_function(fast_path.function_for(item))
    except UnsupportedShape:
        fn = None
    _fast_functions[cls] = fn
    return fn


def _list_function(fn: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def structure_list(data: Any) -> list[Any]:
        if type(data) is list:
            return [fn(item) for item in data]
        if data is None:
            return []  # as the cattrs hook: an absent collection may come as null
        raise Rejected

    return structure_list


def _describe(target: Any) -> str:
    return getattr(target, "__name__", None) or str(target)


def structure(data: Any, cls: type[T]) -> T:
    """Turn decoded Jenkins JSON into ``cls`` (a model, or e.g. ``list[PipelineRun]``).

    Models and lists of models take the compiled fast path; when it refuses the JSON, the cattrs
    engine runs to explain why (and if cattrs accepted it, the engines disagree: that is a bug,
    reported as such rather than papered over).

    Raises:
        ResponseShapeError: the JSON does not fit; the message lists the failing JSON paths
            (``$.builds[3].number``) and the cattrs error is kept as ``__cause__``.
    """
    fast = _fast_function(cls)
    if fast is None:
        return _structure_with_cattrs(data, cls)
    try:
        return cast(T, fast(data))
    except Rejected:
        pass
    _structure_with_cattrs(data, cls)  # raises ResponseShapeError, with the JSON paths
    raise ResponseShapeError(
        f"jenkins_sdk's fast path refused a {_describe(cls)} that its cattrs engine accepts",
        hint="a bug in jenkins_sdk.models (the two engines must agree): please report it",
    )


def _structure_with_cattrs(data: Any, cls: type[T]) -> T:
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
    raw = getattr(obj, RAW, None)
    if raw is not None:
        return cast(Mapping[str, Any], raw)
    if not is_model(type(obj)):
        raise TypeError(f"raw_of() needs a model instance, got {type(obj).__name__}")
    return cast(Mapping[str, Any], unstructure(obj))
