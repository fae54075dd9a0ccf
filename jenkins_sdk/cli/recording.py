"""``record`` and ``replay``: run another command while recording, or against a recording."""

from __future__ import annotations

from pathlib import Path

import click

from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "record", "replay"]

_WRAP = {"ignore_unknown_options": True, "allow_extra_args": True}


def _rerun(ctx: click.Context, flag: str, path: Path, args: tuple[str, ...]) -> None:
    from jenkins_sdk.cli.app import main

    state: CliState = ctx.obj
    argv: list[str] = [flag, str(path), "--timeout", str(state.timeout)]
    argv += ["--retries", str(state.retries)]
    argv += ["-v"] * min(state.verbosity, 2)
    ctx.exit(main([*argv, *args], clock=state.clock, settings=state.settings))


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


COMMANDS = [record, replay]
