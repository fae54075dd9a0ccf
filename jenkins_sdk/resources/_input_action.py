"""Pending input steps read from the build itself, for controllers without pipeline-stage-view.

pipeline-input-step exports an ``InputAction`` on a paused run (``InputAction.java``:
``executions``; ``InputStepExecution.java``: ``id``, ``settled``, ``input``; ``InputStep.java``:
``id``, ``message``, ``ok``, ``submitter``, ``parameters``). A Jenkins set up today often has no
stage view (the setup wizard suggests pipeline-graph-view since 2.450), so ``wfapi/`` answers 404;
this is the same information in the shape of ``wfapi/pendingInputActions``.
"""

from __future__ import annotations

from typing import Any

from jenkins_sdk.resources import _shapes

__all__ = ["INPUT_TREE", "pending_from_build"]

#: What to ask the build for: its running state and every input step's definition.
INPUT_TREE = (
    "building,actions[executions[id,settled,input[id,message,ok,submitter,"
    "parameters[name,type,description,choices,defaultParameterValue[name,value]]]]]"
)

_WHAT = "the build's input steps (InputAction)"


def pending_from_build(data: Any) -> list[dict[str, Any]]:
    """The unsettled input steps of a build's JSON (asked with :data:`INPUT_TREE`), each shaped
    like an entry of ``wfapi/pendingInputActions`` (``id``, ``message``, ``proceedText``,
    ``inputs``: ``name``, ``type``, ``description``, ``definition``)."""
    found: list[dict[str, Any]] = []
    build = _shapes.as_object(data, _WHAT, null=True)
    for at, action in _shapes.objects(
        _shapes.member_list(build, "actions", _WHAT), _WHAT, path="$.actions", null=True
    ):
        executions = _shapes.member_list(action, "executions", _WHAT, path=at)
        for where, execution in _shapes.objects(executions, _WHAT, path=f"{at}.executions"):
            if (
                _shapes.boolean(execution.get("settled"), _WHAT, path=f"{where}.settled")
                is not False
            ):
                continue
            step = _shapes.member_object(execution, "input", _WHAT, path=where) or {}
            input_id = _shapes.string(execution.get("id"), _WHAT, path=f"{where}.id")
            if not input_id:
                continue
            found.append(
                {
                    "id": input_id,
                    "message": _shapes.string(
                        step.get("message"), _WHAT, path=f"{where}.input.message"
                    ),
                    "proceedText": _shapes.string(step.get("ok"), _WHAT, path=f"{where}.input.ok"),
                    "inputs": [_parameter(p) for _, p in _parameters(step, where)],
                }
            )
    return found


def _parameters(step: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    values = _shapes.member_list(step, "parameters", _WHAT, path=f"{where}.input")
    return list(_shapes.objects(values, _WHAT, path=f"{where}.input.parameters"))


def _parameter(definition: dict[str, Any]) -> dict[str, Any]:
    """A ``ParameterDefinition`` as wfapi's ``InputParameterDef`` shows it."""
    return {
        "name": definition.get("name"),
        "type": definition.get("type"),
        "description": definition.get("description"),
        "definition": definition,
    }
