"""The public API as data: ``__all__`` of every public module and the signature of every public
function, class and method reachable from them.

``python tests/api/api_snapshot.py > tests/api/public_api.json`` writes the snapshot that
``test_public_api.py`` holds the package to (taken before the architecture change of issue 13;
later issues may only add names, and add keyword parameters that have defaults).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import re
import sys
from typing import Any

#: The modules whose ``__all__`` users import from.
PUBLIC_MODULES = (
    "jenkins_sdk",
    "jenkins_sdk.errors",
    "jenkins_sdk.config",
    "jenkins_sdk.refs",
    "jenkins_sdk.status",
    "jenkins_sdk.resources",
    "jenkins_sdk.models",
    "jenkins_sdk.testing",
    "jenkins_sdk.simulation",
    "jenkins_sdk.triage",
)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _parameters(obj: Any) -> list[str] | None:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    out = []
    for parameter in signature.parameters.values():
        default = parameter.default
        shown = "" if default is inspect.Parameter.empty else "=" + _ADDRESS.sub("", repr(default))
        out.append(f"{parameter.name}:{parameter.kind.name}{shown}")
    return out


def _members(cls: type) -> dict[str, Any]:
    members: dict[str, Any] = {}
    for name, value in sorted(vars(cls).items()):
        if name.startswith("_") and name not in ("__init__", "__call__", "__iter__", "__enter__"):
            continue
        if isinstance(value, property) or type(value).__name__ == "cached_property":
            members[name] = "property"
        elif isinstance(value, staticmethod | classmethod):
            members[name] = _parameters(getattr(cls, name))
        elif inspect.isfunction(value):
            members[name] = _parameters(value)
    return members


def describe(obj: Any) -> Any:
    """One public object as JSON-able data."""
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        if issubclass(obj, enum.Enum):
            return {"enum": sorted(member.name for member in obj)}
        data: dict[str, Any] = {"bases": [base.__name__ for base in obj.__mro__[1:-1]]}
        data["members"] = {}
        for klass in reversed(obj.__mro__[:-1]):
            if klass.__module__.startswith("jenkins_sdk"):
                data["members"].update(_members(klass))
        if "__attrs_attrs__" in vars(obj):
            data["fields"] = [field.name for field in obj.__attrs_attrs__]
        return data
    if callable(obj):
        return {"parameters": _parameters(obj)}
    return "value"


def snapshot() -> dict[str, Any]:
    """Every public module's names and what each is."""
    result: dict[str, Any] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = sorted(module.__all__)
        result[module_name] = {name: describe(getattr(module, name)) for name in names}
    client = importlib.import_module("jenkins_sdk.client").JenkinsClient
    result["JenkinsClient.namespaces"] = {
        name: value.func.__annotations__.get("return")
        for name, value in vars(client).items()
        if type(value).__name__ == "cached_property"
    }
    return result


if __name__ == "__main__":
    json.dump(snapshot(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
