"""The nodes store: the built-in node and agents (``hudson.model.Computer`` / ``Node``).

Each node is a dict: ``executors``, ``labels`` (assigned labels, the agent's own name included),
``offline`` (taken offline by hand), ``cause``, ``description``; agents add ``remote_fs``,
``mode``, ``launcher`` (``{"kind": "inbound" | "ssh" | "other", "class", "host", "port",
"credentials_id"}``), ``connected`` (a remoting channel is open), ``log`` (the agent log's lines),
``config`` (the config.xml element as last posted) and, for SSH agents, ``connect_at`` (a launch
in progress); :attr:`NodeStore.ssh_errors` holds how a test wants SSH launches to end.

An agent created over HTTP starts disconnected (``SlaveComputer``: an inbound agent waits for its
process to connect; an SSH agent is launched, which the emulator completes after
``SSH_CONNECT_SECONDS`` unless the test arranged a failure). Agents declared with the builder are
connected.
"""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.state.items import EmulatorError, fail
from jenkins_sdk.testing.state.xmlbody import parse_body, set_text

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

BUILT_IN = "(built-in)"
JNLP_LAUNCHER = "hudson.slaves.JNLPLauncher"
SSH_LAUNCHER = "hudson.plugins.sshslaves.SSHLauncher"
#: How long an emulated SSH launch takes (virtual seconds; an approximation).
SSH_CONNECT_SECONDS = 1.0


def is_online(info: dict[str, Any]) -> bool:
    """Whether a node takes builds: not taken offline by hand, and its agent connected."""
    return not info.get("offline") and bool(info.get("connected", True))


class NodeStore:
    """Nodes by name (the built-in node first)."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.nodes: dict[str, dict[str, Any]] = {
            BUILT_IN: {"executors": 2, "labels": ["built-in"], "offline": False},
        }
        self.ssh_errors: dict[str, str | None] = {}
        """How SSH launches of an agent end (a test's arrangement; absent or None: connected)."""
        self._key = hashlib.sha256(f"jenkins-emulator-agent-secret:{state.seed}".encode()).digest()

    def secret(self, name: str) -> str:
        """``SlaveComputer.getJnlpMac()``: HMAC-SHA256 of the agent's name, 64 hex digits."""
        return hmac.new(self._key, name.encode("utf-8"), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------ create / update
    def create(self, xml: bytes, name: str | None, now_ms: int) -> str:
        """``computer/createItem`` with a config.xml body; returns the node's name."""
        root = parse_body(xml, "Unable to read the node")
        node_name = (name or "").strip() or (root.findtext("name") or "").strip()
        if not node_name:
            raise EmulatorError(400, "Invalid agent configuration. Name is empty")
        if node_name in self.nodes:
            raise fail(f"Node '{node_name}' already exists")
        set_text(root, "name", node_name)
        info: dict[str, Any] = {"offline": False, "cause": None, "connected": False, "log": []}
        apply_config(info, root, node_name)
        self.nodes[node_name] = info
        self.log(node_name, now_ms, "Agent created")
        if info["launcher"]["kind"] == "ssh":
            self.launch(node_name, now_ms)
        return node_name

    def update(self, name: str, xml: bytes) -> None:
        """``POST computer/NAME/config.xml``: the same node type, or 400."""
        info = self.nodes[name]
        root = parse_body(xml, "Unable to read the node")
        if root.tag != config_of(name, info).tag:
            raise EmulatorError(400, "Node types do not match")
        set_text(root, "name", name)
        apply_config(info, root, name)

    # ------------------------------------------------------------ channel
    def launch(self, name: str, now_ms: int) -> None:
        """``launchSlaveAgent``: an SSH launch starts (an inbound agent must connect itself)."""
        info = self.nodes[name]
        launcher = info["launcher"]
        if launcher["kind"] != "ssh":
            self.log(name, now_ms, "This agent connects to Jenkins (inbound); nothing to launch")
            return
        where = f"{launcher['host']}:{launcher['port']}"
        self.log(name, now_ms, f"[SSH] Opening SSH connection to {where}.")
        info["connect_at"] = now_ms + int(SSH_CONNECT_SECONDS * 1000)

    def connect(self, name: str, now_ms: int, how: str) -> None:
        """A remoting channel opens."""
        info = self.nodes[name]
        info["connected"] = True
        info.pop("connect_at", None)
        self.log(name, now_ms, how)
        self.log(name, now_ms, "Agent successfully connected and online")

    def disconnect(self, name: str, now_ms: int, reason: str | None, by: str) -> None:
        """``doDisconnect``: the channel closes (nothing happens when it is not open)."""
        info = self.nodes[name]
        if not info.get("connected", True):
            return
        info["connected"] = False
        text = f"Disconnected by {by}" + (f" : {reason}" if reason else "")
        info["disconnect_cause"] = text
        self.log(name, now_ms, text)

    def log(self, name: str, now_ms: int, line: str) -> None:
        """Append a line to the agent's log (``logs/slaves/NAME/slave.log``)."""
        self.nodes[name].setdefault("log", []).append(line)

    def tick(self, now_ms: int) -> None:
        """SSH launches that are due complete (or fail as the test arranged)."""
        for name, info in self.nodes.items():
            due = info.get("connect_at")
            if due is None or now_ms < due:
                continue
            error = self.ssh_errors.get(name)
            if error:
                info.pop("connect_at", None)
                self.log(name, due, f"ERROR: {error}")
                self.log(name, due, "[SSH] Connection closed.")
            else:
                self.connect(name, due, "[SSH] Authentication successful.")


# ---------------------------------------------------------------------------- the node form
#: What ``computer/doCreateItem``'s ``type`` may name for a permanent agent
#: (``Descriptor.find``: the descriptor's class name, or its id, the node class).
DUMB_SLAVE_TYPES = frozenset({"hudson.slaves.DumbSlave$DescriptorImpl", "hudson.slaves.DumbSlave"})


def _bound_class(value: object) -> str:
    """The class a stapler form object binds to (``$class``, else ``stapler-class``)."""
    if not isinstance(value, dict):
        return ""
    return str(value.get("$class") or value.get("stapler-class") or "")


def node_from_form(name: str, form: dict[str, Any]) -> ET.Element:
    """The ``<slave>`` a ``DumbSlave`` bound from the "New node" form's ``json`` would write."""
    root = ET.Element("slave")
    fields = {
        "name": name,
        "description": form.get("nodeDescription") or "",
        "remoteFS": form.get("remoteFS") or "",
        "numExecutors": str(form.get("numExecutors") or 1),
        "mode": str(form.get("mode") or "NORMAL"),
    }
    for tag, text in fields.items():
        set_text(root, tag, str(text))
    ET.SubElement(root, "retentionStrategy", {"class": _bound_class(form.get("retentionStrategy"))})
    raw = form.get("launcher")
    launcher = ET.SubElement(root, "launcher", {"class": _bound_class(raw)})
    for key, value in (raw if isinstance(raw, dict) else {}).items():
        if key in ("$class", "stapler-class") or isinstance(value, dict):
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        set_text(launcher, key, text)
    set_text(root, "label", str(form.get("labelString") or ""))
    return root


# ---------------------------------------------------------------------------- config.xml
def _launcher(root: ET.Element) -> dict[str, Any]:
    el = root.find("launcher")
    cls = el.get("class", "") if el is not None else ""
    if cls == JNLP_LAUNCHER and el is not None:
        return {"kind": "inbound", "class": cls, "web_socket": el.findtext("webSocket") == "true"}
    if cls == SSH_LAUNCHER and el is not None:
        port = el.findtext("port") or "22"
        return {
            "kind": "ssh",
            "class": cls,
            "host": el.findtext("host") or "",
            "port": int(port) if port.isdigit() else 22,
            "credentials_id": el.findtext("credentialsId") or None,
        }
    return {"kind": "other", "class": cls}


def apply_config(info: dict[str, Any], root: ET.Element, name: str) -> None:
    """Read a node's fields from its config.xml element (kept for ``GET config.xml``)."""
    executors = (root.findtext("numExecutors") or "1").strip()
    labels = (root.findtext("label") or "").split()
    info.update(
        config=root,
        executors=int(executors) if executors.isdigit() else 1,
        labels=[*labels, name],
        description=root.findtext("description") or "",
        remote_fs=root.findtext("remoteFS") or "",
        mode=(root.findtext("mode") or "NORMAL").strip(),
        launcher=_launcher(root),
    )


def config_of(name: str, info: dict[str, Any]) -> ET.Element:
    """The node's config.xml element (made up for agents the builder declared)."""
    config = info.get("config")
    if isinstance(config, ET.Element):
        return config
    root = ET.Element("slave")
    for tag, value in (
        ("name", name),
        ("description", info.get("description", "")),
        ("remoteFS", info.get("remote_fs", "/home/jenkins")),
        ("numExecutors", str(info.get("executors", 1))),
        ("mode", info.get("mode", "NORMAL")),
    ):
        ET.SubElement(root, tag).text = value
    ET.SubElement(root, "retentionStrategy", {"class": "hudson.slaves.RetentionStrategy$Always"})
    ET.SubElement(root, "launcher", {"class": JNLP_LAUNCHER})
    labels = [label for label in info.get("labels", []) if label != name]
    ET.SubElement(root, "label").text = " ".join(labels)
    ET.SubElement(root, "nodeProperties")
    return root


def config_xml(name: str, info: dict[str, Any]) -> bytes:
    """``GET computer/NAME/config.xml`` (XStream's UTF-8 output with Jenkins' XML 1.1 prolog)."""
    body = ET.tostring(config_of(name, info), encoding="unicode")
    return ("<?xml version='1.1' encoding='UTF-8'?>\n" + body).encode("utf-8")
