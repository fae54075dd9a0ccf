"""Nodes: list agents and the built-in node, read one, take it offline or bring it online."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING
from urllib.parse import quote

from jenkins_sdk.models import Computer, ComputerSet

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["BUILT_IN", "NodeOperations", "node_path"]

#: The URL name of the controller's own node (``master`` before Jenkins 2.307).
BUILT_IN = "(built-in)"
_BUILT_IN_ALIASES = frozenset({"", "built-in", "built-in node", "master", "(master)"})
_RAW_SAFE = "!$&'()*+,-.=@_"


def node_path(name: str) -> str:
    """The relative URL path of a node (``computer/<name>/``), its name encoded as Jenkins does."""
    url_name = BUILT_IN if name.strip().lower() in _BUILT_IN_ALIASES else name
    # Jenkins' own rawEncode leaves these characters alone (its node URLs read "(built-in)").
    return f"computer/{quote(url_name, safe=_RAW_SAFE)}/"


class NodeOperations:
    """Operations on build nodes (agents and the built-in node), reached as ``client.nodes``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(self) -> builtins.list[Computer]:
        """Return every node, the built-in one included."""
        nodes = self._requester.get_model("computer/api/json", ComputerSet)
        return builtins.list(nodes.computer or [])

    def get(self, name: str) -> Computer:
        """Return one node; ``"(built-in)"``, ``"master"`` or ``""`` name the controller's own."""
        return self._requester.get_model(f"{node_path(name)}api/json", Computer)

    def set_offline(self, name: str, reason: str = "") -> None:
        """Take a node offline with ``reason`` (or just update the reason if already offline)."""
        action = "changeOfflineCause" if self.get(name).offline else "toggleOffline"
        self._requester.post(f"{node_path(name)}{action}", data={"offlineMessage": reason})

    def set_online(self, name: str) -> None:
        """Bring a node taken offline by hand back online (does nothing if it is online)."""
        if self.get(name).offline:
            self._requester.post(f"{node_path(name)}toggleOffline")
