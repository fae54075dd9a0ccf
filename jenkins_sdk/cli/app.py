"""The ``jenkins-sdk`` command group: global options, the registration point, the entry point.

Adding commands: write ``jenkins_sdk/cli/<subject>.py`` with a module-level ``COMMANDS`` list of
click commands or groups, and add ``"<subject>"`` to :data:`COMMAND_MODULES` below (one line).
A command reads its client with ``state.client()`` (``state: CliState = ctx.obj``), says what it
reads with ``state.about(job, build)`` (so a 404 reads ``no build 9 of team/app``), prints JSON
through :mod:`jenkins_sdk.cli.output` with a kind from :mod:`jenkins_sdk.cli.schema`, and lets
every error propagate: :mod:`jenkins_sdk.cli.failures` prints it and picks the exit code.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from jenkins_sdk._polling import Clock
from jenkins_sdk._version import __version__
from jenkins_sdk.cli import exitcodes, failures
from jenkins_sdk.cli.profiles import ConnectionSettings, ProfileError, resolve_settings
from jenkins_sdk.cli.state import CliState, ConfigError

__all__ = ["COMMAND_MODULES", "cli", "main", "run"]

#: The modules whose ``COMMANDS`` make up the command line, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "jobs",
    "builds",
    "logs",
    "branches",
    "annotate",
    "lint",
    "pipeline",
    "artifacts",
    "testreports",
    "queue",
    "monitoring",
    "nodes",
    "agents",
    "why",
    "creds",
    "plugins",
    "views",
    "users",
    "restart",
    "recording",
    "emulator",
)


class JenkinsGroup(click.Group):
    """The root group: every failure of a command goes through :func:`failures.report`."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn any failure into one line on stderr and an exit code."""
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except Exception as exc:
            if failures.is_broken_pipe(exc):
                failures.silence_stdout()
                raise click.exceptions.Exit(exitcodes.SUCCESS) from None
            raise click.exceptions.Exit(_report(ctx, exc)) from None
        except KeyboardInterrupt as exc:
            raise click.exceptions.Exit(_report(ctx, exc)) from None


def _report(ctx: click.Context, exc: BaseException) -> int:
    state = ctx.obj if isinstance(ctx.obj, CliState) else None
    verbosity = state.verbosity if state is not None else _verbosity(ctx.params)
    return failures.report(exc, state, verbosity)


def _verbosity(params: dict[str, Any]) -> int:
    return 2 if params.get("debug") else int(params.get("verbose") or 0)


def _configure_logging(ctx: click.Context, verbosity: int) -> None:
    """With -v, the SDK's log goes to stderr for this command (and is detached after it)."""
    if verbosity <= 0:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("jenkins_sdk")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbosity >= 2 else logging.INFO)

    def detach() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous)

    ctx.call_on_close(detach)


_PATH = click.Path(path_type=Path, dir_okay=False)


@click.group(cls=JenkinsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="jenkins-sdk", message="%(prog)s %(version)s"
)
@click.option("--url", help="Jenkins base URL [env: JENKINS_URL].")
@click.option("--user", help="User id [env: JENKINS_USER_ID].")
@click.option("--token", help="API token [env: JENKINS_API_TOKEN].")
@click.option("--password", help="Password, if no token is used [env: JENKINS_PASSWORD].")
@click.option("--profile", help="Profile name from the config file (beats the environment).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Config file [default: $JENKINS_SDK_CONFIG or ~/.config/jenkins-sdk/config.toml].",
)
@click.option(
    "--ca-bundle",
    type=click.Path(exists=True, dir_okay=False),
    help="CA certificates (PEM) to trust for https.",
)
@click.option(
    "--insecure",
    is_flag=True,
    default=None,
    help="Do not verify TLS certificates (not recommended).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=600.0,
    show_default=True,
    help="Deadline for waits (queue, build, console), seconds.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Retries of a request after a connection error or 429/5xx (0.5 s, then 1 s, ...).",
)
@click.option("--record", "record_path", type=_PATH, help="Record all HTTP traffic to this file.")
@click.option(
    "--replay",
    "replay_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Replay HTTP traffic from this recording (no network).",
)
@click.option("-v", "--verbose", count=True, help="Error details and the SDK's log (-vv: debug).")
@click.option("--debug", is_flag=True, help="Debug log of every request, tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, /, **options: Any) -> None:
    """Drive a Jenkins controller: jobs, builds, queue, logs, stages, inputs, artifacts, tests.

    Connection: --url / --profile / JENKINS_URL / the config file's current profile, first
    match wins; credentials always come from the same place as the URL. Exit codes: 0 success,
    1 build failed (or tests failed), 2 usage or configuration error, 3 unstable, 4 aborted,
    5 timeout, 6 other error, 7 not built, 130 interrupted.
    """
    verbosity = _verbosity(options)
    _configure_logging(ctx, verbosity)
    if options["record_path"] and options["replay_path"]:
        raise click.UsageError("--record and --replay exclude each other")
    extras = ctx.obj if isinstance(ctx.obj, dict) else {}
    simulation = None
    if options["record_path"]:
        simulation = ("record", options["record_path"])
    elif options["replay_path"]:
        simulation = ("replay", options["replay_path"])
    state = CliState(
        settings=extras.get("settings") or _settings(options),
        timeout=options["timeout"],
        retries=options["retries"],
        simulation=simulation,
        clock=extras.get("clock"),
        verbosity=verbosity,
    )
    ctx.obj = state
    ctx.call_on_close(state.close)


def _settings(options: dict[str, Any]) -> ConnectionSettings:
    try:
        return resolve_settings(
            url=options["url"],
            user=options["user"],
            token=options["token"],
            password=options["password"],
            profile=options["profile"],
            config_path=options["config_path"],
            ca_bundle=options["ca_bundle"],
            insecure=options["insecure"],
        )
    except ProfileError as exc:
        raise ConfigError(f"configuration: {exc}") from exc


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"jenkins_sdk.cli.{name}")
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    settings: ConnectionSettings | None = None,
) -> int:
    """Run the command line; return (and, as a script, exit with) the documented exit code.

    ``clock`` replaces the client's clock (every wait sleeps on it); the demo's tests use it.
    ``settings`` replaces the connection settings (``record``/``replay`` pass theirs on).
    """
    obj = {"clock": clock, "settings": settings}
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        # Without standalone mode click hands back the code of ``ctx.exit(code)``.
        returned = cli.main(args=args, prog_name="jenkins-sdk", standalone_mode=False, obj=obj)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except (click.ClickException, click.Abort, KeyboardInterrupt) as exc:
        return failures.report(exc, None, 2 if "--debug" in args else args.count("-v"))
    except OSError as exc:
        if not failures.is_broken_pipe(exc):
            raise
        failures.silence_stdout()
        return exitcodes.SUCCESS
    if isinstance(returned, int) and not isinstance(returned, bool):
        return returned
    return exitcodes.SUCCESS


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
