"""``emulator``: serve the bundled Jenkins emulator (the demo controller) on loopback."""

from __future__ import annotations

import subprocess
import sys

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.testing import DEFAULT_TOKEN, JenkinsEmulator
from jenkins_sdk.testing.__main__ import export_lines, serve_until_signalled
from jenkins_sdk.testing.demo import build_demo

__all__ = ["COMMANDS", "emulator", "export_lines"]


@click.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--user", default="admin", show_default=True, help="The user id it accepts.")
@click.option("--password", default="admin", show_default=True, help="That user's password.")
@click.option(
    "--token",
    default=None,
    help="That user's API token [default: a fixed demo token, printed at start].",
)
@click.option(
    "--csrf/--no-csrf",
    default=True,
    show_default=True,
    help="Issue CSRF crumbs and require them on POSTs not made with an API token.",
)
@click.option("--context-path", default="", help="Serve under a path prefix, e.g. /jenkins.")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of its pseudo-random choices (instance id, injected faults).",
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Emulated seconds per real second (0: time stands still).",
)
@click.option(
    "--quiet-period",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds a triggered build waits in the queue.",
)
@click.option(
    "--executors",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Executors of the built-in node.",
)
@click.option("--anonymous-read", is_flag=True, help="Let anonymous users read (not POST).")
@click.option("--empty", is_flag=True, help="Start with no jobs (no demo controller).")
@click.option(
    "--detach",
    is_flag=True,
    help='Serve in the background and exit: eval "$(jenkins-sdk emulator --detach)".',
)
def emulator(detach: bool, **options: object) -> None:
    """Serve the bundled Jenkins emulator until interrupted (Ctrl-C or SIGTERM).

    It starts with the demo controller (folders, freestyle and pipeline jobs, an input step,
    artifacts, test reports) unless --empty, and prints shell lines that point the SDK at it:

    \b
        export JENKINS_URL=http://127.0.0.1:8080/
        export JENKINS_USER_ID=admin
        export JENKINS_API_TOKEN=...

    With --detach it serves from a background process, also prints
    export JENKINS_SDK_EMULATOR_PID=..., and exits:

    \b
        eval "$(jenkins-sdk emulator --detach)"
        jenkins-sdk jobs ls -r
        kill $JENKINS_SDK_EMULATOR_PID
    """
    if detach:
        raise click.exceptions.Exit(_detach(options))
    raise click.exceptions.Exit(_serve(options))


def _serve(options: dict[str, object]) -> int:
    empty = bool(options.pop("empty"))
    token = str(options.pop("token") or DEFAULT_TOKEN)
    emu = JenkinsEmulator(token=token, **options)  # type: ignore[arg-type]
    if not empty:
        build_demo(emu)
    user, password = str(options["user"]), str(options["password"])
    serve_until_signalled(emu, lambda url: export_lines(url, user, token, password), click.echo)
    return exitcodes.SUCCESS


def _detach(options: dict[str, object]) -> int:
    argv = [sys.executable, "-m", "jenkins_sdk.cli", "emulator"]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            if name == "csrf":
                argv.append("--csrf" if value else "--no-csrf")
            elif value:
                argv.append(flag)
        elif value is not None:
            argv += [flag, str(value)]
    child = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    lines = [child.stdout.readline().rstrip("\n") for _ in range(4)]
    child.stdout.close()
    if not lines[0].startswith("export JENKINS_URL="):
        child.terminate()
        raise click.ClickException("the emulator did not start (run it without --detach to see)")
    for line in lines:
        click.echo(line)
    click.echo(f"export JENKINS_SDK_EMULATOR_PID={child.pid}")
    return exitcodes.SUCCESS


COMMANDS = [emulator]
