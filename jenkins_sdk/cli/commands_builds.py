"""``build``, ``status`` and ``logs``: trigger builds, follow them, read their console."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import IO

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.output import emit_json, plain
from jenkins_sdk.cli.state import CliState, parse_pairs

__all__ = ["COMMANDS"]

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@click.command("build")
@click.argument("job")
@click.option("-p", "--param", "params", multiple=True, metavar="K=V", help="A build parameter.")
@click.option("--file", "files", multiple=True, metavar="K=PATH", help="A file parameter.")
@click.option("--wait-start", is_flag=True, help="Wait until the build leaves the queue.")
@click.option("--wait", is_flag=True, help="Wait for the build to finish; exit with its result.")
@click.option("--follow", is_flag=True, help="Stream the console while waiting (implies --wait).")
@json_option
@click.pass_context
def build(
    ctx: click.Context,
    job: str,
    params: tuple[str, ...],
    files: tuple[str, ...],
    wait_start: bool,
    wait: bool,
    follow: bool,
    as_json: bool,
) -> None:
    """Trigger JOB; with --wait or --follow, exit with the build's result code."""
    state: CliState = ctx.obj
    client = state.client()
    values = parse_pairs(params, "--param")
    file_paths = parse_pairs(files, "--file")
    with ExitStack() as stack:
        handles: dict[str, IO[bytes]] = {}
        for name, path in file_paths.items():
            try:
                handles[name] = stack.enter_context(Path(path).open("rb"))
            except OSError as exc:
                raise click.BadParameter(
                    f"cannot read {path!r}: {exc.strerror or exc}", param_hint="--file"
                ) from exc
        ref = client.builds.trigger(job, values or None, files=handles or None)
    if not as_json:
        click.echo(f"queued: {job} (queue item {ref.id})")
    if not (wait_start or wait or follow):
        if as_json:
            emit_json({"job": job, "queue_id": ref.id})
        return
    build_ref = client.queue.wait_for_build(ref, timeout=state.timeout, job=job)
    number = build_ref.number or 0
    if as_json and not (wait or follow):
        emit_json({"job": job, "queue_id": ref.id, "number": number})
        return
    if not as_json:
        click.echo(f"started: {job} #{number}")
    if not (wait or follow):
        return
    if follow and not as_json:
        for chunk in client.console.stream(job, number, follow=True, timeout=state.timeout):
            click.echo(chunk, nl=False)
    finished = client.builds.wait(job, number, timeout=state.timeout)
    if as_json:
        emit_json(finished)
    else:
        click.echo(f"finished: {job} #{number} {plain(finished.result)}")
    ctx.exit(exitcodes.for_result(finished.result))


@click.command("status")
@click.argument("job")
@click.argument("build", required=False, default="lastBuild")
@json_option
@click.pass_context
def status(ctx: click.Context, job: str, build: str, as_json: bool) -> None:
    """Print the state of a build (last by default); exit with its result code."""
    state: CliState = ctx.obj
    info = state.client().builds.get(job, build)
    if as_json:
        emit_json(info)
    else:
        running = "building" if info.building else plain(info.result)
        seconds = (info.duration or 0) / 1000
        click.echo(f"{job} #{info.number}: {running} ({seconds:.1f}s)")
    ctx.exit(exitcodes.for_result(None if info.building else info.result))


@click.command("logs")
@click.argument("job")
@click.argument("build", required=False, default="lastBuild")
@click.option("--follow", "-f", is_flag=True, help="Keep streaming until the build finishes.")
@click.option("--from", "start", type=int, default=0, help="Start at this byte offset.")
@click.pass_obj
def logs(state: CliState, job: str, build: str, follow: bool, start: int) -> None:
    """Print a build's console output (last build by default)."""
    stream = state.client().console.stream(
        job, build, start=start, follow=follow, timeout=state.timeout
    )
    for chunk in stream:
        click.echo(chunk, nl=False)


COMMANDS = [build, status, logs]
