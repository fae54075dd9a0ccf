"""``client.nodes.create`` against cores older than 2.539, whose ``computer/createItem`` has no
config.xml path (core commit 110014cf, "Add rest api to create agent from xml", first in
jenkins-2.539): they answer the XML with 400 "No mode given" (``ComputerSet.doCreateItem``),
and an agent is created with the "New node" form, ``POST computer/doCreateItem`` with ``name``,
``type`` and ``json`` (``ComputerSet.doDoCreateItem`` → ``NodeDescriptor.newInstance``; the
launcher is bound from ``stapler-class``/``$class``: ``hudson/slaves/JNLPLauncher.java``,
ssh-agents ``hudson/plugins/sshslaves/SSHLauncher.java``)."""

from __future__ import annotations

import json

import pytest
import requests

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.specs import SSHLauncher
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]

OLD = "2.462.3"


@pytest.fixture
def old_core(jenkins_emulator: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch) -> JenkinsEmulator:
    monkeypatch.setattr(jenkins_emulator, "version", OLD)
    return jenkins_emulator


def test_an_old_core_refuses_the_xml_and_takes_the_form(old_core: JenkinsEmulator) -> None:
    emu = old_core
    user, token = emu.credentials
    http = requests.Session()
    http.auth = (user, token)
    xml = "<slave><name>x</name><launcher class='hudson.slaves.JNLPLauncher'/></slave>"
    r = http.post(
        emu.url + "computer/createItem", data=xml, headers={"Content-Type": "application/xml"}
    )
    assert (r.status_code, r.headers.get("X-Error")) == (400, "No mode given")
    form = {"name": "f1", "type": "hudson.slaves.DumbSlave$DescriptorImpl"}
    form["json"] = json.dumps(
        {
            "remoteFS": "/w",
            "numExecutors": 2,
            "labelString": "a b",
            "mode": "NORMAL",
            "launcher": {"stapler-class": "hudson.slaves.JNLPLauncher"},
        }
    )
    r = http.post(emu.url + "computer/doCreateItem", data=form, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/computer/")
    r = http.post(emu.url + "computer/doCreateItem", data=form, allow_redirects=False)
    assert (r.status_code, r.headers.get("X-Error")) == (
        400,
        "Agent called  f1  already exists",
    )  # Jetty: no ‘’
    r = http.post(emu.url + "computer/doCreateItem", data={**form, "name": " "})
    assert r.headers.get("X-Error") == "Query parameter 'name' is required"
    assert http.get(emu.url + "computer/f1/api/json").json()["numExecutors"] == 2


def test_create_falls_back_to_the_form_on_an_old_core(
    old_core: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    node = client.nodes.create("in-1", executors=3, labels=["linux", "arm"], description="d")
    assert node.jnlp_agent is True and node.num_executors == 3
    assert [label.name for label in node.assigned_labels] == ["linux", "arm", "in-1"]
    assert client.nodes.agent_secret("in-1") == old_core.agent_secret("in-1")
    launcher = SSHLauncher("10.0.0.5", 2222, "agent-key")
    client.nodes.create("ssh-1", remote_fs="/var/j", mode="EXCLUSIVE", launcher=launcher)
    config = client.nodes.get_config("ssh-1")
    for part in (
        "<host>10.0.0.5</host>",
        "<port>2222</port>",
        "<remoteFS>/var/j</remoteFS>",
        "<credentialsId>agent-key</credentialsId>",
        "<mode>EXCLUSIVE</mode>",
    ):
        assert part in config
    emu_time.sleep(2)
    assert client.nodes.get("ssh-1").offline is False
    posts = [path for _, path, _ in logged(old_core, "POST")]
    assert posts.count("/computer/createItem") == 2 and posts.count("/computer/doCreateItem") == 2


def test_an_existing_node_is_refused_without_the_form(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    client.nodes.create("a1")
    with pytest.raises(errors.BadRequest):
        client.nodes.create("a1")
    posts = [path for _, path, _ in logged(jenkins_emulator, "POST")]
    assert "/computer/doCreateItem" not in posts


def test_an_existing_node_on_an_old_core_is_the_form_s_400(
    old_core: JenkinsEmulator, client: JenkinsClient
) -> None:
    client.nodes.create("a1")
    with pytest.raises(errors.BadRequest):
        client.nodes.create("a1")
