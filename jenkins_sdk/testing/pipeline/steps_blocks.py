"""Block steps: ``stage``, ``node``, ``parallel``, ``timeout``, ``retry``, ``catchError``/
``warnError``, ``withEnv``, ``dir``, ``script`` (pipeline-stage-step ``StageStep``;
workflow-durable-task-step ``ExecutorStepExecution``: ``Running on <node> in <ws>``, ``Still
waiting to schedule task``; workflow-cps ``ParallelStep``: ``{ (Branch: a)`` bodies, ``Failed in
branch a``; workflow-basic-steps ``TimeoutStepExecution`` (``Timeout set to expire in``,
``Cancelling nested steps due to timeout``, ``Timeout has been exceeded``), ``RetryStep``
(``Retrying``), ``CatchErrorStep`` (``Setting overall build result to``), ``EnvStep``,
``PushdStep``)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from jenkins_sdk.testing.pipeline.errors import AbortError, Interrupted, PipelineError, Signal
from jenkins_sdk.testing.pipeline.flow import BLOCK_END, BLOCK_START, BODY_END, BODY_START, FlowNode
from jenkins_sdk.testing.pipeline.interp import ClosureValue, Ctx, Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Fork, Gen, Sleep, WaitInput
from jenkins_sdk.testing.pipeline.script_run import RESULT_ORDER, worse
from jenkins_sdk.testing.pipeline.steps_common import (
    atom_step,
    block_step,
    body_block,
    closure_body,
    duration_ms,
    exec_node,
    need_node,
    rel_path,
    ws_root,
)
from jenkins_sdk.testing.pipeline.values import to_str
from jenkins_sdk.testing.timefmt import time_span


def stage(interp: Interp, inv: Invocation) -> Gen:
    """``stage('name') { ... }``: a block whose body carries the stage's label. Without a body
    (pipeline-stage-step StageStepExecution's deprecated mode) it only says so; the emulator does
    not make such a marker a stage in wfapi."""
    name = to_str(inv.arg("name", ""))
    if inv.closure is None:

        def marker(node: FlowNode) -> Gen:
            interp.run.flow.line(
                "Using the \u2018stage\u2019 step without a block argument is deprecated", node
            )
            return None
            yield  # pragma: no cover

        return (yield from atom_step(interp, inv, marker, name))
    body = closure_body(interp, inv)

    def run(ctx: Ctx) -> Gen:
        return (yield from body(_with_stage(ctx, name)))

    return (yield from block_step(interp, inv, run, label=name, description=name))


def _with_stage(ctx: Ctx, name: str) -> Ctx:
    return replace(ctx, stage=name)


def node(interp: Interp, inv: Invocation) -> Gen:
    """``node('label') { ... }``."""
    label = inv.arg("label")
    body = closure_body(interp, inv)
    return (yield from in_node(interp, inv.ctx, None if label is None else to_str(label), body))


def in_node(interp: Interp, outer: Ctx, label: str | None, body: Callable[[Ctx], Gen]) -> Gen:
    """Run ``body`` on an executor of a node matching ``label``, in the job's workspace there,
    with ``NODE_NAME``/``EXECUTOR_NUMBER``/``WORKSPACE`` in its environment."""
    run = interp.run
    flow = run.flow
    start = flow.add(BLOCK_START, "node", outer.parent, description=label)
    placed = run.build.allocate_node(label)
    if placed is None:  # no node can ever take it: Jenkins waits (for a stop) forever
        try:
            yield Sleep(15_000)
            flow.line("Still waiting to schedule task", start)
            flow.line(run.build.blockage(label), start)
            yield WaitInput(f"node:{start.id}")
        except PipelineError as exc:
            flow.finish(start, exc)
            raise
        raise PipelineError(f"no node for label {label}")
    flow.line(f"Running on {placed.display} in {placed.workspace}", start)
    ctx = outer.with_env(list(placed.env.items()))
    ctx = ctx.under(ctx.parent, node=placed.context, cwd="")
    start.exec_node = exec_node(ctx)
    try:
        value, error = yield from body_block(interp, "node", start, ctx, body)
    finally:
        run.build.release_node(placed)
    flow.add(BLOCK_END, "node", outer.parent, start=start)
    flow.finish(start, error if isinstance(error, PipelineError) else None)
    if error is not None:
        raise error
    return value


def parallel(interp: Interp, inv: Invocation) -> Gen:
    """``parallel a: { }, b: { }`` (``failFast: true`` stops the others on a failure)."""
    branches: dict[str, ClosureValue] = {}
    source = inv.args[0] if inv.args and isinstance(inv.args[0], dict) else inv.named
    fail_fast = bool(source.get("failFast", False))
    for key, value in source.items():
        if key == "failFast":
            continue
        if not isinstance(value, ClosureValue):
            raise PipelineError(
                f"Expected a closure or failFast but found {key}={to_str(value)}",
                "java.lang.IllegalArgumentException",
            )
        branches[str(key)] = value
    flow = interp.run.flow
    start = flow.add(BLOCK_START, "parallel", inv.ctx.parent)
    bodies = [(name, _branch_node(interp, start, inv.ctx, name)) for name in branches]
    forks = [(name, _branch(interp, start, inv.ctx, node, branches[name])) for name, node in bodies]
    outcomes = yield Fork(forks, fail_fast=fail_fast)
    flow.add(BLOCK_END, "parallel", inv.ctx.parent, start=start)
    failures = [err for _name, _value, err in outcomes if err is not None]
    if not fail_fast:
        failures.sort(key=_severity)
    flow.finish(start, failures[0] if failures and isinstance(failures[0], PipelineError) else None)
    if failures:
        raise failures[0]
    values = {name: value for name, value, _err in outcomes}
    return {name: values[name] for name in branches}


def _severity(error: BaseException) -> tuple[int, int]:
    """``ParallelStep.ThrowableComparator``: any other exception before an ``AbortException``
    before a ``FlowInterruptedException`` (the worse result first); ties keep the order the
    branches failed in (the sort is stable)."""
    if isinstance(error, Interrupted):
        return 2, -RESULT_ORDER.index(error.result)
    return (1, 0) if isinstance(error, AbortError) else (0, 0)


def _branch_node(interp: Interp, start: FlowNode, ctx: Ctx, name: str) -> FlowNode:
    node = interp.run.flow.add(BODY_START, "parallel", start, label=f"Branch: {name}")
    node.branch = True
    node.exec_node = exec_node(ctx)
    return node


def _branch(interp: Interp, start: FlowNode, ctx: Ctx, node: FlowNode, clo: ClosureValue) -> Gen:
    flow = interp.run.flow
    error: BaseException | None = None
    value: Any = None
    try:
        value = yield from interp.call_closure(clo, [], ctx.under(node))
    except (PipelineError, Signal) as exc:
        error = exc
    flow.finish(node, error if isinstance(error, PipelineError) else None)
    flow.add(BODY_END, "parallel", start, start=node)
    if error is not None:
        flow.line(f"Failed in branch {node.label[len('Branch: ') :] if node.label else ''}")
        raise error
    return value


def timeout(interp: Interp, inv: Invocation) -> Gen:
    """``timeout(time: 5, unit: 'MINUTES') { }``: the body is interrupted when time is up."""
    ms = duration_ms(inv, "MINUTES")
    body = closure_body(interp, inv)
    run = interp.run

    def timed(ctx: Ctx) -> Gen:
        run.flow.line(f"Timeout set to expire in {time_span(ms)}", ctx.parent)

        def expired() -> PipelineError:
            run.flow.line("Cancelling nested steps due to timeout")
            return Interrupted("ABORTED", ("Timeout has been exceeded",))

        outcome = yield Fork(
            [("timeout", body(ctx))], deadline_ms=run.now + ms, on_deadline=expired
        )
        _name, value, error = outcome[0]
        if error is not None:
            raise error
        return value

    return (yield from block_step(interp, inv, timed, description=to_str(inv.arg("time"))))


def retry(interp: Interp, inv: Invocation) -> Gen:
    """``retry(3) { }``: up to N bodies; failures before the last print and ``Retrying``."""
    count = int(inv.arg("count", 1))
    body = closure_body(interp, inv)
    run = interp.run
    flow = run.flow
    start = flow.add(BLOCK_START, "retry", inv.ctx.parent, description=str(count))
    left = count
    while True:
        value, error = yield from body_block(interp, "retry", start, inv.ctx, body)
        if error is None:
            break
        left -= 1
        actual = isinstance(error, Interrupted) and error.actual
        if left <= 0 or not isinstance(error, PipelineError) or actual:
            flow.add(BLOCK_END, "retry", inv.ctx.parent, start=start)
            flow.finish(start, error if isinstance(error, PipelineError) else None)
            raise error
        run.report(error, start)
        flow.line("Retrying", start)
    flow.add(BLOCK_END, "retry", inv.ctx.parent, start=start)
    flow.finish(start)
    return value


def catch_error(interp: Interp, inv: Invocation) -> Gen:
    """``catchError(buildResult: 'FAILURE', stageResult: 'SUCCESS') { }``: a failing body is
    reported, the results are set, and the pipeline goes on."""
    build_result = to_str(inv.named.get("buildResult", "FAILURE") or "SUCCESS").upper()
    stage_result = to_str(inv.named.get("stageResult", "SUCCESS") or "SUCCESS").upper()
    return (yield from _catching(interp, inv, build_result, stage_result))


def warn_error(interp: Interp, inv: Invocation) -> Gen:
    """``warnError('message') { }``: as catchError with UNSTABLE build and stage results."""
    return (yield from _catching(interp, inv, "UNSTABLE", "UNSTABLE"))


def _catching(interp: Interp, inv: Invocation, build_result: str, stage_result: str) -> Gen:
    body = closure_body(interp, inv)
    run = interp.run
    message = inv.named.get("message") or (
        inv.args[0] if inv.name == "warnError" and inv.args else None
    )
    catch_interruptions = inv.named.get("catchInterruptions", True) is not False
    start_box: list[FlowNode] = []

    def guarded(ctx: Ctx) -> Gen:
        start = ctx.parent.enclosing
        assert start is not None
        start_box.append(start)
        try:
            return (yield from body(ctx))
        except PipelineError as exc:
            if isinstance(exc, Interrupted) and exc.actual and not catch_interruptions:
                raise
            _record(run, start, exc, message, build_result, stage_result)
            return None

    return (yield from block_step(interp, inv, guarded))


def _record(
    run: Any, start: FlowNode, exc: PipelineError, message: Any, build: str, stage_result: str
) -> None:
    if message:
        run.flow.line(f"ERROR: {to_str(message)}", start)
    if isinstance(exc, Interrupted):
        run.report(exc, start)
        build = stage_result = exc.result
    else:
        run.report(exc, start)
    if build != "SUCCESS":
        if run.result is None or worse(build, run.result) != run.result:
            run.flow.line(f"Setting overall build result to {build}", start)
        run.set_result(build)
    if stage_result != "SUCCESS":
        start.warning = stage_result


def with_env(interp: Interp, inv: Invocation) -> Gen:
    """``withEnv(['A=1']) { }`` (a pair without ``=`` is an ``IllegalArgumentException``)."""
    pairs: list[tuple[str, str]] = []
    for item in inv.arg("overrides") or []:
        text = to_str(item)
        if "=" not in text:
            raise PipelineError(text, "java.lang.IllegalArgumentException")
        key, _, value = text.partition("=")
        pairs.append((key, value))
    body = closure_body(interp, inv)

    def run(ctx: Ctx) -> Gen:
        return (yield from body(ctx.with_env(pairs)))

    return (yield from block_step(interp, inv, run))


def dir_step(interp: Interp, inv: Invocation) -> Gen:
    """``dir('sub') { }``: ``Running in <dir>`` (workflow-durable-task-step ``PushdStep``), then
    steps inside use ``sub`` of the workspace."""
    need_node(interp, inv)
    path = to_str(inv.arg("path", ""))
    body = closure_body(interp, inv)
    cwd = rel_path(inv.ctx, path)
    shown = posixpath.join(ws_root(interp, inv.ctx), cwd) if cwd else ws_root(interp, inv.ctx)

    def run(ctx: Ctx) -> Gen:
        return (yield from body(ctx.under(ctx.parent, cwd=cwd)))

    def announce(start: FlowNode) -> None:
        interp.run.flow.line(f"Running in {shown}", start)

    return (yield from block_step(interp, inv, run, description=path, before=announce))


def script(interp: Interp, inv: Invocation) -> Gen:
    """Declarative ``script { }``: the body as scripted Pipeline."""
    return (yield from block_step(interp, inv, closure_body(interp, inv)))


STEPS = {
    "stage": stage,
    "node": node,
    "parallel": parallel,
    "timeout": timeout,
    "retry": retry,
    "catchError": catch_error,
    "warnError": warn_error,
    "withEnv": with_env,
    "dir": dir_step,
    "script": script,
}
