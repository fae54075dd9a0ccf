"""``why``: say why a build failed (failed stage, error, log excerpt, failing tests, culprits)."""

from __future__ import annotations

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.output import emit_document, json_option
from jenkins_sdk.cli.state import CliState, job_and_build
from jenkins_sdk.triage.diagnose import DiagnoseOptions, diagnose
from jenkins_sdk.triage.excerpts import DEFAULT_MAX_BYTES

__all__ = ["COMMANDS", "why"]


@click.command("why")
@job_and_build
@json_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Bytes of each log read (the console tail, a step's log).",
)
@click.option("--lines", type=click.IntRange(min=1), default=30, help="Excerpt lines shown.")
@click.pass_context
def why(
    ctx: click.Context, job: str, build: str, as_json: bool, max_bytes: int, lines: int
) -> None:
    """Explain why BUILD of JOB failed (the last build by default).

    Prints the failed stages with their error and the telling log lines, the failing tests
    (new or regression), the culprits and changes since the last successful build, and links.
    Exits with the build's result code (0 for SUCCESS or a build still running).
    """
    state: CliState = ctx.obj
    state.about(job, build)
    options = DiagnoseOptions(max_excerpt_bytes=max_bytes)
    report = diagnose(state.client(), job, build, options=options)
    if as_json:
        emit_document("diagnosis", report.to_dict())
    else:
        click.echo(report.render_text(max_excerpt_lines=lines), nl=False)
    ctx.exit(exitcodes.for_result(None if report.building else report.result))


COMMANDS = [why]
