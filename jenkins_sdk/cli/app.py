"""The ``jenkins-sdk`` command group, its global options and the entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from jenkins_sdk._polling import Clock
from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.profiles import ProfileError, resolve_settings
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.errors import JenkinsError, Timeout

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--url", envvar="JENKINS_URL", help="Jenkins base URL (env JENKINS_URL).")
@click.option("--user", envvar="JENKINS_USER_ID", help="User id (env JENKINS_USER_ID).")
@click.option("--token", envvar="JENKINS_API_TOKEN", help="API token (env JENKINS_API_TOKEN).")
@click.option("--password", envvar="JENKINS_PASSWORD", help="Password, if no token is used.")
@click.option("--profile", help="Profile name from the config file.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default ~/.config/jenkins-sdk/config.toml).",
)
@click.option("--timeout", type=float, default=600.0, show_default=True, help="Wait deadline (s).")
@click.option(
    "--record",
    "record_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record all HTTP traffic to this file.",
)
@click.option(
    "--replay",
    "replay_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Replay HTTP traffic from this recording (no network).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    url: str | None,
    user: str | None,
    token: str | None,
    password: str | None,
    profile: str | None,
    config_path: Path | None,
    timeout: float,
    record_path: Path | None,
    replay_path: Path | None,
) -> None:
    """Drive a Jenkins controller: jobs, builds, queue, logs, stages, inputs, artifacts, tests."""
    if record_path and replay_path:
        raise click.UsageError("--record and --replay exclude each other")
    try:
        settings = resolve_settings(
            url=url,
            user=user,
            token=token,
            password=password,
            profile=profile,
            config_path=config_path,
        )
    except ProfileError as exc:
        raise click.UsageError(str(exc)) from exc
    simulation = None
    if record_path:
        simulation = ("record", record_path)
    elif replay_path:
        simulation = ("replay", replay_path)
    extras = ctx.obj if isinstance(ctx.obj, dict) else {}
    state = CliState(
        settings=settings, timeout=timeout, simulation=simulation, clock=extras.get("clock")
    )
    ctx.obj = state
    ctx.call_on_close(state.close)


def _register() -> None:
    from jenkins_sdk.cli import (
        commands_builds,
        commands_jobs,
        commands_misc,
        commands_pipeline,
        commands_why,
    )

    modules = (commands_jobs, commands_builds, commands_pipeline, commands_misc, commands_why)
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run the command line; return (and, as a script, exit with) the documented exit code.

    ``clock`` replaces the client's clock (every wait sleeps on it); the demo's tests use it.
    """
    obj = {"clock": clock} if clock is not None else None
    try:
        # Without standalone mode click hands back the code of ``ctx.exit(code)`` as the return
        # value (it raises ``Exit`` only from callbacks outside a command's invocation).
        returned = cli.main(
            args=list(argv) if argv is not None else None, standalone_mode=False, obj=obj
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return exitcodes.USAGE
    except click.ClickException as exc:  # a command's own failure ("no pending input", ...)
        exc.show()
        return exitcodes.ERROR
    except click.Abort:
        click.echo("interrupted", err=True)
        return exitcodes.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return exitcodes.INTERRUPTED
    except Timeout as exc:
        click.echo(f"timeout: {exc}", err=True)
        return exitcodes.TIMEOUT
    except JenkinsError as exc:
        click.echo(f"error: {exc}", err=True)
        return exitcodes.ERROR
    if isinstance(returned, int) and not isinstance(returned, bool):
        return returned
    return exitcodes.SUCCESS


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
