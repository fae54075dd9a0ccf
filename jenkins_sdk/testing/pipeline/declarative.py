"""Declarative Pipeline: ``pipeline { agent; environment; options; parameters; stages; post }``,
run the way pipeline-model-definition's ``ModelInterpreter.groovy`` runs it.

The whole build runs in the pipeline's agent (``agent any`` is a ``node``), inside ``withEnv``
for its ``environment``; stages run in order, each a ``stage`` block: after a failure the rest
are skipped (``Stage "X" skipped due to earlier failure(s)``, model ``Messages.properties``),
``when`` can skip one (``... due to when conditional``), ``input`` pauses before its steps,
``parallel`` runs nested stages as branches, ``stages`` nests; a stage's ``post`` runs after its
steps (``Post stage``), the pipeline's ``post`` in a ``Declarative: Post Actions`` stage, its
conditions in ``BuildCondition`` order, each judged on the combined result
(``BuildCondition.getCombinedResult``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.context import Ctx, Invocation, Scope
from jenkins_sdk.testing.pipeline.declarative_model import (
    CompileError,
    Section,
    Stage,
    agent_of,
    python_closure,
    read_stages,
    sections,
)
from jenkins_sdk.testing.pipeline.declarative_post import Conditions
from jenkins_sdk.testing.pipeline.errors import AbortError, PipelineError
from jenkins_sdk.testing.pipeline.interp import Interp
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.steps_blocks import in_node
from jenkins_sdk.testing.pipeline.steps_common import block_step
from jenkins_sdk.testing.pipeline.steps_credentials import env_bindings
from jenkins_sdk.testing.pipeline.steps_params import Symbol, apply_properties, ask, input_spec
from jenkins_sdk.testing.pipeline.values import to_str

#: Options that are block-scoped steps wrapped around the stages (``ModelInterpreter.inWrappers``).
_WRAPPERS = ("timeout", "retry", "timestamps")


class Model(Conditions):
    """Runs one ``pipeline { }`` block."""

    def __init__(self, interp: Interp, inv: Invocation) -> None:
        assert inv.closure is not None
        self.interp = interp
        self.run = interp.run
        self.scope: Scope = inv.closure.scope
        self.root = sections(inv.closure.node.body)
        if "stages" not in self.root:
            raise CompileError(
                f'WorkflowScript: {inv.line}: Missing required section "stages" @ line {inv.line}.'
            )
        self.stages = read_stages(self.root["stages"])
        self.skip_unstable = False
        self.restart_at = getattr(self.run.build, "restart_stage", None)

    # ------------------------------------------------------------------ run
    def execute(self, ctx: Ctx) -> Gen:
        """``ModelInterpreter.call``: properties; agent, environment, wrappers; stages; post."""
        yield from self.properties(ctx)
        first: PipelineError | None = None
        posted = False

        def stages_part(c: Ctx) -> Gen:
            nonlocal first, posted
            first = None  # a retry (options { retry(n) }) runs the stages again from scratch
            first = yield from self.sequential(self.stages, first, c, None, self.restart_at)
            posted = True
            first = yield from self.post_build(first, c)
            if first is not None:
                raise first

        body = self.env_block(self.root.get("environment"), self.wrapped(self.root, stages_part))
        try:
            yield from self.in_agent(self.root.get("agent"), ctx, body)
        except PipelineError as exc:
            first = first or exc
        if not posted:
            first = yield from self.post_build(first, ctx)
        if first is not None:
            raise first
        return None

    def properties(self, ctx: Ctx) -> Gen:
        """``executeProperties``: parameters, options and triggers become job properties."""
        items: list[Any] = []
        for name in ("parameters", "options", "triggers"):
            section = self.root.get(name)
            if section is None:
                continue
            values = yield from self.calls(section, ctx)
            if name == "parameters":
                items.append(Symbol("parameters", [values]))
            elif name == "triggers":
                items.append(Symbol("pipelineTriggers", [values]))
            else:
                items.extend(values)
                names = {getattr(v, "name", "") for v in values}
                self.skip_unstable = "skipStagesAfterUnstable" in names
        apply_properties(self.run.build.job, items)
        return None

    def calls(self, section: Section, ctx: Ctx) -> Gen:
        """Evaluate each call of a section (``string(...)``, ``disableConcurrentBuilds()``...);
        the wrappers (``timeout``, ``retry``, ``timestamps``) go around the body instead."""
        out: list[Any] = []
        for stmt in section.body:
            if isinstance(stmt, ast.Call) and stmt.name in _WRAPPERS:
                continue
            out.append((yield from self.interp.expr(stmt, self.scope, ctx)))
        return out

    def wrapped(
        self, owner: dict[str, Section], body: Callable[[Ctx], Gen]
    ) -> Callable[[Ctx], Gen]:
        """``inWrappers``: ``options { timeout(...); retry(...); timestamps() }`` around ``body``
        (the first one outermost)."""
        options = owner.get("options")
        if options is None:
            return body
        wrapped = body
        for stmt in reversed(options.body):
            if isinstance(stmt, ast.Call) and stmt.name in _WRAPPERS:
                wrapped = self._wrapper(stmt, wrapped)
        return wrapped

    def _wrapper(self, stmt: ast.Call, body: Callable[[Ctx], Gen]) -> Callable[[Ctx], Gen]:
        def run(ctx: Ctx) -> Gen:
            args, named = yield from self.interp.arguments(stmt, self.scope, ctx)
            inv = Invocation(stmt.name, args, named, python_closure(body), ctx, stmt.line)
            return (yield from self.interp.steps[stmt.name](self.interp, inv))

        return run

    def in_agent(self, section: Section | None, ctx: Ctx, body: Callable[[Ctx], Gen]) -> Gen:
        """``inDeclarativeAgent``: ``any`` and ``label`` run ``body`` in a ``node``."""
        if section is None:
            return (yield from body(ctx))
        kind, label = agent_of(section.call)
        if kind == "none":
            return (yield from body(ctx))
        if kind not in ("any", "label"):
            raise CompileError(
                f'WorkflowScript: {section.call.line}: Invalid agent type "{kind}" specified. '
                f"Must be one of [any, label, none] @ line {section.call.line}."
            )
        return (yield from in_node(self.interp, ctx, label, body))

    def env_block(
        self, section: Section | None, body: Callable[[Ctx], Gen]
    ) -> Callable[[Ctx], Gen]:
        """``withEnvBlock``: ``environment { A = 'x' }`` evaluated in order (later ones see earlier
        ones), then ``body`` inside a ``withEnv`` step."""
        if section is None:
            return body
        named = [
            (stmt.target.id, stmt.value)
            for stmt in section.body
            if isinstance(stmt, ast.Assign) and isinstance(stmt.target, ast.Name)
        ]
        creds = [(n, v) for n, v in named if isinstance(v, ast.Call) and v.name == "credentials"]
        plain = [(n, v) for n, v in named if (n, v) not in creds]

        def values(ctx: Ctx) -> Gen:
            pairs: list[str] = []
            seen = ctx
            for name, expr in plain:
                value = to_str((yield from self.interp.expr(expr, self.scope, seen)))
                pairs.append(f"{name}={value}")
                seen = seen.with_env([(name, value)])
            if not pairs:  # withEnvBlock: no variables, no withEnv step
                return (yield from body(ctx))
            return (yield from self.with_env(pairs, body, ctx, section.call.line))

        def run(ctx: Ctx) -> Gen:
            """``withCredentialsBlock`` around ``withEnvBlock``."""
            bindings: list[Any] = []
            for name, call in creds:
                args, _named = yield from self.interp.arguments(call, self.scope, ctx)
                bindings += env_bindings(self.interp, name, to_str(args[0] if args else ""))
            if not bindings:
                return (yield from values(ctx))
            inv = Invocation("withCredentials", [bindings], {}, python_closure(values), ctx, 0)
            return (yield from self.interp.steps["withCredentials"](self.interp, inv))

        return run

    def with_env(self, pairs: list[str], body: Callable[[Ctx], Gen], ctx: Ctx, line: int) -> Gen:
        """Run ``body`` in the ``withEnv`` step."""
        inv = Invocation("withEnv", [pairs], {}, python_closure(body), ctx, line)
        return (yield from self.interp.steps["withEnv"](self.interp, inv))

    # --------------------------------------------------------------- stages
    def sequential(
        self,
        stages: list[Stage],
        first: PipelineError | None,
        ctx: Ctx,
        reason: str | None,
        restart_at: str | None = None,
    ) -> Gen:
        """``evaluateSequentialStages``: each stage, remembering the first error."""
        for stage in stages:
            why = reason
            if restart_at is not None:
                if stage.name == restart_at:
                    restart_at = None
                else:
                    why = (
                        f'Stage "{stage.name}" skipped due to this build restarting at stage '
                        f'"{self.restart_at}"'
                    )
            try:
                yield from self.stage(stage, first, ctx, why)
            except PipelineError as exc:
                first = first or exc
        return first

    def stage(self, stage: Stage, first: PipelineError | None, ctx: Ctx, reason: str | None) -> Gen:
        """``evaluateStage``: a ``stage`` block that runs, or is skipped with a reason."""
        inv = Invocation("stage", [stage.name], {}, None, ctx, stage.line)

        def body(c: Ctx) -> Gen:
            nonlocal first
            why = reason
            if why is None and first is not None:
                why = f'Stage "{stage.name}" skipped due to earlier failure(s)'
            if why is None and self.skip_unstable and self.run.result == "UNSTABLE":
                why = (
                    f'Stage "{stage.name}" skipped due to earlier stage(s) marking the build '
                    "as unstable"
                )
            try:
                if why is not None:
                    yield from self.skip(stage, why, c)
                else:
                    yield from self.perform(stage, c)
            except PipelineError as exc:
                first = first or exc
            if first is not None:
                raise first

        return (
            yield from block_step(self.interp, inv, body, label=stage.name, description=stage.name)
        )

    def skip(self, stage: Stage, why: str, ctx: Ctx) -> Gen:
        """``skipStage``: the reason in the log, the stage (and its children) not executed."""
        self.run.flow.line(why)
        ctx.parent.not_executed = True
        if stage.children:
            if stage.parallel:
                yield from self.branches(stage, ctx, why)
            else:
                yield from self.sequential(stage.children, None, ctx, why)
        return None

    def perform(self, stage: Stage, ctx: Ctx) -> Gen:
        """Agent, ``when``, ``input``, environment, then steps / nested / parallel stages."""
        when = stage.sections.get("when")
        if when is not None and (yield from self.when_before_agent(when, ctx)) is False:
            yield from self.skip(
                stage, f'Stage "{stage.name}" skipped due to when conditional', ctx
            )
            return None
        passed = True

        def core(c: Ctx) -> Gen:
            if stage.parallel:
                return (yield from self.branches(stage, c, None))
            if stage.children:
                nested = yield from self.sequential(stage.children, None, c, None)
                if nested is not None:
                    raise nested
                return None
            return (yield from self.single(stage, c))

        rest = self.env_block(stage.sections.get("environment"), core)

        def inside(c: Ctx) -> Gen:
            nonlocal passed
            if when is not None and not (yield from self.condition_list(when.body, c)):
                passed = False
                return None
            return (yield from self.stage_input(stage, c, rest))

        agent = None if stage.parallel else stage.sections.get("agent")
        yield from self.in_agent(agent, ctx, self.wrapped(stage.sections, inside))
        if not passed:
            yield from self.skip(
                stage, f'Stage "{stage.name}" skipped due to when conditional', ctx
            )
        return None

    def single(self, stage: Stage, ctx: Ctx) -> Gen:
        """``executeSingleStage``: the steps, then the stage's ``post``."""
        error: PipelineError | None = None
        steps = stage.sections.get("steps")
        try:
            if steps is not None:
                yield from self.interp.block(steps.body, Scope(self.scope), ctx)
        except PipelineError as exc:
            error = exc
        post = stage.sections.get("post")
        if post is not None and self.satisfied(post, error, ctx):
            self.run.flow.line("Post stage")
            error = yield from self.post_conditions(post, error, ctx, ctx.parent)
        if error is not None:
            raise error
        return None

    def branches(self, stage: Stage, ctx: Ctx, reason: str | None) -> Gen:
        """A ``parallel { stage ... }``: each nested stage as a ``parallel`` branch."""
        branches = {}
        for child in stage.children:
            branches[child.name] = python_closure(self._branch_body(child, reason))
        fail_fast = stage.sections.get("failFast") is not None
        inv = Invocation("parallel", [], {**branches, "failFast": fail_fast}, None, ctx, stage.line)
        return (yield from self.interp.steps["parallel"](self.interp, inv))

    def _branch_body(self, child: Stage, reason: str | None) -> Callable[[Ctx], Gen]:
        def run(ctx: Ctx) -> Gen:
            return (yield from self.stage(child, None, ctx, reason))

        return run

    def stage_input(self, stage: Stage, ctx: Ctx, body: Callable[[Ctx], Gen]) -> Gen:
        """``stageInput``: the stage's ``input { }`` first; its values reach ``body`` as env."""
        section = stage.sections.get("input")
        if section is None:
            return (yield from body(ctx))
        named: dict[str, Any] = {}
        for stmt in section.body:
            if isinstance(stmt, ast.Call) and stmt.name == "parameters":
                named["parameters"] = yield from self.calls(Section(stmt), ctx)
            elif isinstance(stmt, ast.Call) and stmt.args:
                named[stmt.name] = yield from self.interp.expr(stmt.args[0], self.scope, ctx)
        inv = Invocation("input", [], named, None, ctx, section.call.line)
        spec = input_spec(inv)
        who = named.get("submitterParameter")
        value = yield from ask(self.interp, inv, spec, to_str(who) if who else None)
        if not spec.parameters and who is None:
            return (yield from body(ctx))
        if isinstance(value, dict):
            pairs = [f"{k}={to_str(v)}" for k, v in value.items()]
        else:
            name = to_str(who) if who is not None else spec.parameters[0].name
            pairs = [f"{name}={to_str(value)}"]
        return (yield from self.with_env(pairs, body, ctx, section.call.line))


def pipeline(interp: Interp, inv: Invocation) -> Gen:
    """The ``pipeline { }`` step: run the model, or fail as its compilation would."""
    if inv.closure is None:
        raise AbortError("pipeline requires a closure")
    return (yield from Model(interp, inv).execute(inv.ctx))


STEPS = {"pipeline": pipeline}
