"""client.system, client.nodes, client.views and client.plugins over loopback."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing.emulator import JenkinsEmulator
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]


def test_version_whoami_info(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    assert client.system.version() == jenkins_emulator.version
    me = client.system.whoami()
    assert me.name == jenkins_emulator.credentials[0]
    assert me.anonymous is False and "authenticated" in me.authorities
    info = client.system.info()
    assert info.quieting_down is False


def test_quiet_down_blocks_new_builds_until_cancelled(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app")
    client.system.quiet_down("upgrade")
    assert client.system.info().quieting_down is True
    ref = client.builds.trigger("app")  # still accepted (201) ...
    jenkins_emulator.advance(60)
    item = client.queue.get(ref)  # ... but kept in the queue
    assert item.executable is None and item.why and "shut down" in item.why
    client.system.cancel_quiet_down()
    assert client.system.info().quieting_down is False
    assert client.queue.wait_for_build(ref, timeout=60).number == 1


def test_run_script_is_an_explicit_post(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    assert client.system.run_script("println 'hi'") == jenkins_emulator.script_answer
    (post,) = logged(jenkins_emulator, "POST")
    assert post[1].endswith("scriptText") and post[2] == ""


def test_nodes_offline_online(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.agent("linux-1", executors=4, labels=["linux"])
    names = [n.display_name for n in client.nodes.list()]
    assert names == ["Built-In Node", "linux-1"]
    assert client.nodes.get("(built-in)").display_name == "Built-In Node"
    assert client.nodes.get("master").display_name == "Built-In Node"
    client.nodes.set_offline("linux-1", "disk full")
    node = client.nodes.get("linux-1")
    assert node.offline is True and node.offline_cause_reason == "disk full"
    client.nodes.set_offline("linux-1", "still full")  # already offline: reason updated
    assert client.nodes.get("linux-1").offline_cause_reason == "still full"
    client.nodes.set_online("linux-1")
    assert client.nodes.get("linux-1").offline is False
    client.nodes.set_online("linux-1")  # no toggle back
    assert client.nodes.get("linux-1").offline is False
    with pytest.raises(errors.NotFound):
        client.nodes.get("nope")


def test_node_names_with_spaces(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.agent("mac mini", executors=1)
    assert client.nodes.get("mac mini").display_name == "mac mini"


def test_views(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("app")
    jenkins_emulator.freestyle("team/lib")
    jenkins_emulator.view("mine", ["app"])
    names = [v.name for v in client.views.list()]
    assert "all" in names
    assert client.views.get("mine").name == "mine"
    assert [j.name for j in client.views.jobs("mine")] == ["app"]
    assert {j.name for j in client.views.jobs("all")} == {"app", "team"}
    with pytest.raises(errors.NotFound):
        client.views.get("nope")


def test_plugins(client: JenkinsClient) -> None:
    plugins = client.plugins.list()
    assert plugins and all(p.short_name and p.version for p in plugins)
    first = plugins[0]
    assert client.plugins.get(first.short_name) == first
    assert client.plugins.get("no-such-plugin") is None
