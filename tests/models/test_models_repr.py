"""repr() of models: password parameter values are masked (BUG-9), everything else is attrs'."""

from __future__ import annotations

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
