"""The views store: list views and the job paths they hold (``hudson.model.ListView``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState


class ViewStore:
    """List views by name."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.views: dict[str, list[str]] = {}
