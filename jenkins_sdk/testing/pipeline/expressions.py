"""Expressions of the Groovy subset (the statement parser builds on this)."""

from __future__ import annotations

import abc

from jenkins_sdk.testing.declarative.lexer import Token
from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.strings import string_node
from jenkins_sdk.testing.pipeline.tokens import ScriptSyntaxError, TokenStream

_KEYWORDS = frozenset(
    {"if", "else", "for", "while", "try", "catch", "finally", "return", "throw", "def", "new"}
    | {
        "break",
        "continue",
        "in",
        "class",
        "import",
        "true",
        "false",
        "null",
        "instanceof",
        "as",
        "switch",
    }
)
_TYPES = frozenset(
    {"String", "int", "Integer", "long", "Long", "boolean", "Boolean", "def", "Map", "List"}
    | {"Object", "double", "float", "var", "GString", "Closure"}
)
_LITERALS = {"true": True, "false": False, "null": None}
_ASSIGN_OPS = ("=", "+=", "-=")
_BINARY = (
    ("||",),
    ("&&",),
    ("==", "!=", "=~", "==~"),
    ("<", ">", "<=", ">=", "in", "instanceof", "as"),
    ("..", "..<"),
    ("+", "-"),
    ("*", "/", "%"),
)


class ExpressionParser(TokenStream, abc.ABC):
    """Expressions: literals, GStrings, names, calls, closures, lists, maps, operators."""

    @abc.abstractmethod
    def statements(self, until: str | None) -> list[ast.Node]:
        """Statements up to ``until`` (a closure's body)."""

    @abc.abstractmethod
    def sub_expression(self, text: str, line: int) -> ast.Node:
        """A GString's ``${...}``, parsed on its own."""

    def expression(self) -> ast.Node:
        cond = self.binary(0)
        if self.is_op("?"):
            tok = self.next()
            self.skip_newlines()
            if self.accept(":"):  # the elvis operator ``a ?: b``
                self.skip_newlines()
                return ast.Ternary(cond, cond, self.expression(), line=tok.line)
            then = self.expression()
            self.skip_newlines()
            self.expect(":")
            self.skip_newlines()
            return ast.Ternary(cond, then, self.expression(), line=tok.line)
        return cond

    def binary(self, level: int) -> ast.Node:
        if level >= len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "string" or tok.text not in _BINARY[level]:
                return left
            self.pos += 1
            self.skip_newlines()
            if tok.text in ("instanceof", "as"):
                left = ast.Binary(tok.text, left, ast.Literal(self.next().text), line=tok.line)
                continue
            left = ast.Binary(tok.text, left, self.binary(level + 1), line=tok.line)

    def unary(self) -> ast.Node:
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text in ("!", "-"):
            self.pos += 1
            return ast.Unary(tok.text, self.unary(), line=tok.line)
        return self.postfix(self.primary())

    def postfix(self, node: ast.Node) -> ast.Node:
        while True:
            tok = self.peek()
            if tok is None:
                return node
            if tok.kind == "newline" and self.peek_text(1) in (".", "?."):
                self.skip_newlines()
                continue
            if tok.kind == "op" and tok.text in (".", "?."):
                self.pos += 1
                name = self.next()
                if name.kind not in ("name", "string"):
                    raise self.error(f"unexpected token: {name.text}", name)
                member = name.text.strip("'\"")
                safe = tok.text == "?."
                if self.is_op("(") or self.is_op("{"):
                    node = self.method_call(node, member, safe, tok.line)
                else:
                    node = ast.Prop(node, member, safe=safe, line=tok.line)
                continue
            if tok.kind == "op" and tok.text == "[":
                self.pos += 1
                self.skip_newlines()
                key = self.expression()
                self.skip_newlines()
                self.expect("]")
                node = ast.Index(node, key, line=tok.line)
                continue
            if tok.kind == "op" and tok.text == "(" and isinstance(node, ast.Name):
                node = self.method_call(None, node.id, False, tok.line)
                continue
            return node

    def method_call(self, target: ast.Node | None, name: str, safe: bool, line: int) -> ast.Node:
        call = ast.Call(name, target=target, safe=safe, line=line)
        if self.accept("("):
            self.arguments(call, closer=")")
            self.expect(")")
        if self.is_op("{"):
            call.closure = self.closure()
        return call

    def arguments(self, call: ast.Call, closer: str | None) -> None:
        """Positional and named arguments up to ``closer`` (or the end of the line)."""
        if closer is not None:
            self.skip_newlines()
            if self.peek_text() == closer:
                return
        while True:
            tok, nxt = self.peek(), self.peek(1)
            if (
                tok is not None
                and nxt is not None
                and tok.kind in ("name", "string", "number")
                and nxt.text == ":"
                and nxt.kind == "op"
            ):
                self.pos += 2
                self.skip_newlines()
                key = tok.text[1:-1] if tok.kind == "string" else tok.text
                call.named.append((key, self.expression()))
            else:
                call.args.append(self.expression())
            if closer is not None:
                self.skip_newlines()
            if not self.accept(","):
                return
            self.skip_newlines()

    def closure(self) -> ast.Closure:
        tok = self.expect("{")
        params: list[str] = []
        save = self.pos
        self.skip_newlines()
        names: list[str] = []
        while self.peek_kind() == "name":
            if self.peek_text() in _TYPES and self.peek_kind(1) == "name":
                self.pos += 1
            names.append(self.next().text)
            if not self.accept(","):
                break
        if self.accept("->"):
            params = names
        else:
            self.pos = save
        body = self.statements(until="}")
        self.expect("}")
        return ast.Closure(params, body, line=tok.line)

    def primary(self) -> ast.Node:
        tok = self.peek()
        if tok is None:
            self.fail_eof()
        assert tok is not None
        if tok.kind == "string":
            self.pos += 1
            return self.string(tok)
        if tok.kind == "number":
            self.pos += 1
            return ast.Literal(_number(tok), line=tok.line)
        if tok.kind == "name":
            return self.name_primary(tok)
        if tok.text == "(":
            self.pos += 1
            self.skip_newlines()
            inner = self.expression()
            self.skip_newlines()
            self.expect(")")
            return inner
        if tok.text == "[":
            return self.collection()
        if tok.text == "{":
            return self.closure()
        if tok.text == "/":
            return self.slashy(tok)
        raise self.error(f"unexpected token: {tok.text}", tok)

    def string(self, tok: Token) -> ast.Node:
        """A string token's node (a GString whose ``${`` never closes does not compile)."""
        try:
            return string_node(tok.text, tok.line, self.sub_expression)
        except ValueError as exc:
            raise self.error(str(exc), tok) from None

    def slashy(self, tok: Token) -> ast.Node:
        r"""A slashy string ``/a.*b/`` where an operand starts (no escapes but ``\/``), read from
        the source: the lexer saw it as operators and names."""
        end = tok.start + 1
        while end < len(self.source) and self.source[end] != "/":
            end += 2 if self.source[end] == "\\" else 1
        if end >= len(self.source) or "\n" in self.source[tok.start : end]:
            raise self.error(f"unexpected token: {tok.text}", tok)
        text = self.source[tok.start + 1 : end].replace("\\/", "/")
        while self.pos < len(self.tokens) and self.tokens[self.pos].start <= end:
            self.pos += 1
        return ast.Literal(text, line=tok.line)

    def name_primary(self, tok: Token) -> ast.Node:
        self.pos += 1
        if tok.text in _LITERALS:
            return ast.Literal(_LITERALS[tok.text], line=tok.line)
        if tok.text == "new":
            cls = self.next().text
            while self.accept("."):
                cls = self.next().text
            call = ast.Call(cls, line=tok.line)
            self.expect("(")
            self.arguments(call, closer=")")
            self.expect(")")
            return ast.New(cls, call.args, line=tok.line)
        if tok.text in _KEYWORDS:
            raise self.error(f"unexpected token: {tok.text}", tok)
        name = ast.Name(tok.text, line=tok.line)
        if self.is_op("{"):
            return ast.Call(tok.text, closure=self.closure(), line=tok.line)
        return name

    def collection(self) -> ast.Node:
        tok = self.expect("[")
        self.skip_newlines()
        if self.accept(":"):
            self.skip_newlines()
            self.expect("]")
            return ast.MapLit([], line=tok.line)
        items: list[ast.Node] = []
        entries: list[tuple[ast.Node, ast.Node]] = []
        while self.peek_text() != "]":
            key_tok, colon = self.peek(), self.peek(1)
            if (
                key_tok is not None
                and colon is not None
                and colon.text == ":"
                and key_tok.kind in ("name", "string", "number")
            ):
                self.pos += 2
                self.skip_newlines()
                key: ast.Node = (
                    self.string(key_tok)
                    if key_tok.kind == "string"
                    else ast.Literal(key_tok.text, line=key_tok.line)
                )
                entries.append((key, self.expression()))
            else:
                items.append(self.expression())
            self.skip_newlines()
            if not self.accept(","):
                break
            self.skip_newlines()
        self.skip_newlines()
        self.expect("]")
        if entries and items:
            raise self.error("unexpected token: ,", tok)
        return ast.MapLit(entries, line=tok.line) if entries else ast.ListLit(items, line=tok.line)


def _number(tok: Token) -> int | float:
    text = tok.text.rstrip("LlGgDdFf").replace("_", "")
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        raise ScriptSyntaxError(f"unexpected token: {tok.text}", tok.line, tok.column) from None
