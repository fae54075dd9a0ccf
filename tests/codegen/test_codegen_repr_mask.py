"""``x-repr-mask`` in a schema becomes a generated ``__repr__`` that masks the value.

Generated from throwaway schemas, so the test covers both forms (``true``, and the
``when-class-endswith`` condition the real ``parameter_value.json`` uses) and the refusals.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen.keywords import template_data
from tests.codegen.helpers import GenerateModel, schema_with

pytest.importorskip("datamodel_code_generator")


def test_both_forms_mask_and_leave_other_fields_alone(generate_model: GenerateModel) -> None:
    holder = generate_model(
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
    (tmp_path / "secret_holder.json").write_text(json.dumps(schema_with(properties)), "utf-8")
    with pytest.raises(SystemExit, match=message):
        template_data(tmp_path)
