"""Groovy string literals: escapes, and GString ``$name`` / ``${expr}`` interpolation."""

from __future__ import annotations

from collections.abc import Callable

from jenkins_sdk.testing.pipeline.ast import GString, Literal, Name, Node, Prop

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "$": "$",
    "/": "/",
}


def unescape(body: str) -> str:
    """Resolve backslash escapes (``\\n``, ``\\'``, ``\\u20ac``...)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and i + 6 <= len(body):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
            continue
        if nxt == "\n":  # a line continuation inside the string
            i += 2
            continue
        out.append(_ESCAPES.get(nxt, "\\" + nxt))
        i += 2
    return "".join(out)


def string_node(text: str, line: int, parse_expr: Callable[[str, int], Node]) -> Node:
    """The node of a string token's text (quotes included): a :class:`Literal` for single quotes
    or a double-quoted string without ``$``, else a :class:`GString`."""
    quote = text[:3] if text[:3] in ("'''", '"""') else text[0]
    body = text[len(quote) : -len(quote)]
    if quote in ("'", "'''") or "$" not in body:
        return Literal(unescape(body), line=line)
    parts: list[str | Node] = []
    buf: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            buf.append(body[i : i + 2])
            i += 2
            continue
        if ch != "$" or i + 1 >= len(body):
            buf.append(ch)
            i += 1
            continue
        if body[i + 1] == "{":
            end = _closing_brace(body, i + 1)
            expr, i = body[i + 2 : end], end + 1
            _flush(buf, parts)
            parts.append(parse_expr(expr, line))
            continue
        if body[i + 1].isalpha() or body[i + 1] == "_":
            _flush(buf, parts)
            node, i = _dotted(body, i + 1, line)
            parts.append(node)
            continue
        buf.append(ch)
        i += 1
    _flush(buf, parts)
    return GString(parts, line=line)


def _flush(buf: list[str], parts: list[str | Node]) -> None:
    if buf:
        parts.append(unescape("".join(buf)))
        buf.clear()


def _closing_brace(body: str, start: int) -> int:
    depth = 0
    quote: str | None = None
    for j in range(start, len(body)):
        ch = body[j]
        if quote is not None:
            if ch == quote and body[j - 1] != "\\":
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unterminated ${ in string")


def _dotted(body: str, i: int, line: int) -> tuple[Node, int]:
    """``$a.b.c``: a name and properties (a dot not followed by a letter ends it)."""
    j = i
    while j < len(body) and (body[j].isalnum() or body[j] == "_"):
        j += 1
    node: Node = Name(body[i:j], line=line)
    while j + 1 < len(body) and body[j] == "." and (body[j + 1].isalpha() or body[j + 1] == "_"):
        k = j + 1
        while k < len(body) and (body[k].isalnum() or body[k] == "_"):
            k += 1
        node = Prop(node, body[j + 1 : k], line=line)
        j = k
    return node, j
