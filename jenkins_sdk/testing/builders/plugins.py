"""Builder API for plugins: what is installed, what the update site offers, how installs end."""

from __future__ import annotations

from collections.abc import Sequence

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.plugins import INSTALL_SECONDS, Installed, PluginStore, SitePlugin


class PluginBuilders(EmulatorParts):
    """``installed_plugin``, ``site_plugin``, ``installed_plugins``."""

    def installed_plugin(self, name: str, version: str, *, long_name: str | None = None) -> None:
        """Declare a plugin installed (and loaded) at ``version``."""
        with self.state.lock:
            store = self.state.store(PluginStore)
            store.installed[name] = Installed(name, long_name or name, version)

    def site_plugin(
        self,
        name: str,
        version: str,
        *,
        title: str | None = None,
        dependencies: Sequence[str] = (),
        install_seconds: float = INSTALL_SECONDS,
        error: str | None = None,
    ) -> None:
        """Offer a plugin on the update site; ``error`` makes its installs fail with that
        message, ``install_seconds`` is how long one takes (virtual time)."""
        with self.state.lock:
            store = self.state.store(PluginStore)
            store.site[name] = SitePlugin(
                name, title or name, version, tuple(dependencies), install_seconds, error
            )

    def installed_plugins(self) -> dict[str, str]:
        """Loaded plugins and their versions (what a restart would show changes here)."""
        with self.state.lock:
            store = self.state.store(PluginStore)
            store.tick(self.clock.now_ms())
            return {p.name: p.version for p in store.installed.values() if p.active}
