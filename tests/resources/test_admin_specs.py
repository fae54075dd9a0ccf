"""The typed administration inputs: the XML they render and the secrets they never show.

The XML shapes follow credentials-plugin ``UsernamePasswordCredentialsImpl``, plain-credentials
``StringCredentialsImpl``/``FileCredentialsImpl`` (``SecretBytes.fromString`` reads plain base64),
ssh-credentials ``BasicSSHUserPrivateKey$DirectEntryPrivateKeySource``, core's ``<slave>``
(``ComputerSetTest.createItemTest``) and ssh-slaves ``SSHLauncher`` (see docs/protocol-admin.md).
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from jenkins_sdk.specs import (
    InboundLauncher,
    SecretFile,
    SecretText,
    SSHLauncher,
    SSHPrivateKey,
    UsernamePassword,
    node_xml,
)

SECRET = "s3<cr&t>\r\nline2"


@pytest.mark.parametrize(
    ("spec", "field", "cls"),
    [
        (
            UsernamePassword("dep", "bob", SECRET, "d"),
            "password",
            "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",
        ),
        (
            SecretText("tok", SECRET),
            "secret",
            "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl",
        ),
        (
            SSHPrivateKey("key", "jenkins", SECRET),
            "privateKeySource/privateKey",
            "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey",
        ),
    ],
)
def test_credential_xml_carries_the_secret_exactly(spec: object, field: str, cls: str) -> None:
    root = ET.fromstring(spec.to_xml())  # type: ignore[attr-defined]
    assert root.tag == cls
    assert root.findtext(field) == SECRET  # escaping and the carriage return survive
    assert root.findtext("scope") == "GLOBAL"
    assert SECRET not in repr(spec) and "********" in repr(spec)


def test_secret_file_is_base64_of_its_bytes() -> None:
    spec = SecretFile("kc", "config", "apiVersion: v1\n")
    root = ET.fromstring(spec.to_xml())
    assert base64.b64decode(root.findtext("secretBytes") or "") == b"apiVersion: v1\n"
    assert root.findtext("fileName") == "config"
    assert "apiVersion" not in repr(spec)


def test_ssh_key_passphrase_is_optional_and_masked() -> None:
    without = ET.fromstring(SSHPrivateKey("k", "u", "KEY").to_xml())
    assert without.find("passphrase") is None
    spec = SSHPrivateKey("k", "u", "KEY", passphrase="PASS")
    assert ET.fromstring(spec.to_xml()).findtext("passphrase") == "PASS"
    assert "PASS" not in repr(spec) and "KEY" not in repr(spec)
    assert "passphrase=None" in repr(SSHPrivateKey("k", "u", "KEY"))


@pytest.mark.parametrize("bad", ["", " x", "x "])
def test_ids_are_checked(bad: str) -> None:
    with pytest.raises(ValueError, match="id"):
        SecretText(bad, "s")


def test_scope_is_checked() -> None:
    assert (
        ET.fromstring(SecretText("a", "s", scope="SYSTEM").to_xml()).findtext("scope") == "SYSTEM"
    )
    with pytest.raises(ValueError, match="scope"):
        SecretText("a", "s", scope="USER")  # type: ignore[arg-type]


def test_node_xml_for_an_inbound_agent() -> None:
    xml = node_xml(
        "a1",
        executors=2,
        remote_fs="/home/jenkins",
        labels=["linux", "docker"],
        description="d",
        mode="NORMAL",
        launcher=InboundLauncher(),
    )
    root = ET.fromstring(xml)
    assert root.tag == "slave"
    assert root.findtext("numExecutors") == "2" and root.findtext("label") == "linux docker"
    assert root.find("launcher").get("class") == "hudson.slaves.JNLPLauncher"  # type: ignore[union-attr]
    web = ET.fromstring(InboundLauncher(web_socket=True).to_xml())
    assert web.findtext("webSocket") == "true"


def test_ssh_launcher_xml() -> None:
    launcher = SSHLauncher("10.0.0.5", 2222, "key", host_key_verification="non_verifying")
    root = ET.fromstring(launcher.to_xml())
    assert root.get("class") == "hudson.plugins.sshslaves.SSHLauncher"
    assert (root.findtext("host"), root.findtext("port"), root.findtext("credentialsId")) == (
        "10.0.0.5",
        "2222",
        "key",
    )
    strategy = root.find("sshHostKeyVerificationStrategy")
    assert strategy is not None
    assert strategy.get("class", "").endswith("NonVerifyingKeyVerificationStrategy")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"executors": 0}, "executors"),
        ({"mode": "FAST"}, "mode"),
        ({"labels": ["two words"]}, "labels"),
    ],
)
def test_node_xml_checks_its_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "executors": 1,
        "remote_fs": "/r",
        "labels": [],
        "description": "",
        "mode": "NORMAL",
        "launcher": InboundLauncher(),
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        node_xml("a", **args)  # type: ignore[arg-type]


def test_ssh_launcher_checks_host_and_port() -> None:
    with pytest.raises(ValueError, match="port"):
        SSHLauncher("h", 0)
    with pytest.raises(ValueError, match="host"):
        SSHLauncher("")
