"""Console output: ``consoleText`` and ``logText/progressiveText|progressiveHtml``
(``hudson.console.AnnotatedLargeText``, stapler ``LargeText.doProgressText``)."""

from __future__ import annotations

from collections.abc import Iterator

from jenkins_sdk.testing.logs import Log
from jenkins_sdk.testing.routes.common import HTML_TYPE, TEXT_TYPE, Ctx, error_page, not_found
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Build

#: Bodies at most this big are sent with Content-Length; larger ones are streamed chunked.
INLINE_LIMIT = 1 << 20


def console_text(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``consoleText``: the log so far (streamed when large)."""
    log, visible, _done = build.visible_log(ctx.state.clock.now_ms())
    return serve_text(log, visible)


def serve_text(log: Log, visible: int) -> Response:
    """A ``consoleText``-style answer: the first ``visible`` bytes of ``log`` as plain text."""
    if visible <= INLINE_LIMIT:
        return Response(200, log.read_all(0, visible), TEXT_TYPE)
    return Response(200, b"", TEXT_TYPE, stream=log.read(0, visible), length=visible)


def log_text(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``logText/progressiveText`` and ``logText/progressiveHtml``."""
    if rest[:1] not in (["progressiveText"], ["progressiveHtml"]):
        return not_found()
    return progressive(ctx, build, html=rest[0] == "progressiveHtml")


def _crlf(chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.replace(b"\n", b"\r\n")


def progressive(ctx: Ctx, build: Build, *, html: bool) -> Response:
    """``logText/progressiveText?start=N`` of a build."""
    log, visible, done = build.visible_log(ctx.state.clock.now_ms())
    return serve_progressive(ctx, log, visible, done, html=html)


def serve_progressive(ctx: Ctx, log: Log, visible: int, done: bool, *, html: bool) -> Response:
    """stapler ``LargeText.doProgressText`` over the first ``visible`` bytes of ``log``.

    ``X-Text-Size`` is the next offset, ``X-More-Data: true`` only while not ``done``; a ``start``
    past the end resends everything; line ends go out as CRLF.
    """
    raw = ctx.req.param("start")
    try:
        start = int(raw) if raw else 0
    except ValueError:
        return error_page(500, f'For input string: "{raw}"')
    if start > visible or start < 0:
        start = 0
    headers = [("X-Text-Size", str(visible))]
    if not done:
        headers.append(("X-More-Data", "true"))
    ctype = HTML_TYPE if html else "text/plain;charset=utf-8"
    if visible - start <= INLINE_LIMIT:
        body = log.read_all(start, visible).replace(b"\n", b"\r\n")
        return Response(200, body, ctype, headers)
    return Response(200, b"", ctype, headers, stream=_crlf(log.read(start, visible)))


BUILD_ACTIONS = {"consoleText": console_text, "logText": log_text}
