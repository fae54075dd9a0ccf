"""The nodes store: the built-in node and agents (``hudson.model.Computer`` / ``Node``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

BUILT_IN = "(built-in)"


class NodeStore:
    """Nodes by name; each is a dict: ``executors``, ``labels``, ``offline``, ``cause``..."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.nodes: dict[str, dict[str, Any]] = {
            BUILT_IN: {"executors": 2, "labels": ["built-in"], "offline": False},
        }
