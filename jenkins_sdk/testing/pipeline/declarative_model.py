"""The declarative model read from the syntax tree: sections, stages, agents (pipeline-model-
definition ``ModelParser``'s view of a ``pipeline { }`` block, without a Groovy compiler)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jenkins_sdk.testing.declarative.validator import CONDITIONS
from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.context import ClosureValue, Ctx, Scope
from jenkins_sdk.testing.pipeline.errors import PipelineError
from jenkins_sdk.testing.pipeline.runtime import Gen

__all__ = ["CONDITIONS", "POST_STAGE", "CompileError", "Section", "Stage"]

POST_STAGE = "Declarative: Post Actions"


class CompileError(PipelineError):
    """A declarative model the emulator (or Jenkins) cannot run."""

    java_class = "org.codehaus.groovy.control.MultipleCompilationErrorsException"

    def trace(self) -> str:
        return f"{self.java_class}: startup failed:\n{self.message}\n\n1 error\n"


@dataclass
class Section:
    """A section call: ``name args { closure }`` from the model's syntax tree."""

    call: ast.Call

    @property
    def body(self) -> list[ast.Node]:
        return self.call.closure.body if self.call.closure is not None else []


@dataclass
class Stage:
    """One stage of the model."""

    name: str
    line: int
    sections: dict[str, Section] = field(default_factory=dict)
    children: list[Stage] = field(default_factory=list)
    parallel: bool = False


def sections(body: list[ast.Node]) -> dict[str, Section]:
    """The section calls of a block by name (``agent``, ``stages``...)."""
    out: dict[str, Section] = {}
    for stmt in body:
        if isinstance(stmt, ast.Call) and stmt.target is None:
            out[stmt.name] = Section(stmt)
    return out


def read_stages(section: Section) -> list[Stage]:
    """``stages { stage('x') { ... } ... }`` (and ``parallel { ... }`` bodies)."""
    out: list[Stage] = []
    for stmt in section.body:
        if not (isinstance(stmt, ast.Call) and stmt.name == "stage" and stmt.closure is not None):
            raise CompileError(f"WorkflowScript: {stmt.line}: Expected a stage @ line {stmt.line}.")
        name_node = stmt.args[0] if stmt.args else dict(stmt.named).get("name")
        name = name_node.value if isinstance(name_node, ast.Literal) else "?"
        stage = Stage(str(name), stmt.line, sections(stmt.closure.body))
        nested = stage.sections.get("stages") or stage.sections.get("parallel")
        if nested is not None:
            stage.children = read_stages(nested)
            stage.parallel = "parallel" in stage.sections
        out.append(stage)
    return out


def agent_of(call: ast.Call) -> tuple[str, str | None]:
    """``(kind, label)`` of an ``agent`` section."""
    if call.args and isinstance(call.args[0], ast.Name):
        return call.args[0].id, None
    named = dict(call.named)
    if "label" in named and isinstance(named["label"], ast.Literal):
        return "label", str(named["label"].value)
    body = call.closure.body if call.closure is not None else []
    for stmt in body:
        if isinstance(stmt, ast.Call) and stmt.name == "label" and stmt.args:
            arg = stmt.args[0]
            return "label", str(arg.value) if isinstance(arg, ast.Literal) else None
        if isinstance(stmt, ast.Call) and stmt.name == "node" and stmt.closure is not None:
            return agent_of(ast.Call("agent", closure=stmt.closure))
        if isinstance(stmt, ast.Call):
            return stmt.name, None
    return "any", None


def python_closure(body: Callable[[Ctx], Gen]) -> ClosureValue:
    """A closure whose body is Python (a step body the model builds)."""
    return ClosureValue(ast.Closure([], []), Scope(), python=body)
