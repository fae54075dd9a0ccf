"""Pending inputs read from a build's ``InputAction`` (no stage view): shapes and hostile values."""

from __future__ import annotations

from typing import Any

import pytest

from jenkins_sdk.errors import ResponseShapeError
from jenkins_sdk.resources._input_action import pending_from_build

_INPUT = "org.jenkinsci.plugins.workflow.support.steps.input."

#: The shape pipeline-input-step exports (InputAction.java, InputStepExecution.java,
#: InputStep.java), beside the other actions of a paused run.
PAUSED: dict[str, Any] = {
    "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
    "building": True,
    "actions": [
        {"_class": "hudson.model.CauseAction"},
        {},
        None,
        {
            "_class": _INPUT + "InputAction",
            "executions": [
                {"_class": _INPUT + "InputStepExecution", "id": "Done", "settled": True},
                {
                    "_class": _INPUT + "InputStepExecution",
                    "id": "Approve",
                    "settled": False,
                    "input": {
                        "_class": _INPUT + "InputStep",
                        "id": "Approve",
                        "message": "Ship?",
                        "ok": "Yes",
                        "submitter": "alice",
                        "parameters": [
                            {
                                "_class": "hudson.model.StringParameterDefinition",
                                "name": "NOTE",
                                "type": "StringParameterDefinition",
                                "description": "",
                                "defaultParameterValue": {"name": "NOTE", "value": ""},
                            }
                        ],
                    },
                },
            ],
        },
    ],
}


def test_only_unsettled_inputs_in_the_wfapi_shape() -> None:
    (step,) = pending_from_build(PAUSED)
    assert step["id"] == "Approve"
    assert (step["message"], step["proceedText"]) == ("Ship?", "Yes")
    assert [p["name"] for p in step["inputs"]] == ["NOTE"]


@pytest.mark.parametrize("data", [None, {}, {"actions": None}, {"actions": [{}]}])
def test_nothing_pending(data: Any) -> None:
    assert pending_from_build(data) == []


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"actions": {}},
        {"actions": [{"executions": {}}]},
        {"actions": [{"executions": ["x"]}]},
        {"actions": [{"executions": [{"id": 3, "settled": False}]}]},
        {"actions": [{"executions": [{"id": "A", "settled": "false"}]}]},
        {"actions": [{"executions": [{"id": "A", "settled": False, "input": []}]}]},
        {"actions": [{"executions": [{"id": "A", "settled": False, "input": {"parameters": 1}}]}]},
    ],
)
def test_wrong_shapes_are_shape_errors(data: Any) -> None:
    with pytest.raises(ResponseShapeError):
        pending_from_build(data)
