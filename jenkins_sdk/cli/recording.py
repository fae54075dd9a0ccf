"""``record`` and ``replay``: run another command while recording, or against a recording."""

from __future__ import annotations

from pathlib import Path

import click

from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "record", "replay"]

_WRAP = {"ignore_unknown_options": True, "allow_extra_args": True}


def _rerun(ctx: click.Context, flag: str, path: Path, args: tuple[str, ...]) -> None:
    """Run the root command again on ``args`` with ``flag PATH``, with this run's settings."""
    state: CliState = ctx.obj
    argv: list[str] = [flag, str(path), "--timeout", str(state.timeout)]
    argv += ["--retries", str(state.retries)]
    argv += ["-v"] * min(state.verbosity, 2)
    root = ctx.find_root().command
    obj = {"clock": state.clock, "settings": state.settings}
    try:
        code = root.main([*argv, *args], "jenkins-sdk", standalone_mode=False, obj=obj)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    ctx.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


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
