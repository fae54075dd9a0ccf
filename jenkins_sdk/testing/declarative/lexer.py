"""A small Groovy lexer and block reader for the Jenkinsfile validator (no Groovy compiler).

It knows just enough Groovy to find statements and their closures the way the declarative parser
(pipeline-model-definition ``parser/ModelParser.groovy``) sees them: comments, the four string
quotings, names, numbers, operators, brackets and line breaks. Syntax errors carry the Groovy 2.4
parser's wording (``unexpected token: }``, ``expecting '}', found ''``) with 1-based line/column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "GroovySyntaxError", "Stmt", "Token", "read_blocks", "tokenize"]

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_TWO_CHAR_OPS = ("==", "!=", "<=", ">=", "&&", "||", "->", "?.", "*.", "++", "--", "+=", "-=", "=~")


class GroovySyntaxError(Exception):
    """A syntax error: ``message @ line L, column C.`` in Groovy's words."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is name, string, number, op or newline; offsets index the source."""

    kind: str
    text: str
    line: int
    column: int
    start: int
    end: int


def _read_string(src: str, i: int, line: int, col: int) -> tuple[int, int, int]:
    """The end index of the string starting at ``i`` and the line/column after it."""
    quote = src[i : i + 3] if src[i : i + 3] in ("'''", '"""') else src[i]
    j = i + len(quote)
    while j < len(src):
        char = src[j]
        if char == "\\":
            j += 2
            continue
        if src.startswith(quote, j):
            j += len(quote)
            text = src[i:j]
            newlines = text.count("\n")
            if newlines:
                return j, line + newlines, len(text) - text.rfind("\n")
            return j, line, col + len(text)
        if char == "\n" and len(quote) == 1:
            raise GroovySyntaxError(f"expecting '{quote}', found '\\n'", line, col + (j - i))
        j += 1
    raise GroovySyntaxError(f"expecting '{quote}', found '<EOF>'", line, col)


def _skip_comment(src: str, i: int, line: int, col: int) -> tuple[int, int, int]:
    """Skip a ``//`` or ``/* */`` comment; return the index and line/column after it."""
    if src.startswith("//", i):
        end = src.find("\n", i)
        end = len(src) if end < 0 else end
        return end, line, col + (end - i)
    end = src.find("*/", i + 2)
    if end < 0:
        raise GroovySyntaxError("expecting '*/', found '<EOF>'", line, col)
    text = src[i : end + 2]
    newlines = text.count("\n")
    if newlines:
        return end + 2, line + newlines, len(text) - text.rfind("\n")
    return end + 2, line, col + len(text)


def tokenize(src: str) -> list[Token]:
    """Split a Jenkinsfile into tokens (comments dropped, line breaks kept as ``newline``)."""
    tokens: list[Token] = []
    i, line, col = 0, 1, 1
    if src.startswith("#!"):
        i = src.find("\n") if "\n" in src else len(src)
        col += i
    while i < len(src):
        char = src[i]
        if char == "\n":
            tokens.append(Token("newline", "\n", line, col, i, i + 1))
            i, line, col = i + 1, line + 1, 1
        elif char in " \t\r\f\\":
            i, col = i + 1, col + 1
        elif src.startswith(("//", "/*"), i):
            i, line, col = _skip_comment(src, i, line, col)
        elif char in "'\"":
            end, end_line, end_col = _read_string(src, i, line, col)
            tokens.append(Token("string", src[i:end], line, col, i, end))
            i, line, col = end, end_line, end_col
        elif char.isalpha() or char in "_$":
            j = i + 1
            while j < len(src) and (src[j].isalnum() or src[j] in "_$"):
                j += 1
            tokens.append(Token("name", src[i:j], line, col, i, j))
            i, col = j, col + (j - i)
        elif char.isdigit():
            j = i + 1
            while j < len(src) and (src[j].isalnum() or src[j] in "._"):
                j += 1
            tokens.append(Token("number", src[i:j], line, col, i, j))
            i, col = j, col + (j - i)
        else:
            width = 2 if src[i : i + 2] in _TWO_CHAR_OPS else 1
            tokens.append(Token("op", src[i : i + width], line, col, i, i + width))
            i, col = i + width, col + width
    return tokens


@dataclass
class Stmt:
    """One statement of a block: its tokens at this level and the closures it carries."""

    tokens: list[Token] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def line(self) -> int:
        """The statement's first line."""
        return self.tokens[0].line

    @property
    def column(self) -> int:
        """The statement's first column."""
        return self.tokens[0].column


@dataclass
class Block:
    """The statements between a ``{`` and its ``}`` (or of the whole file)."""

    statements: list[Stmt] = field(default_factory=list)
    open_token: Token | None = None


_CONTINUES = {",", "=", "+", "-", "*", "/", "&&", "||", "?", ":", ".", "?.", "->", "==", "!="}


class _Reader:
    """Groups tokens into statements and closures, checking that every bracket is closed."""

    def __init__(self, tokens: list[Token], src: str) -> None:
        self.tokens = tokens
        self.src = src
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def eof_error(self, closer: str) -> GroovySyntaxError:
        lines = self.src.split("\n")
        return GroovySyntaxError(f"expecting '{closer}', found ''", len(lines), len(lines[-1]) + 1)

    def block(self, open_token: Token | None) -> Block:
        """Read statements up to the ``}`` closing ``open_token`` (or the end of the file)."""
        block = Block(open_token=open_token)
        current = Stmt()
        depth: list[str] = []
        while True:
            tok = self.peek()
            if tok is None:
                if depth or open_token is not None:
                    raise self.eof_error(_OPENERS[depth[-1]] if depth else "}")
                break
            self.pos += 1
            if tok.kind == "newline" or tok.text == ";":
                ends = not depth and not (current.tokens and current.tokens[-1].text in _CONTINUES)
                nxt = self.peek()
                if ends and nxt is not None and nxt.text in (".", "?."):
                    ends = False
                if ends and current.tokens:
                    block.statements.append(current)
                    current = Stmt()
                continue
            if tok.text == "{" and not depth:
                current.tokens.append(tok)
                current.blocks.append(self.block(tok))
                continue
            if tok.text in _CLOSERS:
                if tok.text == "}" and not depth and open_token is not None:
                    break
                if not depth or depth[-1] != _CLOSERS[tok.text]:
                    raise GroovySyntaxError(f"unexpected token: {tok.text}", tok.line, tok.column)
                depth.pop()
            elif tok.text in _OPENERS:
                depth.append(tok.text)
            current.tokens.append(tok)
        if current.tokens:
            block.statements.append(current)
        return block


def read_blocks(src: str) -> Block:
    """Tokenize ``src`` and return its top-level block of statements.

    Raises:
        GroovySyntaxError: an unbalanced bracket, an unterminated string or comment.
    """
    return _Reader(tokenize(src), src).block(None)
