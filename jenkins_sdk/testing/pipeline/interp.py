"""The evaluator: walks the syntax tree as generators the :class:`~.runtime.Runner` schedules.

Names resolve as ``CpsScript`` resolves them (workflow-cps ``CpsScript.getProperty`` and
``invokeMethod``): local variables and the script binding first, then the global variables
(``env``, ``params``, ``currentBuild``), then environment variables; a call is a closure held in
a variable, a step (``DSL.invokeMethod``), or fails with ``NoSuchMethodError``. Closures see the
variables of the scope they were written in and the step context of whoever calls them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.context import (
    MISSING,
    CaughtError,
    ClosureValue,
    Ctx,
    EnvLike,
    Invocation,
    NodeContext,
    Scope,
)
from jenkins_sdk.testing.pipeline.errors import NoSuchStep, PipelineError, Signal
from jenkins_sdk.testing.pipeline.methods import ITERATING
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.values import (
    binary,
    call_method,
    get_property,
    is_case,
    java_type,
    to_str,
    truthy,
)

if TYPE_CHECKING:
    from jenkins_sdk.testing.pipeline.script_run import ScriptRun

__all__ = [
    "MISSING",
    "CaughtError",
    "ClosureValue",
    "Ctx",
    "EnvLike",
    "Interp",
    "Invocation",
    "NodeContext",
    "Scope",
    "StepImpl",
]


#: A step implementation: ``(interpreter, invocation)`` -> a generator returning the step's value.
StepImpl = Callable[["Interp", Invocation], Gen]


class Interp:
    """Evaluates one script for one :class:`~.script_run.ScriptRun`."""

    def __init__(self, run: ScriptRun, steps: dict[str, StepImpl]) -> None:
        self.run = run
        self.steps = steps
        self.binding = Scope()

    # ------------------------------------------------------------- blocks
    def block(self, stmts: list[ast.Node], scope: Scope, ctx: Ctx) -> Gen:
        """Run statements; the value of the last one is the block's value (Groovy)."""
        value: Any = None
        for stmt in stmts:
            value = yield from self.statement(stmt, scope, ctx)
        return value

    def call_closure(self, clo: ClosureValue, args: list[Any], ctx: Ctx) -> Gen:
        """Call a closure with ``args`` (``it`` when it declares no parameters)."""
        if clo.python is not None:
            return (yield from clo.python(ctx))
        scope = Scope(clo.scope)
        params = clo.node.params or ["it"]
        for i, name in enumerate(params):
            default = clo.node.defaults.get(name)
            if i >= len(args) and default is not None:
                scope.vars[name] = yield from self.expr(default, scope, ctx)
            else:
                scope.vars[name] = args[i] if i < len(args) else None
        try:
            return (yield from self.block(clo.node.body, scope, ctx))
        except Signal as signal:
            if signal.kind == "return":
                return signal.value
            raise

    def statement(self, node: ast.Node, scope: Scope, ctx: Ctx) -> Gen:
        handler = _STATEMENTS.get(type(node))
        if handler is not None:
            return (yield from handler(self, node, scope, ctx))
        return (yield from self.expr(node, scope, ctx))

    def s_assign(self, node: ast.Assign, scope: Scope, ctx: Ctx) -> Gen:
        value = yield from self.expr(node.value, scope, ctx)
        if node.op != "=":
            old = yield from self.expr(node.target, scope, ctx)
            value = binary(node.op[0], old, value)
        target = node.target
        if isinstance(target, ast.Name):
            scope.assign(target.id, value, node.declare)
        elif isinstance(target, ast.Prop):
            obj = yield from self.expr(target.obj, scope, ctx)
            self.set_property(obj, target.name, value)
        else:
            assert isinstance(target, ast.Index)
            obj = yield from self.expr(target.obj, scope, ctx)
            key = yield from self.expr(target.key, scope, ctx)
            if isinstance(obj, list):
                obj[int(key)] = value
            else:
                self.set_property(obj, key, value)
        return None

    def set_property(self, obj: Any, name: Any, value: Any) -> None:
        if isinstance(obj, dict):
            obj[name] = value
            return
        setter = getattr(obj, "groovy_set", None)
        if setter is None:
            raise PipelineError(
                f"No such property: {name} for class: {java_type(obj)}",
                "groovy.lang.MissingPropertyException",
            )
        setter(str(name), value)

    def s_if(self, node: ast.If, scope: Scope, ctx: Ctx) -> Gen:
        cond = yield from self.expr(node.cond, scope, ctx)
        branch = node.then if truthy(cond) else node.other
        if branch is None:
            return None
        return (yield from self.block(branch, Scope(scope), ctx))

    def s_for(self, node: ast.ForIn, scope: Scope, ctx: Ctx) -> Gen:
        items = yield from self.expr(node.items, scope, ctx)
        seq = list(items.items()) if isinstance(items, dict) else list(items or [])
        for item in seq:
            inner = Scope(scope)
            inner.vars[node.var] = item
            try:
                yield from self.block(node.body, inner, ctx)
            except Signal as signal:
                if signal.kind == "break":
                    break
                if signal.kind != "continue":
                    raise
        return None

    def s_while(self, node: ast.While, scope: Scope, ctx: Ctx) -> Gen:
        for _ in range(100_000):
            cond = yield from self.expr(node.cond, scope, ctx)
            if not truthy(cond):
                return None
            try:
                yield from self.block(node.body, Scope(scope), ctx)
            except Signal as signal:
                if signal.kind == "break":
                    return None
                if signal.kind != "continue":
                    raise
            if node.update is not None:
                yield from self.statement(node.update, scope, ctx)
        raise PipelineError("loop did not end after 100000 iterations (emulator limit)")

    def s_switch(self, node: ast.Switch, scope: Scope, ctx: Ctx) -> Gen:
        """Groovy's ``switch``: the first case whose ``isCase`` holds (equality, membership in a
        list, a class), else ``default``; bodies fall through until ``break``."""
        subject = yield from self.expr(node.subject, scope, ctx)
        start = None
        for i, (label, _body) in enumerate(node.cases):
            if label is not None:
                value = yield from self.expr(label, scope, ctx)
                if is_case(value, subject):
                    start = i
                    break
        if start is None:
            start = next((i for i, (label, _b) in enumerate(node.cases) if label is None), None)
        inner = Scope(scope)
        try:
            for _label, body in node.cases[start:] if start is not None else []:
                yield from self.block(body, inner, ctx)
        except Signal as signal:
            if signal.kind != "break":
                raise
        return None

    def s_try(self, node: ast.Try, scope: Scope, ctx: Ctx) -> Gen:
        try:
            return (yield from self.block(node.body, Scope(scope), ctx))
        except PipelineError as exc:
            clause = next((c for c in node.catches if _catches(c, exc)), None)
            if clause is None:
                raise
            inner = Scope(scope)
            inner.vars[clause.var] = CaughtError(exc)
            return (yield from self.block(clause.body, inner, ctx))
        finally:
            if node.final is not None:
                yield from self.block(node.final, Scope(scope), ctx)

    def s_return(self, node: ast.Return, scope: Scope, ctx: Ctx) -> Gen:
        value = None if node.value is None else (yield from self.expr(node.value, scope, ctx))
        raise Signal("return", value)

    def s_throw(self, node: ast.Throw, scope: Scope, ctx: Ctx) -> Gen:
        value = yield from self.expr(node.value, scope, ctx)
        if isinstance(value, CaughtError):
            raise value.error
        if isinstance(value, PipelineError):
            raise value
        raise PipelineError(to_str(value))

    def s_jump(self, node: ast.Jump, scope: Scope, ctx: Ctx) -> Gen:
        raise Signal(node.kind)
        yield  # pragma: no cover (makes this a generator)

    def s_method(self, node: ast.MethodDef, scope: Scope, ctx: Ctx) -> Gen:
        """A script method becomes a closure in the script's scope (it also sees the script's
        top-level variables, which Groovy would not let it see)."""
        scope.vars[node.name] = ClosureValue(node.code, scope)
        return None
        yield  # pragma: no cover

    def s_script(self, node: ast.Script, scope: Scope, ctx: Ctx) -> Gen:
        return (yield from self.block(node.body, scope, ctx))

    # --------------------------------------------------------- expressions
    def expr(self, node: ast.Node, scope: Scope, ctx: Ctx) -> Gen:
        handler = _EXPRESSIONS.get(type(node))
        if handler is None:
            raise PipelineError(f"unsupported expression {type(node).__name__}")
        return (yield from handler(self, node, scope, ctx))

    def e_literal(self, node: ast.Literal, scope: Scope, ctx: Ctx) -> Gen:
        return node.value
        yield  # pragma: no cover

    def e_gstring(self, node: ast.GString, scope: Scope, ctx: Ctx) -> Gen:
        out: list[str] = []
        for part in node.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(to_str((yield from self.expr(part, scope, ctx))))
        return "".join(out)

    def e_name(self, node: ast.Name, scope: Scope, ctx: Ctx) -> Gen:
        value = scope.lookup(node.id)
        if value is MISSING:
            value = self.run.global_variable(node.id, ctx)
        if value is MISSING:
            raise PipelineError(
                f"No such property: {node.id} for class: groovy.lang.Binding",
                "groovy.lang.MissingPropertyException",
            )
        return value
        yield  # pragma: no cover

    def e_prop(self, node: ast.Prop, scope: Scope, ctx: Ctx) -> Gen:
        obj = yield from self.expr(node.obj, scope, ctx)
        if obj is None and node.safe:
            return None
        if isinstance(obj, CaughtError | EnvLike):
            return obj.groovy_property(node.name, ctx)
        return get_property(obj, node.name)

    def e_index(self, node: ast.Index, scope: Scope, ctx: Ctx) -> Gen:
        obj = yield from self.expr(node.obj, scope, ctx)
        key = yield from self.expr(node.key, scope, ctx)
        if isinstance(obj, list | str) and isinstance(key, list):  # a range: a sub-list
            picked = [obj[int(k)] for k in key if -len(obj) <= int(k) < len(obj)]
            return "".join(picked) if isinstance(obj, str) else picked
        if isinstance(obj, list | str):
            return obj[int(key)] if -len(obj) <= int(key) < len(obj) else None
        if isinstance(obj, EnvLike):
            return obj.groovy_property(to_str(key), ctx)
        return get_property(obj, to_str(key)) if not isinstance(obj, dict) else obj.get(key)

    def e_closure(self, node: ast.Closure, scope: Scope, ctx: Ctx) -> Gen:
        return ClosureValue(node, scope)
        yield  # pragma: no cover

    def e_list(self, node: ast.ListLit, scope: Scope, ctx: Ctx) -> Gen:
        out = []
        for item in node.items:
            out.append((yield from self.expr(item, scope, ctx)))
        return out

    def e_map(self, node: ast.MapLit, scope: Scope, ctx: Ctx) -> Gen:
        out: dict[Any, Any] = {}
        for key, value in node.entries:
            k = yield from self.expr(key, scope, ctx)
            out[k] = yield from self.expr(value, scope, ctx)
        return out

    def e_binary(self, node: ast.Binary, scope: Scope, ctx: Ctx) -> Gen:
        left = yield from self.expr(node.left, scope, ctx)
        if node.op == "&&":
            return truthy(left) and truthy((yield from self.expr(node.right, scope, ctx)))
        if node.op == "||":
            return truthy(left) or truthy((yield from self.expr(node.right, scope, ctx)))
        right = yield from self.expr(node.right, scope, ctx)
        return binary(node.op, left, right)

    def e_unary(self, node: ast.Unary, scope: Scope, ctx: Ctx) -> Gen:
        value = yield from self.expr(node.operand, scope, ctx)
        if node.op == "!":
            return not truthy(value)
        return binary("-", 0, value)

    def e_ternary(self, node: ast.Ternary, scope: Scope, ctx: Ctx) -> Gen:
        cond = yield from self.expr(node.cond, scope, ctx)
        if node.then is node.cond:
            return cond if truthy(cond) else (yield from self.expr(node.other, scope, ctx))
        chosen = node.then if truthy(cond) else node.other
        return (yield from self.expr(chosen, scope, ctx))

    def e_new(self, node: ast.New, scope: Scope, ctx: Ctx) -> Gen:
        args = []
        for arg in node.args:
            args.append((yield from self.expr(arg, scope, ctx)))
        message = to_str(args[0]) if args else None
        known = {
            "Exception": "java.lang.Exception",
            "RuntimeException": "java.lang.RuntimeException",
        }
        cls = known.get(node.cls)
        if cls is None and node.cls.endswith("Exception"):
            cls = "java.lang." + node.cls
        if cls is None:
            raise PipelineError(
                f"unable to resolve class {node.cls}",
                "org.codehaus.groovy.control.MultipleCompilationErrorsException",
            )
        return PipelineError(message, cls)

    def e_call(self, node: ast.Call, scope: Scope, ctx: Ctx) -> Gen:
        if node.target is not None:
            return (yield from self.method(node, scope, ctx))
        held = scope.lookup(node.name)
        args, named = yield from self.arguments(node, scope, ctx)
        closure = ClosureValue(node.closure, scope) if node.closure is not None else None
        if isinstance(held, ClosureValue):
            extra = [closure] if closure is not None else []
            return (yield from self.call_closure(held, [*args, *extra], ctx))
        name = node.name
        if name in ("println", "print") and name not in self.steps and len(args) <= 1:
            # CpsScript.println/print: the echo step with String.valueOf(value)
            name, args = "echo", [to_str(args[0]) if args else ""]
        impl = self.steps.get(name)
        if impl is None:
            raise NoSuchStep(self.run.no_such_method(name))
        inv = Invocation(name, args, named, closure, ctx, node.line)
        return (yield from impl(self, inv))

    def arguments(self, node: ast.Call, scope: Scope, ctx: Ctx) -> Gen:
        args = []
        for arg in node.args:
            args.append((yield from self.expr(arg, scope, ctx)))
        named: dict[str, Any] = {}
        for key, value in node.named:
            named[key] = yield from self.expr(value, scope, ctx)
        return args, named

    def method(self, node: ast.Call, scope: Scope, ctx: Ctx) -> Gen:
        assert node.target is not None
        target = yield from self.expr(node.target, scope, ctx)
        if target is None and node.safe:
            return None
        args, named = yield from self.arguments(node, scope, ctx)
        if named:
            args = [named, *args]
        closure = ClosureValue(node.closure, scope) if node.closure is not None else None
        if closure is not None:
            args.append(closure)
        iterate = ITERATING.get(node.name)
        if iterate is not None and isinstance(target, list | dict) and args:
            fn = args[-1]
            if isinstance(fn, ClosureValue):
                return (yield from iterate(self, target, fn, ctx))
        if isinstance(target, ClosureValue) and node.name == "call":
            return (yield from self.call_closure(target, args, ctx))
        if isinstance(target, CaughtError | EnvLike):
            return target.groovy_method(node.name, args, ctx)
        return call_method(target, node.name, args)


def _catches(clause: ast.Catch, exc: PipelineError) -> bool:
    if not clause.types:
        return True
    simple = exc.java_class.split(".")[-1]
    broad = {"Exception", "Throwable", "Error", "Object"}
    if type(exc).__name__ == "Interrupted":
        broad = {"Throwable", "Exception", "InterruptedException", "FlowInterruptedException"}
    return any(t == simple or t in broad for t in clause.types)


_STATEMENTS: dict[type, Callable[..., Gen]] = {
    ast.Assign: Interp.s_assign,
    ast.If: Interp.s_if,
    ast.ForIn: Interp.s_for,
    ast.While: Interp.s_while,
    ast.Try: Interp.s_try,
    ast.Switch: Interp.s_switch,
    ast.Return: Interp.s_return,
    ast.Throw: Interp.s_throw,
    ast.Jump: Interp.s_jump,
    ast.Script: Interp.s_script,
    ast.MethodDef: Interp.s_method,
}
_EXPRESSIONS: dict[type, Callable[..., Gen]] = {
    ast.Literal: Interp.e_literal,
    ast.GString: Interp.e_gstring,
    ast.Name: Interp.e_name,
    ast.Prop: Interp.e_prop,
    ast.Index: Interp.e_index,
    ast.Closure: Interp.e_closure,
    ast.ListLit: Interp.e_list,
    ast.MapLit: Interp.e_map,
    ast.Binary: Interp.e_binary,
    ast.Unary: Interp.e_unary,
    ast.Ternary: Interp.e_ternary,
    ast.New: Interp.e_new,
    ast.Call: Interp.e_call,
}
