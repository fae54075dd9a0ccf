"""A time ``format`` with ``x-accessor`` becomes a typed read-only property next to the raw field.

``epoch-millis`` -> ``NAME_at`` (aware UTC datetime), ``duration-millis`` / ``duration-seconds``
-> ``NAME_td`` (timedelta); the raw field keeps its name and type. Malformed keywords stop the
generator with the schema and property named.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

from codegen.keywords import template_data
from tests.codegen.helpers import GenerateModel, schema_with

pytest.importorskip("datamodel_code_generator")

NULLABLE_INT = ["integer", "null"]


def _time(fmt: str, accessor: str, kind: str = "integer") -> dict[str, Any]:
    return {"type": [kind, "null"], "format": fmt, "x-accessor": accessor}


def test_each_format_gives_its_property(generate_model: GenerateModel) -> None:
    holder = generate_model(
        {
            "createdMillis": {
                "type": NULLABLE_INT,
                "format": "epoch-millis",
                "x-accessor": "created_at",
            },
            "tookMillis": {
                "type": NULLABLE_INT,
                "format": "duration-millis",
                "x-accessor": "took_td",
            },
            "secs": {
                "type": ["number", "null"],
                "format": "duration-seconds",
                "x-accessor": "secs_td",
            },
        }
    )
    value = holder(name="n", created_millis=86_400_001, took_millis=1500, secs=0.25)
    assert value.created_at == datetime(1970, 1, 2, 0, 0, 0, 1000, tzinfo=timezone.utc)
    assert value.took_td == timedelta(seconds=1.5) and value.secs_td == timedelta(seconds=0.25)
    assert [a.name for a in attrs.fields(holder)] == [
        "name", "created_millis", "took_millis", "secs", "_raw"
    ]  # fmt: skip
    assert "``created_at`` from ``created_millis`` (ms since the epoch)," in holder.__doc__
    assert "``secs_td`` from ``secs`` (seconds)." in holder.__doc__
    assert holder(name="n").created_at is None


@pytest.mark.parametrize(
    ("prop", "message"),
    [
        ({"type": NULLABLE_INT, "format": "epoch-millis"}, "needs a time format and a name"),
        ({"type": NULLABLE_INT, "x-accessor": "t_at"}, "needs a time format and a name"),
        ({"type": "string", "format": "epoch-millis", "x-accessor": "t_at"}, "integer or number"),
        ({"type": NULLABLE_INT, "format": "epoch-millis", "x-accessor": "t_td"}, "end with _at"),
        ({"type": NULLABLE_INT, "format": "duration-millis", "x-accessor": "t"}, "end with _td"),
        ({"type": NULLABLE_INT, "format": "epoch-millis", "x-accessor": "name_at"}, "taken"),
    ],
)
def test_malformed_time_keywords_stop_the_generator(
    tmp_path: Path, prop: dict[str, Any], message: str
) -> None:
    properties = {"t": prop, "nameAt": {"type": "string"}}
    (tmp_path / "s.json").write_text(json.dumps(schema_with(properties)), "utf-8")
    with pytest.raises(SystemExit, match=f"SecretHolder.t: .*{message}"):
        template_data(tmp_path)
