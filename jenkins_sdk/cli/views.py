"""``views ls|add|rm|add-job|rm-job``: list views of the controller or a folder."""

from __future__ import annotations

from pathlib import Path

import click

from jenkins_sdk.cli.kinds_admin import VIEW
from jenkins_sdk.cli.output import check_formats, json_option, raw_option, show_list
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "views"]

_FOLDER = click.option("--folder", metavar="FOLDER", help="A folder's views instead of the root's.")


@click.group("views")
def views() -> None:
    """List, create and change views."""


@views.command("ls")
@_FOLDER
@json_option
@raw_option
@click.pass_obj
def views_ls(state: CliState, folder: str | None, as_json: bool, raw: bool) -> None:
    """List the views."""
    check_formats(as_json, raw)
    show_list(
        state.client().views.list(folder),
        VIEW,
        as_json=as_json,
        raw=raw,
        headers=["NAME", "URL"],
        row=lambda v: (v.name, v.url or ""),
    )


@views.command("add")
@click.argument("name")
@click.option("--job", "jobs", multiple=True, metavar="JOB", help="A job to show (repeatable).")
@click.option("--regex", help="Also show the jobs whose names match this regular expression.")
@click.option(
    "--xml-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Create the view from this config.xml instead.",
)
@_FOLDER
@click.pass_obj
def views_add(
    state: CliState,
    name: str,
    jobs: tuple[str, ...],
    regex: str | None,
    xml_file: Path | None,
    folder: str | None,
) -> None:
    """Create a list view."""
    if xml_file is not None and (jobs or regex):
        raise click.UsageError("--xml-file excludes --job and --regex")
    xml = xml_file.read_text(encoding="utf-8") if xml_file is not None else None
    view = state.client().views.create(name, folder=folder, jobs=jobs, regex=regex, xml=xml)
    click.echo(f"created view {view.name}")


@views.command("rm")
@click.argument("name")
@_FOLDER
@click.pass_obj
def views_rm(state: CliState, name: str, folder: str | None) -> None:
    """Delete a view."""
    state.client().views.delete(name, folder=folder)
    click.echo(f"deleted view {name}")


@views.command("add-job")
@click.argument("view")
@click.argument("job")
@_FOLDER
@click.pass_obj
def views_add_job(state: CliState, view: str, job: str, folder: str | None) -> None:
    """Add JOB to list view VIEW."""
    state.client().views.add_job(view, job, folder=folder)
    click.echo(f"added {job} to {view}")


@views.command("rm-job")
@click.argument("view")
@click.argument("job")
@_FOLDER
@click.pass_obj
def views_rm_job(state: CliState, view: str, job: str, folder: str | None) -> None:
    """Remove JOB from list view VIEW."""
    state.client().views.remove_job(view, job, folder=folder)
    click.echo(f"removed {job} from {view}")


COMMANDS = [views]
