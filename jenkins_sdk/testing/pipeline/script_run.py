"""One run of a script-driven build: its flow graph and console, its threads, its variables.

A :class:`ScriptRun` is what a ``WorkflowRun`` (or a freestyle build with build steps) holds
while it runs: the :class:`~.flow.FlowGraph`, the :class:`~.runtime.Runner`, the global variables
a script sees (``env``, ``params``, ``currentBuild``: workflow-cps ``EnvActionImpl``,
``ParamsVariable``, ``RunWrapper``) and the result, made worse only (``WorkflowRun.setResult``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.pipeline import env as envmod
from jenkins_sdk.testing.pipeline.errors import (
    AbortError,
    Interrupted,
    NoSuchStep,
    PipelineError,
)
from jenkins_sdk.testing.pipeline.flow import FLOW_END, FLOW_START, FlowGraph, FlowNode
from jenkins_sdk.testing.pipeline.interp import (
    MISSING,
    Ctx,
    EnvLike,
    Interp,
    NodeContext,
    StepImpl,
)
from jenkins_sdk.testing.pipeline.runtime import Gen, Runner
from jenkins_sdk.testing.pipeline.steps_params import SYMBOLS
from jenkins_sdk.testing.pipeline.values import to_str

if TYPE_CHECKING:
    from jenkins_sdk.testing.model import InputSpec
    from jenkins_sdk.testing.state.controller import ControllerState
    from jenkins_sdk.testing.state.script_build import ScriptBuild

#: ``Result`` ordinals (a later one is worse).
RESULT_ORDER = ("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED")
#: ``GlobalVariable``s every run has (``DSL.invokeMethod`` lists them in its error).
GLOBALS = ("currentBuild", "env", "params", "pipeline")


@dataclass(frozen=True)
class Placement:
    """Where a ``node {}`` block runs: the executor it holds and what it adds to the env."""

    name: str
    display: str
    executor: int
    workspace: str
    env: dict[str, str]

    @property
    def context(self) -> NodeContext:
        """The node as steps see it."""
        return NodeContext(self.name, self.workspace, self.executor)


def worse(a: str | None, b: str | None) -> str | None:
    """The worse of two results (``Result.combine``)."""
    if a is None or b is None:
        return a or b
    return a if RESULT_ORDER.index(a) >= RESULT_ORDER.index(b) else b


class ScriptRun:
    """Holds the live parts of a script-driven build."""

    def __init__(
        self, build: ScriptBuild, state: ControllerState, steps: dict[str, StepImpl]
    ) -> None:
        self.build = build
        self.state = state
        self.runner = Runner(build.start_ms)
        self.flow = FlowGraph(lambda: self.runner.now)
        self.interp = Interp(self, steps)
        self.steps = steps
        self.result: str | None = None
        #: Variables set with ``env.X = ...`` (``EnvActionImpl``'s overrides).
        self.env_overrides: dict[str, str] = {}
        self.inputs: dict[str, tuple[InputSpec, FlowNode]] = {}
        self.stashes: dict[str, dict[str, bytes]] = {}
        self.node_depth = 0
        self.env_proxy = EnvProxy(self)
        self.current_build = RunWrapper(self)
        self.root: FlowNode | None = None
        self.finished: str | None = None
        #: Set by the program: the context for steps outside any block.
        self.base_ctx: Ctx | None = None
        #: Pipelines need ``node {}`` for workspace steps; a freestyle build always has one.
        self.needs_node = build.job.kind == "pipeline"
        #: Inputs answered so far (``input_state``).
        self.answered: set[str] = set()

    # ---------------------------------------------------------------- time
    @property
    def now(self) -> int:
        """The time being replayed."""
        return self.runner.now

    def start(self, program: Callable[[ScriptRun], Gen]) -> None:
        """Run ``program`` as the root thread from the build's start."""
        self.runner.start(program(self))

    # -------------------------------------------------------------- results
    def set_result(self, result: str) -> None:
        """``Run.setResult``: only ever gets worse."""
        self.result = worse(self.result, result)

    def current_result(self) -> str:
        """``RunWrapper.getCurrentResult``: the result so far, SUCCESS when unset."""
        return self.result or "SUCCESS"

    def report(self, error: PipelineError, node: FlowNode | None = None) -> None:
        """Print an error the way ``WorkflowRun.finish``, ``catchError`` and ``retry`` do."""
        if isinstance(error, AbortError):
            self.flow.line(f"ERROR: {error.message}", node)
        elif isinstance(error, Interrupted):
            for cause in error.causes:
                self.flow.line(cause, node)
        elif isinstance(error, NoSuchStep):
            self.flow.write(
                f"{error.java_class}: {error.message}\n"
                "\tat org.jenkinsci.plugins.workflow.cps.DSL.invokeMethod(DSL.java:223)\n"
                "\tat org.jenkinsci.plugins.workflow.cps.CpsScript.invokeMethod"
                "(CpsScript.java:124)\n"
                "\tat WorkflowScript.run(WorkflowScript)\n",
                node,
            )
        else:
            self.flow.write(error.trace(), node)

    # ---------------------------------------------------------- flow ends
    def open_flow(self) -> Ctx:
        """``FlowStartNode``: ``[Pipeline] Start of Pipeline``; the base step context."""
        self.root = self.flow.add(FLOW_START, "", None)
        self.base_ctx = Ctx(parent=self.root)
        return self.base_ctx

    def close_flow(self, error: PipelineError | None) -> str:
        """``FlowEndNode`` and the end of ``WorkflowRun.finish``: the error, then the result."""
        self.flow.add(FLOW_END, "", None)
        if error is not None:
            result = error.result if isinstance(error, Interrupted) else "FAILURE"
            self.set_result(result)
            self.report(error)
        return self.current_result()

    def default_workspace(self) -> str:
        """The job's workspace on the built-in node."""
        return envmod.workspace(self.build.job)

    # ------------------------------------------------------------ variables
    def base_env(self) -> dict[str, str]:
        """``Run.getEnvironment`` of this build (without a node), with ``env.X`` overrides."""
        env = envmod.run_env(self.build, self.state.root_url)
        env.update(self.env_overrides)
        return env

    def env_value(self, name: str, ctx: Ctx | None) -> str | None:
        """An environment variable as a step in ``ctx`` sees it."""
        if ctx is not None:
            for key, value in reversed(ctx.env):
                if key == name:
                    return value
        return self.base_env().get(name)

    def step_env(self, ctx: Ctx) -> dict[str, str]:
        """All variables a process started in ``ctx`` gets."""
        env = self.base_env()
        env.update(dict(ctx.env))
        return env

    def params(self) -> dict[str, Any]:
        """``ParamsVariable``: the build's values, then the job's defaults."""
        values: dict[str, Any] = {d.name: v for d, v in self.build.params}
        for d in self.build.job.params:
            values.setdefault(d.name, None if d.type == "file" else d.default)
        return values

    def global_variable(self, name: str, ctx: Ctx) -> Any:
        """``CpsScript.getProperty``: a global variable, else an environment variable."""
        if name == "env":
            return self.env_proxy
        if name == "params":
            return self.params()
        if name == "currentBuild":
            return self.current_build
        value = self.env_value(name, ctx)
        return MISSING if value is None else value

    def no_such_method(self, name: str) -> str:
        """``DSL.invokeMethod``'s message for an unknown step."""
        steps = ", ".join(sorted(n for n in self.steps if n not in SYMBOLS))
        symbols = ", ".join(sorted(SYMBOLS))
        return (
            f"No such DSL method '{name}' found among steps [{steps}] or symbols [{symbols}] "
            f"or globals [{', '.join(GLOBALS)}]"
        )


class EnvProxy(EnvLike):
    """``env``: read through the step context, written to the run (``EnvActionImpl``)."""

    java_class = "org.jenkinsci.plugins.workflow.cps.EnvActionImpl"

    def __init__(self, run: ScriptRun) -> None:
        self.run = run

    def groovy_property(self, name: str, ctx: Ctx) -> Any:
        return self.run.env_value(name, ctx)

    def groovy_set(self, name: str, value: Any) -> None:
        self.run.env_overrides[name] = to_str(value)

    def groovy_method(self, name: str, args: list[Any], ctx: Ctx) -> Any:
        if name == "getEnvironment":
            return self.run.step_env(ctx)
        return super().groovy_method(name, args, ctx)


class RunWrapper:
    """``currentBuild`` (``org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper``)."""

    java_class = "org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper"

    def __init__(self, run: ScriptRun) -> None:
        self.run = run

    def groovy_property(self, name: str) -> Any:
        build = self.run.build
        values: dict[str, Callable[[], Any]] = {
            "number": lambda: build.number,
            "id": lambda: str(build.number),
            "result": lambda: self.run.result,
            "currentResult": self.run.current_result,
            "displayName": lambda: build.shown_name,
            "fullDisplayName": lambda: f"{build.job.full_display_name} {build.shown_name}",
            "projectName": lambda: build.job.name,
            "fullProjectName": lambda: build.job.full_name,
            "description": lambda: build.description,
            "absoluteUrl": lambda: envmod.build_url(build, self.run.state.root_url),
            "startTimeInMillis": lambda: build.start_ms,
            "timeInMillis": lambda: build.start_ms,
            "duration": lambda: self.run.now - build.start_ms,
            "durationString": lambda: f"{(self.run.now - build.start_ms) // 1000} sec",
            "keepLog": lambda: build.keep_log,
            "buildCauses": lambda: list(build.causes),
            "changeSets": lambda: [],
            "previousBuild": self._previous,
        }
        getter = values.get(name)
        if getter is None:
            raise PipelineError(
                f"No such property: {name} for class: {self.java_class}",
                "groovy.lang.MissingPropertyException",
            )
        return getter()

    def groovy_set(self, name: str, value: Any) -> None:
        build = self.run.build
        if name == "result":
            self.run.set_result(to_str(value).upper())
        elif name == "displayName":
            build.display_name = to_str(value)
        elif name == "description":
            build.description = None if value is None else to_str(value)
        elif name == "keepLog":
            build.keep_log = bool(value)
        else:
            raise PipelineError(
                f"Cannot set read-only property: {name} for class: {self.java_class}",
                "groovy.lang.ReadOnlyPropertyException",
            )

    def groovy_method(self, name: str, args: list[Any]) -> Any:
        """The bean accessors of the properties: ``getResult()``, ``setResult('UNSTABLE')``..."""
        prop = name[3:4].lower() + name[4:]
        if name.startswith("get") and prop and not args:
            return self.groovy_property(prop)
        if name.startswith("set") and prop and len(args) == 1:
            return self.groovy_set(prop, args[0])
        raise PipelineError(
            f"No signature of method: {self.java_class}.{name}() is applicable",
            "groovy.lang.MissingMethodException",
        )

    def _previous(self) -> dict[str, Any] | None:
        build = self.run.build
        earlier = [n for n in build.job.builds if n < build.number]
        if not earlier:
            return None
        prev = build.job.builds[max(earlier)]
        return {"number": prev.number, "result": prev.result, "displayName": prev.shown_name}
