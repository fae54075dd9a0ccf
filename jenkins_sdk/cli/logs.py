"""``logs``: print or follow a build's console output."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import emit_event, json_option
from jenkins_sdk.cli.state import CliState, job_and_build

__all__ = ["COMMANDS", "logs"]


@click.command("logs")
@job_and_build
@click.option("--follow", "-f", is_flag=True, help="Keep streaming until the build finishes.")
@click.option(
    "--from", "start", type=click.IntRange(min=0), default=0, help="Start at this byte offset."
)
@click.option(
    "--tail",
    "-n",
    "tail",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Only the last N lines (read from the log's end, never the whole log).",
)
@json_option
@click.pass_obj
def logs(
    state: CliState,
    job: str,
    build: str,
    follow: bool,
    start: int,
    tail: int | None,
    as_json: bool,
) -> None:
    """Print a build's console output (last build by default).

    With --tail N, print its last N lines; with --follow too, keep printing what comes after
    them. With --json, print one JSON object per console line (JSON Lines): a script can follow
    a running build with --follow --json and read each line as it arrives.
    """
    state.about(job, build, "console")
    console = state.client().console
    chunks: Iterable[str]
    if tail is not None:
        if start:
            raise click.UsageError("--tail and --from exclude each other")
        last = console.tail(job, build, lines=tail)
        chunks = [last.text]
        if follow and not last.complete:
            more = console.stream(job, build, start=last.size, follow=True, timeout=state.timeout)
            chunks = itertools.chain(chunks, more)
    else:
        chunks = console.stream(job, build, start=start, follow=follow, timeout=state.timeout)
    if not as_json:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return
    for number, text in enumerate(split_lines(chunks), start=1):
        emit_event(
            kinds.CONSOLE_LINE, None, {"job": job, "build": build, "line": number, "text": text}
        )


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Whole lines from text chunks (a last line without a newline is yielded too)."""
    head: list[str] = []  # the current line's pieces (no quadratic joins on a long line)
    for chunk in chunks:
        first, *rest = chunk.split("\n")
        head.append(first)
        for piece in rest:
            yield "".join(head).removesuffix("\r")
            head = [piece]
    last = "".join(head)
    if last:
        yield last.removesuffix("\r")


COMMANDS = [logs]
