"""``build`` and ``status``: trigger builds, follow them, read their state."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click

from jenkins_sdk.cli import exitcodes, kinds, schema
from jenkins_sdk.cli.output import check_formats, emit, emit_raw, json_option, plain, raw_option
from jenkins_sdk.cli.params import check_parameters
from jenkins_sdk.cli.state import CliState, job_and_build, parse_pairs
from jenkins_sdk.errors import JenkinsError, QueueTimeout

__all__ = ["COMMANDS", "build", "status"]


@click.command("build")
@click.argument("job")
@click.option("-p", "--param", "params", multiple=True, metavar="K=V", help="A build parameter.")
@click.option("--file", "files", multiple=True, metavar="K=PATH", help="A file parameter.")
@click.option("--wait-start", is_flag=True, help="Wait until the build leaves the queue.")
@click.option("--wait", is_flag=True, help="Wait for the build to finish; exit with its result.")
@click.option("--follow", is_flag=True, help="Stream the console while waiting (implies --wait).")
@click.option("--token", help="The job's remote trigger token (works without user credentials).")
@click.option("--cause", help="A note for the build's cause (needs --token).")
@click.option(
    "--delay", type=click.FloatRange(min=0), help="Seconds to wait in the queue (quiet period)."
)
@click.option(
    "--no-check",
    is_flag=True,
    help="Send the parameters without checking names and values against the job's definitions.",
)
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
    token: str | None,
    cause: str | None,
    delay: float | None,
    no_check: bool,
    as_json: bool,
) -> None:
    """Trigger JOB; with --wait or --follow, exit with the build's result code.

    Parameters are checked against the job's definitions first: an unknown name, a value that
    is not one of a choice parameter's choices, or a boolean that is not true/false exits 2
    naming them, and nothing is queued (--no-check sends them as they are).
    """
    state: CliState = ctx.obj
    state.about(job)
    client = state.client()
    values = parse_pairs(params, "--param")
    file_paths = parse_pairs(files, "--file")
    if not no_check and (values or file_paths):
        check_parameters(job, client.jobs.parameters(job), values, file_paths)
    with ExitStack() as stack:
        handles: dict[str, IO[bytes]] = {}
        for name, path in file_paths.items():
            try:
                handles[name] = stack.enter_context(Path(path).open("rb"))
            except OSError as exc:
                raise click.BadParameter(
                    f"cannot read {path!r}: {exc.strerror or exc}", param_hint="--file"
                ) from exc
        ref = client.builds.trigger(
            job, values or None, files=handles or None, token=token, delay=delay, cause=cause
        )
    queued = {"job": job, "queue_id": ref.id, "number": None}
    if not as_json:
        click.echo(f"queued: {job} (queue item {ref.id})")
    if not (wait_start or wait or follow):
        if as_json:
            emit(kinds.QUEUED, None, queued)
        return
    build_ref = _wait_start(client, ref, job, state.timeout)
    number = build_ref.number or 0
    if as_json and not (wait or follow):
        emit(kinds.QUEUED, None, {**queued, "number": number})
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
        emit(kinds.BUILD, finished, {"job": job})
    else:
        click.echo(f"finished: {job} #{number} {plain(finished.result)}")
    ctx.exit(exitcodes.for_result(finished.result))


def _wait_start(client: Any, ref: Any, job: str, timeout: float) -> Any:
    """Wait for the queued build to start; a timeout says what Jenkins said it waits for."""
    try:
        return client.queue.wait_for_build(ref, timeout=timeout, job=job)
    except QueueTimeout as exc:
        try:
            why = client.queue.get(ref).why
        except JenkinsError:
            why = None
        if not why:
            raise
        raise QueueTimeout(f"{exc.message}; Jenkins says: {why}") from exc


@click.command("status")
@job_and_build
@json_option
@raw_option
@click.pass_context
def status(ctx: click.Context, job: str, build: str, as_json: bool, raw: bool) -> None:
    """Print the state of a build (last by default); exit with its result code."""
    check_formats(as_json, raw)
    state: CliState = ctx.obj
    state.about(job, build)
    info = state.client().builds.get(job, build)
    if raw:
        emit_raw(info)
    elif as_json:
        emit(kinds.BUILD, info, {"job": job})
    else:
        running = "building" if info.building else plain(info.result)
        seconds = schema.seconds(info.duration) or 0.0
        click.echo(f"{job} #{info.number}: {running} ({seconds:.1f}s)")
    ctx.exit(exitcodes.for_result(None if info.building else info.result))


COMMANDS = [build, status]
