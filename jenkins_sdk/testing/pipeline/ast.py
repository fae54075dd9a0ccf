"""The syntax tree of the Groovy subset the emulator interprets (never compiled, never executed)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """A node with its source line (for error messages)."""

    line: int = field(default=0, kw_only=True)


# ------------------------------------------------------------------ expressions
@dataclass
class Literal(Node):
    """A number, boolean, ``null`` or single-quoted string."""

    value: object


@dataclass
class GString(Node):
    """A double-quoted string: literal text and ``${...}`` expressions."""

    parts: list[str | Node]


@dataclass
class Name(Node):
    """A bare name: a local variable, a global (``env``, ``params``...) or an env var."""

    id: str


@dataclass
class Prop(Node):
    """``obj.name`` (``safe``: ``obj?.name``)."""

    obj: Node
    name: str
    safe: bool = False


@dataclass
class Index(Node):
    """``obj[key]``."""

    obj: Node
    key: Node


@dataclass
class Closure(Node):
    """``{ a, b -> statements }`` (no parameters: ``it``); a script method's parameters may have
    ``defaults``."""

    params: list[str]
    body: list[Node]
    defaults: dict[str, Node] = field(default_factory=dict)


@dataclass
class Call(Node):
    """A step, function or method call: ``name(args) { closure }`` or ``target.name(args)``."""

    name: str
    args: list[Node] = field(default_factory=list)
    named: list[tuple[str, Node]] = field(default_factory=list)
    closure: Closure | None = None
    target: Node | None = None
    safe: bool = False


@dataclass
class ListLit(Node):
    """``[a, b]``."""

    items: list[Node]


@dataclass
class MapLit(Node):
    """``[k: v]`` (``[:]`` when empty)."""

    entries: list[tuple[Node, Node]]


@dataclass
class Binary(Node):
    """``left op right``."""

    op: str
    left: Node
    right: Node


@dataclass
class Unary(Node):
    """``!x`` or ``-x``."""

    op: str
    operand: Node


@dataclass
class Ternary(Node):
    """``cond ? a : b`` (``a ?: b`` has ``cond is then``)."""

    cond: Node
    then: Node
    other: Node


@dataclass
class New(Node):
    """``new Exception('x')`` (only exceptions are constructed)."""

    cls: str
    args: list[Node]


# ------------------------------------------------------------------- statements
@dataclass
class Assign(Node):
    """``target = value`` (``def x = value`` declares; ``+=``/``-=`` too)."""

    target: Node
    value: Node
    op: str = "="
    declare: bool = False


@dataclass
class If(Node):
    """``if (cond) {...} else {...}``."""

    cond: Node
    then: list[Node]
    other: list[Node] | None


@dataclass
class ForIn(Node):
    """``for (x in items) {...}``."""

    var: str
    items: Node
    body: list[Node]


@dataclass
class While(Node):
    """``while (cond) {...}`` (and C-style ``for`` loops, rewritten)."""

    cond: Node
    body: list[Node]
    update: Node | None = None


@dataclass
class Catch(Node):
    """``catch (Type name) {...}``."""

    var: str
    types: list[str]
    body: list[Node]


@dataclass
class Try(Node):
    """``try {...} catch ... finally {...}``."""

    body: list[Node]
    catches: list[Catch]
    final: list[Node] | None


@dataclass
class Return(Node):
    """``return value``."""

    value: Node | None


@dataclass
class Throw(Node):
    """``throw value``."""

    value: Node


@dataclass
class Switch(Node):
    """``switch (subject) { case a: case b: ...; default: ... }`` (``None``: default)."""

    subject: Node
    cases: list[tuple[Node | None, list[Node]]]


@dataclass
class Jump(Node):
    """``break`` or ``continue``."""

    kind: str


@dataclass
class MethodDef(Node):
    """``def name(a, String b = 'x') { statements }`` at the script's top level."""

    name: str
    code: Closure


@dataclass
class Script(Node):
    """A whole script."""

    body: list[Node]
