"""How the command line prints: plain tables for people, versioned JSON for scripts, Jenkins' own
JSON with ``--raw``, and rich widgets only on a terminal."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TextIO, TypeVar

import attrs
import click

from jenkins_sdk.cli.schema import SCHEMA_VERSION, Kind
from jenkins_sdk.models import raw_of, unstructure

__all__ = [
    "check_formats",
    "emit",
    "emit_document",
    "emit_event",
    "emit_list",
    "emit_raw",
    "is_tty",
    "json_option",
    "plain",
    "raw_option",
    "show_list",
    "snake_keys",
    "table",
]

F = TypeVar("F", bound=Callable[..., Any])

json_option: Callable[[F], F] = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON for scripts (a versioned, documented schema).",
)
raw_option: Callable[[F], F] = click.option(
    "--raw", is_flag=True, help="Print Jenkins' own JSON (unversioned: it varies with plugins)."
)


def check_formats(as_json: bool, raw: bool) -> None:
    """``--json`` and ``--raw`` exclude each other (a usage error)."""
    if as_json and raw:
        raise click.UsageError("--json and --raw exclude each other")


def is_tty(stream: TextIO | None = None) -> bool:
    """True when ``stream`` (stdout by default) is an interactive terminal."""
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


def plain(value: Any) -> str:
    """Text for a value: an enum's own string (``SUCCESS``), ``""`` for ``None``."""
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _dump(document: Any, *, lines: bool = False) -> None:
    if lines:
        click.echo(json.dumps(document, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))


def _head(kind: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "kind": kind}


def emit(kind: Kind, obj: Any, ctx: Mapping[str, Any] | None = None) -> None:
    """Print one document of ``kind`` built from ``obj``."""
    _dump({**_head(kind.name), **kind.render(obj, ctx)})


def emit_list(
    kind: Kind,
    objs: Iterable[Any],
    ctx: Callable[[Any], Mapping[str, Any]] | None = None,
) -> None:
    """Print ``{"kind": "<kind>_list", "items": [...]}``."""
    items = [kind.render(o, ctx(o) if ctx else None) for o in objs]
    _dump({**_head(f"{kind.name}_list"), "items": items})


def emit_event(kind: Kind, obj: Any, ctx: Mapping[str, Any] | None = None) -> None:
    """Print one compact line of JSON (a JSON Lines event stream)."""
    _dump({**_head(kind.name), **kind.render(obj, ctx)}, lines=True)


def emit_document(kind: str, data: Mapping[str, Any]) -> None:
    """Print a document whose fields come from elsewhere (snake_cased, ``_class`` dropped)."""
    _dump({**_head(kind), **snake_keys(data)})


def emit_raw(value: Any) -> None:
    """Print Jenkins' own JSON behind a model (or a list of models), as it was received."""
    _dump(_raw(value))


def _raw(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_raw(v) for v in value]
    if attrs.has(type(value)):
        try:
            return raw_of(value)
        except TypeError:
            return unstructure(value)
    return value


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake_keys(value: Any) -> Any:
    """Keys turned to snake_case, recursively; ``_class`` / ``class_`` keys dropped."""
    if isinstance(value, Mapping):
        return {
            _CAMEL.sub(r"_\1", str(k)).lower(): snake_keys(v)
            for k, v in value.items()
            if k not in ("_class", "class_")
        }
    if isinstance(value, list | tuple):
        return [snake_keys(v) for v in value]
    return value


def show_list(
    items: Sequence[Any],
    kind: Kind,
    *,
    as_json: bool,
    headers: Sequence[str],
    row: Callable[[Any], Sequence[object]],
    raw: bool = False,
    ctx: Callable[[Any], Mapping[str, Any]] | None = None,
) -> None:
    """Print a listing the way the flags ask: ``--raw``, ``--json`` (``kind`` items) or a table
    (a command without ``--raw`` leaves ``raw`` out)."""
    if raw:
        emit_raw(items)
    elif as_json:
        emit_list(kind, items, ctx)
    else:
        table(headers, (row(item) for item in items))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print rows as an aligned plain-text table (readable on a terminal, easy to grep in a log)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    click.echo(fmt.format(*headers).rstrip())
    for row in cells:
        click.echo(fmt.format(*row).rstrip())
