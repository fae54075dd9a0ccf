"""``nodes ls``: the build agents and their state."""

from __future__ import annotations

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import (
    check_formats,
    emit_list,
    emit_raw,
    json_option,
    raw_option,
    table,
)
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "nodes"]


@click.group("nodes")
def nodes() -> None:
    """Inspect build agents."""


@nodes.command("ls")
@json_option
@raw_option
@click.pass_obj
def nodes_ls(state: CliState, as_json: bool, raw: bool) -> None:
    """List the nodes (agents) and their state."""
    check_formats(as_json, raw)
    found = state.client().nodes.list()
    if raw:
        emit_raw(found)
    elif as_json:
        emit_list(kinds.NODE, found)
    else:
        table(
            ["NAME", "STATE", "EXECUTORS"],
            (
                (n.display_name, "offline" if n.offline else "online", n.num_executors)
                for n in found
            ),
        )


COMMANDS = [nodes]
