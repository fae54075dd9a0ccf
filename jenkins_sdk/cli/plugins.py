"""``plugins ls|install|rm|updates``: the plugin manager and the update center."""

from __future__ import annotations

import click

from jenkins_sdk.cli.kinds_admin import PLUGIN, PLUGIN_INSTALL, PLUGIN_UPDATE
from jenkins_sdk.cli.output import check_formats, json_option, raw_option, show_list
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.models import Plugin

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
    show_list(
        sorted(state.client().plugins.list(), key=lambda p: p.short_name),
        PLUGIN,
        as_json=as_json,
        raw=raw,
        headers=["NAME", "VERSION", "STATE"],
        row=lambda p: (p.short_name, p.version, _plugin_state(p)),
    )


def _plugin_state(plugin: Plugin) -> str:
    if plugin.deleted:
        return "uninstalled (restart)"
    return "update available" if plugin.has_update else ""


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
    show_list(
        result.installs,
        PLUGIN_INSTALL,
        as_json=as_json,
        headers=["NAME", "VERSION", "STATUS", "ERROR"],
        row=lambda i: (i.name, i.version or "", i.status, i.error or ""),
    )
    if result.restart_required and not as_json:
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
    show_list(
        client.plugins.updates(),
        PLUGIN_UPDATE,
        as_json=as_json,
        headers=["NAME", "INSTALLED", "AVAILABLE"],
        row=lambda u: (u.name, u.installed_version or "", u.available_version),
    )


COMMANDS = [plugins]
