"""A hand-written recursive-descent parser for the Groovy subset of Jenkinsfiles.

Tokens come from the declarative validator's lexer (:mod:`jenkins_sdk.testing.declarative.lexer`).
The subset: statements separated by newlines or ``;``; ``def``/typed declarations, assignments
(``=``, ``+=``, ``-=``), ``if``/``else``, ``for (x in xs)``, C-style ``for``, ``while``,
``try``/``catch``/``finally``, ``return``, ``throw``, ``break``/``continue``; command calls
without parentheses (``echo 'hi'``, ``sh script: 'make', returnStatus: true``), calls with a
trailing closure (``stage('Build') { ... }``, ``node { ... }``), closures with parameters, lists,
maps, GStrings, property and index access (``?.`` too), ``!``, arithmetic, comparisons,
``&&``/``||``, ternaries and ``?:``. Anything else is a :class:`ScriptSyntaxError` worded as
Groovy's compiler words it, so the build fails the way Jenkins reports a script that does not
compile. Nothing is ever evaluated here.
"""

from __future__ import annotations

from jenkins_sdk.testing.declarative.lexer import GroovySyntaxError, Token, tokenize
from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.expressions import (
    _ASSIGN_OPS,
    _KEYWORDS,
    _TYPES,
    ExpressionParser,
)
from jenkins_sdk.testing.pipeline.lexing import join_operators
from jenkins_sdk.testing.pipeline.tokens import ScriptSyntaxError

__all__ = ["ScriptSyntaxError", "parse_expression", "parse_script"]

#: Modifiers a script method may carry (they change nothing here).
_MODIFIERS = frozenset({"private", "public", "protected", "static", "final", "synchronized"})


def parse_script(source: str) -> ast.Script:
    """Parse a whole Jenkinsfile."""
    try:
        tokens = join_operators(tokenize(source))
    except GroovySyntaxError as exc:
        raise ScriptSyntaxError(exc.message, exc.line, exc.column, source) from None
    parser = _Parser(tokens, source)
    body = parser.statements(until=None)
    # a script's methods exist before its body runs (they are members of the script class)
    methods = [n for n in body if isinstance(n, ast.MethodDef)]
    return ast.Script(methods + [n for n in body if not isinstance(n, ast.MethodDef)], line=1)


def parse_expression(text: str, line: int = 1) -> ast.Node:
    """Parse one expression (the inside of a GString's ``${...}``)."""
    try:
        tokens = join_operators(tokenize(text))
    except GroovySyntaxError as exc:
        raise ScriptSyntaxError(exc.message, line, exc.column, text) from None
    tokens = [Token(t.kind, t.text, line, t.column, t.start, t.end) for t in tokens]
    parser = _Parser(tokens, text)
    parser.skip_newlines()
    node = parser.expression()
    parser.skip_newlines()
    if parser.peek() is not None:
        parser.fail_at(parser.peek())
    return node


class _Parser(ExpressionParser):
    """Statements (on top of the expression parser)."""

    def sub_expression(self, text: str, line: int) -> ast.Node:
        """A GString's ``${...}``."""
        return parse_expression(text, line)

    def statements(self, until: str | None) -> list[ast.Node]:
        """Statements up to ``until`` (``}``) or the end of the tokens."""
        out: list[ast.Node] = []
        while True:
            while self.peek_kind() == "newline" or self.is_op(";"):
                self.pos += 1
            tok = self.peek()
            if tok is None:
                if until is not None:
                    self.fail_eof(until)
                return out
            if until is not None and tok.text == until and tok.kind == "op":
                return out
            out.append(self.statement())
            after = self.peek()
            closed = self.tokens[self.pos - 1].text == "}"  # ``a { } b { }`` on one line
            if (
                after is not None
                and after.kind != "newline"
                and after.text not in (";", until)
                and not (closed and after.kind == "name")
            ):
                self.fail_at(after)

    def block(self) -> list[ast.Node]:
        self.skip_newlines()
        self.expect("{")
        body = self.statements(until="}")
        self.expect("}")
        return body

    def body_or_statement(self) -> list[ast.Node]:
        self.skip_newlines()
        if self.peek_text() == "{":
            return self.block()
        return [self.statement()]

    def statement(self) -> ast.Node:
        tok = self.peek()
        assert tok is not None
        word = tok.text if tok.kind == "name" else ""
        handler = {
            "if": self.if_statement,
            "for": self.for_statement,
            "while": self.while_statement,
            "try": self.try_statement,
            "switch": self.switch_statement,
            "return": self.return_statement,
            "throw": self.throw_statement,
            "break": self.jump,
            "continue": self.jump,
        }.get(word)
        if handler is not None:
            return handler()
        if self.is_method_def():
            return self.method_def()
        if word in ("class", "import") or tok.text == "@":
            raise self.error(f"unexpected token: {tok.text}", tok)
        if self.is_declaration():
            return self.declaration()
        if word and word not in _KEYWORDS and self.starts_command_args(self.peek(1)):
            return self.command_call()
        expr = self.expression()
        op = self.peek_text()
        if op in _ASSIGN_OPS and self.peek_kind() == "op":
            self.pos += 1
            self.skip_newlines()
            if not isinstance(expr, ast.Name | ast.Prop | ast.Index):
                raise self.error("Invalid assignment target", tok)
            return ast.Assign(expr, self.value(), op=op, line=tok.line)
        if op in ("++", "--"):
            self.pos += 1
            one = ast.Literal(1, line=tok.line)
            return ast.Assign(expr, one, op="+=" if op == "++" else "-=", line=tok.line)
        return expr

    def is_method_def(self) -> bool:
        """``[@NonCPS] [modifiers] (def|void|Type) name(`` starts a script method."""
        at = self.pos
        if self.peek_text() == "@" and self.peek_text(1) == "NonCPS":
            at += 2
            while at < len(self.tokens) and self.tokens[at].kind == "newline":
                at += 1
        while at < len(self.tokens) and self.tokens[at].text in _MODIFIERS:
            at += 1
        if at + 2 >= len(self.tokens):
            return False
        kind, name, paren = self.tokens[at : at + 3]
        typed = kind.text in ("def", "void") or kind.text in _TYPES or kind.text[:1].isupper()
        return (
            kind.kind == "name"
            and typed
            and name.kind == "name"
            and paren.kind == "op"
            and paren.text == "("
        )

    def method_def(self) -> ast.Node:
        """A script method: a named closure with optional parameter defaults."""
        first = self.peek()
        assert first is not None
        if self.accept("@"):
            self.next()
            self.skip_newlines()
        while self.peek_text() in _MODIFIERS:
            self.pos += 1
        self.next()  # def, void or the return type
        name = self.next().text
        self.expect("(")
        params: list[str] = []
        defaults: dict[str, ast.Node] = {}
        self.skip_newlines()
        while not self.accept(")"):
            words: list[str] = []
            while self.peek_kind() == "name" or self.peek_text() in ("<", ">", ",", "[", "]"):
                if self.peek_text() == "," and not self._in_generics(words):
                    break
                words.append(self.next().text)
            if not words or not words[-1].isidentifier():
                self.fail_at(self.peek())
            params.append(words[-1])
            if self.accept("="):
                defaults[words[-1]] = self.expression()
            self.skip_newlines()
            if self.accept(","):
                self.skip_newlines()
        body = self.block()
        code = ast.Closure(params, body, defaults=defaults, line=first.line)
        return ast.MethodDef(name, code, line=first.line)

    @staticmethod
    def _in_generics(words: list[str]) -> bool:
        return words.count("<") > words.count(">")

    def is_declaration(self) -> bool:
        tok, nxt = self.peek(), self.peek(1)
        if tok is None or tok.kind != "name" or nxt is None:
            return False
        if tok.text == "def":
            return True
        if tok.text in _TYPES or (tok.text[:1].isupper() and nxt.kind == "name"):
            return nxt.kind == "name" and self.peek_text(2) in ("=", "\n", ";", "")
        return False

    def declaration(self) -> ast.Node:
        first = self.next()
        name_tok = self.next()
        if name_tok.kind != "name":
            raise self.error(f"unexpected token: {name_tok.text}", name_tok)
        target = ast.Name(name_tok.text, line=first.line)
        if self.accept("="):
            self.skip_newlines()
            value = self.value()
        else:
            value = ast.Literal(None, line=first.line)
        return ast.Assign(target, value, declare=True, line=first.line)

    def value(self) -> ast.Node:
        """An assigned or returned value: an expression, or a command call
        (``def v = input message: 'x'``)."""
        tok = self.peek()
        if (
            tok is not None
            and tok.kind == "name"
            and tok.text not in _KEYWORDS
            and self.starts_command_args(self.peek(1))
            and self.peek_text(1) not in ("[", "-", "!")
        ):
            return self.command_call()
        return self.expression()

    def starts_command_args(self, tok: Token | None) -> bool:
        """Whether ``name <tok>`` is a command call (``echo 'x'``, ``sleep 5``, ``node {``)."""
        if tok is None:
            return False
        if tok.kind in ("string", "number"):
            return True
        if tok.kind == "name":
            return tok.text not in ("in", "instanceof", "as")
        return tok.text in ("[", "{", "-", "!")

    def command_call(self) -> ast.Node:
        name = self.next()
        call = ast.Call(name.text, line=name.line)
        if self.peek_text() == "{":
            call.closure = self.closure()
            return call
        self.arguments(call, closer=None)
        if self.peek_text() == "{":
            call.closure = self.closure()
        return call

    def switch_statement(self) -> ast.Node:
        """``switch (x) { case v: statements... default: statements }``."""
        first = self.next()
        self.expect("(")
        subject = self.expression()
        self.expect(")")
        self.skip_newlines()
        self.expect("{")
        cases: list[tuple[ast.Node | None, list[ast.Node]]] = []
        while True:
            while self.peek_kind() == "newline" or self.is_op(";"):
                self.pos += 1
            if self.accept("}"):
                return ast.Switch(subject, cases, line=first.line)
            word = self.peek_text()
            if word in ("case", "default"):
                self.pos += 1
                label = self.expression() if word == "case" else None
                self.expect(":")
                cases.append((label, []))
            elif not cases:
                self.fail_at(self.peek())
            else:
                cases[-1][1].append(self.statement())

    def if_statement(self) -> ast.Node:
        tok = self.next()
        self.expect("(")
        self.skip_newlines()
        cond = self.expression()
        self.skip_newlines()
        self.expect(")")
        then = self.body_or_statement()
        other: list[ast.Node] | None = None
        save = self.pos
        self.skip_newlines()
        if self.peek_text() == "else":
            self.pos += 1
            self.skip_newlines()
            other = [self.if_statement()] if self.peek_text() == "if" else self.body_or_statement()
        else:
            self.pos = save
        return ast.If(cond, then, other, line=tok.line)

    def for_statement(self) -> ast.Node:
        tok = self.next()
        self.expect("(")
        if self.peek_text(1) == "in" or (self.peek_text(2) == "in" and self.peek_text() in _TYPES):
            if self.peek_text(1) != "in":
                self.pos += 1
            var = self.next().text
            self.expect("in")
            items = self.expression()
            self.expect(")")
            return ast.ForIn(var, items, self.body_or_statement(), line=tok.line)
        init = self.statement()
        self.expect(";")
        cond = self.expression()
        self.expect(";")
        update = self.statement()
        self.expect(")")
        loop = ast.While(cond, self.body_or_statement(), update=update, line=tok.line)
        return ast.Script([init, loop], line=tok.line)

    def while_statement(self) -> ast.Node:
        tok = self.next()
        self.expect("(")
        cond = self.expression()
        self.expect(")")
        return ast.While(cond, self.body_or_statement(), line=tok.line)

    def try_statement(self) -> ast.Node:
        tok = self.next()
        body = self.block()
        catches: list[ast.Catch] = []
        final: list[ast.Node] | None = None
        while True:
            save = self.pos
            self.skip_newlines()
            word = self.peek_text()
            if word == "catch":
                catches.append(self.catch_clause())
            elif word == "finally":
                self.pos += 1
                final = self.block()
            else:
                self.pos = save
                break
        if not catches and final is None:
            raise self.error("You defined a try statement without catch or finally", tok)
        return ast.Try(body, catches, final, line=tok.line)

    def catch_clause(self) -> ast.Catch:
        tok = self.next()
        self.expect("(")
        names = [self.next().text]
        while self.accept("|"):
            names.append(self.next().text)
        if self.peek_kind() == "name":
            var, types = self.next().text, names
        else:
            var, types = names[-1], names[:-1]
        self.expect(")")
        return ast.Catch(var, types, self.block(), line=tok.line)

    def return_statement(self) -> ast.Node:
        tok = self.next()
        nxt = self.peek()
        if nxt is None or nxt.kind == "newline" or nxt.text in (";", "}"):
            return ast.Return(None, line=tok.line)
        return ast.Return(self.value(), line=tok.line)

    def throw_statement(self) -> ast.Node:
        tok = self.next()
        return ast.Throw(self.expression(), line=tok.line)

    def jump(self) -> ast.Node:
        tok = self.next()
        return ast.Jump(tok.text, line=tok.line)

    # ------------------------------------------------------- expressions
