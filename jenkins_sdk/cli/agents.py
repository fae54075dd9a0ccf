"""``nodes add|rm|connect|disconnect|secret|log``: administering agents (the ``nodes`` group of
:mod:`jenkins_sdk.cli.nodes` gets these subcommands)."""

from __future__ import annotations

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.nodes import nodes
from jenkins_sdk.cli.output import emit, json_option
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.specs import InboundLauncher, Launcher, SSHLauncher

__all__ = ["COMMANDS"]


@nodes.command("add")
@click.argument("name")
@click.option("--executors", type=int, default=1, show_default=True, help="Number of executors.")
@click.option(
    "--remote-fs", default="/home/jenkins", show_default=True, help="Agent's root directory."
)
@click.option("--label", "labels", multiple=True, metavar="LABEL", help="A label (repeatable).")
@click.option("--description", default="", help="A description.")
@click.option(
    "--mode",
    type=click.Choice(["NORMAL", "EXCLUSIVE"]),
    default="NORMAL",
    show_default=True,
    help="EXCLUSIVE: only jobs whose label matches run here.",
)
@click.option(
    "--ssh", "ssh_host", metavar="HOST", help="Launch over SSH to HOST (default: inbound agent)."
)
@click.option("--port", type=int, default=22, show_default=True, help="SSH port.")
@click.option(
    "--credentials-id", metavar="ID", help="SSH credentials (e.g. from `creds add --type ssh-key`)."
)
@click.option("--web-socket", is_flag=True, help="Inbound agent connecting over WebSocket.")
@json_option
@click.pass_obj
def nodes_add(
    state: CliState,
    name: str,
    executors: int,
    remote_fs: str,
    labels: tuple[str, ...],
    description: str,
    mode: str,
    ssh_host: str | None,
    port: int,
    credentials_id: str | None,
    web_socket: bool,
    as_json: bool,
) -> None:
    """Create a permanent agent: inbound (it connects with `nodes secret`) or over SSH."""
    try:
        launcher: Launcher = (
            SSHLauncher(ssh_host, port, credentials_id)
            if ssh_host
            else InboundLauncher(web_socket=web_socket)
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    node = state.client().nodes.create(
        name,
        executors=executors,
        remote_fs=remote_fs,
        labels=labels,
        description=description,
        mode=mode,
        launcher=launcher,
    )
    if as_json:
        emit(kinds.NODE, node)
    else:
        how = f"SSH to {ssh_host}:{port}" if ssh_host else "inbound"
        click.echo(f"created agent {name} ({how})")


@nodes.command("rm")
@click.argument("name")
@click.pass_obj
def nodes_rm(state: CliState, name: str) -> None:
    """Delete an agent."""
    state.client().nodes.delete(name)
    click.echo(f"deleted agent {name}")


@nodes.command("connect")
@click.argument("name")
@click.pass_obj
def nodes_connect(state: CliState, name: str) -> None:
    """Launch an agent (SSH agents are started; inbound ones must connect themselves)."""
    state.client().nodes.connect(name)
    click.echo(f"launch requested for {name} (see `nodes log {name}`)")


@nodes.command("disconnect")
@click.argument("name")
@click.option("--reason", default="", help="Why (shown on the agent's page).")
@click.pass_obj
def nodes_disconnect(state: CliState, name: str, reason: str) -> None:
    """Close an agent's connection."""
    state.client().nodes.disconnect(name, reason)
    click.echo(f"disconnected {name}")


@nodes.command("secret")
@click.argument("name")
@click.pass_obj
def nodes_secret(state: CliState, name: str) -> None:
    """Print the secret an inbound agent connects with (java -jar agent.jar -secret @FILE)."""
    click.echo(state.client().nodes.agent_secret(name))


@nodes.command("log")
@click.argument("name")
@click.pass_obj
def nodes_log(state: CliState, name: str) -> None:
    """Print an agent's log (connections, launches, errors)."""
    click.echo(state.client().nodes.log(name), nl=False)


COMMANDS: list[click.Command] = []
