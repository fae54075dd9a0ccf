"""``artifacts ls`` and ``artifacts get``: list and download a build's archived files."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import (
    check_formats,
    emit_list,
    is_tty,
    json_option,
    raw_option,
    show_list,
)
from jenkins_sdk.cli.state import LAST_BUILD, CliState, job_and_build
from jenkins_sdk.errors import InvalidBuildRef
from jenkins_sdk.refs import BuildRef

__all__ = ["COMMANDS", "artifacts"]


@click.group("artifacts")
def artifacts() -> None:
    """List and download a build's artifacts (the last build by default)."""


@artifacts.command("ls")
@job_and_build
@json_option
@raw_option
@click.pass_obj
def artifacts_ls(state: CliState, job: str, build: str, as_json: bool, raw: bool) -> None:
    """List the artifacts of a build (the last build by default)."""
    check_formats(as_json, raw)
    state.about(job, build)
    show_list(
        state.client().artifacts.list(job, build),
        kinds.ARTIFACT,
        as_json=as_json,
        raw=raw,
        headers=["PATH"],
        row=lambda a: (a.relative_path,),
    )


def _is_build(text: str) -> bool:
    try:
        BuildRef.parse(text)
    except InvalidBuildRef:
        return False
    return True


@artifacts.command("get")
@click.argument("job")
@click.argument("build", required=False)
@click.argument("pattern", required=False)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    help="Destination directory; files keep their relative paths below it.",
)
@json_option
@click.pass_obj
def artifacts_get(
    state: CliState,
    job: str,
    build: str | None,
    pattern: str | None,
    output: Path,
    as_json: bool,
) -> None:
    """Download the artifacts matching PATTERN (a glob on the relative path; all by default).

    BUILD is a number or a permalink (the last build by default):
    "artifacts get JOB 'dist/*'" reads the last build, "artifacts get JOB 42 'dist/*'" build 42.
    """
    if build is not None and pattern is None and not _is_build(build):
        build, pattern = None, build
    build = build or LAST_BUILD
    pattern = pattern or "*"
    state.about(job, build)
    ops = state.client().artifacts
    chosen = [a for a in ops.list(job, build) if fnmatch.fnmatch(a.relative_path, pattern)]
    if not chosen:
        raise click.ClickException(f"no artifact of {job} #{build} matches {pattern!r}")
    output.mkdir(parents=True, exist_ok=True)
    written = _download(ops, job, build, chosen, output, progress=is_tty() and not as_json)
    if as_json:
        emit_list(kinds.DOWNLOAD, written, lambda row: row)
        return
    if not is_tty():
        for row in written:
            click.echo(f"downloaded {row['path']} -> {row['dest']}")


def _download(
    ops: Any, job: str, build: str, chosen: list[Any], output: Path, *, progress: bool
) -> list[dict[str, Any]]:
    """Download each artifact to ``output/<relative path>``.

    Each file is fetched into a scratch directory inside ``output`` and moved into place, so the
    result does not depend on how ``artifacts.download`` lays out its ``dest``.
    """
    scratch = Path(tempfile.mkdtemp(prefix=".jenkins-sdk-", dir=output))
    written: list[dict[str, Any]] = []
    try:
        bar = _progress() if progress else None
        with bar if bar is not None else contextlib.nullcontext():
            for artifact in chosen:
                report = _reporter(bar, artifact.relative_path) if bar is not None else None
                got = ops.download(job, build, artifact, scratch, progress=report)
                target = output / artifact.relative_path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(got.path, target)
                written.append(
                    {"path": artifact.relative_path, "dest": os.fspath(target), "bytes": got.size}
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def _progress() -> Any:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    return Progress(*columns)


def _reporter(bar: Any, name: str) -> Any:
    task = bar.add_task(name, total=None)

    def report(done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total)

    return report


COMMANDS = [artifacts]
