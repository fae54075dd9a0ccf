"""Tokens for the script parser: a cursor over the lexer's tokens and Groovy's syntax errors."""

from __future__ import annotations

from typing import NoReturn

from jenkins_sdk.testing.declarative.lexer import Token

__all__ = ["ScriptSyntaxError", "TokenStream"]


class ScriptSyntaxError(Exception):
    """The script does not parse: Groovy's ``MultipleCompilationErrorsException`` text."""

    def __init__(self, message: str, line: int, column: int, source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.source = source

    def report(self) -> str:
        """The text Jenkins prints: ``startup failed:``, the position, the line and a caret."""
        lines = self.source.split("\n")
        text = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        caret = " " * max(0, self.column - 1) + "^"
        return (
            "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\n"
            f"WorkflowScript: {self.line}: {self.message} @ line {self.line}, column "
            f"{self.column}.\n   {text}\n   {caret}\n\n1 error\n"
        )


class TokenStream:
    """A position in a token list, with Groovy-worded errors."""

    def __init__(self, tokens: list[Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.pos = 0

    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else None

    def peek_text(self, ahead: int = 0) -> str:
        tok = self.peek(ahead)
        return "" if tok is None else tok.text

    def peek_kind(self, ahead: int = 0) -> str:
        tok = self.peek(ahead)
        return "" if tok is None else tok.kind

    def is_op(self, text: str, ahead: int = 0) -> bool:
        return self.peek_kind(ahead) == "op" and self.peek_text(ahead) == text

    def next(self) -> Token:
        tok = self.peek()
        if tok is None:
            self.fail_eof()
        self.pos += 1
        return tok

    def accept(self, text: str) -> bool:
        if self.peek_text() == text and self.peek_kind() not in ("string", ""):
            self.pos += 1
            return True
        return False

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok is None:
            self.fail_eof(text)
        if tok.text != text or tok.kind == "string":
            raise self.error(f"expecting '{text}', found '{tok.text}'", tok)
        self.pos += 1
        return tok

    def skip_newlines(self) -> None:
        while self.peek_kind() == "newline":
            self.pos += 1

    def error(self, message: str, tok: Token) -> ScriptSyntaxError:
        return ScriptSyntaxError(message, tok.line, tok.column, self.source)

    def fail_at(self, tok: Token | None) -> NoReturn:
        if tok is None:
            self.fail_eof()
        text = "<newline>" if tok.kind == "newline" else tok.text
        raise self.error(f"unexpected token: {text}", tok)

    def fail_eof(self, wanted: str = "}") -> NoReturn:
        lines = self.source.split("\n")
        raise ScriptSyntaxError(
            f"expecting '{wanted}', found ''", len(lines), len(lines[-1]) + 1, self.source
        )

    # -------------------------------------------------------- statements
