"""``describe`` and ``keep``: a job's or build's description, and keeping a build forever."""

from __future__ import annotations

import sys

import click

from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "describe", "keep"]


@click.command("describe")
@click.argument("job")
@click.argument("words", nargs=-1, required=True, metavar="[BUILD] TEXT")
@click.pass_obj
def describe(state: CliState, job: str, words: tuple[str, ...]) -> None:
    """Set the description of JOB, or of build BUILD of JOB (TEXT `-` reads stdin).

    \b
      jenkins-sdk describe team/app "Deploys the shop"
      jenkins-sdk describe team/app 42 "release candidate"
    """
    if len(words) > 2:
        raise click.UsageError("expected JOB [BUILD] TEXT (quote a TEXT with spaces)")
    build, text = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    if text == "-":
        text = sys.stdin.read()
    state.about(job, build)
    client = state.client()
    if build is None:
        client.jobs.set_description(job, text)
        click.echo(f"described: {job}")
    else:
        client.builds.set_description(job, build, text)
        click.echo(f"described: {job} #{build}")


@click.command("keep")
@click.argument("job")
@click.argument("build")
@click.option("--off", is_flag=True, help="Stop keeping the build (it may be discarded again).")
@click.pass_obj
def keep(state: CliState, job: str, build: str, off: bool) -> None:
    """Keep build BUILD of JOB forever (exempt from log rotation); --off undoes it."""
    state.about(job, build)
    kept = state.client().builds.keep_forever(job, build, keep=not off)
    if kept:
        note = " (Jenkins keeps it for another reason)" if off else ""
        click.echo(f"kept forever: {job} #{build}{note}")
    else:
        click.echo(f"not kept: {job} #{build}")


COMMANDS = [describe, keep]
