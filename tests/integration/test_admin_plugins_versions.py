"""How Jenkins reads ``name@version`` install requests (``hudson/PluginManager.java``
``parseRequestedPlugins``: ``[^@]+@[^@]+``, the version a ``VersionNumber`` — ``latest`` is not
special, and as a non-numeric item it sorts below every release; ``prevalidateConfig``: install
when missing, upgrade only when the installed one is older than asked) and what a bare name's
failure says (``doInstall``'s ``Failure("No such plugin: X")``, sent as ``X-Error``)."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.integration._ops_support import client, emu_time

__all__ = ["client", "emu_time"]


def test_at_latest_installs_a_missing_plugin_and_never_upgrades(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    emu = jenkins_emulator
    emu.site_plugin("fresh", "3.1")
    emu.site_plugin("old", "2.0")
    emu.installed_plugin("old", "1.0")
    result = client.plugins.install(["fresh@latest", "old@latest"])
    assert {i.name: (i.status, i.version) for i in result.installs} == {
        "fresh": ("Success", "3.1"),
        "old": ("Skipped", "1.0"),
    }
    assert emu.installed_plugins()["old"] == "1.0"
    upgraded = client.plugins.install("old@1.5")  # a minimum: the site's 2.0 comes
    assert [(i.name, i.version) for i in upgraded.installs] == [("old", "2.0")]


def test_an_unknown_bare_name_says_what_jenkins_said(client: JenkinsClient) -> None:
    with pytest.raises(errors.BadRequest) as info:
        client.plugins.install("no-such-plugin")
    assert info.value.message.endswith("No such plugin: no-such-plugin")


def test_an_unknown_name_after_known_ones_says_what_was_scheduled(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    """``PluginManager.install`` deploys each name in turn and throws at the first unknown one:
    the names before it are installing all the same, and the error says so."""
    jenkins_emulator.site_plugin("tool", "2.0")
    with pytest.raises(errors.BadRequest) as info:
        client.plugins.install(["tool", "no-such-plugin"])
    assert "No such plugin: no-such-plugin" in info.value.message
    assert info.value.message.endswith("(already scheduled before it: tool)")
    emu_time.sleep(10)
    assert client.plugins.get("tool") is not None
