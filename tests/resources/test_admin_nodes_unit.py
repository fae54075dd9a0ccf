"""Unit tests (responses) for the agent administration of ``client.nodes`` (``ComputerSet``,
``Computer``, ``SlaveComputer``; docs/protocol-admin.md §1)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources.nodes import NodeOperations
from jenkins_sdk.specs import SSHLauncher
from tests.resources._helpers import BASE, form, sent

COMPUTER = {"_class": "hudson.slaves.SlaveComputer", "displayName": "a1", "offline": True}
CONFIG = (
    "<?xml version='1.1' encoding='UTF-8'?>\n<slave><name>a1</name><remoteFS>/r</remoteFS>"
    "<numExecutors>1</numExecutors><label>old</label><nodeProperties/></slave>"
)


@pytest.fixture
def nodes() -> Iterator[NodeOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c.nodes


def _post(mocked: responses.RequestsMock, n: int = 0) -> responses.PreparedRequest:
    return [c.request for c in mocked.calls if c.request.method == "POST"][n]


def test_create_posts_slave_xml_with_the_name_query(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    mocked.post(BASE + "computer/createItem", status=200)
    mocked.get(BASE + "computer/a1/api/json", json=COMPUTER)
    launcher = SSHLauncher("10.0.0.5", 2222, "key")
    assert nodes.create("a1", executors=3, labels=["linux"], launcher=launcher).display_name == "a1"
    method, path, query = sent(mocked)[0]
    assert (method, path, query) == ("POST", "computer/createItem", {"name": ["a1"]})
    post = _post(mocked)
    assert post.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(post.body)
    assert root.tag == "slave" and root.findtext("numExecutors") == "3"
    assert root.find("launcher").get("class") == "hudson.plugins.sshslaves.SSHLauncher"  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["", "a/b", " a", "x?", ".."])
def test_create_refuses_bad_names_without_asking(
    mocked: responses.RequestsMock, nodes: NodeOperations, bad: str
) -> None:
    with pytest.raises(errors.InvalidRef):
        nodes.create(bad)
    assert sent(mocked) == []


def test_delete_connect_disconnect(mocked: responses.RequestsMock, nodes: NodeOperations) -> None:
    for action in ("doDelete", "launchSlaveAgent", "doDisconnect"):
        mocked.post(BASE + f"computer/a1/{action}", status=302, headers={"Location": BASE})
    nodes.delete("a1")
    nodes.connect("a1")
    nodes.disconnect("a1", "maintenance")
    assert [p for _, p, _ in sent(mocked)] == [
        "computer/a1/doDelete",
        "computer/a1/launchSlaveAgent",
        "computer/a1/doDisconnect",
    ]
    assert form(_post(mocked, 2).body) == {"offlineMessage": ["maintenance"]}


def test_exists(mocked: responses.RequestsMock, nodes: NodeOperations) -> None:
    mocked.get(BASE + "computer/a1/api/json", json=COMPUTER)
    mocked.get(BASE + "computer/nope/api/json", status=404)
    assert nodes.exists("a1") and not nodes.exists("nope")
    assert sent(mocked)[0][2] == {"tree": ["displayName"]}


def test_config_round_trip_and_set_labels(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    mocked.get(BASE + "computer/a1/config.xml", body=CONFIG, content_type="application/xml")
    mocked.post(BASE + "computer/a1/config.xml", status=200)
    assert nodes.get_config("a1") == CONFIG
    nodes.set_labels("a1", ["linux", "arm64"])
    root = ET.fromstring(_post(mocked).body)
    assert root.findtext("label") == "linux arm64" and root.findtext("remoteFS") == "/r"
    with pytest.raises(errors.InvalidRef):
        nodes.set_labels("a1", ["two words"])


def test_agent_secret_is_the_first_jnlp_argument(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    jnlp = (
        "<jnlp><application-desc><argument>" + "ab" * 32 + "</argument><argument>a1</argument>"
        "<argument>-url</argument><argument>http://j/</argument></application-desc></jnlp>"
    )
    mocked.get(
        BASE + "computer/a1/jenkins-agent.jnlp",
        body=jnlp,
        content_type="application/x-java-jnlp-file",
    )
    assert nodes.agent_secret("a1") == "ab" * 32
    mocked.get(BASE + "computer/b1/jenkins-agent.jnlp", body="<html>login</html>")
    with pytest.raises(errors.ResponseShapeError):
        nodes.agent_secret("b1")


def test_log_reads_progressive_text_from_zero(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    mocked.get(
        BASE + "computer/a1/logText/progressiveText",
        body="line 1\r\nline 2\r\n",
        headers={"X-Text-Size": "14"},
    )
    assert nodes.log("a1") == "line 1\nline 2\n"
    assert sent(mocked)[0][2] == {"start": ["0"]}


def test_create_on_a_core_without_the_xml_path_posts_the_new_node_form(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    """Before 2.539 ``ComputerSet.doCreateItem`` answers an XML body "No mode given" (400); the
    agent is then created as the UI does, ``doDoCreateItem`` with ``name``, ``type``, ``json``."""
    mocked.post(BASE + "computer/createItem", status=400, headers={"X-Error": "No mode given"})
    mocked.get(BASE + "computer/a1/api/json", status=404)
    mocked.post(
        BASE + "computer/doCreateItem", status=302, headers={"Location": BASE + "computer/"}
    )
    mocked.get(BASE + "computer/a1/api/json", json=COMPUTER)
    launcher = SSHLauncher("10.0.0.5", 2222, "key", host_key_verification="non_verifying")
    nodes.create("a1", executors=3, labels=["linux"], description="d", launcher=launcher)
    assert [p for m, p, _ in sent(mocked) if m == "POST"] == [
        "computer/createItem",
        "computer/doCreateItem",
    ]
    body = form(_post(mocked, 1).body)
    assert body["name"] == ["a1"] and body["type"] == ["hudson.slaves.DumbSlave$DescriptorImpl"]
    submitted = json.loads(body["json"][0])
    assert {
        k: submitted[k] for k in ("numExecutors", "labelString", "mode", "nodeDescription")
    } == {
        "numExecutors": 3,
        "labelString": "linux",
        "mode": "NORMAL",
        "nodeDescription": "d",
    }
    bound = submitted["launcher"]
    assert bound["stapler-class"] == "hudson.plugins.sshslaves.SSHLauncher"
    assert (bound["host"], bound["port"], bound["credentialsId"]) == ("10.0.0.5", 2222, "key")
    strategy = bound["sshHostKeyVerificationStrategy"]["$class"]
    assert strategy == "hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy"


def test_create_an_existing_node_raises_the_400_without_the_form(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    mocked.post(BASE + "computer/createItem", status=400, headers={"X-Error": "exists"})
    mocked.get(BASE + "computer/a1/api/json", json=COMPUTER)
    with pytest.raises(errors.BadRequest):
        nodes.create("a1")
    assert [p for m, p, _ in sent(mocked) if m == "POST"] == ["computer/createItem"]


def test_agent_secret_falls_back_to_slave_agent_jnlp(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    """``SlaveComputer.doJenkinsAgentJnlp`` came with 2.264 (core commit 27a71f98); before it only
    ``slave-agent.jnlp`` answers. An unknown node is 404 on both."""
    jnlp = (
        "<jnlp><application-desc><argument>" + "cd" * 32 + "</argument></application-desc></jnlp>"
    )
    mocked.get(BASE + "computer/a1/jenkins-agent.jnlp", status=404)
    mocked.get(BASE + "computer/a1/slave-agent.jnlp", body=jnlp)
    assert nodes.agent_secret("a1") == "cd" * 32
    mocked.get(BASE + "computer/zz/jenkins-agent.jnlp", status=404)
    mocked.get(BASE + "computer/zz/slave-agent.jnlp", status=404)
    with pytest.raises(errors.NotFound):
        nodes.agent_secret("zz")


def test_one_label_string_is_jenkins_label_string(
    mocked: responses.RequestsMock, nodes: NodeOperations
) -> None:
    """``labels="linux docker"`` means two labels (Jenkins' own label string), not eleven
    one-letter ones."""
    mocked.post(BASE + "computer/createItem", status=200)
    mocked.get(BASE + "computer/a1/api/json", json=COMPUTER)
    mocked.get(BASE + "computer/a1/config.xml", body=CONFIG, content_type="application/xml")
    mocked.post(BASE + "computer/a1/config.xml", status=200)
    nodes.create("a1", labels="linux docker")
    assert ET.fromstring(_post(mocked).body).findtext("label") == "linux docker"
    nodes.set_labels("a1", "arm64  gpu")
    assert ET.fromstring(_post(mocked, 1).body).findtext("label") == "arm64 gpu"
