"""Nodes: list agents and the built-in node, read one, take it offline or bring it online."""

from __future__ import annotations

import builtins
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jenkins_sdk import errors
from jenkins_sdk.models import Computer, ComputerSet
from jenkins_sdk.specs import InboundLauncher, Launcher, node_form, node_xml

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["BUILT_IN", "NodeOperations", "node_path"]

#: The URL name of the controller's own node (``master`` before Jenkins 2.307).
BUILT_IN = "(built-in)"
_BUILT_IN_ALIASES = frozenset({"", "built-in", "built-in node", "master", "(master)"})
_RAW_SAFE = "!$&'()*+,-.=@_"
_XML = {"Content-Type": "application/xml; charset=UTF-8"}
#: The descriptor ``computer/doCreateItem`` is asked for (``NodeDescriptor.all().find(type)``).
_DUMB_SLAVE = "hudson.slaves.DumbSlave$DescriptorImpl"


def node_path(name: str) -> str:
    """The relative URL path of a node (``computer/<name>/``), its name encoded as Jenkins does."""
    url_name = BUILT_IN if name.strip().lower() in _BUILT_IN_ALIASES else name
    # Jenkins' own rawEncode leaves these characters alone (its node URLs read "(built-in)").
    return f"computer/{quote(url_name, safe=_RAW_SAFE)}/"


def _check_name(name: str) -> None:
    """A new node's name: what ``Jenkins.checkGoodName`` allows (the XML path of createItem
    does not check it, so the SDK does)."""
    bad = set("?*/\\%!@#$^&|<>[]:;")
    if (
        not name
        or name.strip() != name
        or name in (".", "..")
        or name.endswith(".")
        or any(c in bad or ord(c) < 32 for c in name)
    ):
        raise errors.InvalidRef(f"{name!r} cannot be a node name")


def _words(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels as a sequence; one string is Jenkins' own label string ("linux docker"), not a
    sequence of one-letter labels."""
    return tuple(labels.split()) if isinstance(labels, str) else tuple(labels)


class NodeOperations:
    """Operations on build nodes (agents and the built-in node), reached as ``client.nodes``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(self) -> builtins.list[Computer]:
        """Return every node, the built-in one included."""
        nodes = self._requester.get_model("computer/api/json", ComputerSet)
        return builtins.list(nodes.computer or [])

    def get(self, name: str) -> Computer:
        """Return one node; ``"(built-in)"``, ``"master"`` or ``""`` name the controller's own."""
        return self._requester.get_model(f"{node_path(name)}api/json", Computer)

    def set_offline(self, name: str, reason: str = "") -> None:
        """Take a node offline with ``reason`` (or just update the reason if already offline)."""
        # toggleOffline brings a node taken offline by hand back: only changeOfflineCause is safe
        # then (Computer.doToggleOffline); a disconnected agent is not "temporarily offline".
        action = "changeOfflineCause" if self.get(name).temporarily_offline else "toggleOffline"
        self._requester.post(f"{node_path(name)}{action}", data={"offlineMessage": reason})

    def set_online(self, name: str) -> None:
        """Bring a node taken offline by hand back online (does nothing if it is not; a
        disconnected agent needs :meth:`connect`)."""
        if self.get(name).temporarily_offline:
            self._requester.post(f"{node_path(name)}toggleOffline")

    # --- administration (docs/protocol-admin.md section 1) ----------------------------------

    def create(
        self,
        name: str,
        *,
        executors: int = 1,
        remote_fs: str = "/home/jenkins",
        labels: Iterable[str] = (),
        description: str = "",
        mode: str = "NORMAL",
        launcher: Launcher | None = None,
    ) -> Computer:
        """Create a permanent agent (``computer/createItem`` with its config.xml; on Jenkins
        before 2.539, which has no such path, the form ``computer/doCreateItem``) and return it.

        ``launcher`` is :class:`~jenkins_sdk.specs.InboundLauncher` (the default: the agent
        connects with :meth:`agent_secret`) or :class:`~jenkins_sdk.specs.SSHLauncher`.
        ``labels`` is a sequence of labels, or one string split on blanks as Jenkins does.

        Raises:
            BadRequest: a node of that name exists.
            InvalidRef: the name cannot be a node name.
        """
        _check_name(name)
        settings: dict[str, Any] = {
            "executors": executors,
            "remote_fs": remote_fs,
            "labels": _words(labels),
            "description": description,
            "mode": mode,
            "launcher": launcher or InboundLauncher(),
        }
        xml = node_xml(name, **settings)
        try:
            self._requester.post(
                "computer/createItem",
                params={"name": name},
                data=xml.encode(),
                headers=_XML,
                ok=(200,),
            )
        except errors.BadRequest:
            # Before 2.539 createItem has no XML path (400 "No mode given"): post the form the
            # "New node" page posts instead. A 400 for an existing node is the real answer.
            if self.exists(name):
                raise
            form = {
                "name": name,
                "type": _DUMB_SLAVE,
                "json": json.dumps(node_form(name, **settings)),
            }
            self._requester.post("computer/doCreateItem", data=form, ok=(200, 302, 303))
        return self.get(name)

    def delete(self, name: str) -> None:
        """Delete an agent (``doDelete``; the built-in node cannot be deleted)."""
        self._requester.post(f"{node_path(name)}doDelete")

    def exists(self, name: str) -> bool:
        """Whether a node of that name exists."""
        return self._requester.exists(f"{node_path(name)}api/json", tree="displayName")

    def get_config(self, name: str) -> str:
        """Return an agent's config.xml (the built-in node has none: 400)."""
        return self._requester.get_text(f"{node_path(name)}config.xml")

    def update_config(self, name: str, xml: str) -> None:
        """Replace an agent's config.xml (the same node type; Jenkins answers 400 otherwise)."""
        path = f"{node_path(name)}config.xml"
        self._requester.post(path, data=xml.encode("utf-8"), headers=_XML, ok=(200,))

    def set_labels(self, name: str, labels: Iterable[str]) -> None:
        """Replace an agent's labels (its config.xml's ``<label>``; the rest is kept)."""
        words = [label.strip() for label in _words(labels)]
        if any(not w or any(c.isspace() for c in w) for w in words):
            raise errors.InvalidRef("labels must be non-empty words without blanks")
        try:
            root = ET.fromstring(self.get_config(name))
        except ET.ParseError as exc:
            raise errors.ResponseShapeError(f"the config.xml of {name} is not XML: {exc}") from None
        label = root.find("label")
        if label is None:
            label = ET.SubElement(root, "label")
        label.text = " ".join(words)
        self.update_config(name, ET.tostring(root, encoding="unicode"))

    def connect(self, name: str) -> None:
        """Launch an agent (``launchSlaveAgent``): an SSH agent is started; an inbound agent
        must connect by itself. Returns at once; poll :meth:`get` for ``offline``."""
        self._requester.post(f"{node_path(name)}launchSlaveAgent")

    def disconnect(self, name: str, reason: str = "") -> None:
        """Close an agent's connection (``doDisconnect``); nothing happens if it is not open."""
        data = {"offlineMessage": reason} if reason else None
        self._requester.post(f"{node_path(name)}doDisconnect", data=data)

    def agent_secret(self, name: str) -> str:
        """Return the secret an inbound agent connects with (``jenkins-agent.jnlp``'s first
        argument; ``java -jar agent.jar -url ... -name NAME -secret SECRET``)."""
        try:
            text = self._requester.get_text(f"{node_path(name)}jenkins-agent.jnlp")
        except errors.NotFound:
            # before 2.264 the file has only its old name (still served, for compatibility)
            text = self._requester.get_text(f"{node_path(name)}slave-agent.jnlp")
        try:
            first = ET.fromstring(text).find(".//application-desc/argument")
        except ET.ParseError:
            first = None
        secret = (first.text or "").strip() if first is not None else ""
        if not secret:
            raise errors.ResponseShapeError(f"jenkins-agent.jnlp of {name} carries no secret")
        return secret

    def log(self, name: str) -> str:
        """Return an agent's log (``logText/progressiveText``: connections, launches, errors)."""
        chunk = self._requester.progressive(f"{node_path(name)}logText/progressiveText", 0)
        return chunk.data.decode("utf-8", "replace").replace("\r\n", "\n")
