"""The public API only grows: every name, member and parameter of the snapshot taken before the
architecture change (``public_api.json``) is still there, with the same kind and default.

New names, members and parameters with defaults are allowed (later issues add them); base classes
are not compared (issue 13 moved the waiting timeouts out of ``TransportError`` on purpose).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.api.api_snapshot import snapshot

#: Deliberate changes, each with its reason (a prefix of the difference reported).
ALLOWED = {
    # issue 13: one secrets policy; the triage's own name pattern became the SDK's (stricter).
    "jenkins_sdk.triage.DiagnoseOptions.members.__init__: parameter sensitive_names: default",
    # issue 17: a flow node without a log reads text="" (wfapi leaves the field out), not None.
    "jenkins_sdk.models.NodeLog.members.__init__: parameter text: default None -> ''",
}

SNAPSHOT = json.loads((Path(__file__).with_name("public_api.json")).read_text())
CURRENT = snapshot()


def _split(parameter: str) -> tuple[str, str, str | None]:
    head, _, default = parameter.partition("=")
    name, kind = head.split(":")
    return name, kind, default if "=" in parameter else None


def compatible(old: list[str], new: list[str]) -> list[str]:
    """Why a call written against ``old`` parameters may break against ``new`` (empty: fine)."""
    problems: list[str] = []
    new_by_name = {_split(p)[0]: _split(p) for p in new}
    old_positional = [_split(p)[0] for p in old if "POSITIONAL" in _split(p)[1]]
    new_positional = [_split(p)[0] for p in new if "POSITIONAL" in _split(p)[1]]
    if new_positional[: len(old_positional)] != old_positional:
        problems.append(f"positional order {old_positional} -> {new_positional}")
    for parameter in old:
        name, kind, default = _split(parameter)
        if name not in new_by_name:
            problems.append(f"parameter {name} removed")
            continue
        _, new_kind, new_default = new_by_name[name]
        if new_kind != kind:
            problems.append(f"parameter {name}: {kind} -> {new_kind}")
        if new_default != default:
            problems.append(f"parameter {name}: default {default} -> {new_default}")
    old_names = {_split(p)[0] for p in old}
    for parameter in new:
        name, kind, default = _split(parameter)
        if (
            name not in old_names
            and default is None
            and kind not in ("VAR_POSITIONAL", "VAR_KEYWORD")
        ):
            problems.append(f"new parameter {name} has no default")
    return problems


def _differences(old: Any, new: Any, where: str) -> list[str]:
    if isinstance(old, str) or old is None:
        return [] if old == new else [f"{where}: {old!r} -> {new!r}"]
    if isinstance(old, list):
        if not isinstance(new, list):
            return [f"{where}: {old!r} -> {new!r}"]
        return [f"{where}: {p}" for p in compatible(old, new)]
    problems: list[str] = []
    for key, value in old.items():
        if key == "bases":
            continue
        if not isinstance(new, dict) or key not in new:
            problems.append(f"{where}.{key}: removed")
            continue
        if key in ("fields", "enum"):
            missing = sorted(set(value) - set(new[key]))
            if missing:
                problems.append(f"{where}: {key} removed {missing}")
            continue
        problems += _differences(value, new[key], f"{where}.{key}")
    return problems


@pytest.mark.parametrize("module", sorted(SNAPSHOT))
def test_public_names_and_signatures_kept(module: str) -> None:
    found = _differences(SNAPSHOT[module], CURRENT.get(module, {}), module)
    assert [d for d in found if not d.startswith(tuple(ALLOWED))] == []


def test_the_compatibility_rule_catches_breaks() -> None:
    old = ["self:POSITIONAL_OR_KEYWORD", "job:POSITIONAL_OR_KEYWORD", "timeout:KEYWORD_ONLY=60"]
    assert compatible(old, [*old, "extra:KEYWORD_ONLY=None"]) == []
    assert compatible(old, old[:2]) == ["parameter timeout removed"]
    assert compatible(old, [*old[:2], "timeout:KEYWORD_ONLY=30"]) == [
        "parameter timeout: default 60 -> 30"
    ]
    assert compatible(old, [*old, "need:KEYWORD_ONLY"]) == ["new parameter need has no default"]
    assert _differences({"A": {"members": {"f": []}}}, {"A": {"members": {}}}, "m") == [
        "m.A.members.f: removed"
    ]
