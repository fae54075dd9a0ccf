"""``creds ls|add|rm``: credentials in the system store or a folder's. A secret is read from a file,
standard input or an environment variable, never from an argument."""

from __future__ import annotations

from pathlib import Path

import click

from jenkins_sdk.cli.kinds_admin import CREDENTIAL
from jenkins_sdk.cli.output import check_formats, emit, json_option, raw_option, show_list
from jenkins_sdk.cli.secret_input import read_secret, secret_options
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.specs import (
    CredentialSpec,
    SecretFile,
    SecretText,
    SSHPrivateKey,
    UsernamePassword,
)

__all__ = ["COMMANDS", "creds"]

_TYPES = ("username-password", "secret-text", "ssh-key", "secret-file")


def _where(f: click.decorators.FC) -> click.decorators.FC:
    f = click.option("--domain", default="_", show_default=True, help="Credentials domain.")(f)
    return click.option(
        "--folder", metavar="FOLDER", help="A folder's store instead of the system store."
    )(f)


@click.group("creds")
def creds() -> None:
    """Manage credentials (secrets go in, never come out)."""


@creds.command("ls")
@_where
@json_option
@raw_option
@click.pass_obj
def creds_ls(state: CliState, folder: str | None, domain: str, as_json: bool, raw: bool) -> None:
    """List the credentials of a domain (ids, types, descriptions; no secret)."""
    check_formats(as_json, raw)
    show_list(
        state.client().credentials.list(folder=folder, domain=domain),
        CREDENTIAL,
        as_json=as_json,
        raw=raw,
        headers=["ID", "TYPE", "NAME", "DESCRIPTION"],
        row=lambda c: (c.id, c.type_name, c.display_name, c.description or ""),
    )


@creds.command("add")
@click.argument("credential_id")
@click.option(
    "--type", "kind", type=click.Choice(_TYPES), required=True, help="What kind of credential."
)
@click.option("--username", help="The username (username-password, ssh-key).")
@click.option("--description", default="", help="A description.")
@click.option(
    "--filename", help="The file's name in builds (secret-file; default: the file's own)."
)
@click.option("--replace", is_flag=True, help="Replace the credential if the id exists.")
@secret_options("secret", "password, secret text, private key or file content")
@secret_options("passphrase", "private key's passphrase (ssh-key)")
@_where
@json_option
@click.pass_obj
def creds_add(
    state: CliState,
    credential_id: str,
    kind: str,
    username: str | None,
    description: str,
    filename: str | None,
    replace: bool,
    secret_file: Path | None,
    secret_env: str | None,
    secret_stdin: bool,
    passphrase_file: Path | None,
    passphrase_env: str | None,
    passphrase_stdin: bool,
    folder: str | None,
    domain: str,
    as_json: bool,
) -> None:
    """Store a credential; its secret comes from --secret-file, --secret-stdin or --secret-env."""
    if secret_stdin and passphrase_stdin:
        raise click.UsageError("standard input can carry one secret: give the other from a file")
    binary = kind == "secret-file"
    secret = read_secret("secret", "secret", secret_file, secret_env, secret_stdin, binary=binary)
    passphrase = read_secret(
        "passphrase",
        "passphrase",
        passphrase_file,
        passphrase_env,
        passphrase_stdin,
        required=False,
    )
    try:
        spec = _spec(
            kind, credential_id, username, description, filename, secret_file, secret, passphrase
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    client = state.client()
    exists = replace and client.credentials.exists(credential_id, folder=folder, domain=domain)
    operation = client.credentials.update if exists else client.credentials.create
    stored = operation(spec, folder=folder, domain=domain)
    if as_json:
        emit(CREDENTIAL, stored)
    else:
        click.echo(f"{'updated' if exists else 'created'} {stored.type_name} {stored.id}")


def _spec(
    kind: str,
    credential_id: str,
    username: str | None,
    description: str,
    filename: str | None,
    secret_file: Path | None,
    secret: str | bytes | None,
    passphrase: str | bytes | None,
) -> CredentialSpec:
    if kind in ("username-password", "ssh-key") and not username:
        raise click.UsageError(f"--username is needed for {kind}")
    if kind == "secret-file":
        name = filename or (secret_file.name if secret_file is not None else None)
        if not name:
            raise click.UsageError("--filename is needed when the content is not read from a file")
        assert isinstance(secret, bytes)
        return SecretFile(credential_id, name, secret, description)
    assert isinstance(secret, str)
    if kind == "username-password":
        return UsernamePassword(credential_id, str(username), secret, description)
    if kind == "secret-text":
        return SecretText(credential_id, secret, description)
    phrase = passphrase if isinstance(passphrase, str) else None
    return SSHPrivateKey(credential_id, str(username), secret, phrase, description)


@creds.command("rm")
@click.argument("credential_id")
@_where
@click.pass_obj
def creds_rm(state: CliState, credential_id: str, folder: str | None, domain: str) -> None:
    """Delete a credential."""
    state.client().credentials.delete(credential_id, folder=folder, domain=domain)
    click.echo(f"deleted {credential_id}")


COMMANDS = [creds]
