"""The ``input`` step, parameter symbols and ``properties``.

pipeline-input-step ``InputStep``/``InputStepExecution``: the id is the given one capitalised or
``capitalize(md5(message))``; the console shows ``message`` and ``<ok> or Abort`` (or ``Input
requested`` when there are parameters); proceeding prints ``Approved by <user>`` and returns
the only parameter's value, a map of several, or null; aborting is a ``FlowInterruptedException``
whose ``Rejection`` prints ``Rejected by <user>``. Parameter symbols (``string``,
``booleanParam``, ``choice``, ``text``, ``password``) build core's ``ParameterDefinition``s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jenkins_sdk.testing.model import InputSpec, ParamDef
from jenkins_sdk.testing.pipeline.errors import Interrupted, PipelineError
from jenkins_sdk.testing.pipeline.flow import FlowNode
from jenkins_sdk.testing.pipeline.interp import Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen, WaitInput
from jenkins_sdk.testing.pipeline.steps_common import atom_step, block_step, closure_body
from jenkins_sdk.testing.pipeline.steps_credentials import BINDINGS, Binding
from jenkins_sdk.testing.pipeline.values import to_str

_PARAM_TYPES = {
    "string": "string",
    "text": "text",
    "booleanParam": "boolean",
    "choice": "choice",
    "password": "password",
}
#: ``@Symbol``s a script can call (``DSL.invokeMethod`` lists them when a step is missing).
SYMBOLS = (
    *_PARAM_TYPES,
    "buildDiscarder",
    "cron",
    "disableConcurrentBuilds",
    "logRotator",
    "parameters",
    "pipelineTriggers",
    "pollSCM",
    "skipDefaultCheckout",
    "skipStagesAfterUnstable",
    "timestamps",
    "upstream",
    *BINDINGS,
)


@dataclass
class Symbol:
    """A describable built from a symbol call (``disableConcurrentBuilds()``,
    ``cron('H * * * *')``)."""

    name: str
    args: list[Any] = field(default_factory=list)
    named: dict[str, Any] = field(default_factory=dict)
    java_class = "org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable"


def param_def(inv: Invocation) -> ParamDef:
    """A parameter definition from ``string(name: 'X', defaultValue: 'a', description: '')``."""
    kind = _PARAM_TYPES[inv.name]
    name = to_str(inv.arg("name", ""))
    # a definition's defaultValue, or a value (``build``'s parameters: ParameterValue symbols)
    empty: Any = False if kind == "boolean" else ""
    default = inv.named.get("defaultValue", inv.named.get("value", empty))
    choices: list[str] = []
    if kind == "choice":
        raw = inv.named.get("choices", [])
        choices = [to_str(c) for c in raw] if isinstance(raw, list) else to_str(raw).split("\n")
        if choices or "value" not in inv.named:
            default = choices[0] if choices else ""
    value = default if isinstance(default, bool) else to_str(default)
    return ParamDef(name, kind, value, to_str(inv.named.get("description", "") or ""), choices)


def symbol(interp: Interp, inv: Invocation) -> Gen:
    """Evaluate a symbol call (no flow node: describables are values, not steps); the
    timestamper's ``timestamps { }`` is a block step (its time stamps are console notes, which
    ``consoleText`` does not show)."""
    if "credentialsId" in inv.named:  # string(credentialsId:, variable:) is StringBinding
        return Binding(inv.name, dict(inv.named))
    if inv.name in _PARAM_TYPES:
        return param_def(inv)
    if inv.name == "timestamps" and inv.closure is not None:
        return (yield from block_step(interp, inv, closure_body(interp, inv)))
    return Symbol(inv.name, list(inv.args), dict(inv.named))


def properties(interp: Interp, inv: Invocation) -> Gen:
    """``properties([parameters([...]), disableConcurrentBuilds(), pipelineTriggers([...])])``:
    the job's properties are replaced (``JobPropertyStep``)."""
    items = inv.arg("properties") or []

    def body(node: FlowNode) -> Gen:
        apply_properties(interp.run.build.job, items)
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body))


def apply_properties(job: Any, items: list[Any]) -> None:
    """Set parameters, concurrency and SCM polling from property describables."""
    job.concurrent = True
    for item in items:
        if not isinstance(item, Symbol):
            continue
        if item.name == "parameters":
            defs = item.args[0] if item.args else []
            job.params = [d for d in defs if isinstance(d, ParamDef)]
        elif item.name == "disableConcurrentBuilds":
            job.concurrent = False
        elif item.name == "pipelineTriggers":
            triggers = item.args[0] if item.args else []
            job.scm_trigger = any(isinstance(t, Symbol) and t.name == "pollSCM" for t in triggers)


def input_spec(inv: Invocation) -> InputSpec:
    """The ``InputSpec`` of an ``input`` call (``message`` is its default argument)."""
    params = inv.named.get("parameters") or []
    spec = InputSpec(
        message=to_str(inv.arg("message", "")),
        id=to_str(inv.named["id"]) if inv.named.get("id") else None,
        ok=to_str(inv.named.get("ok") or "Proceed"),
        parameters=[p for p in params if isinstance(p, ParamDef)],
        submitter=to_str(inv.named["submitter"]) if inv.named.get("submitter") else None,
    )
    return spec


def ask(interp: Interp, inv: Invocation, spec: InputSpec, submitter_param: str | None) -> Gen:
    """Pause on an input until it is answered; return what the step returns."""
    run = interp.run

    def body(node: FlowNode) -> Gen:
        if spec.parameters:
            run.flow.line("Input requested", node)
        else:
            run.flow.line(spec.message, node)
            run.flow.line(f"{spec.ok} or Abort", node)
        node.paused_since = run.now
        run.inputs[spec.input_id] = (spec, node)
        try:
            answer = yield WaitInput(spec.input_id)
        finally:
            run.inputs.pop(spec.input_id, None)
            if node.paused_since is not None:
                node.pause_ms += run.now - node.paused_since
                node.paused_since = None
        user, values = answer
        run.flow.line(f"Approved by {user}", node)
        if submitter_param:
            values = {**values, submitter_param: user}
        if not values:
            return None
        return next(iter(values.values())) if len(values) == 1 else dict(values)

    return (yield from atom_step(interp, inv, body, spec.message))


def input_step(interp: Interp, inv: Invocation) -> Gen:
    """``input message: 'Deploy?', id: 'go', ok: 'Ship', submitter: 'alice', parameters: [...]``."""
    spec = input_spec(inv)
    if not spec.message:
        raise PipelineError("message must not be empty", "java.lang.IllegalArgumentException")
    submitter_param = inv.named.get("submitterParameter")
    return (yield from ask(interp, inv, spec, to_str(submitter_param) if submitter_param else None))


def rejected(user: str) -> Interrupted:
    """The failure an aborted input raises (``Rejection``)."""
    error = Interrupted("ABORTED", (f"Rejected by {user}",))
    error.actual = False
    return error


STEPS = {
    "input": input_step,
    "properties": properties,
    **{name: symbol for name in SYMBOLS},
}
