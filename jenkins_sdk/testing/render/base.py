"""The renderer's base: URL helpers and the per-request context (root URL, user, time)."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.state import ControllerState, Item
from jenkins_sdk.testing.tree import Want
from jenkins_sdk.testing.urls import item_path, raw_encode

__all__ = ["RenderBase", "item_path", "param_definition", "raw_encode", "wants"]


def wants(want: Want, key: str) -> bool:
    """Whether a lazily rendered property was asked for."""
    return want is None or key in want


def param_definition(d: Any) -> dict[str, Any]:
    """A ParameterDefinition as exported."""
    default: dict[str, Any] | None = None
    if d.type != "file":
        default = {"_class": d.value_class, "name": d.name}
        if d.type != "password":  # a Secret, not exported
            default["value"] = d.default
    out: dict[str, Any] = {
        "_class": d.definition_class,
        "defaultParameterValue": default,
        "description": d.description,
        "name": d.name,
        "type": d.simple_class,
    }
    if d.type == "choice":
        out["choices"] = list(d.choices)
    return out


class RenderBase:
    """The request's context for rendering: ``root`` is the absolute root URL ending in ``/``."""

    def __init__(self, state: ControllerState, root: str, user: str | None) -> None:
        self.state = state
        self.root = root
        self.user = user
        self.now = state.clock.now_ms()
        path = root.split("://", 1)[-1]
        self.context = "/" + path.split("/", 1)[1] if "/" in path else "/"
        self.context = self.context.rstrip("/")

    def item_url(self, item: Item) -> str:
        """Absolute URL of an item."""
        return self.root + item_path(item)

    def param_values(self, params: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
        """ParameterValue list (no ``value`` for file and password parameters: a
        ``PasswordParameterValue`` holds a ``Secret`` that is not exported)."""
        out = []
        for d, v in params:
            entry: dict[str, Any] = {"_class": d.value_class, "name": d.name}
            if d.type not in ("file", "password"):
                entry["value"] = v
            out.append(entry)
        return out
