"""What the interpreter passes around: scopes, the step context, closures, step calls, and the
objects a script sees (``env``-like globals, caught exceptions)."""

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.errors import PipelineError
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.values import to_str

if TYPE_CHECKING:
    from jenkins_sdk.testing.pipeline.flow import FlowNode

MISSING = object()


class Scope:
    """Variables of a block, chained to the scope it is nested in (the root is the binding)."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, Any] = {}
        self.parent = parent

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return MISSING

    def assign(self, name: str, value: Any, declare: bool) -> None:
        if declare:
            self.vars[name] = value
            return
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars or scope.parent is None:
                scope.vars[name] = value
                return
            scope = scope.parent


@dataclass(frozen=True)
class NodeContext:
    """The node a ``node {}`` block runs on: its name and workspace."""

    name: str
    workspace: str
    executor: int


@dataclass(frozen=True)
class Ctx:
    """A thread's step context: env overlays (``withEnv``, ``node``), cwd, node, flow parent."""

    parent: FlowNode
    env: tuple[tuple[str, str], ...] = ()
    cwd: str = ""
    node: NodeContext | None = None
    stage: str | None = None

    def with_env(self, pairs: list[tuple[str, str]]) -> Ctx:
        """A context with more variables (later ones win)."""
        return replace(self, env=(*self.env, *pairs))

    def under(self, parent: FlowNode, **changes: Any) -> Ctx:
        """A context whose new flow nodes are enclosed by ``parent``."""
        return replace(self, parent=parent, **changes)


@dataclass
class ClosureValue:
    """A closure: its code and the scope it was written in."""

    node: ast.Closure
    scope: Scope
    java_class: str = "org.jenkinsci.plugins.workflow.cps.CpsClosure2"
    #: A body written in Python (what the declarative model hands to block steps).
    python: Callable[[Ctx], Gen] | None = None


@dataclass
class Invocation:
    """One step call: evaluated arguments, the trailing closure, and where it runs."""

    name: str
    args: list[Any]
    named: dict[str, Any]
    closure: ClosureValue | None
    ctx: Ctx
    line: int
    extra: dict[str, Any] = field(default_factory=dict)

    def arg(self, key: str, default: Any = None, *, positional: bool = True) -> Any:
        """A named argument, or the first positional one (a step's default parameter)."""
        if key in self.named:
            return self.named[key]
        if positional and self.args and not isinstance(self.args[0], dict):
            return self.args[0]
        return default


class EnvLike(abc.ABC):
    """A global whose properties depend on the step context (``env``)."""

    @abc.abstractmethod
    def groovy_property(self, name: str, ctx: Ctx) -> Any:
        """The value of ``name`` as seen from ``ctx``."""

    def groovy_method(self, name: str, args: list[Any], ctx: Ctx) -> Any:
        if name == "getProperty" and args:
            return self.groovy_property(to_str(args[0]), ctx)
        raise PipelineError(
            f"No signature of method: {name}() is applicable",
            "groovy.lang.MissingMethodException",
        )


@dataclass
class CaughtError:
    """A caught exception as the script sees it (``err.message``, ``err.getMessage()``...)."""

    error: PipelineError

    def groovy_property(self, name: str, ctx: Ctx | None = None) -> Any:
        if name in ("message", "localizedMessage"):
            return self.error.message
        if name == "class":
            return {
                "name": self.error.java_class,
                "simpleName": self.error.java_class.split(".")[-1],
            }
        raise PipelineError(
            f"No such property: {name} for class: {self.error.java_class}",
            "groovy.lang.MissingPropertyException",
        )

    def groovy_method(self, name: str, args: list[Any], ctx: Ctx | None = None) -> Any:
        if name in ("getMessage", "getLocalizedMessage"):
            return self.error.message
        if name == "toString":
            return self.error.short()
        raise PipelineError(
            f"No signature of method: {self.error.java_class}.{name}() is applicable",
            "groovy.lang.MissingMethodException",
        )

    def __str__(self) -> str:
        return self.error.short()
