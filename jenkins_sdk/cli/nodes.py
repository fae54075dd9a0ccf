"""``nodes ls``: the build agents and their state."""

from __future__ import annotations

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import (
    check_formats,
    json_option,
    raw_option,
    show_list,
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
    show_list(
        state.client().nodes.list(),
        kinds.NODE,
        as_json=as_json,
        raw=raw,
        headers=["NAME", "STATE", "EXECUTORS"],
        row=lambda n: (n.display_name, "offline" if n.offline else "online", n.num_executors),
    )


COMMANDS = [nodes]
