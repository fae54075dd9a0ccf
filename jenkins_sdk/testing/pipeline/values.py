"""Groovy value semantics for the interpreter: truth, ``toString``, operators and the methods of
strings, numbers, lists and maps that Jenkinsfiles use. Anything else is Groovy's
``MissingMethodException``/``MissingPropertyException``."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.pipeline.errors import PipelineError

_JAVA_TYPES = {
    str: "java.lang.String",
    int: "java.lang.Integer",
    float: "java.math.BigDecimal",
    bool: "java.lang.Boolean",
    list: "java.util.ArrayList",
    dict: "java.util.LinkedHashMap",
}


def java_type(value: Any) -> str:
    """The Java class name Groovy would report for ``value``."""
    if value is None:
        return "null"
    return _JAVA_TYPES.get(type(value), getattr(value, "java_class", "java.lang.Object"))


def truthy(value: Any) -> bool:
    """Groovy truth: null, false, 0, empty strings, lists and maps are false."""
    if value is None:
        return False
    if isinstance(value, bool | int | float | str | list | dict):
        return bool(value)
    return True


def to_str(value: Any) -> str:
    """``String.valueOf`` as Groovy prints values (``[a, b]``, ``[k:v]``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else f"{value:.1f}"
    if isinstance(value, list):
        return "[" + ", ".join(to_str(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "[:]"
        return "[" + ", ".join(f"{to_str(k)}:{to_str(v)}" for k, v in value.items()) + "]"
    return str(value)


def equals(a: Any, b: Any) -> bool:
    """Groovy ``==`` (numbers compare by value; a GString equals its text)."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return bool(a == b)
    return bool(a == b)


def int_range(a: Any, b: Any, *, inclusive: bool) -> list[int]:
    """``a..b`` / ``a..<b`` (an ``IntRange``, here its list; descending when ``a > b``)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (a, b)):
        raise PipelineError(
            f"Cannot create a range from {to_str(a)} to {to_str(b)}",
            "java.lang.IllegalArgumentException",
        )
    step = 1 if b >= a else -1
    return list(range(a, b + step if inclusive else b, step))


def is_case(case: Any, subject: Any) -> bool:
    """``case.isCase(subject)``: a list holds it, else equality (a class name: instanceof)."""
    if isinstance(case, list):
        return any(equals(item, subject) for item in case)
    return equals(case, subject)


def cast(value: Any, type_name: str) -> Any:
    """``value as Type`` for the types scripts cast to (numbers, strings, booleans, lists)."""
    if value is None:
        return None
    if type_name in ("int", "Integer", "long", "Long", "short", "BigInteger"):
        text = to_str(value).strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
        if text.lstrip("+-").isdigit():
            return int(text)
        raise PipelineError(f'For input string: "{text}"', "java.lang.NumberFormatException")
    if type_name in ("double", "Double", "float", "Float", "BigDecimal"):
        try:
            return float(to_str(value))
        except ValueError:
            raise PipelineError(
                f'For input string: "{to_str(value)}"', "java.lang.NumberFormatException"
            ) from None
    if type_name in ("String", "GString", "CharSequence"):
        return to_str(value)
    if type_name in ("boolean", "Boolean"):
        return truthy(value)
    if type_name in ("List", "ArrayList", "Collection"):
        return list(value) if isinstance(value, list | tuple | set) else [value]
    return value


def binary(op: str, a: Any, b: Any) -> Any:
    """Evaluate ``a op b`` for the operators other than ``&&``/``||`` (which short-circuit)."""
    if op == "==":
        return equals(a, b)
    if op == "!=":
        return not equals(a, b)
    if op == "+":
        if isinstance(a, str) or isinstance(b, str):
            return to_str(a) + to_str(b)
        if isinstance(a, list):
            return [*a, *(b if isinstance(b, list) else [b])]
        if isinstance(a, dict) and isinstance(b, dict):
            return {**a, **b}
    if op == "in":
        return contains(b, a)
    if op == "=~":
        return re.search(to_str(b), to_str(a)) is not None
    if op == "==~":  # a whole-string match (Matcher.matches)
        return re.fullmatch(to_str(b), to_str(a)) is not None
    if op in ("..", "..<"):
        return int_range(a, b, inclusive=op == "..")
    if op == "instanceof":
        return _instance_of(a, str(b))
    if op == "as":
        return cast(a, str(b))
    if a is None or b is None:
        raise PipelineError(
            f"Cannot invoke method {op}() on null object", "java.lang.NullPointerException"
        )
    try:
        return _ARITHMETIC[op](a, b)
    except (TypeError, KeyError):
        raise _no_method(op, a, [b]) from None
    except ZeroDivisionError:
        raise PipelineError("Division by zero", "java.lang.ArithmeticException") from None


def _divide(a: Any, b: Any) -> Any:
    """Groovy's ``/`` on integers makes a ``BigDecimal``: ``4 / 2`` is ``2``, ``7 / 2`` ``3.5``."""
    if isinstance(a, int) and isinstance(b, int) and b and a % b == 0:
        return a // b
    return a / b


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _divide,
    "%": lambda a, b: a % b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "+": lambda a, b: a + b,
}


def _instance_of(value: Any, cls: str) -> bool:
    return {
        "String": isinstance(value, str),
        "Map": isinstance(value, dict),
        "List": isinstance(value, list),
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Boolean": isinstance(value, bool),
    }.get(cls, False)


def contains(container: Any, item: Any) -> bool:
    """Groovy ``item in container`` / ``container.contains(item)``."""
    if isinstance(container, str):
        return to_str(item) in container
    if isinstance(container, dict):
        return item in container
    if isinstance(container, list):
        return any(equals(v, item) for v in container)
    return False


def _no_method(name: str, target: Any, args: list[Any]) -> PipelineError:
    types = ", ".join(java_type(a) for a in args)
    shown = ", ".join(to_str(a) for a in args)
    return PipelineError(
        f"No signature of method: {java_type(target)}.{name}() is applicable for argument "
        f"types: ({types}) values: [{shown}]",
        "groovy.lang.MissingMethodException",
    )


def get_property(target: Any, name: str) -> Any:
    """``target.name`` on a plain value (maps by key; strings/lists: ``size``-like helpers)."""
    if isinstance(target, dict):
        return target.get(name)
    if target is None:
        raise PipelineError(
            f"Cannot get property '{name}' on null object", "java.lang.NullPointerException"
        )
    getter = getattr(target, "groovy_property", None)
    if getter is not None:
        return getter(name)
    raise PipelineError(
        f"No such property: {name} for class: {java_type(target)}",
        "groovy.lang.MissingPropertyException",
    )


def call_method(target: Any, name: str, args: list[Any]) -> Any:
    """A method of a string, number, list or map (closure-taking ones live in the interpreter)."""
    if target is None:
        raise PipelineError(
            f"Cannot invoke method {name}() on null object", "java.lang.NullPointerException"
        )
    table: dict[str, Callable[..., Any]] = {}
    if isinstance(target, str):
        table = _STRING_METHODS
    elif isinstance(target, list):
        table = _LIST_METHODS
    elif isinstance(target, dict):
        table = _MAP_METHODS
    elif isinstance(target, int | float) and not isinstance(target, bool):
        table = _NUMBER_METHODS
    method = table.get(name) or _COMMON.get(name)
    if method is None:
        groovy = getattr(target, "groovy_method", None)
        if groovy is not None:
            return groovy(name, args)
        raise _no_method(name, target, args)
    try:
        return method(target, *args)
    except TypeError:
        raise _no_method(name, target, args) from None


def _split(s: str, sep: str | None = None) -> list[str]:
    if sep is None:
        return s.split()
    return [p for p in re.split(sep, s)] if len(sep) > 1 else s.split(sep)


_STRING_METHODS: dict[str, Callable[..., Any]] = {
    "trim": str.strip,
    "toUpperCase": str.upper,
    "toLowerCase": str.lower,
    "contains": lambda s, x: to_str(x) in s,
    "startsWith": lambda s, x: s.startswith(to_str(x)),
    "endsWith": lambda s, x: s.endswith(to_str(x)),
    "split": _split,
    "tokenize": lambda s, sep=None: [
        p for p in re.split("[" + re.escape(sep or " \t\n") + "]", s) if p
    ],
    "size": len,
    "length": len,
    "isEmpty": lambda s: not s,
    "replace": lambda s, a, b: s.replace(to_str(a), to_str(b)),
    "replaceAll": lambda s, a, b: re.sub(a, b, s),
    "toInteger": lambda s: int(s.strip()),
    "isInteger": lambda s: s.strip().lstrip("-").isdigit(),
    "readLines": lambda s: s.splitlines(),
    "substring": lambda s, a, b=None: s[a:b],
    "indexOf": lambda s, x: s.find(to_str(x)),
    "equalsIgnoreCase": lambda s, x: s.lower() == to_str(x).lower(),
    "matches": lambda s, rx: re.fullmatch(rx, s) is not None,
    "capitalize": lambda s: s[:1].upper() + s[1:],
}
_LIST_METHODS: dict[str, Callable[..., Any]] = {
    "size": len,
    "isEmpty": lambda xs: not xs,
    "contains": contains,
    "join": lambda xs, sep="": sep.join(to_str(x) for x in xs),
    "first": lambda xs: xs[0],
    "last": lambda xs: xs[-1],
    "add": lambda xs, x: xs.append(x) is None,
    "plus": lambda xs, x: [*xs, *(x if isinstance(x, list) else [x])],
    "sort": lambda xs: xs.sort() or xs,
    "unique": lambda xs: list(dict.fromkeys(xs)),
    "reverse": lambda xs: list(reversed(xs)),
    "get": lambda xs, i: xs[i],
}
_MAP_METHODS: dict[str, Callable[..., Any]] = {
    "size": len,
    "isEmpty": lambda m: not m,
    "get": lambda m, k, d=None: m.get(k, d),
    "containsKey": lambda m, k: k in m,
    "keySet": lambda m: list(m),
    "values": lambda m: list(m.values()),
    "put": lambda m, k, v: m.__setitem__(k, v),
}
_NUMBER_METHODS: dict[str, Callable[..., Any]] = {
    "toInteger": int,
    "intValue": int,
    "abs": abs,
}
_COMMON: dict[str, Callable[..., Any]] = {
    "toString": to_str,
    "equals": equals,
    "hashCode": lambda v: hash(to_str(v)) & 0x7FFFFFFF,
}


def glob_match(pattern: str, path: str) -> bool:
    """An Ant pattern (``**/*.jar``, ``dist/*``, ``a/``) against a workspace-relative path."""
    pattern = pattern.strip().lstrip("./")
    if pattern.endswith("/"):
        pattern += "**"
    rx = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            rx += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            rx += ".*"
            i += 2
        elif pattern[i] == "*":
            rx += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            rx += "[^/]"
            i += 1
        else:
            rx += re.escape(pattern[i])
            i += 1
    return re.fullmatch(rx, path) is not None


def ant_select(paths: list[str], includes: str, excludes: str = "") -> list[str]:
    """Paths matching comma-separated Ant ``includes`` and none of ``excludes``, sorted."""
    inc = [p for p in includes.split(",") if p.strip()]
    exc = [p for p in excludes.split(",") if p.strip()]
    return sorted(
        p
        for p in paths
        if any(glob_match(i, p) for i in inc) and not any(glob_match(e, p) for e in exc)
    )


def wildcard(pattern: str, value: str) -> bool:
    """Declarative ``when { branch 'release-*' }``: Ant-style wildcards on the whole value."""
    return fnmatch.fnmatchcase(value, pattern)
