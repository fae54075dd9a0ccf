"""``tests``: a build's test report; the exit code says whether tests failed."""

from __future__ import annotations

import click

from jenkins_sdk.cli import exitcodes, kinds
from jenkins_sdk.cli.output import check_formats, emit, emit_raw, json_option, plain, raw_option
from jenkins_sdk.cli.state import CliState, job_and_build

__all__ = ["COMMANDS", "tests"]


@click.command("tests")
@job_and_build
@json_option
@raw_option
@click.pass_context
def tests(ctx: click.Context, job: str, build: str, as_json: bool, raw: bool) -> None:
    """Summarise a build's test report and list the failing cases.

    Exits 0 when no test failed, 1 (the FAILURE code) when at least one did; a build without a
    test report is an error (6).
    """
    check_formats(as_json, raw)
    state: CliState = ctx.obj
    state.about(job, build, "test report")
    report = state.client().tests.report(job, build)
    failed = report.fail_count or 0
    if raw:
        emit_raw(report)
    elif as_json:
        emit(kinds.TEST_REPORT, report, {"job": job, "build": build})
    else:
        passed, skipped = report.pass_count or 0, report.skip_count or 0
        total = report.total_count or passed + failed + skipped
        click.echo(f"tests: {total} total, {passed} passed, {failed} failed, {skipped} skipped")
        for suite in report.suites:
            for case in suite.cases:
                if plain(case.status) in ("FAILED", "REGRESSION"):
                    click.echo(
                        f"  FAILED {case.class_name}.{case.name}: {case.error_details or ''}"
                    )
    ctx.exit(exitcodes.TESTS_FAILED if failed else exitcodes.SUCCESS)


COMMANDS = [tests]
