"""What every step shares: its flow nodes (atom, or block with a body), workspace paths, time
units (``java.util.concurrent.TimeUnit`` names, as ``sleep`` and ``timeout`` take them)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.pipeline.errors import AbortError, PipelineError, Signal
from jenkins_sdk.testing.pipeline.flow import (
    ATOM,
    BLOCK_END,
    BLOCK_START,
    BODY_END,
    BODY_START,
    FlowNode,
)
from jenkins_sdk.testing.pipeline.interp import Ctx, Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.stores import WorkspaceStore
from jenkins_sdk.testing.pipeline.values import to_str

UNITS_MS = {
    "NANOSECONDS": 1e-6,
    "MICROSECONDS": 1e-3,
    "MILLISECONDS": 1.0,
    "SECONDS": 1000.0,
    "MINUTES": 60_000.0,
    "HOURS": 3_600_000.0,
    "DAYS": 86_400_000.0,
}


def duration_ms(inv: Invocation, default_unit: str) -> int:
    """``time`` (the default argument) in ``unit`` (``TimeUnit`` name), in milliseconds."""
    amount = inv.arg("time")
    unit = to_str(inv.named.get("unit", default_unit)).upper()
    if unit not in UNITS_MS:
        raise PipelineError(
            f"No enum constant java.util.concurrent.TimeUnit.{unit}",
            "java.lang.IllegalArgumentException",
        )
    try:
        return int(float(amount) * UNITS_MS[unit])
    except (TypeError, ValueError):
        raise PipelineError(
            f'For input string: "{to_str(amount)}"', "java.lang.NumberFormatException"
        ) from None


def atom(interp: Interp, inv: Invocation, description: str | None = None) -> FlowNode:
    """Create the step's ``StepAtomNode`` (printing ``[Pipeline] <step>``)."""
    node = interp.run.flow.add(ATOM, inv.name, inv.ctx.parent, description=description)
    node.exec_node = exec_node(inv.ctx)
    return node


def exec_node(ctx: Ctx) -> str:
    """wfapi's ``execNode``: the agent a step runs on (empty on the built-in node)."""
    if ctx.node is None or ctx.node.name == "(built-in)":
        return ""
    return ctx.node.name


def atom_step(
    interp: Interp,
    inv: Invocation,
    body: Callable[[FlowNode], Gen],
    description: str | None = None,
) -> Gen:
    """Run an atom step: its node is open while ``body`` runs and keeps any error."""
    node = atom(interp, inv, description)
    try:
        value = yield from body(node)
    except PipelineError as exc:
        interp.run.flow.finish(node, exc)
        raise
    interp.run.flow.finish(node)
    return value


def block_step(
    interp: Interp,
    inv: Invocation,
    body: Callable[[Ctx], Gen],
    *,
    label: str | None = None,
    description: str | None = None,
    before: Callable[[FlowNode], None] | None = None,
) -> Gen:
    """Run a block step: ``start``, ``{``, the body, ``}``, ``// name``; errors pass through."""
    flow = interp.run.flow
    start = flow.add(BLOCK_START, inv.name, inv.ctx.parent, description=description)
    start.exec_node = exec_node(inv.ctx)
    if before is not None:
        try:
            before(start)
        except PipelineError as exc:  # the step failed to start: no body, the block closes
            flow.add(BLOCK_END, inv.name, inv.ctx.parent, start=start)
            flow.finish(start, exc)
            raise
    value, error = yield from body_block(interp, inv.name, start, inv.ctx, body, label=label)
    flow.add(BLOCK_END, inv.name, inv.ctx.parent, start=start)
    flow.finish(start, error if isinstance(error, PipelineError) else None)
    if error is not None:
        raise error
    return value


def body_block(
    interp: Interp,
    function: str,
    start: FlowNode,
    ctx: Ctx,
    body: Callable[[Ctx], Gen],
    *,
    label: str | None = None,
    branch: bool = False,
) -> Gen:
    """One body of a block step; returns ``(value, error)`` (the error is not raised)."""
    flow = interp.run.flow
    node = flow.add(BODY_START, function, start, label=label)
    node.branch = branch
    node.exec_node = exec_node(ctx)
    value: Any = None
    error: BaseException | None = None
    try:
        value = yield from body(ctx.under(node))
    except (PipelineError, Signal) as exc:
        error = exc
    flow.finish(node, error if isinstance(error, PipelineError) else None)
    flow.add(BODY_END, function, start, start=node)
    return value, error


def closure_body(interp: Interp, inv: Invocation) -> Callable[[Ctx], Gen]:
    """The step's closure as a body (``IllegalArgumentException`` without one)."""
    clo = inv.closure
    if clo is None:
        raise PipelineError(
            f"{inv.name} step must be called with a body", "java.lang.IllegalStateException"
        )

    def run(ctx: Ctx) -> Gen:
        return (yield from interp.call_closure(clo, [], ctx))

    return run


# ------------------------------------------------------------------ workspace
def files(interp: Interp) -> dict[str, bytes]:
    """The job's workspace files."""
    store = interp.run.state.store(WorkspaceStore)
    return store.of(interp.run.build.job.full_name)


def ws_root(interp: Interp, ctx: Ctx) -> str:
    """The absolute workspace of the step's node (the build's default one outside a node)."""
    if ctx.node is not None:
        return ctx.node.workspace
    return interp.run.default_workspace()


def rel_path(ctx: Ctx, path: str) -> str:
    """A workspace-relative path from the step's directory (``dir``) and a given path."""
    joined = posixpath.normpath(posixpath.join(ctx.cwd, path)) if path else ctx.cwd
    if joined.startswith("../") or joined == "..":
        raise AbortError(f"{path} is outside the workspace")
    return "" if joined == "." else joined


def need_node(interp: Interp, inv: Invocation) -> None:
    """Steps that need a workspace fail outside ``node {}``
    (``MissingContextVariableException``)."""
    if inv.ctx.node is None and interp.run.needs_node:
        raise PipelineError(
            f"Required context class hudson.FilePath is missing\nPerhaps you forgot to surround "
            f"the {inv.name} step with a step that provides this, such as: node",
            "org.jenkinsci.plugins.workflow.steps.MissingContextVariableException",
        )
