"""``stages`` and ``input``: watch pipeline stages and answer input steps."""

from __future__ import annotations

from typing import Any

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import (
    check_formats,
    emit,
    emit_event,
    emit_raw,
    is_tty,
    json_option,
    plain,
    raw_option,
    table,
)
from jenkins_sdk.cli.state import CliState, job_and_build, parse_pairs
from jenkins_sdk.errors import BuildTimeout, NotFound
from jenkins_sdk.refs import build_path
from jenkins_sdk.resources._input_action import INPUT_TREE, pending_from_build

__all__ = ["COMMANDS", "inputs_from_build"]

_RUNNING = {"IN_PROGRESS", "NOT_EXECUTED", "QUEUED"}
_PAUSED = "PAUSED_PENDING_INPUT"


def _rows(run: Any) -> list[tuple[str, str, str, str]]:
    return [
        (str(s.id), s.name, plain(s.status), f"{(s.duration_millis or 0) / 1000:.1f}s")
        for s in run.stages
    ]


@click.command("stages")
@job_and_build
@click.option("--watch", "-w", is_flag=True, help="Keep showing the stages until the run ends.")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Poll interval (s).")
@json_option
@raw_option
@click.pass_obj
def stages(
    state: CliState,
    job: str,
    build: str,
    watch: bool,
    interval: float,
    as_json: bool,
    raw: bool,
) -> None:
    """Show the stages of a pipeline run (last build by default).

    With --watch, keep showing them until the run ends or pauses for an input step (answer it
    with: jenkins-sdk input JOB BUILD); with --watch --json, print one JSON object per line:
    one per stage change (kind stage_event), then one run_end.
    """
    check_formats(as_json, raw)
    state.about(job, build, "pipeline stages (is it a pipeline?)")
    client = state.client()
    pipelines = client.pipelines
    run = pipelines.get_run(job, build)
    if raw and not watch:
        emit_raw(run)
        return
    if as_json and not watch:
        emit(kinds.PIPELINE_RUN, run, {"job": job})
        return
    if not watch:
        table(["ID", "STAGE", "STATUS", "DURATION"], _rows(run))
        click.echo(f"run: {plain(run.status)}")
        return
    clock = client.requester.clock
    deadline = clock.monotonic() + state.timeout
    if is_tty() and not as_json:
        _watch_live(pipelines, job, build, interval, clock, state.timeout)
        return
    seen: dict[str, str] = {}
    while True:
        for stage in run.stages:
            status = plain(stage.status)
            if seen.get(str(stage.id)) != status:
                seen[str(stage.id)] = status
                if as_json:
                    emit_event(kinds.STAGE_EVENT, stage)
                else:
                    duration = f"{(stage.duration_millis or 0) / 1000:.1f}s"
                    click.echo(f"{stage.name}: {status} ({duration})")
        if plain(run.status) not in _RUNNING:
            break
        if clock.monotonic() >= deadline:
            raise _watch_timeout(job, run, state.timeout)
        clock.sleep(interval)
        run = pipelines.get_run(job, build)
    _say_end(job, run, as_json=as_json)


def _watch_timeout(job: str, run: Any, timeout: float) -> BuildTimeout:
    return BuildTimeout(
        f"{job} #{run.id} was still {plain(run.status)} when the {timeout:g} s deadline passed"
    )


def _say_end(job: str, run: Any, *, as_json: bool = False) -> None:
    status = plain(run.status)
    if as_json:
        emit_event(kinds.RUN_END, run)
    elif status == _PAUSED:
        click.echo(f"run: {status} — answer it with: jenkins-sdk input {job} {run.id}")
    else:
        click.echo(f"run: {status}")


def _watch_live(
    pipelines: Any, job: str, build: str, interval: float, clock: Any, end_timeout: float
) -> None:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    end = clock.monotonic() + end_timeout

    def render(run: Any) -> Table:
        grid = Table(title=f"{job} #{run.id} — {plain(run.status)}")
        for header in ("ID", "STAGE", "STATUS", "DURATION"):
            grid.add_column(header)
        for row in _rows(run):
            grid.add_row(*row)
        return grid

    run = pipelines.get_run(job, build)
    with Live(render(run), console=Console(), refresh_per_second=4) as live:
        while plain(run.status) in _RUNNING:
            if clock.monotonic() >= end:
                raise _watch_timeout(job, run, end_timeout)
            clock.sleep(interval)
            run = pipelines.get_run(job, build)
            live.update(render(run))
    _say_end(job, run)


@click.command("input")
@click.argument("job")
@click.argument("build")
@click.option("--proceed/--abort", default=True, help="Proceed (default) or abort the input step.")
@click.option("--id", "input_id", help="Input id (default: the first pending input).")
@click.option("-p", "--param", "params", multiple=True, metavar="K=V", help="An input parameter.")
@json_option
@click.pass_obj
def input_step(
    state: CliState,
    job: str,
    build: str,
    proceed: bool,
    input_id: str | None,
    params: tuple[str, ...],
    as_json: bool,
) -> None:
    """Answer the pending input step of a pipeline run."""
    state.about(job, build, "input step")
    pipelines = state.client().pipelines
    values = parse_pairs(params, "--param")
    if input_id is None:
        try:
            pending = [(str(p.id), str(p.message)) for p in pipelines.pending_inputs(job, build)]
        except NotFound:  # no stage-view plugin (or no such build: the next read says which)
            pending = inputs_from_build(state.client(), job, build)[1]
        if not pending:
            raise click.ClickException(f"{job} #{build} has no pending input")
        input_id = pending[0][0]
        if not as_json:
            click.echo(f"input {input_id}: {pending[0][1]}")
    if proceed:
        pipelines.submit_input(job, build, input_id, values or None)
    else:
        pipelines.abort_input(job, build, input_id)
    action = "proceed" if proceed else "abort"
    if as_json:
        answer = {"job": job, "build": build, "input_id": input_id, "action": action}
        emit(kinds.INPUT_ANSWER, None, answer)
    else:
        click.echo(f"{'proceeded' if proceed else 'aborted'}: {input_id}")


def inputs_from_build(client: Any, job: str, build: str) -> tuple[bool, list[tuple[str, str]]]:
    """Whether the build is running, and ``(id, message)`` of each input step waiting for an
    answer, read from the build's own API (works without the stage-view plugin)."""
    data = client.get_json(build_path(job, build) + "api/json", tree=INPUT_TREE)
    building = isinstance(data, dict) and data.get("building") is True
    return building, [(step["id"], step["message"] or "") for step in pending_from_build(data)]


COMMANDS = [stages, input_step]
