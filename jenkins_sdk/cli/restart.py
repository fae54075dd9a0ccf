"""``restart [--safe] [--wait]``: restart the controller, optionally waiting until it is back."""

from __future__ import annotations

import click

from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "restart"]


@click.command("restart")
@click.option("--safe", is_flag=True, help="Wait for running builds to finish first.")
@click.option("--wait", is_flag=True, help="Return only when Jenkins is back and ready.")
@click.option("--timeout", type=float, default=900, show_default=True, help="Seconds to wait.")
@click.option("--message", help="Why (shown in Jenkins' banner during a safe restart).")
@click.pass_obj
def restart(state: CliState, safe: bool, wait: bool, timeout: float, message: str | None) -> None:
    """Restart Jenkins (now, or with --safe once builds are done)."""
    client = state.client()
    if safe:
        client.system.safe_restart(message=message)
    else:
        client.system.restart()
    if not wait:
        click.echo("restart requested" + (" (after running builds)" if safe else ""))
        return
    info = client.system.wait_until_ready(timeout=timeout)
    click.echo(f"Jenkins is ready ({info.mode or 'NORMAL'})")


COMMANDS = [restart]
