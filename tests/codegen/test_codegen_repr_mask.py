"""``x-repr-mask`` in a schema becomes a generated ``__repr__`` that masks the value.

Generated from throwaway schemas, so the test covers both forms (``true``, and the
``when-class-endswith`` condition the real ``parameter_value.json`` uses) and the refusals.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from codegen.__main__ import generate, template_data

pytest.importorskip("datamodel_code_generator")


def _schema(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "secret_holder.json",
        "title": "SecretHolder",
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, **properties},
    }


def _generate(tmp_path: Path, properties: dict[str, Any]) -> Any:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "secret_holder.json").write_text(json.dumps(_schema(properties)), encoding="utf-8")
    out = tmp_path / "_generated"
    generate(out, schemas)
    spec = importlib.util.spec_from_file_location("secret_holder", out / "secret_holder.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SecretHolder


def test_both_forms_mask_and_leave_other_fields_alone(tmp_path: Path) -> None:
    holder = _generate(
        tmp_path,
        {
            "_class": {"type": "string"},
            "token": {"type": ["string", "null"], "x-repr-mask": True},
            "pinCode": {
                "type": ["integer", "null"],
                "x-repr-mask": {"when-class-endswith": "Secret"},
            },
        },
    )
    value = holder(name="n", class_="a.b.Secret", token="t0k3n", pin_code=1234)
    assert repr(value) == "SecretHolder(name='n', class_='a.b.Secret', token='***', pin_code='***')"
    assert value.token == "t0k3n" and value.pin_code == 1234  # only the repr is masked
    plain = holder(name="n", class_="a.b.Plain", token=None, pin_code=7)
    assert repr(plain) == "SecretHolder(name='n', class_='a.b.Plain', token=None, pin_code=7)"


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ({"token": {"type": "string", "x-repr-mask": "yes"}}, "bad x-repr-mask"),
        ({"token": {"type": "string", "x-repr-mask": {"when": "x"}}}, "bad x-repr-mask"),
        (
            {"token": {"type": "string", "x-repr-mask": {"when-class-endswith": "S"}}},
            "needs _class",
        ),
    ],
)
def test_malformed_masks_stop_the_generator(
    tmp_path: Path, properties: dict[str, Any], message: str
) -> None:
    (tmp_path / "secret_holder.json").write_text(json.dumps(_schema(properties)), encoding="utf-8")
    with pytest.raises(SystemExit, match=message):
        template_data(tmp_path)
