"""``artifacts``, ``tests``, ``queue``, ``nodes``, ``emulator``, ``record`` and ``replay``."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any

import click

from jenkins_sdk.cli.output import emit_json, is_tty, plain, table
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.errors import InvalidJobRef
from jenkins_sdk.refs import JobRef

__all__ = ["COMMANDS"]

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@click.group("artifacts")
def artifacts() -> None:
    """List and download a build's artifacts."""


@artifacts.command("ls")
@click.argument("job")
@click.argument("build")
@json_option
@click.pass_obj
def artifacts_ls(state: CliState, job: str, build: str, as_json: bool) -> None:
    """List the artifacts of a build."""
    found = state.client().artifacts.list(job, build)
    if as_json:
        emit_json(found)
        return
    table(["PATH"], ((a.relative_path,) for a in found))


@artifacts.command("get")
@click.argument("job")
@click.argument("build")
@click.argument("pattern", required=False, default="*")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    help="Destination directory.",
)
@click.pass_obj
def artifacts_get(state: CliState, job: str, build: str, pattern: str, output: Path) -> None:
    """Download the artifacts matching PATTERN (a glob on the relative path)."""
    ops = state.client().artifacts
    chosen = [a for a in ops.list(job, build) if fnmatch.fnmatch(a.relative_path, pattern)]
    if not chosen:
        raise click.ClickException(f"no artifact of {job} #{build} matches {pattern!r}")
    output.mkdir(parents=True, exist_ok=True)
    if is_tty():
        _download_with_progress(ops, job, build, chosen, output)
        return
    for artifact in chosen:
        path = ops.download(job, build, artifact, output)
        click.echo(f"downloaded {artifact.relative_path} -> {os.fspath(path)}")


def _download_with_progress(
    ops: Any, job: str, build: str, chosen: list[Any], output: Path
) -> None:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    with Progress(*columns) as progress:
        for artifact in chosen:
            task = progress.add_task(artifact.relative_path, total=None)

            def report(done: int, total: int | None, task_id: Any = task) -> None:
                progress.update(task_id, completed=done, total=total)

            ops.download(job, build, artifact, output, progress=report)


@click.command("tests")
@click.argument("job")
@click.argument("build", required=False, default="lastBuild")
@json_option
@click.pass_obj
def tests(state: CliState, job: str, build: str, as_json: bool) -> None:
    """Summarise a build's test report and list the failing cases."""
    report = state.client().tests.report(job, build)
    if as_json:
        emit_json(report)
        return
    passed, failed, skipped = report.pass_count or 0, report.fail_count or 0, report.skip_count or 0
    total = report.total_count or passed + failed + skipped
    click.echo(f"tests: {total} total, {passed} passed, {failed} failed, {skipped} skipped")
    for suite in report.suites:
        for case in suite.cases:
            if plain(case.status) in ("FAILED", "REGRESSION"):
                click.echo(f"  FAILED {case.class_name}.{case.name}: {case.error_details or ''}")


@click.group("queue")
def queue() -> None:
    """Inspect and cancel queued builds."""


@queue.command("ls")
@json_option
@click.pass_obj
def queue_ls(state: CliState, as_json: bool) -> None:
    """List the items waiting in the build queue."""
    items = state.client().queue.list()
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "JOB", "WHY"],
        ((i.id, _task_name(i.task), (i.why or "").strip()) for i in items),
    )


def _task_name(task: Any) -> str:
    """The full name of a queued job (``team/app``), from its URL; else its short name."""
    if task is None:
        return ""
    if task.url:
        try:
            return JobRef.from_url(task.url).full_name
        except InvalidJobRef:
            pass
    return str(task.name or "")


@queue.command("cancel")
@click.argument("item_id", type=int)
@click.pass_obj
def queue_cancel(state: CliState, item_id: int) -> None:
    """Cancel queue item ITEM_ID."""
    state.client().queue.cancel(item_id)
    click.echo(f"cancelled queue item {item_id}")


@click.group("nodes")
def nodes() -> None:
    """Inspect build agents."""


@nodes.command("ls")
@json_option
@click.pass_obj
def nodes_ls(state: CliState, as_json: bool) -> None:
    """List the nodes (agents) and their state."""
    found = state.client().nodes.list()
    if as_json:
        emit_json(found)
        return
    table(
        ["NAME", "STATE", "EXECUTORS"],
        ((n.display_name, "offline" if n.offline else "online", n.num_executors) for n in found),
    )


@click.command(
    "emulator",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def emulator(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Serve the bundled Jenkins emulator (same flags as python -m jenkins_sdk.testing)."""
    from jenkins_sdk.testing.__main__ import main as serve

    try:
        code = serve(list(args))
    except SystemExit as exc:  # argparse: bad flags (2) or --help (0)
        code = exc.code if isinstance(exc.code, int) else 2
    ctx.exit(code)


def _rerun(ctx: click.Context, flag: str, path: Path, args: tuple[str, ...]) -> None:
    from jenkins_sdk.cli.app import main

    state: CliState = ctx.obj
    argv: list[str] = [flag, str(path), "--timeout", str(state.timeout)]
    for option, value in (
        ("--url", state.settings.url),
        ("--user", state.settings.user),
        ("--token", state.settings.token),
        ("--password", state.settings.password),
    ):
        if value:
            argv += [option, value]
    ctx.exit(main([*argv, *args], clock=state.clock))


_WRAP = {"ignore_unknown_options": True, "allow_extra_args": True}


@click.command("record", context_settings=_WRAP)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def record(ctx: click.Context, path: Path, args: tuple[str, ...]) -> None:
    """Run a command (after --) while recording its HTTP traffic to PATH."""
    _rerun(ctx, "--record", path, args)


@click.command("replay", context_settings=_WRAP)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def replay(ctx: click.Context, path: Path, args: tuple[str, ...]) -> None:
    """Run a command (after --) against the recording at PATH, with no network."""
    _rerun(ctx, "--replay", path, args)


COMMANDS = [artifacts, tests, queue, nodes, emulator, record, replay]
