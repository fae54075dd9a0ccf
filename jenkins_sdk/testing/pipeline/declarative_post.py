"""``post`` conditions and ``when`` conditionals of the declarative model (pipeline-model-definition
``ModelInterpreter.runPostConditions``/``executePostBuild``, ``BuildCondition`` and its
``conditions/*.groovy`` (``Fixed``, ``Regression``, ``Changed``...), ``WhenEvaluator`` and the
``when`` conditionals ``branch``, ``environment``, ``expression``, ``not``, ``allOf``, ``anyOf``,
``equals``, ``buildingTag``, ``tag``, ``changeRequest``, ``triggeredBy``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.context import ClosureValue, Ctx, Invocation, Scope
from jenkins_sdk.testing.pipeline.declarative_model import (
    CONDITIONS,
    POST_STAGE,
    CompileError,
    Section,
)
from jenkins_sdk.testing.pipeline.errors import Interrupted, PipelineError
from jenkins_sdk.testing.pipeline.interp import Interp
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.script_run import ScriptRun, worse
from jenkins_sdk.testing.pipeline.steps_common import block_step
from jenkins_sdk.testing.pipeline.values import to_str, truthy, wildcard


class Conditions:
    """The post and when halves of :class:`~.declarative.Model`."""

    interp: Interp
    run: ScriptRun
    scope: Scope
    root: dict[str, Section]

    # ----------------------------------------------------------------- post
    def post_build(self, first: PipelineError | None, ctx: Ctx) -> Gen:
        """``executePostBuild``: the pipeline's ``post`` in its own stage."""
        post = self.root.get("post")
        if post is None or not self.satisfied(post, first, ctx):
            return first
        holder: list[PipelineError | None] = [first]

        def body(c: Ctx) -> Gen:
            holder[0] = yield from self.post_conditions(post, holder[0], c, None)

        inv = Invocation("stage", [POST_STAGE], {}, None, ctx, post.call.line)
        try:
            yield from block_step(self.interp, inv, body, label=POST_STAGE, description=POST_STAGE)
        except PipelineError as exc:
            return holder[0] or exc
        return holder[0]

    def conditions(self, post: Section) -> dict[str, ast.Call]:
        return {
            s.name: s
            for s in post.body
            if isinstance(s, ast.Call) and s.name in CONDITIONS and s.closure is not None
        }

    def satisfied(self, post: Section, error: PipelineError | None, ctx: Ctx) -> bool:
        """``hasSatisfiedConditions``: any condition with a body holds."""
        return any(self.holds(name, error, ctx) for name in self.conditions(post))

    def combined(self, error: PipelineError | None, ctx: Ctx) -> str:
        """``getCombinedResult``: the run's result, the error's, and a warning in the stage."""
        result = self.run.result or "SUCCESS"
        if error is not None:
            result = (
                worse(result, error.result if isinstance(error, Interrupted) else "FAILURE")
                or result
            )
        node = ctx.parent
        stage = node if node.is_stage else self.run.flow.stage_of(node)
        if stage is not None:
            for node in self.run.flow.nodes:
                if node.warning and self.run.flow.stage_of(node) is stage:
                    result = worse(result, node.warning) or result
        return result

    def holds(self, name: str, error: PipelineError | None, ctx: Ctx) -> bool:
        """``BuildCondition.meetsCondition`` of one condition."""
        now = self.combined(error, ctx)
        prev = self.run.build.previous_completed_result()
        return {
            "always": True,
            "cleanup": True,
            "success": now == "SUCCESS",
            "unstable": now == "UNSTABLE",
            "failure": now == "FAILURE",
            "aborted": now == "ABORTED",
            "notBuilt": now == "NOT_BUILT",
            "unsuccessful": now != "SUCCESS",
            "changed": prev is None or now != prev,
            "fixed": prev is not None and now == "SUCCESS" and prev in ("FAILURE", "UNSTABLE"),
            "regression": prev is not None and worse(now, prev) == now and now != prev,
        }.get(name, False)

    def post_conditions(
        self, post: Section, error: PipelineError | None, ctx: Ctx, stage_node: Any
    ) -> Gen:
        """``runPostConditions``: each satisfied condition's body, in order; a failure in one
        is logged (``Error when executing <condition> post condition:``) and kept."""
        for name, call in sorted(
            self.conditions(post).items(), key=lambda kv: CONDITIONS.index(kv[0])
        ):
            if not self.holds(name, error, ctx):
                continue
            assert call.closure is not None
            try:
                yield from self.interp.block(call.closure.body, Scope(self.scope), ctx)
            except PipelineError as exc:
                self.run.flow.line(f"Error when executing {name} post condition:")
                self.run.flow.write(exc.trace())
                error = error or exc
        return error

    # ----------------------------------------------------------------- when
    def when_before_agent(self, when: Section, ctx: Ctx) -> Gen:
        """With ``beforeAgent true``, ``when`` is judged before the agent (None: not yet)."""
        flags = {s.name for s in when.body if isinstance(s, ast.Call) and s.name == "beforeAgent"}
        if not flags:
            return None
        return (yield from self.condition_list(when.body, ctx))

    def condition_list(self, body: list[ast.Node], ctx: Ctx) -> Gen:
        """All conditions of a ``when`` (or ``allOf``) hold."""
        for stmt in body:
            if isinstance(stmt, ast.Call) and stmt.name in (
                "beforeAgent",
                "beforeInput",
                "beforeOptions",
            ):
                continue
            if not (yield from self.condition(stmt, ctx)):
                return False
        return True

    def condition(self, stmt: ast.Node, ctx: Ctx) -> Gen:
        """One ``when`` condition (``branch``, ``environment``, ``expression``, ``not``...)."""
        if not isinstance(stmt, ast.Call):
            raise CompileError(f"WorkflowScript: {stmt.line}: Expected a when condition.")
        name = stmt.name
        if name == "expression" and stmt.closure is not None:
            value = yield from self.interp.call_closure(
                ClosureValue(stmt.closure, self.scope), [], ctx
            )
            return truthy(value)
        if name in ("not", "allOf", "anyOf") and stmt.closure is not None:
            results = []
            for inner in stmt.closure.body:
                results.append((yield from self.condition(inner, ctx)))
            return {"not": lambda r: not all(r), "allOf": all, "anyOf": any}[name](results)
        args, named = yield from self.interp.arguments(stmt, self.scope, ctx)
        env = self.run.step_env(ctx)
        first = to_str(args[0]) if args else to_str(named.get("pattern", ""))
        checks: dict[str, Callable[[], bool]] = {
            "branch": lambda: wildcard(first, env.get("BRANCH_NAME", "\0")),
            "environment": lambda: env.get(to_str(named.get("name"))) == to_str(named.get("value")),
            "equals": lambda: to_str(named.get("expected")) == to_str(named.get("actual")),
            "buildingTag": lambda: "TAG_NAME" in env,
            "tag": lambda: "TAG_NAME" in env and wildcard(first, env["TAG_NAME"]),
            "changeRequest": lambda: "CHANGE_ID" in env,
            "triggeredBy": lambda: any(
                first in str(c.get("_class", "")) for c in self.run.build.causes
            ),
        }
        check = checks.get(name)
        if check is None:
            raise CompileError(
                f"WorkflowScript: {stmt.line}: Unknown conditional {name}. Valid conditionals are: "
                f"allOf, anyOf, branch, buildingTag, changeRequest, environment, equals, "
                f"expression, not, tag, triggeredBy @ line {stmt.line}."
            )
        return check()
