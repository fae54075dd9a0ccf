"""Declarative Pipeline validation as ``pipeline-model-converter`` answers it (no Groovy compiler).

The structural rules and their messages follow pipeline-model-definition's
``parser/ModelParser.groovy`` (sections, stages, agent, post) and
``validator/ModelValidatorImpl.groovy`` (required sections, empty sections, duplicates), worded
as its ``Messages.properties``; each error points at the line/column of the statement Jenkins
reports it on. Steps and their parameters are not checked (Jenkins would need its step
descriptors); syntax errors are only those :mod:`.lexer` can see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union

from jenkins_sdk.testing.declarative.lexer import Block, GroovySyntaxError, Stmt, read_blocks

__all__ = ["CONDITIONS", "LintError", "Verdict", "validate_jenkinsfile"]

#: Build conditions in their ``@Extension(ordinal=...)`` order (``BuildCondition`` symbols).
CONDITIONS = (
    "always",
    "changed",
    "fixed",
    "regression",
    "aborted",
    "success",
    "unsuccessful",
    "unstable",
    "failure",
    "notBuilt",
    "cleanup",
)
#: Agent types of a controller with the Docker Pipeline plugin (``DeclarativeAgentDescriptor``).
AGENT_TYPES = ("any", "docker", "dockerfile", "label", "node", "none")
_RENAMED = {
    "properties": "The ‘properties’ section has been renamed as of version 0.8. Use ‘options’ "
    "instead.",
    "wrappers": "The 'wrappers' section has been removed as of version 0.8. Use 'options' instead.",
    "jobProperties": "The ‘jobProperties’ section has been renamed as of version 0.7. Use "
    "‘properties’ instead.",
    "notifications": "The ‘notifications’ section has been removed as of version 0.6. Use ‘post’ "
    "for all post-build actions.",
    "postBuild": "The ‘postBuild’ section has been renamed as of version 0.6. Use ‘post’ for all "
    "post-build actions.",
}
_STAGE_SECTIONS = (
    "agent",
    "when",
    "steps",
    "post",
    "options",
    "input",
    "tools",
    "environment",
    "parallel",
    "matrix",
    "failFast",
    "stages",
)
#: ``ModelASTPipelineDef.validate``: the order its sections are checked in.
_PIPELINE_ORDER = (
    "stages",
    "post",
    "environment",
    "agent",
    "tools",
    "options",
    "parameters",
    "triggers",
    "libraries",
)
_EMPTY = {
    "options": "options can not be empty",
    "triggers": "triggers can not be empty",
    "parameters": "parameters can not be empty",
    "libraries": "libraries can not be empty",
    "environment": "No variables specified for environment",
    "tools": "No tools specified",
}


@dataclass(frozen=True)
class LintError:
    """One error at a 1-based line and column."""

    message: str
    line: int
    column: int

    @property
    def text(self) -> str:
        """Groovy's ``SyntaxException.getMessage()``: ``msg @ line L, column C.``."""
        return f"{self.message} @ line {self.line}, column {self.column}."


@dataclass
class Verdict:
    """What validation found: ``pipeline`` is whether a ``pipeline { }`` block was found."""

    pipeline: bool
    errors: list[LintError] = field(default_factory=list)


@dataclass
class _Call:
    """A statement read as a method call: ``name args... { closure }``."""

    name: str
    args: list[str]
    block: Block | None


def _as_call(stmt: Stmt) -> _Call | None:
    """``stmt`` as ``name(...)``, ``name arg, ...`` or ``name { }`` (None for anything else)."""
    toks = stmt.tokens
    if not toks or toks[0].kind != "name":
        return None
    rest = toks[1:]
    if rest and rest[-1].text == "{":
        rest = rest[:-1]
    if len(stmt.blocks) > 1:
        return None
    if rest and rest[0].text in ("=", ".", "?.", "*.", "++", "--", "+=", "-=", "["):
        return None
    if rest and rest[0].text == "(":
        if rest[-1].text != ")":
            return None
        rest = rest[1:-1]
    args: list[str] = []
    depth, current = 0, ""
    for tok in rest:
        if tok.text in "([{":
            depth += 1
        elif tok.text in ")]}":
            depth -= 1
        if tok.text == "," and depth == 0:
            args.append(current.strip())
            current = ""
        else:
            current += tok.text if not current else " " + tok.text
    if current.strip():
        args.append(current.strip())
    return _Call(toks[0].text, args, stmt.blocks[0] if stmt.blocks else None)


_Item = Union[LintError, "_Node", None]


@dataclass
class _Node:
    """A parsed element's deferred checks, in ``ModelAST*.validate`` order (errors and children)."""

    items: list[_Item] = field(default_factory=list)

    def flatten(self) -> Iterator[LintError]:
        for item in self.items:
            if isinstance(item, _Node):
                yield from item.flatten()
            elif item is not None:
                yield item


def _at(stmt: Stmt, message: str) -> LintError:
    return LintError(message, stmt.line, stmt.column)


def _list_checks(stmt: Stmt, block: Block, names: list[str], empty: str, what: str) -> list[_Item]:
    """The model checks of a list of named blocks (stages, post conditions): ``empty`` when
    there is none, then one error per name used more than once (in first-use order)."""
    checks: list[_Item] = []
    if not block.statements:
        checks.append(_at(stmt, empty))
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        checks.append(_at(stmt, f'Duplicate {what}: "{name}"'))
    return checks


class _Parser:
    """Parses one ``pipeline { }`` block as ``ModelParser`` does: parse errors in source order as
    they are met, model checks (``ModelValidatorImpl``) returned as a :class:`_Node` tree."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.errors: list[LintError] = []

    def error(self, stmt: Stmt, message: str) -> None:
        self.errors.append(_at(stmt, message))

    def invalid_section(self, where: Stmt, inner: Stmt, kind: str) -> None:
        text = self.src[inner.tokens[0].start : inner.tokens[-1].end]
        self.error(
            where, f'Not a valid {kind} definition: "{text}". Some extra configuration is required.'
        )

    def sections(
        self, block: Block, kind: str, owner: Stmt | None = None
    ) -> Iterator[tuple[Stmt, _Call]]:
        """The sections of ``block``, each with its statement. A statement that is no section
        and a section met twice are reported, at ``owner`` (else at the statement itself)."""
        seen: set[str] = set()
        for inner in block.statements:
            call = _as_call(inner)
            where = owner or inner
            if call is None:
                self.invalid_section(where, inner, kind)
                continue
            if call.name in seen:
                self.error(where, f"Multiple occurrences of the {call.name} section")
            seen.add(call.name)
            yield inner, call

    def shared_section(self, stmt: Stmt, call: _Call) -> _Node | None:
        """``agent``, ``post`` and the sections that must not be empty, checked alike in the
        pipeline and in a stage; ``None`` for any other section."""
        if call.name == "agent":
            return self.agent(stmt, call)
        if call.name == "post":
            return self.post(stmt, call)
        if call.name in _EMPTY:
            return self.maybe_empty(stmt, call)
        return None

    def pipeline(self, stmt: Stmt, block: Block) -> _Node:
        parts: dict[str, _Node] = {}
        for inner, call in self.sections(block, "section"):
            if call.name == "stages":
                parts["stages"] = self.stages(inner, call)
            elif (part := self.shared_section(inner, call)) is not None:
                parts[call.name] = part
            else:
                self.error(inner, _RENAMED.get(call.name, f'Undefined section "{call.name}"'))
        checks: list[_Item] = []
        if "stages" not in parts:
            checks.append(_at(stmt, 'Missing required section "stages"'))
        if "agent" not in parts:
            checks.append(_at(stmt, 'Missing required section "agent"'))
        return _Node(checks + [parts.get(name) for name in _PIPELINE_ORDER])

    def stages(self, stmt: Stmt, call: _Call) -> _Node:
        if call.block is None:
            self.error(stmt, f"Expected a block for {call.name}")
            return _Node()
        names: list[str] = []
        stages: list[_Item] = []
        for inner in call.block.statements:
            stage = _as_call(inner)
            if stage is None or stage.name != "stage" or stage.block is None:
                self.error(inner, "Expected a stage")
            elif not stage.args:
                self.error(inner, "Expected a stage name but did not find any")
            else:
                names.append(stage.args[0].strip("'\""))
                stages.append(self.stage(inner, names[-1], stage.block))
        checks = _list_checks(stmt, call.block, names, "No stages specified", "stage name")
        return _Node(checks + stages)

    def stage(self, stmt: Stmt, name: str, block: Block) -> _Node:
        parts: dict[str, _Node] = {}
        for inner, call in self.sections(block, "stage section", owner=stmt):
            if call.name in ("stages", "parallel"):
                parts[call.name] = self.stages(inner, call)
            elif call.name == "steps":
                empty = call.block is None or not call.block.statements
                parts["steps"] = _Node(
                    [_at(inner, "No steps specified for branch") if empty else None]
                )
            elif (part := self.shared_section(inner, call)) is not None:
                parts[call.name] = part
            elif call.name not in _STAGE_SECTIONS:
                self.error(
                    stmt,
                    f'Unknown stage section "{call.name}". Starting with version 0.5, steps in a '
                    "stage must be in a ‘steps’ block.",
                )
            else:
                parts[call.name] = _Node()
        bodies = [n for n in ("steps", "stages", "parallel", "matrix") if n in parts]
        own: _Item = None
        if len(bodies) > 1:
            own = _at(
                stmt,
                'Only one of "matrix", "parallel", "stages", or "steps" allowed for stage '
                f'"{name}"',
            )
        elif not bodies:
            own = _at(stmt, f'Expected one of "steps", "stages", or "parallel" for stage "{name}"')
        base = [parts.get(n) for n in ("agent", "when", "post", "tools", "environment", "options")]
        return _Node([*base, own, *(parts.get(n) for n in ("parallel", "steps", "stages"))])

    def agent(self, stmt: Stmt, call: _Call) -> _Node:
        if call.block is None:
            if not call.args:
                self.error(stmt, "No argument for agent")
            elif len(call.args) > 1 or call.args[0] not in ("any", "none"):
                self.error(stmt, 'Only "agent none", "agent any" or "agent {...}" are allowed.')
            return _Node()
        statements = call.block.statements
        kind = _as_call(statements[0]) if len(statements) == 1 else None
        if len(statements) > 1:
            self.error(stmt, "Only one agent type is allowed per agent section")
        elif kind is None:
            self.error(stmt, "Expected an agent")
        elif kind.name not in AGENT_TYPES:
            names = ", ".join(AGENT_TYPES)
            message = f'Invalid agent type "{kind.name}" specified. Must be one of [{names}]'
            return _Node([_at(statements[0], message)])
        return _Node()

    def post(self, stmt: Stmt, call: _Call) -> _Node:
        if call.block is None:
            self.error(stmt, "Expected a block")
            return _Node()
        valid = ", ".join(CONDITIONS)
        found: list[str] = []
        unknown: list[_Item] = []
        for inner in call.block.statements:
            cond = _as_call(inner)
            if cond is None or cond.block is None or cond.args:
                self.error(
                    inner,
                    "The ‘post’ section can only contain build condition names with code blocks. "
                    f"Valid condition names are [{valid}]",
                )
                continue
            found.append(cond.name)
            if cond.name not in CONDITIONS:
                message = f'Invalid condition "{cond.name}" - valid conditions are [{valid}]'
                unknown.append(_at(inner, message))
        checks = _list_checks(
            stmt, call.block, found, "post can not be empty", "build condition name"
        )
        return _Node(checks + unknown)

    def maybe_empty(self, stmt: Stmt, call: _Call) -> _Node:
        empty = call.block is not None and not call.block.statements
        return _Node([_at(stmt, _EMPTY[call.name]) if empty else None])


def _nested_pipeline(block: Block, errors: list[LintError]) -> None:
    """``pipeline`` blocks below the top level (``ModelParser.checkForNestedPipelineStep``)."""
    for stmt in block.statements:
        for inner in stmt.blocks:
            for nested in inner.statements:
                sub = _as_call(nested)
                if sub is not None and sub.name == "pipeline" and sub.block is not None:
                    errors.append(
                        LintError(
                            "pipeline block must be at the top-level, not within another block.",
                            nested.line,
                            nested.column,
                        )
                    )
            _nested_pipeline(inner, errors)


def validate_jenkinsfile(src: str) -> Verdict:
    """Validate a Jenkinsfile the way ``ModelConverterAction.doValidateJenkinsfile`` does."""
    try:
        top = read_blocks(src)
    except GroovySyntaxError as exc:
        return Verdict(False, [LintError(exc.message, exc.line, exc.column)])
    for stmt in top.statements:
        call = _as_call(stmt)
        if call is None or call.name != "pipeline":
            continue
        parser = _Parser(src)
        if call.block is None or call.args:
            parser.error(stmt, 'Expected a block with the "pipeline" step')
            return Verdict(True, parser.errors)
        model = parser.pipeline(stmt, call.block)
        return Verdict(True, parser.errors + list(model.flatten()))
    nested: list[LintError] = []
    _nested_pipeline(top, nested)
    return Verdict(bool(nested), nested)
