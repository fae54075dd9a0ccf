"""The fast path: one structuring function per model, generated as Python source, compiled once.

Each function reads the dict with plain lookups, checks types inline and fills the slots directly
(no ``__init__`` call). Its contract is to agree with the cattrs engine of
:mod:`~jenkins_sdk.models.converter` on every input: the same object when cattrs accepts the JSON,
:class:`Rejected` (and nothing else) when cattrs refuses it. The property tests in
``tests/models/test_models_fast_path.py`` and ``test_models_property.py`` hold it to that.

It handles exactly these field types (every generated model uses only them): ``str``, ``int``,
``float``, ``bool``, ``Any``, ``dict[str, Any]``, plain enums, models, tagged unions of
models (see :class:`~jenkins_sdk.models._shapes.Dispatch`), ``X | None`` and ``list[X]`` of those.
It refuses a class it cannot reproduce exactly when the function is built, by raising
:class:`UnsupportedShape`: another field type, attrs validators/converters/``__attrs_post_init__``
(it never calls ``__init__``), dict-backed (non-slotted) classes, or factories that take ``self``.
The converter then uses cattrs for that class, by design.
"""

from __future__ import annotations

import enum
import threading
import types
from collections.abc import Callable
from typing import Any, Union, get_args

import attrs

from jenkins_sdk.models._shapes import (
    NONE,
    Dispatch,
    is_list,
    is_model,
    is_tagged_union,
    union_args,
)

__all__ = ["FastPath", "Rejected", "UnsupportedShape", "fast_path"]


class Rejected(Exception):
    """Raised by a generated function when the JSON does not fit (cattrs then explains why)."""


class UnsupportedShape(TypeError):
    """The fast path cannot reproduce the cattrs result for this type (raised at build time)."""


def _reject(_: object = None) -> Any:
    raise Rejected


_MISSING = object()
_ENUM_MISSING = enum.Enum._missing_.__func__  # type: ignore[attr-defined]


def _odd_enum(tp: type[enum.Enum]) -> bool:
    """An enum whose ``Enum(value)`` is more than a lookup (flags, ``_missing_``), or one mixed
    with a number, which cattrs structures with the number's hook rather than as a member."""
    missing = getattr(tp._missing_, "__func__", None)
    return issubclass(tp, enum.Flag | int | float) or missing is not _ENUM_MISSING


_PRIMITIVE_CHECKS = {
    str: "type({v}) is not str",
    int: "type({v}) is not int",
    bool: "{v} is not True and {v} is not False",
    float: "type({v}) is not float and type({v}) is not int",
}


def _is_json_object(tp: Any) -> bool:
    return tp == dict[str, Any] or tp is dict


def _factory(a: attrs.Attribute[Any]) -> Any:
    """The ``attrs.Factory`` default of ``a``, else None."""
    return a.default if isinstance(a.default, attrs.Factory) else None  # type: ignore[arg-type]


def _null_is_default(a: attrs.Attribute[Any]) -> bool:
    """Whether ``null`` structures to the field's default (then absent and null are one case)."""
    factory = _factory(a)
    if factory is not None:
        return (factory.factory is list and is_list(a.type)) or (
            factory.factory is dict and _is_json_object(a.type)
        )
    return a.default is None and NONE in union_args(a.type)


def _setter(cls: type[Any], a: attrs.Attribute[Any]) -> Callable[[Any, Any], None]:
    """The slot's ``__set__`` for ``a``; refuses classes whose ``__init__`` does more than store."""
    hooks = ("__attrs_pre_init__", "__attrs_post_init__")
    factory = _factory(a)
    if any(hasattr(cls, hook) for hook in hooks) or a.validator or a.converter:
        raise UnsupportedShape(f"{cls.__name__}.{a.name}: a validator, converter or init hook")
    if factory is not None and factory.takes_self:
        raise UnsupportedShape(f"{cls.__name__}.{a.name}: a factory that takes self")
    for klass in cls.__mro__:
        slot = klass.__dict__.get(a.name)
        if isinstance(slot, types.MemberDescriptorType):
            return slot.__set__
    raise UnsupportedShape(f"{cls.__name__}.{a.name}: not a slot")


class FastPath:
    """Builds and caches the structuring function of each model (thread-safe)."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_Rejected": Rejected, "_reject": _reject}
        self.namespace.update(_new=object.__new__, _missing=_MISSING)
        self.ready: dict[Any, Callable[[Any], Any]] = {}
        self.functions: dict[Any, str] = {}
        self.tables: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.counter = 0

    def function_for(self, cls: type[Any]) -> Callable[[Any], Any]:
        """The compiled structuring function of a model class (built on first use).

        Raises:
            UnsupportedShape: ``cls`` (or a model it holds) has a shape the fast path does not
                handle; nothing is kept of the attempt.
        """
        fn = self.ready.get(cls)
        if fn is None:
            with self.lock:
                fn = self.ready.get(cls) or self._build(cls)
        return fn

    def _build(self, cls: type[Any]) -> Callable[[Any], Any]:
        """Generate every function ``cls`` needs, compile them, then publish them together."""
        if not is_model(cls):
            raise UnsupportedShape(f"not a model class: {cls!r}")
        functions, names = dict(self.functions), set(self.namespace)
        work: list[Any] = []
        self._ref(cls, work)
        sources: list[str] = []
        try:
            while work:
                current = work.pop()
                build = self._model_source if is_model(current) else self._union_source
                sources.append(build(current, self.functions[current], work))
        except UnsupportedShape:
            self.functions, self.tables = functions, []
            for added in set(self.namespace) - names:
                del self.namespace[added]
            raise
        exec(compile("".join(sources), "<jenkins_sdk.models fast path>", "exec"), self.namespace)
        for table, members in self.tables:
            self.namespace[table].update({t: self.namespace[n] for t, n in members.items()})
        self.tables = []
        for tp, name in self.functions.items():  # published once every table is filled
            self.ready.setdefault(tp, self.namespace[name])
        return self.ready[cls]

    def _value(self, prefix: str, value: Any) -> str:
        """A new global of the generated code holding ``value``; returns its name."""
        self.counter += 1
        name = f"_{prefix}{self.counter}"
        self.namespace[name] = value
        return name

    def _ref(self, tp: Any, work: list[Any]) -> str:
        """The function name of a model or tagged union; queued for generation when new."""
        name = self.functions.get(tp)
        if name is None:
            self.counter += 1
            name = self.functions[tp] = f"_f{self.counter}"
            work.append(tp)
        return name

    def _table(self, dispatch: Dispatch, work: list[Any]) -> str:
        """A ``{_class: function}`` global for ``dispatch``, filled once the functions exist."""
        table = self._value("tags", {})
        self.tables.append((table, {t: self._ref(m, work) for t, m in dispatch.by_tag.items()}))
        return table

    def _union_source(self, tp: Any, name: str, work: list[Any]) -> str:
        dispatch = Dispatch(tp)
        fallback = self._ref(dispatch.fallback, work)
        sniff = [
            f"        if {key!r} in d: return {self._ref(member, work)}(d)"
            for key, member in dispatch.sniff
        ]
        lines = [
            f"def {name}(d):",
            "    if type(d) is not dict: raise _Rejected",
            "    t = d.get('_class')",
            "    if t is None:",
            *sniff,
            f"        return {fallback}(d)",
            "    if type(t) is not str: raise _Rejected",
            f"    return {self._table(dispatch, work)}.get(t, {fallback})(d)",
        ]
        return "\n".join(lines) + "\n"

    def _list_of_union(self, item: Any, var: str, work: list[Any]) -> str:
        """A comprehension picking each item's model with one table lookup (no dispatch call)."""
        dispatch = Dispatch(item)
        table = self._table(dispatch, work)
        fallback = self._ref(dispatch.fallback, work)
        untagged = self._ref(item, work) if dispatch.sniff else fallback
        pick = (
            f"({table}.get(c, {fallback}) if type(c := x.get('_class')) is str"
            f" else {untagged} if c is None else _reject)"
        )
        return f"[{pick}(x) if type(x) is dict else _reject() for x in {var}]"

    def _list(self, tp: Any, var: str, indent: str, work: list[Any], not_none: bool) -> list[str]:
        (item,) = get_args(tp) or (Any,)
        lines = [] if not_none else [f"{indent}if {var} is None: {var} = []"]
        keyword = "if" if not_none else "elif"
        lines.append(f"{indent}{keyword} type({var}) is not list: raise _Rejected")
        if is_model(item):
            return [*lines, f"{indent}else: {var} = [{self._ref(item, work)}(x) for x in {var}]"]
        if is_tagged_union(item) and NONE not in union_args(item):
            return [*lines, f"{indent}else: {var} = {self._list_of_union(item, var, work)}"]
        x, i = f"{var}x", f"{var}i"  # names of their own: lists of lists nest loops
        item_check = _PRIMITIVE_CHECKS.get(item)
        if item_check is not None:  # the items are only checked, never replaced
            return [
                *lines,
                f"{indent}else:",
                f"{indent}    {var} = list({var})",
                f"{indent}    for {x} in {var}:",
                f"{indent}        if {item_check.format(v=x)}: raise _Rejected",
            ]
        inner = self._convert(item, x, indent + "        ", work)
        if not inner:
            return [*lines, f"{indent}else: {var} = list({var})"]
        return [
            *lines,
            f"{indent}else:",
            f"{indent}    {var} = list({var})",
            f"{indent}    for {i}, {x} in enumerate({var}):",
            *inner,
            f"{indent}        {var}[{i}] = {x}",
        ]

    def _convert(
        self, tp: Any, var: str, indent: str, work: list[Any], *, not_none: bool = False
    ) -> list[str]:
        """Lines that check ``var`` against ``tp`` and replace it by its structured value.

        ``not_none``: the caller already knows ``var`` is not None (no second test is emitted).
        """
        args = union_args(tp)
        if not_none and NONE in args:
            rest = [a for a in args if a is not NONE]
            tp = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
            args = union_args(tp)
        check = _PRIMITIVE_CHECKS.get(tp)
        if check is not None:
            return [f"{indent}if {check.format(v=var)}: raise _Rejected"]
        if tp is Any:
            return []
        if _is_json_object(tp):  # kept by reference, like the cattrs hook; null is {}
            head = [] if not_none else [f"{indent}if {var} is None: {var} = {{}}"]
            keyword = "if" if not_none else "elif"
            return [*head, f"{indent}{keyword} type({var}) is not dict: raise _Rejected"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            if _odd_enum(tp):
                raise UnsupportedShape(f"{tp!r}: not a plain (or str) enum")
            table = self._value("enum", {m.value: m for m in tp})  # what Enum(value) looks up
            return [
                f"{indent}try: {var} = {table}[{var}]",
                f"{indent}except (KeyError, TypeError): raise _Rejected from None",
            ]
        if is_model(tp) or (is_tagged_union(tp) and NONE not in args):
            return [f"{indent}{var} = {self._ref(tp, work)}({var})"]
        if is_list(tp):
            return self._list(tp, var, indent, work, not_none)
        if NONE in args:
            inner = self._convert(tp, var, indent + "    ", work, not_none=True)
            return [f"{indent}if {var} is not None:", *inner] if inner else []
        raise UnsupportedShape(f"field type {tp!r}")

    def _field(self, a: attrs.Attribute[Any], work: list[Any]) -> list[str]:
        """Lines that leave the value of field ``a`` in ``v`` (cattrs' rules for absent/null)."""
        key = a.metadata.get("json", a.name)
        default = a.default
        if default is attrs.NOTHING:  # required: absent is refused, like cattrs
            return [
                f"    try: v = d[{key!r}]",
                "    except KeyError: raise _Rejected from None",
                *self._convert(a.type, "v", "    ", work),
            ]
        if _null_is_default(a):  # absent and null mean the same: one .get
            return [f"    v = d.get({key!r})", *self._convert(a.type, "v", "    ", work)]
        if _factory(a) is not None:
            value = f"{self._value('factory', _factory(a).factory)}()"
        else:
            value = self._value("default", default)
        return [
            f"    v = d.get({key!r}, _missing)",
            f"    if v is _missing: v = {value}",
            "    else:",
            *(self._convert(a.type, "v", "        ", work) or ["        pass"]),
        ]

    def _model_source(self, cls: type[Any], name: str, work: list[Any]) -> str:
        attrs.resolve_types(cls)
        lines = [
            f"def {name}(d):",
            "    if type(d) is not dict: raise _Rejected",
            f"    o = _new({self._value('cls', cls)})",
        ]
        for a in attrs.fields(cls):
            setter = self._value("set", _setter(cls, a))
            if a.init:
                lines.extend(self._field(a, work))
                lines.append(f"    {setter}(o, v)")
            elif a.metadata.get("raw"):
                lines.append(f"    {setter}(o, d)")
            elif _factory(a) is not None:
                lines.append(f"    {setter}(o, {self._value('factory', _factory(a).factory)}())")
            elif a.default is not attrs.NOTHING:
                lines.append(f"    {setter}(o, {self._value('default', a.default)})")
        lines.append("    return o")
        return "\n".join(lines) + "\n"


fast_path = FastPath()
"""The process-wide fast path (functions are built once per model and shared by all threads)."""
