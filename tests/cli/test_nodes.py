"""``nodes ls``."""

from __future__ import annotations

from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def test_nodes_ls(jcli: RunCli) -> None:
    r = jcli("nodes", "ls")
    assert r.code == 0, r.err
    rows = [line.split() for line in r.out.splitlines()]
    assert rows[0] == ["NAME", "STATE", "EXECUTORS"]
    assert ["agent-1", "online", "2"] in rows
    assert ["Built-In", "Node", "online", "2"] in rows
    data = jcli("nodes", "ls", "--json").items()
    assert sorted(n["name"] for n in data) == ["Built-In Node", "agent-1"]
    assert all(n["offline"] is False for n in data)


def test_nodes_ls_shows_offline_agents(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.agent("agent-2", offline=True)
    rows = [line.split() for line in jcli("nodes", "ls").out.splitlines()]
    assert ["agent-2", "offline", "1"] in rows
