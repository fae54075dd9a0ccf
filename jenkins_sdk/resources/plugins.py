"""Plugins: list the installed plugins with their versions and states."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from jenkins_sdk.models import Plugin, PluginManager
from jenkins_sdk.resources._plugin_install import PluginInstaller

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["PluginOperations"]


class PluginOperations(PluginInstaller):
    """The plugin manager, reached as ``client.plugins``: list, install, uninstall, updates."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(self) -> builtins.list[Plugin]:
        """Return every installed plugin (short name, version, active/enabled, updates)."""
        manager = self._requester.get_model("pluginManager/api/json", PluginManager)
        return builtins.list(manager.plugins or [])

    def get(self, short_name: str) -> Plugin | None:
        """Return the installed plugin called ``short_name``, or ``None`` if it is not installed."""
        for plugin in self.list():
            if plugin.short_name == short_name:
                return plugin
        return None
