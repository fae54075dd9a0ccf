"""Label expressions as core parses them (``hudson/model/labels/LabelExpressionLexer.g4`` and
``LabelExpressionParser.g4``): atoms (bare or ``"quoted"``), ``!``, ``&&``, ``||``, ``->``,
``<->`` and parentheses, in that grammar's precedence (``<->`` binds loosest). A node matches when
the expression is true of its atoms (its name and its labels). An expression that does not parse
matches no node (core's ``Label.parseExpression`` fails and the label has no nodes)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_TOKEN = re.compile(
    r'\s*(?:(?P<op><->|->|&&|\|\||!|\(|\))|"(?P<quoted>(?:\\.|[^"\\\r\n])*)"'
    r"|(?P<atom>(?:-(?!>)|[^&|!<>()\s\"'-])+))"
)


def _tokens(expression: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = expression.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"bad label expression {expression!r}")
        pos = m.end()
        if m.group("op"):
            out.append(("op", m.group("op")))
        elif m.group("quoted") is not None:
            out.append(("atom", re.sub(r"\\(.)", r"\1", m.group("quoted"))))
        else:
            out.append(("atom", m.group("atom")))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], atoms: set[str]) -> None:
        self.tokens = tokens
        self.atoms = atoms
        self.pos = 0

    def _peek(self) -> str | None:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "op":
            return self.tokens[self.pos][1]
        return None

    def _take(self, op: str) -> bool:
        if self._peek() == op:
            self.pos += 1
            return True
        return False

    def parse(self) -> bool:
        value = self._iff()
        if self.pos != len(self.tokens):
            raise ValueError("trailing tokens in a label expression")
        return value

    def _iff(self) -> bool:
        value = self._implies()
        while self._take("<->"):
            value = value == self._implies()
        return value

    def _implies(self) -> bool:
        value = self._or()
        if self._take("->"):
            right = self._or()
            value = (not value) or right
        return value

    def _or(self) -> bool:
        value = self._and()
        while self._take("||"):
            right = self._and()
            value = value or right
        return value

    def _and(self) -> bool:
        value = self._not()
        while self._take("&&"):
            right = self._not()
            value = value and right
        return value

    def _not(self) -> bool:
        if self._take("!"):
            return not self._primary()
        return self._primary()

    def _primary(self) -> bool:
        if self._take("("):
            value = self._iff()
            if not self._take(")"):
                raise ValueError("missing ) in a label expression")
            return value
        if self.pos >= len(self.tokens) or self.tokens[self.pos][0] != "atom":
            raise ValueError("label expression ends early")
        atom = self.tokens[self.pos][1]
        self.pos += 1
        return atom in self.atoms


def expression_matches(expression: str, atoms: Iterable[str]) -> bool:
    """Whether ``expression`` holds for a node with these label atoms (False if it does not
    parse)."""
    try:
        return _Parser(_tokens(expression), set(atoms)).parse()
    except ValueError:
        return False


def node_matches(expression: str, name: str, info: dict[str, Any]) -> bool:
    """Whether a node (its ``nodes`` entry) satisfies ``expression``: its atoms are its name and
    labels, and the built-in node's self labels ``built-in`` (and ``master``, before the 2.307
    rename)."""
    atoms = {name, *info.get("labels", ())}
    if name == "(built-in)":
        atoms |= {"built-in", "master"}
    return expression_matches(expression, atoms)
