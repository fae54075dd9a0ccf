"""``jobs ls`` and ``jobs show``: list and inspect jobs and folders."""

from __future__ import annotations

import click

from jenkins_sdk.cli import kinds, schema
from jenkins_sdk.cli.output import (
    check_formats,
    emit,
    emit_raw,
    json_option,
    raw_option,
    show_list,
)
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.models import JobSummary

__all__ = ["COMMANDS", "jobs"]


@click.group("jobs")
def jobs() -> None:
    """List and inspect jobs and folders."""


@jobs.command("ls")
@click.argument("folder", required=False)
@click.option("--recursive", "-r", is_flag=True, help="Descend into folders (one request).")
@json_option
@raw_option
@click.pass_obj
def jobs_ls(state: CliState, folder: str | None, recursive: bool, as_json: bool, raw: bool) -> None:
    """List the jobs of the root or of FOLDER."""
    check_formats(as_json, raw)
    if folder:
        state.about(folder)
    _show_jobs(state.client().jobs.list(folder, recursive=recursive), as_json, raw)


@jobs.command("show")
@click.argument("job")
@json_option
@raw_option
@click.pass_obj
def jobs_show(state: CliState, job: str, as_json: bool, raw: bool) -> None:
    """Show one job: its last builds and parameters."""
    check_formats(as_json, raw)
    state.about(job)
    client = state.client()
    info = client.jobs.get(job)
    if raw:
        emit_raw(info)
        return
    params = client.jobs.parameters(job)
    if as_json:
        emit(kinds.JOB, info, {"parameters": params})
        return
    click.echo(f"{info.full_name or info.name}  ({schema.job_kind(info.class_)})")
    if info.description:
        click.echo(f"  {info.description}")
    click.echo(f"  buildable: {info.buildable}   next build: {info.next_build_number}")
    last = info.last_build.number if info.last_build else None
    click.echo(f"  last build: {last if last is not None else '-'}")
    for p in params:
        default = kinds.shown_default(p)
        choices = f" choices={','.join(p.choices)}" if p.choices else ""
        kind = schema.param_kind(p.class_ or p.type)
        shown = "" if default is None else f" default={default!r}"  # file, run: none exported
        click.echo(f"  param {p.name} ({kind}){shown}{choices}")


def _show_jobs(found: list[JobSummary], as_json: bool, raw: bool) -> None:
    show_list(
        found,
        kinds.JOB_SUMMARY,
        as_json=as_json,
        raw=raw,
        headers=["NAME", "TYPE", "STATUS"],
        row=lambda j: (j.full_name or j.name, schema.job_kind(j.class_), j.color or ""),
    )


@jobs.command("find")
@click.argument("pattern")
@click.option("--folder", help="Search only inside this folder.")
@click.option("--regex", "-E", is_flag=True, help="PATTERN is a regular expression.")
@json_option
@raw_option
@click.pass_obj
def jobs_find(
    state: CliState, pattern: str, folder: str | None, regex: bool, as_json: bool, raw: bool
) -> None:
    """Find jobs and folders whose full name matches PATTERN (one request).

    PATTERN is a glob (`team/*-deploy`, case-insensitive; without `*?[` it matches anywhere in
    the name) or, with --regex, a regular expression.
    """
    check_formats(as_json, raw)
    if folder:
        state.about(folder)
    _show_jobs(state.client().jobs.search(pattern, folder=folder, regex=regex), as_json, raw)


COMMANDS = [jobs]
