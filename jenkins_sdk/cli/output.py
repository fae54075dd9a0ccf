"""How the command line prints: plain tables, JSON for scripts, rich widgets only on a TTY."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

import attrs
import click

from jenkins_sdk.models import unstructure

__all__ = ["emit_json", "emit_json_line", "is_tty", "plain", "table", "to_jsonable"]


def is_tty(stream: TextIO | None = None) -> bool:
    """True when ``stream`` (stdout by default) is an interactive terminal."""
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


def to_jsonable(value: Any) -> Any:
    """Turn models (attrs classes), enums and containers into plain JSON values."""
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value
    return value


def plain(value: Any) -> str:
    """Text for a value: an enum's own string (``SUCCESS``), ``""`` for ``None``."""
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def emit_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    click.echo(json.dumps(to_jsonable(value), indent=2, sort_keys=True, ensure_ascii=False))


def emit_json_line(value: Any) -> None:
    """Print ``value`` as one line of compact JSON (a JSON Lines event stream, for ``--watch``)."""
    click.echo(json.dumps(to_jsonable(value), sort_keys=True, ensure_ascii=False))


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
