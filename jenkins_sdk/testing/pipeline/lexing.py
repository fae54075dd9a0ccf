"""Groovy tokens the validator's lexer (``declarative/lexer.py``) leaves apart, joined for the
interpreter: ranges (``0..2``, ``0..<n``, ``a..b``) and the match operator ``==~``. Slashy
strings (``/re.*/``) are read by the expression parser from the source, as only it knows where an
operand starts."""

from __future__ import annotations

from jenkins_sdk.testing.declarative.lexer import Token


def _op(text: str, line: int, column: int, start: int) -> Token:
    return Token("op", text, line, column, start, start + len(text))


def _split_number(tok: Token) -> list[Token]:
    """``0..2`` (one number token to the validator's lexer) as ``0``, ``..``, ``2``."""
    left, _sep, right = tok.text.partition("..")
    out = [Token("number", left, tok.line, tok.column, tok.start, tok.start + len(left))]
    at = tok.start + len(left)
    out.append(_op("..", tok.line, tok.column + len(left), at))
    if right:
        kind = "number" if right[0].isdigit() else "name"
        col = tok.column + len(left) + 2
        out.append(Token(kind, right, tok.line, col, at + 2, tok.end))
    return out


def join_operators(tokens: list[Token]) -> list[Token]:
    """The interpreter's tokens: ranges split out of numbers, ``..``, ``..<`` and ``==~``."""
    spread: list[Token] = []
    for tok in tokens:
        if tok.kind == "number" and ".." in tok.text and not tok.text.startswith(".."):
            spread.extend(_split_number(tok))
        else:
            spread.append(tok)
    out: list[Token] = []
    for tok in spread:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == tok.kind == "op"
            and prev.end == tok.start
            and (prev.text, tok.text) in _JOINS
        ):
            out[-1] = _op(prev.text + tok.text, prev.line, prev.column, prev.start)
        else:
            out.append(tok)
    return out


#: Adjacent operator tokens that are one Groovy operator.
_JOINS = {(".", "."), ("..", "<"), ("==", "~")}
