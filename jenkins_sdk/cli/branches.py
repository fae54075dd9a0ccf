"""``scan`` and ``branches``: multibranch indexing / organization scans and branch jobs."""

from __future__ import annotations

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.kinds_jobs import BRANCH, SCAN
from jenkins_sdk.cli.output import emit, json_option, plain, show_list
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "branches", "scan"]


@click.command("scan")
@click.argument("job")
@click.option("--wait", is_flag=True, help="Wait for the scan to end; exit 0 on SUCCESS.")
@click.option(
    "--log", "show_log", is_flag=True, help="Print the scan's log (at the end with --wait)."
)
@json_option
@click.pass_context
def scan(ctx: click.Context, job: str, wait: bool, show_log: bool, as_json: bool) -> None:
    """Scan a multibranch project or organization folder (branch indexing).

    With --wait, wait (up to --timeout) until the scan ends and exit with its result's code.
    """
    state: CliState = ctx.obj
    state.about(job)
    client = state.client()
    result = client.jobs.scan(job, wait=wait, timeout=state.timeout)
    if show_log:
        click.echo(client.jobs.scan_log(job), nl=False)
    if as_json:
        emit(SCAN, result, {"job": job})
    elif result.finished:
        click.echo(f"scanned: {job} {plain(result.result)}")
    else:
        click.echo(f"scan scheduled: {job}")
    if wait:
        ctx.exit(exitcodes.for_result(result.result) if result.result else exitcodes.ERROR)


@click.command("branches")
@click.argument("job")
@json_option
@click.pass_obj
def branches(state: CliState, job: str, as_json: bool) -> None:
    """List the branch, pull-request and tag jobs of a multibranch project."""
    state.about(job)
    show_list(
        state.client().jobs.branches(job),
        BRANCH,
        as_json=as_json,
        headers=["NAME", "BRANCH", "KIND", "STATUS"],
        row=lambda b: (b.name, b.branch, b.kind, b.color or ""),
    )


COMMANDS = [scan, branches]
