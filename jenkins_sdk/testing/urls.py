"""URL helpers shared by the state, the renderer and the pipeline runtime (imports nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

_SAFE = "!$&'()*+,=@"


class HasSegments(Protocol):
    """Anything with a path of item names from the root (an item)."""

    @property
    def segments(self) -> Sequence[str]:
        """Names from the root down."""


@lru_cache(maxsize=65536)
def raw_encode(name: str) -> str:
    """``hudson.Util.rawEncode``: encode everything but alphanumerics and ``!$&'()*+,-.=@_``."""
    return quote(name, safe=_SAFE).replace("~", "%7E")


def item_path(item: HasSegments) -> str:
    """``job/a/job/b/`` (empty for the root)."""
    return "".join(f"job/{raw_encode(n)}/" for n in item.segments)
