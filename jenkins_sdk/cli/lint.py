"""``lint``: validate a Jenkinsfile with the controller's Declarative Pipeline validator."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.kinds_jobs import LINT_RESULT
from jenkins_sdk.cli.output import emit, json_option
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "lint"]


@click.command("lint")
@click.argument("jenkinsfile", default="Jenkinsfile", metavar="[JENKINSFILE]")
@json_option
@click.pass_context
def lint(ctx: click.Context, jenkinsfile: str, as_json: bool) -> None:
    """Validate JENKINSFILE (default ./Jenkinsfile; `-` reads stdin) on the controller.

    Errors print as `FILE:LINE:COLUMN: message`, which editors jump to; the exit code is 1 when
    Jenkins found errors or the file is not a Declarative Pipeline (scripted Pipelines cannot
    be validated), 0 when it is valid.
    """
    state: CliState = ctx.obj
    if jenkinsfile == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(jenkinsfile).read_text(encoding="utf-8-sig")  # an editor's BOM dropped
        except OSError as exc:
            raise click.BadParameter(
                f"cannot read {jenkinsfile!r}: {exc.strerror or exc}", param_hint="JENKINSFILE"
            ) from exc
    result = state.client().pipelines.validate(text)
    if as_json:
        emit(LINT_RESULT, result, {"file": jenkinsfile})
    elif result.ok:
        click.echo(f"{jenkinsfile}: valid Declarative Pipeline")
    for error in result.errors if not as_json else ():
        where = f"{error.line}:{error.column}:" if error.line is not None else ""
        click.echo(
            f"{jenkinsfile}:{where} {error.message}" if where else f"{jenkinsfile}: {error.message}"
        )
    ctx.exit(exitcodes.SUCCESS if result.ok else exitcodes.FAILURE)


COMMANDS = [lint]
