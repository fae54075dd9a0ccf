"""``users tokens|token-create|token-revoke``: API tokens for bots and people."""

from __future__ import annotations

import click

from jenkins_sdk.cli.kinds_admin import API_TOKEN
from jenkins_sdk.cli.output import emit, json_option, show_list
from jenkins_sdk.cli.state import CliState

__all__ = ["COMMANDS", "users"]

_USER = click.option("--user", metavar="ID", help="Another user (default: the caller).")


@click.group("users")
def users() -> None:
    """Users and their API tokens."""


@users.command("tokens")
@_USER
@json_option
@click.pass_obj
def users_tokens(state: CliState, user: str | None, as_json: bool) -> None:
    """List API tokens (uuid and name; Jenkins keeps no value to show)."""
    show_list(
        state.client().users.tokens(user=user),
        API_TOKEN,
        as_json=as_json,
        headers=["UUID", "NAME"],
        row=lambda t: (t.uuid, t.name),
    )


@users.command("token-create")
@click.argument("name")
@_USER
@json_option
@click.pass_obj
def users_token_create(state: CliState, name: str, user: str | None, as_json: bool) -> None:
    """Create an API token and print its value: shown once, store it now."""
    token = state.client().users.create_token(name, user=user)
    if as_json:
        emit(API_TOKEN, token)
    else:
        click.echo(token.value)
        click.echo(
            f"created token {token.name!r} ({token.uuid}); its value is shown only once", err=True
        )


@users.command("token-revoke")
@click.argument("uuid")
@_USER
@click.pass_obj
def users_token_revoke(state: CliState, uuid: str, user: str | None) -> None:
    """Revoke an API token (by the uuid `users tokens` lists)."""
    state.client().users.revoke_token(uuid, user=user)
    click.echo(f"revoked {uuid}")


COMMANDS = [users]
