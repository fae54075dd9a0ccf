"""``plugins ls|install|rm|updates``: the plugin manager and the update center."""

from __future__ import annotations

import click

from jenkins_sdk.cli.kinds_admin import PLUGIN, PLUGIN_INSTALL, PLUGIN_UPDATE
from jenkins_sdk.cli.output import (
    check_formats,
    emit_list,
    emit_raw,
    json_option,
    raw_option,
    table,
)
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "plugins"]


@click.group("plugins")
def plugins() -> None:
    """List, install and remove plugins."""


@plugins.command("ls")
@json_option
@raw_option
@click.pass_obj
def plugins_ls(state: CliState, as_json: bool, raw: bool) -> None:
    """List the installed plugins."""
    check_formats(as_json, raw)
    found = sorted(state.client().plugins.list(), key=lambda p: p.short_name)
    if raw:
        emit_raw(found)
    elif as_json:
        emit_list(PLUGIN, found)
    else:
        table(
            ["NAME", "VERSION", "STATE"],
            (
                (
                    p.short_name,
                    p.version,
                    "uninstalled (restart)"
                    if p.deleted
                    else "update available"
                    if p.has_update
                    else "",
                )
                for p in found
            ),
        )


@plugins.command("install")
@click.argument("names", nargs=-1, required=True)
@click.option("--no-wait", is_flag=True, help="Return once Jenkins has scheduled the installs.")
@click.option("--timeout", type=float, default=600, show_default=True, help="Seconds to wait.")
@json_option
@click.pass_obj
def plugins_install(
    state: CliState, names: tuple[str, ...], no_wait: bool, timeout: float, as_json: bool
) -> None:
    """Install plugins: NAME (the update site's version) or NAME@VERSION (at least VERSION).

    Exits 1 when an install failed."""
    result = state.client().plugins.install(names, wait=not no_wait, timeout=timeout)
    if as_json:
        emit_list(PLUGIN_INSTALL, result.installs)
    else:
        table(
            ["NAME", "VERSION", "STATUS", "ERROR"],
            ((i.name, i.version or "", i.status, i.error or "") for i in result.installs),
        )
        if result.restart_required:
            click.echo("Jenkins needs a restart to finish (jenkins-sdk restart --safe --wait)")
    if result.failed:
        raise click.exceptions.Exit(1)


@plugins.command("rm")
@click.argument("name")
@click.pass_obj
def plugins_rm(state: CliState, name: str) -> None:
    """Uninstall a plugin (it goes away at the next restart)."""
    state.client().plugins.uninstall(name)
    click.echo(f"uninstalled {name}; restart Jenkins to finish")


@plugins.command("updates")
@click.option("--check", is_flag=True, help="Refresh the update site's data first.")
@json_option
@click.pass_obj
def plugins_updates(state: CliState, check: bool, as_json: bool) -> None:
    """List installed plugins with a newer version on the update site."""
    client = state.client()
    if check:
        client.plugins.check_updates()
    found = client.plugins.updates()
    if as_json:
        emit_list(PLUGIN_UPDATE, found)
    else:
        table(
            ["NAME", "INSTALLED", "AVAILABLE"],
            ((u.name, u.installed_version or "", u.available_version) for u in found),
        )


COMMANDS = [plugins]
