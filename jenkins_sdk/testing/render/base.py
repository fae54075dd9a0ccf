"""The renderer's base: URL helpers and the per-request context (root URL, user, time)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jenkins_sdk.testing.state import ControllerState, Item
from jenkins_sdk.testing.tree import Want

_SAFE = "!$&'()*+,=@"


@lru_cache(maxsize=65536)
def raw_encode(name: str) -> str:
    """``hudson.Util.rawEncode``: encode everything but alphanumerics and ``!$&'()*+,-.=@_``."""
    return quote(name, safe=_SAFE).replace("~", "%7E")


def item_path(item: Item) -> str:
    """``job/a/job/b/`` (empty for the root)."""
    return "".join(f"job/{raw_encode(n)}/" for n in item.segments)


def wants(want: Want, key: str) -> bool:
    """Whether a lazily rendered property was asked for."""
    return want is None or key in want


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
