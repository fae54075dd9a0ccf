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

import enum
import functools
import threading
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
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
    if isinstance(value, dict):
        return value  # kept by reference: no copy of plugin-defined maps
    raise TypeError(f"expected an object, got {type(value).__name__} {value!r:.40}")


def _is_list(tp: object) -> bool:
    return get_origin(tp) is list


class _Dispatch:
    """Pick the member of a tagged union for one JSON object (shared by both structuring paths)."""

    def __init__(self, tp: Any) -> None:
        members = [m for m in _union_args(tp) if m is not _NONE]
        self.nullable = len(members) != len(_union_args(tp))
        self.by_tag: dict[str, type[Any]] = {}
        self.sniff: list[tuple[str, type[Any]]] = []
        self.fallback: type[Any] = members[0]
        self.members = members
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
        """The model for ``data``: by ``_class``, else by a sniff key, else the fallback."""
        tag = data.get("_class")
        if tag is None:
            for key, member in self.sniff:
                if key in data:
                    return member
            return self.fallback
        return self.by_tag.get(tag, self.fallback)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False, detailed_validation=True)
    # singledispatch hooks: they win over predicate hooks, so the str one also serves str enums.
    conv.register_structure_hook(str, _str_or_enum)
    conv.register_structure_hook(bool, _strict(bool, "a boolean"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook(enum.Enum, _str_or_enum)
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
        dispatch = _Dispatch(tp)
        hooks: dict[type[Any], StructureHook] = {}

        def hook(data: Any, _: Any) -> Any:
            if data is None and dispatch.nullable:
                return None
            if type(data) is not dict:
                raise TypeError(f"expected an object, got {type(data).__name__} {data!r:.40}")
            member = dispatch.pick(data)
            fn = hooks.get(member)
            if fn is None:
                fn = hooks[member] = conv.get_structure_hook(member)
            return fn(data, member)

        return hook

    def structure_list(tp: Any) -> StructureHook:
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
                    note = IterableValidationNote(
                        f"Structuring {tp} @ index {index}", index, item_type
                    )
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return out

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

    conv.register_structure_hook_factory(_is_list, structure_list)
    conv.register_structure_hook_factory(_is_tagged_union, structure_tagged)
    conv.register_structure_hook_factory(_is_model, structure_model)
    conv.register_unstructure_hook_factory(_is_model, unstructure_model)
    return conv


converter: cattrs.Converter = _make_converter()
"""The shared converter (thread-safe once its hooks are built; they are cached per type)."""


# --- the fast path ------------------------------------------------------------------------------
# For each model, a structuring function is generated once (Python source, compiled with exec) that
# reads the dict with plain lookups, checks types inline and fills the slots directly. It accepts
# exactly what the cattrs path accepts (same strict primitives, same tagged-union dispatch, null
# lists as []); on any failure the cattrs path runs instead to produce the detailed error.


class _Bad(Exception):
    """Raised by generated code on a type mismatch (the cattrs path then explains it)."""


_PRIMITIVE_CHECKS = {
    str: "type({v}) is not str",
    int: "type({v}) is not int",
    bool: "{v} is not True and {v} is not False",
    float: "type({v}) is not float and type({v}) is not int",
}


class _FastCompiler:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_Bad": _Bad, "_new": object.__new__}
        self.functions: dict[Any, str] = {}
        self.lock = threading.RLock()
        self.counter = 0
        self.late_tables: list[tuple[str, dict[str | None, str]]] = []

    def _name(self, prefix: str, value: Any) -> str:
        self.counter += 1
        name = f"_{prefix}{self.counter}"
        self.namespace[name] = value
        return name

    def function_for(self, tp: Any) -> Callable[[Any], Any]:
        """The compiled structuring function of a model class or tagged union (built once)."""
        name = self.functions.get(tp)
        if name is None or name not in self.namespace:
            with self.lock:
                name = self._ensure(tp)
        return cast(Callable[[Any], Any], self.namespace[name])

    def _ensure(self, tp: Any) -> str:
        name = self.functions.get(tp)
        if name is not None and name in self.namespace:
            return name
        name = name or self._reserve(tp, [])
        work = [tp]
        while work:
            current = work.pop()
            fn_name = self.functions[current]
            if fn_name in self.namespace:
                continue
            if _is_model(current):
                source = self._model_source(current, fn_name, work)
            else:
                source = self._union_source(current, fn_name, work)
            label = f"<jenkins_sdk.models fast structure {current!r}>"
            exec(compile(source, label, "exec"), self.namespace)
        while self.late_tables:
            table, names = self.late_tables.pop()
            self.namespace[table].update({t: self.namespace[n] for t, n in names.items()})
        return name

    def _union_source(self, tp: Any, name: str, pending: list[Any]) -> str:
        dispatch = _Dispatch(tp)
        fallback = self._ref(dispatch.fallback, pending)
        tags = self._name("tags", {})
        self.late_tables.append(
            (tags, {t: self._ref(m, pending) for t, m in dispatch.by_tag.items()})
        )
        lines = [
            f"def {name}(d):",
            "    if type(d) is not dict: raise _Bad",
            "    t = d.get('_class')",
            "    if t is None:",
        ]
        for key, member in dispatch.sniff:
            lines.append(f"        if {key!r} in d: return {self._ref(member, pending)}(d)")
        lines.append(f"        return {fallback}(d)")
        lines.append(f"    return {tags}.get(t, {fallback})(d)")
        return "\n".join(lines) + "\n"

    def _reserve(self, tp: Any, pending: list[Any]) -> str:
        pending.append(tp)
        self.counter += 1
        name = f"_f{self.counter}"
        self.functions[tp] = name
        return name

    def _ref(self, tp: Any, pending: list[Any]) -> str:
        return self.functions.get(tp) or self._reserve(tp, pending)

    def _dispatch_table(self, tp: Any, pending: list[Any]) -> tuple[str, str]:
        """Names of a ``{_class: function}`` table for the tagged union ``tp``, and its fallback.

        The table also maps ``None`` (no ``_class``) to the union's own function, which sniffs keys
        (Jenkins 1.x), so a list comprehension can pick each item's model with one lookup.
        """
        dispatch = _Dispatch(tp)
        fallback = self._ref(dispatch.fallback, pending)
        names: dict[str | None, str] = {
            t: self._ref(m, pending) for t, m in dispatch.by_tag.items()
        }
        names[None] = fallback
        if dispatch.sniff:  # no _class: pick by key (Jenkins 1.x), else the fallback
            self.counter += 1
            sniff = names[None] = f"_sniff{self.counter}"
            lines = [f"def {sniff}(d):"]
            for key, member in dispatch.sniff:
                lines.append(f"    if {key!r} in d: return {self._ref(member, pending)}(d)")
            lines.append(f"    return {fallback}(d)")
            exec(compile("\n".join(lines) + "\n", f"<{sniff}>", "exec"), self.namespace)
        table = self._name("tags", {})
        self.late_tables.append((table, names))
        return table, fallback

    def _convert(
        self, tp: Any, var: str, indent: str, pending: list[Any], *, not_none: bool = False
    ) -> list[str]:
        """Lines that check ``var`` against ``tp`` and replace it by its structured value.

        ``not_none``: the caller already knows ``var`` is not None (no second test is emitted).
        """
        if not_none and _NONE in _union_args(tp):
            rest = [a for a in _union_args(tp) if a is not _NONE]
            tp = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        check = _PRIMITIVE_CHECKS.get(tp)
        if check is not None:
            return [f"{indent}if {check.format(v=var)}: raise _Bad"]
        if tp is Any:
            return []
        if tp == dict[str, Any] or tp is dict:
            return [f"{indent}if type({var}) is not dict: raise _Bad"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            table = self._name("enum", {m.value: m for m in tp})
            return [f"{indent}{var} = {table}[{var}]"]
        if _is_model(tp) or _is_tagged_union(tp):
            if _NONE in _union_args(tp):
                hook = self._name("hook", converter.get_structure_hook(tp))
                return [f"{indent}{var} = {hook}({var}, None)"]
            return [f"{indent}{var} = {self._ref(tp, pending)}({var})"]
        if _is_list(tp):
            (item,) = get_args(tp) or (Any,)
            lines = [] if not_none else [f"{indent}if {var} is None: {var} = []"]
            keyword = "if" if not_none else "elif"
            lines.append(f"{indent}{keyword} type({var}) is not list: raise _Bad")
            if _is_model(item):
                fn = self._ref(item, pending)
                return [*lines, f"{indent}else: {var} = [{fn}(x) for x in {var}]"]
            if _is_tagged_union(item) and _NONE not in _union_args(item):
                # one dict lookup picks each item's model: no per-item dispatch call
                table, fallback = self._dispatch_table(item, pending)
                pick = f"{table}.get(x.get('_class'), {fallback})"
                return [*lines, f"{indent}else: {var} = [{pick}(x) for x in {var}]"]
            item_check = _PRIMITIVE_CHECKS.get(item)
            if item_check is not None:  # the items are only checked, never replaced
                return [
                    *lines,
                    f"{indent}else:",
                    f"{indent}    {var} = list({var})",
                    f"{indent}    for x in {var}:",
                    f"{indent}        if {item_check.format(v='x')}: raise _Bad",
                ]
            inner = self._convert(item, "x", indent + "        ", pending)
            if not inner:
                return [*lines, f"{indent}else: {var} = list({var})"]
            return [
                *lines,
                f"{indent}else:",
                f"{indent}    {var} = list({var})",
                f"{indent}    for i, x in enumerate({var}):",
                *inner,
                f"{indent}        {var}[i] = x",
            ]
        args = _union_args(tp)
        if args and _NONE in args:
            inner = self._convert(tp, var, indent + "    ", pending, not_none=True)
            return [f"{indent}if {var} is not None:", *inner] if inner else []
        hook = self._name("hook", converter.get_structure_hook(tp))
        return [f"{indent}{var} = {hook}({var}, {self._name('type', tp)})"]

    def _model_source(self, cls: type[Any], name: str, pending: list[Any]) -> str:
        attrs.resolve_types(cls)
        lines = [
            f"def {name}(d):",
            "    if type(d) is not dict: raise _Bad",
            f"    o = _new({self._name('cls', cls)})",
        ]
        for a in attrs.fields(cls):
            setter = self._name("set", cls.__dict__[a.name].__set__)
            if not a.init:
                if a.metadata.get("raw"):
                    lines.append(f"    {setter}(o, d)")
                else:
                    lines.append(f"    {setter}(o, {self._name('default', a.default)})")
                continue
            key = a.metadata.get("json", a.name)
            required = a.default is attrs.NOTHING
            lines.append(f"    v = d[{key!r}]" if required else f"    v = d.get({key!r})")
            default = a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                factory = self._name("factory", default.factory)
                lines.append(f"    if v is None: v = {factory}()")
                lines.append("    else:")
                inner = self._convert(a.type, "v", "        ", pending, not_none=True)
                lines.extend(inner or ["        pass"])
            elif not required and default is not None:
                lines.append(f"    if v is None: v = {self._name('default', default)}")
                lines.append("    else:")
                inner = self._convert(a.type, "v", "        ", pending, not_none=True)
                lines.extend(inner or ["        pass"])
            elif not required:
                inner = self._convert(a.type, "v", "        ", pending, not_none=True)
                if inner:
                    lines.append("    if v is not None:")
                    lines.extend(inner)
            else:
                lines.extend(self._convert(a.type, "v", "    ", pending))
            lines.append(f"    {setter}(o, v)")
        lines.append("    return o")
        return "\n".join(lines) + "\n"


_fast = _FastCompiler()


def _describe(target: Any) -> str:
    return getattr(target, "__name__", None) or str(target)


def structure(data: Any, cls: type[T]) -> T:
    """Turn decoded Jenkins JSON into ``cls`` (a model, or e.g. ``list[PipelineRun]``).

    Raises:
        ResponseShapeError: the JSON does not fit; the message lists the failing JSON paths
            (``$.builds[3].number``) and the cattrs error is kept as ``__cause__``.
    """
    if _is_model(cls):
        try:
            return cast(T, _fast.function_for(cls)(data))
        except Exception:  # the cattrs path below explains (or, leniently, accepts) it
            pass
    elif _is_list(cls) and type(data) is list and _is_model(get_args(cls)[0]):
        fn = _fast.function_for(get_args(cls)[0])
        try:
            return cast(T, [fn(item) for item in data])
        except Exception:
            pass
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
