"""Operations: read the raw JSON answers that are not structured into a model, by shape.

Reads that take a few keys of an object (a job's ``nextBuildNumber``, a build's ``building``,
a queue item's ``executable``) or walk a list of entries go through these helpers instead of
``isinstance`` checks of their own. They are tolerant where Jenkins is (a member that is absent
or ``null`` reads as empty, or as ``None``) and strict where a value of another JSON type would
otherwise surface as a bare ``AttributeError``/``TypeError``/``KeyError``/``ValueError``: each
such value raises :class:`~jenkins_sdk.errors.ResponseShapeError` naming what was read and the
JSON path (``job JSON: $.allBuilds[3].number: expected an integer, got a string '7'``).

JSON numbers are not taken from strings, and ``true``/``false`` are not integers.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any, TypeVar

from jenkins_sdk._secrets import is_sensitive_name, redact
from jenkins_sdk.errors import ResponseShapeError

__all__ = [
    "as_list",
    "as_object",
    "boolean",
    "choice",
    "count",
    "entries",
    "integer",
    "member_list",
    "member_object",
    "objects",
    "string",
    "wrong",
]

E = TypeVar("E", bound=Enum)

_HINT = "the server sent JSON of another shape (plugin or Jenkins version difference?)"
_KINDS: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


def _kind(value: object) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def wrong(what: str, path: str, expected: str, value: object) -> ResponseShapeError:
    """The error for ``value`` found at ``path`` where ``expected`` was wanted."""
    got = _kind(value)
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if not isinstance(value, dict | list) and value is not None and not is_sensitive_name(last):
        got = f"{got} {redact(_shown(value))}"  # a value under a secret's name is not shown
    return ResponseShapeError(f"{what}: {path}: expected {expected}, got {got}", hint=_HINT)


def as_object(data: Any, what: str, *, path: str = "$", null: bool = False) -> dict[str, Any]:
    """``data`` as a JSON object (``null`` reads as ``{}`` only when ``null`` is true)."""
    if type(data) is dict:
        return data
    if data is None and null:
        return {}
    raise wrong(what, path, "an object", data)


def as_list(data: Any, what: str, *, path: str = "$") -> list[Any]:
    """``data`` as a JSON list (``null`` reads as ``[]``)."""
    if type(data) is list:
        return data
    if data is None:
        return []
    raise wrong(what, path, "a list", data)


def member_list(obj: dict[str, Any], key: str, what: str, *, path: str = "$") -> list[Any]:
    """The list under ``key`` of an object (absent or ``null``: ``[]``)."""
    return as_list(obj.get(key), what, path=f"{path}.{key}")


def member_object(
    obj: dict[str, Any], key: str, what: str, *, path: str = "$"
) -> dict[str, Any] | None:
    """The object under ``key`` of an object (absent or ``null``: ``None``)."""
    value = obj.get(key)
    if value is None:
        return None
    return as_object(value, what, path=f"{path}.{key}")


def entries(data: Any, key: str, what: str) -> list[Any]:
    """The list under ``key`` of the object ``data`` (the usual ``{"builds": [...]}`` answer)."""
    return member_list(as_object(data, what), key, what)


def objects(
    values: list[Any], what: str, *, path: str, null: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each entry of ``values`` as ``(its path, the object)``; an entry that is no object raises
    (a ``null`` entry reads as ``{}`` when ``null`` is true: Jenkins' ``actions`` lists)."""
    for index, value in enumerate(values):
        here = f"{path}[{index}]"
        yield here, as_object(value, what, path=here, null=null)


def integer(value: Any, what: str, *, path: str) -> int | None:
    """A JSON integer (``null``: ``None``); a string, float or boolean raises."""
    if value is None or (type(value) is int):
        return value
    raise wrong(what, path, "an integer", value)


def count(obj: dict[str, Any], key: str, what: str, *, path: str = "$") -> int:
    """A non-negative integer member such as ``failCount`` (absent or ``null``: 0)."""
    value = integer(obj.get(key), what, path=f"{path}.{key}")
    if value is None:
        return 0
    if value < 0:
        raise wrong(what, f"{path}.{key}", "a count (>= 0)", value)
    return value


def string(value: Any, what: str, *, path: str) -> str | None:
    """A JSON string (``null``: ``None``)."""
    if value is None or type(value) is str:
        return value
    raise wrong(what, path, "a string", value)


def boolean(value: Any, what: str, *, path: str) -> bool | None:
    """A JSON boolean (``null``: ``None``); ``"false"`` or ``0`` raise."""
    if value is None or type(value) is bool:
        return value
    raise wrong(what, path, "a boolean", value)


def choice(value: Any, enum: type[E], what: str, *, path: str) -> E | None:
    """One of ``enum``'s string values (``null``: ``None``)."""
    text = string(value, what, path=path)
    if text is None:
        return None
    try:
        return enum(text)
    except ValueError:
        raise wrong(what, path, f"one of {', '.join(str(m.value) for m in enum)}", value) from None
