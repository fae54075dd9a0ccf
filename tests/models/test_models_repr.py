"""repr() of models: password parameter values are masked (BUG-9), everything else is attrs'.

The masking is generated (``x-repr-mask`` in ``schemas/parameter_value.json``), not patched in.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import attrs

import jenkins_sdk.models as m
from jenkins_sdk.models import Build, ParametersAction, ParameterValue, QueueItem, structure
from jenkins_sdk.models._generated.parameter_value import ParameterValue as GeneratedParameterValue

SECRET = "s3cr3t-deploy-key"


def _params() -> list[dict[str, object]]:
    return [
        {"_class": "hudson.model.PasswordParameterValue", "name": "KEY", "value": SECRET},
        {"_class": "hudson.model.StringParameterValue", "name": "TARGET", "value": "prod"},
    ]


def test_password_parameter_value_is_masked_in_a_build_repr() -> None:
    build = structure(
        {
            "number": 3,
            "url": "http://j/job/a/3/",
            "building": False,
            "actions": [{"_class": "hudson.model.ParametersAction", "parameters": _params()}],
        },
        Build,
    )
    text = repr(build)
    assert SECRET not in text and SECRET not in str(build)
    assert "name='KEY', class_='hudson.model.PasswordParameterValue', value='***'" in text
    assert "value='prod'" in text
    action = build.actions[0]
    assert isinstance(action, ParametersAction)
    assert action.parameters[0].value == SECRET  # only the repr is masked


def test_queue_item_parameters_are_masked_too() -> None:
    item = structure(
        {
            "id": 5,
            "actions": [{"_class": "hudson.model.ParametersAction", "parameters": _params()}],
        },
        QueueItem,
    )
    assert SECRET not in repr(item)


def test_masking_applies_to_the_generated_class_itself() -> None:
    assert GeneratedParameterValue is ParameterValue
    value = GeneratedParameterValue(
        name="P", class_="com.example.FancyPasswordParameterValue", value=SECRET
    )
    assert repr(value) == (
        "ParameterValue(name='P', class_='com.example.FancyPasswordParameterValue', value='***')"
    )


def test_other_parameter_values_keep_the_attrs_repr() -> None:
    assert repr(ParameterValue(name="N", value=None)) == (
        "ParameterValue(name='N', class_=None, value=None)"
    )
    unmasked = ParameterValue(name="N", class_="hudson.model.StringParameterValue", value="v")
    assert repr(unmasked).endswith("value='v')")
    no_value = ParameterValue(name="K", class_="hudson.model.PasswordParameterValue")
    assert repr(no_value).endswith("value=None)")


def test_the_masking_repr_is_generated_code_not_a_runtime_patch() -> None:
    source = inspect.getsourcefile(ParameterValue.__repr__)
    assert source is not None and Path(source).name == "parameter_value.py"
    assert Path(source).parent.name == "_generated"
    models_init = Path(m.__file__ or "").read_text(encoding="utf-8")
    assert "__repr__" not in models_init.split('"""', 2)[2]  # only its docstring mentions it


def test_the_generated_repr_has_the_attrs_format() -> None:
    value = ParameterValue(name="N", class_="hudson.model.StringParameterValue", value=[1, "x"])
    shown = ", ".join(
        f"{a.name}={getattr(value, a.name)!r}" for a in attrs.fields(ParameterValue) if a.repr
    )
    assert repr(value) == f"ParameterValue({shown})"
