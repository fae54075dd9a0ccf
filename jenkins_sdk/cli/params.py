"""Build parameters checked against the job's definitions before anything is queued.

Jenkins itself is no help here: ``ParametersDefinitionProperty.buildWithParameters`` (core,
``hudson/model/ParametersDefinitionProperty.java``) reads only the names the job defines, so an
unknown name is dropped without a word; ``ChoiceParameterDefinition.createValue`` throws
``IllegalArgumentException("Illegal choice for parameter ...")``, which reaches the caller as a
500 page; ``BooleanParameterDefinition.createValue`` is ``Boolean.parseBoolean``, so ``yes`` is
silently ``false``. The command line checks all three first (``--no-check`` skips it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from jenkins_sdk.cli.schema import param_kind

__all__ = ["check_parameters"]


def check_parameters(
    job: str,
    definitions: Sequence[Any],
    values: Mapping[str, str],
    files: Mapping[str, str],
) -> None:
    """Raise a usage error naming every unknown parameter and every bad value.

    Raises:
        click.UsageError: one line listing the problems (exit code 2).
    """
    if not values and not files:
        return
    by_name = {d.name: d for d in definitions}
    if not by_name:
        names = ", ".join(sorted({*values, *files}))
        raise click.UsageError(
            f"{job} takes no parameters (given: {names}); --no-check sends them anyway"
        )
    problems: list[str] = []
    for name, value in values.items():
        problems += _value_problems(by_name.get(name), name, value, file=False)
    for name in files:
        problems += _value_problems(by_name.get(name), name, None, file=True)
    if problems:
        known = ", ".join(f"{d.name} ({param_kind(d.class_ or d.type)})" for d in definitions)
        raise click.UsageError(f"{'; '.join(problems)} — {job} takes: {known}")


def _value_problems(definition: Any, name: str, value: str | None, *, file: bool) -> list[str]:
    if definition is None:
        return [f"unknown parameter {name}"]
    kind = param_kind(definition.class_ or definition.type)
    if file and kind != "file":
        return [f"{name} is a {kind} parameter: give it with -p {name}=VALUE, not --file"]
    if not file and kind == "file":
        return [f"{name} is a file parameter: give it with --file {name}=PATH"]
    if value is None:
        return []
    if kind == "choice" and definition.choices is not None and value not in definition.choices:
        return [f"{value!r} is not a choice of {name} ({', '.join(definition.choices)})"]
    if kind == "boolean" and value.lower() not in ("true", "false"):
        return [f"{name} is a boolean: true or false, not {value!r}"]
    return []
