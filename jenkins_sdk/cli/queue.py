"""``queue ls`` and ``queue cancel``: inspect and cancel queued builds."""

from __future__ import annotations

from typing import Any

import click

from jenkins_sdk.cli import kinds
from jenkins_sdk.cli.output import (
    check_formats,
    json_option,
    raw_option,
    show_list,
)
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.errors import InvalidJobRef
from jenkins_sdk.refs import JobRef

__all__ = ["COMMANDS", "queue"]


@click.group("queue")
def queue() -> None:
    """Inspect and cancel queued builds."""


@queue.command("ls")
@json_option
@raw_option
@click.pass_obj
def queue_ls(state: CliState, as_json: bool, raw: bool) -> None:
    """List the items waiting in the build queue."""
    check_formats(as_json, raw)
    show_list(
        state.client().queue.list(),
        kinds.QUEUE_ITEM,
        as_json=as_json,
        raw=raw,
        headers=["ID", "JOB", "WHY"],
        row=lambda i: (i.id, task_name(i.task), (i.why or "").strip()),
        ctx=lambda i: {"job": task_name(i.task)},
    )


def task_name(task: Any) -> str:
    """The full name of a queued job (``team/app``), from its URL; else its short name."""
    if task is None:
        return ""
    if task.url:
        try:
            return JobRef.from_url(task.url).full_name
        except InvalidJobRef:
            pass
    return str(task.name or "")


@queue.command("cancel")
@click.argument("item_id", type=int)
@click.pass_obj
def queue_cancel(state: CliState, item_id: int) -> None:
    """Cancel queue item ITEM_ID."""
    state.client().queue.cancel(item_id)
    click.echo(f"cancelled queue item {item_id}")


COMMANDS = [queue]
