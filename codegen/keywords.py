"""The ``x-*`` keywords (and time ``format``s) of the schemas, turned into per-class template data.

* ``x-jenkins-classes`` / ``x-jenkins-sniff`` (object): the tags of a tagged union member;
* ``x-repr-mask`` (property): the class's ``__repr__`` shows that value as ``'***'``;
* ``format`` ``epoch-millis`` / ``duration-millis`` / ``duration-seconds`` with ``x-accessor``
  (property): a typed read-only property next to the raw field — ``NAME_at`` (an aware UTC
  ``datetime``) for an instant, ``NAME_td`` (a ``timedelta``) for a duration.

Malformed keywords stop the generator (``SystemExit`` naming the schema and property).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

TIME_FORMATS: dict[str, dict[str, str]] = {
    "epoch-millis": {
        "suffix": "_at",
        "returns": "datetime",
        "helper": "instant_from_millis",
        "raw": "ms since the epoch",
        "none": "absent or not positive (Jenkins' 0 or -1: never, unknown)",
        "shape": "an aware UTC ``datetime``",
    },
    "duration-millis": {
        "suffix": "_td",
        "returns": "timedelta",
        "helper": "duration_from_millis",
        "raw": "milliseconds",
        "none": "absent or negative (Jenkins' -1: unknown)",
        "shape": "a ``timedelta``",
    },
    "duration-seconds": {
        "suffix": "_td",
        "returns": "timedelta",
        "helper": "duration_from_seconds",
        "raw": "seconds",
        "none": "absent or negative",
        "shape": "a ``timedelta``",
    },
}
"""``format`` -> how its accessor is named, typed, computed and documented."""

TIME_IMPORTS = [
    "datetime.datetime",
    "datetime.timedelta",
    *sorted({f"jenkins_sdk.models._time.{f['helper']}" for f in TIME_FORMATS.values()}),
]
"""What the generated modules may need for the accessors (ruff drops the unused ones)."""


def _titled_objects(node: object) -> list[dict[str, Any]]:
    """Every object schema with a ``title`` in ``node`` (each becomes a class), outermost first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "title" in node and "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(_titled_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_titled_objects(value))
    return found


def _repr_masks(schema: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each property's ``x-repr-mask``: ``true`` (always) or ``{"when-class-endswith": S}``."""
    masks: dict[str, dict[str, str]] = {}
    for name, prop in schema["properties"].items():
        rule = prop.get("x-repr-mask") if isinstance(prop, dict) else None
        if rule is None or rule is False:
            continue
        rule = {} if rule is True else rule
        if not isinstance(rule, dict) or set(rule) - {"when-class-endswith"}:
            raise SystemExit(f"codegen: {schema['title']}.{name}: bad x-repr-mask {rule!r}")
        if rule and "_class" not in schema["properties"]:
            raise SystemExit(f"codegen: {schema['title']}: x-repr-mask on _class needs _class")
        masks[name] = rule
    return masks


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _time_accessors(schema: dict[str, Any]) -> list[dict[str, str]]:
    """The typed time accessors of an object schema, in property order."""
    accessors: list[dict[str, str]] = []
    fields = {_snake(name) for name in schema["properties"]}
    for name, prop in schema["properties"].items():
        where = f"codegen: {schema['title']}.{name}"
        kind = TIME_FORMATS.get(prop.get("format", "")) if isinstance(prop, dict) else None
        accessor = prop.get("x-accessor") if isinstance(prop, dict) else None
        if kind is None and accessor is None:
            continue
        if kind is None or not isinstance(accessor, str):
            raise SystemExit(f"{where}: x-accessor needs a time format and a name ({prop!r})")
        types = prop.get("type")
        types = {types} if isinstance(types, str) else set(types or ())
        if not types & {"integer", "number"} or types - {"integer", "number", "null"}:
            raise SystemExit(f"{where}: a time format needs an integer or number type")
        if not accessor.isidentifier() or not accessor.endswith(kind["suffix"]):
            raise SystemExit(f"{where}: x-accessor {accessor!r} must end with {kind['suffix']}")
        if accessor in fields or accessor in {a["name"] for a in accessors}:
            raise SystemExit(f"{where}: x-accessor {accessor!r} is taken")
        accessors.append({"json": name, "name": accessor, **kind})
    return accessors


def template_data(schema_dir: Path) -> dict[str, dict[str, object]]:
    """Collect per-class template data from the keywords of every titled object schema."""
    data: dict[str, dict[str, object]] = {}
    for path in sorted(schema_dir.glob("*.json")):
        for schema in _titled_objects(json.loads(path.read_text(encoding="utf-8"))):
            entry: dict[str, object] = {}
            if "x-jenkins-classes" in schema:
                entry["jenkins_classes"] = list(schema["x-jenkins-classes"])
            if "x-jenkins-sniff" in schema:
                entry["jenkins_sniff"] = schema["x-jenkins-sniff"]
            masks = _repr_masks(schema)
            if masks:
                entry["repr_masks"] = masks
            accessors = _time_accessors(schema)
            if accessors:
                entry["time_accessors"] = accessors
            if entry:
                data[str(schema["title"])] = entry
    return data
