"""Secrets for the command line come from a file, standard input or an environment variable —
never from an argument, which any user of the machine can read in ``ps``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["read_secret", "secret_options"]

F = TypeVar("F", bound=Callable[..., Any])


def secret_options(name: str, what: str) -> Callable[[F], F]:
    """``--NAME-file PATH``, ``--NAME-env VAR`` and ``--NAME-stdin`` for one secret."""
    key = name.replace("-", "_")

    def decorate(fn: F) -> F:
        fn = click.option(
            f"--{name}-stdin",
            f"{key}_stdin",
            is_flag=True,
            help=f"Read the {what} from standard input.",
        )(fn)
        fn = click.option(
            f"--{name}-env",
            f"{key}_env",
            metavar="VAR",
            help=f"Read the {what} from environment variable VAR.",
        )(fn)
        return click.option(
            f"--{name}-file",
            f"{key}_file",
            metavar="PATH",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Read the {what} from a file.",
        )(fn)

    return decorate


def read_secret(
    name: str,
    what: str,
    file: Path | None,
    env: str | None,
    stdin: bool,
    *,
    required: bool = True,
    binary: bool = False,
) -> str | bytes | None:
    """The secret from the one source given (a usage error, exit 2, for none or several).

    Text secrets lose one trailing line break (what ``echo`` and editors add); binary ones (a
    secret file's content) are read exactly.
    """
    given = [s for s in (file is not None, env is not None, stdin) if s]
    if len(given) > 1:
        raise click.UsageError(f"give the {what} from one source: a file, stdin or an env var")
    if not given:
        if required:
            raise click.UsageError(
                f"the {what} is needed: --{name}-file PATH, --{name}-stdin or --{name}-env VAR "
                "(never on the command line)"
            )
        return None
    if env is not None:
        value = os.environ.get(env)
        if not value:
            raise click.UsageError(f"environment variable {env} is not set or empty")
        return value.encode() if binary else value
    if file is not None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise click.UsageError(f"cannot read the {what} from {file}: {exc.strerror}") from None
    else:
        data = sys.stdin.buffer.read()
    if binary:
        return data
    text = data.decode("utf-8")
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text
