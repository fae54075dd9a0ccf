"""``jobs ls`` and ``jobs show``."""

from __future__ import annotations

import click

from jenkins_sdk.cli.output import emit_json, table
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS"]

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@click.group("jobs")
def jobs() -> None:
    """List and inspect jobs and folders."""


@jobs.command("ls")
@click.argument("folder", required=False)
@click.option("--recursive", "-r", is_flag=True, help="Descend into folders (one request).")
@json_option
@click.pass_obj
def jobs_ls(state: CliState, folder: str | None, recursive: bool, as_json: bool) -> None:
    """List the jobs of the root or of FOLDER."""
    found = state.client().jobs.list(folder, recursive=recursive)
    if as_json:
        emit_json(found)
        return
    table(
        ["NAME", "TYPE", "STATUS"],
        ((j.full_name or j.name, _kind(j.class_), j.color or "") for j in found),
    )


@jobs.command("show")
@click.argument("job")
@json_option
@click.pass_obj
def jobs_show(state: CliState, job: str, as_json: bool) -> None:
    """Show one job: its last builds and parameters."""
    client = state.client()
    info = client.jobs.get(job)
    if as_json:
        emit_json(info)
        return
    click.echo(f"{info.full_name or info.name}  ({_kind(info.class_)})")
    if info.description:
        click.echo(f"  {info.description}")
    click.echo(f"  buildable: {info.buildable}   next build: {info.next_build_number}")
    last = info.last_build.number if info.last_build else None
    click.echo(f"  last build: {last if last is not None else '-'}")
    params = client.jobs.parameters(job)
    for p in params:
        default = p.default_parameter_value.value if p.default_parameter_value else None
        choices = f" choices={','.join(p.choices)}" if p.choices else ""
        click.echo(
            f"  param {p.name} ({_param_kind(p.class_ or p.type)}) default={default!r}{choices}"
        )


def _kind(class_name: str | None) -> str:
    """A short job kind from a Jenkins ``_class`` (``...WorkflowJob`` → ``pipeline``)."""
    if not class_name:
        return "?"
    short = class_name.rsplit(".", 1)[-1].rsplit("$", 1)[-1]
    return {
        "FreeStyleProject": "freestyle",
        "WorkflowJob": "pipeline",
        "Folder": "folder",
        "WorkflowMultiBranchProject": "multibranch",
        "OrganizationFolder": "org-folder",
        "MatrixProject": "matrix",
        "MavenModuleSet": "maven",
    }.get(short, short)


def _param_kind(class_name: str | None) -> str:
    """A parameter kind from its ``_class`` (``...ChoiceParameterDefinition`` → ``choice``)."""
    short = _kind(class_name)
    stem = short.removesuffix("ParameterDefinition")
    return stem.lower() if stem and stem != short else short


COMMANDS = [jobs]
