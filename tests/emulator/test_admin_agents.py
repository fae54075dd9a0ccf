"""Agent administration: create from config.xml, config.xml, delete, launch, disconnect, the log
and the inbound secret.

Grounded in ``core/src/main/java/hudson/model/ComputerSet.java`` (``doCreateItem``),
``hudson/model/Computer.java`` (``doConfigDotXml``, ``doDoDelete``, ``getLogText``),
``hudson/slaves/SlaveComputer.java`` (``doLaunchSlaveAgent``, ``doDoDisconnect``,
``doJenkinsAgentJnlp``, ``getJnlpMac``), ``jenkins/model/Jenkins.java`` (``MasterComputer``) and
ssh-agents ``hudson/plugins/sshslaves/SSHLauncher.java``.
"""

from __future__ import annotations

import html
import re

import requests

from jenkins_sdk.testing import JenkinsEmulator

XML = {"Content-Type": "application/xml"}
INBOUND = (
    "<slave><name>from-xml</name><description>d</description><remoteFS>/home/jenkins</remoteFS>"
    "<numExecutors>2</numExecutors><mode>NORMAL</mode>"
    '<retentionStrategy class="hudson.slaves.RetentionStrategy$Always"/>'
    '<launcher class="hudson.slaves.JNLPLauncher"/><label>linux docker</label>'
    "<nodeProperties/></slave>"
)
SSH = (
    "<slave><name>ssh-1</name><remoteFS>/var/jenkins</remoteFS><numExecutors>1</numExecutors>"
    '<mode>EXCLUSIVE</mode><launcher class="hudson.plugins.sshslaves.SSHLauncher">'
    "<host>10.0.0.5</host><port>2222</port><credentialsId>agent-key</credentialsId>"
    "</launcher><label></label><nodeProperties/></slave>"
)


def _create(http: requests.Session, emu: JenkinsEmulator, xml: str, name: str | None = None) -> int:
    params = {"name": name} if name else None
    r = http.post(emu.url + "computer/createItem", params=params, data=xml, headers=XML)
    return r.status_code


def test_create_from_xml_is_200_and_the_query_name_wins(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``ComputerSet.doCreateItem`` with an XML body: 200, empty; ``?name=`` overrides ``<name>``
    (core's own ``ComputerSetTest.createItemTest``)."""
    assert _create(http, emu, INBOUND) == 200
    assert _create(http, emu, INBOUND, name="renamed") == 200
    node = http.get(emu.url + "computer/renamed/api/json").json()
    assert node["numExecutors"] == 2
    assert [lbl["name"] for lbl in node["assignedLabels"]] == ["linux", "docker", "renamed"]
    assert node["jnlpAgent"] is True and node["launchSupported"] is False
    assert node["offline"] is True and node["temporarilyOffline"] is False  # not connected yet


def test_create_an_existing_name_is_400(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``Failure("Node 'X' already exists")``; the form path without ``mode``: "No mode given"."""
    assert _create(http, emu, INBOUND) == 200
    r = http.post(emu.url + "computer/createItem", data=INBOUND, headers=XML)
    assert r.status_code == 400 and "Node 'from-xml' already exists" in html.unescape(r.text)
    r = http.post(emu.url + "computer/createItem", data={"name": "x"})
    assert r.status_code == 400 and "No mode given" in r.text


def test_config_xml_round_trip_and_type_check(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``Computer.doConfigDotXml``: GET ``application/xml``, POST replaces (200), another node
    class is 400 "Node types do not match"; the built-in node answers 400."""
    _create(http, emu, INBOUND)
    r = http.get(emu.url + "computer/from-xml/config.xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/xml")
    changed = r.text.replace("<label>linux docker</label>", "<label>arm</label>")
    assert http.post(emu.url + "computer/from-xml/config.xml", data=changed, headers=XML).ok
    labels = http.get(emu.url + "computer/from-xml/api/json").json()["assignedLabels"]
    assert [lbl["name"] for lbl in labels] == ["arm", "from-xml"]
    other = changed.replace("<slave>", "<other>").replace("</slave>", "</other>")
    r = http.post(emu.url + "computer/from-xml/config.xml", data=other, headers=XML)
    assert r.status_code == 400 and "Node types do not match" in r.text
    assert http.get(emu.url + "computer/(built-in)/config.xml").status_code == 400


def test_inbound_secret_is_the_first_jnlp_argument(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``jenkins-agent.jnlp.jelly``: ``<argument>${it.jnlpMac}</argument>`` first, 64 hex
    digits (HMAC-SHA256), the same for ``slave-agent.jnlp``; the agent connects with it."""
    _create(http, emu, INBOUND)
    r = http.get(emu.url + "computer/from-xml/jenkins-agent.jnlp")
    assert r.headers["Content-Type"].startswith("application/x-java-jnlp-file")
    secret = re.search(r"<argument>([0-9a-f]{64})</argument><argument>from-xml<", r.text)
    assert secret is not None and secret.group(1) == emu.agent_secret("from-xml")
    assert http.get(emu.url + "computer/from-xml/slave-agent.jnlp").text == r.text
    assert emu.connect_agent("from-xml", "0" * 64) is False
    assert emu.connect_agent("from-xml", secret.group(1)) is True
    assert http.get(emu.url + "computer/from-xml/api/json").json()["offline"] is False
    assert http.get(emu.url + "computer/(built-in)/jenkins-agent.jnlp").status_code == 404


def test_ssh_agent_launch_connects_or_fails_as_arranged(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """An SSH agent is launched on creation; ``launchSlaveAgent`` retries: 302 to ``log``; when
    connected, the "already launched" page."""
    emu.ssh_outcome("ssh-1", "Authentication failed.")
    assert _create(http, emu, SSH) == 200
    emu.advance(2)
    log = http.get(emu.url + "computer/ssh-1/logText/progressiveText").text
    assert "Opening SSH connection to 10.0.0.5:2222" in log and "Authentication failed." in log
    assert http.get(emu.url + "computer/ssh-1/api/json").json()["offline"] is True
    emu.ssh_outcome("ssh-1", None)
    r = http.post(emu.url + "computer/ssh-1/launchSlaveAgent", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/computer/ssh-1/log")
    emu.advance(2)
    node = http.get(emu.url + "computer/ssh-1/api/json").json()
    assert node["offline"] is False and node["jnlpAgent"] is False
    again = http.post(emu.url + "computer/ssh-1/launchSlaveAgent", allow_redirects=False)
    assert again.status_code == 200 and "already launched" in again.text


def test_disconnect_and_delete(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``doDoDisconnect``: 302 to ``.``; ``doDoDelete``: 302 to ``..``, then 404; the built-in
    node cannot be deleted (403); GET is 405."""
    emu.agent("a1")
    r = http.post(
        emu.url + "computer/a1/doDisconnect",
        data={"offlineMessage": "maint"},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/computer/a1/")
    assert http.get(emu.url + "computer/a1/api/json").json()["offline"] is True
    assert "Disconnected by admin : maint" in emu.agent_log("a1")
    assert http.get(emu.url + "computer/a1/doDelete").status_code == 405
    r = http.post(emu.url + "computer/a1/doDelete", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/computer/")
    assert http.get(emu.url + "computer/a1/api/json").status_code == 404
    assert http.post(emu.url + "computer/(built-in)/doDelete").status_code == 403
    # doDoDisconnect is SlaveComputer's: the built-in node (MasterComputer) has none
    assert http.post(emu.url + "computer/(built-in)/doDisconnect").status_code == 404


def test_agent_log_is_progressive_text(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``Computer.getLogText``: ``X-Text-Size`` is the next offset, lines end in CRLF."""
    _create(http, emu, INBOUND)
    first = http.get(emu.url + "computer/from-xml/logText/progressiveText")
    size = int(first.headers["X-Text-Size"])
    assert first.text.endswith("\r\n") and size > 0
    emu.connect_agent("from-xml")
    more = http.get(emu.url + "computer/from-xml/logText/progressiveText", params={"start": size})
    assert "Inbound agent connected" in more.text
