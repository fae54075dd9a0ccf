"""The views store: list views of the root and of folders (``hudson.model.ListView``); every owner
also has its implicit ``all`` view (``hudson.model.AllView``).

A list view holds job names relative to its owner (``jobNames``, a case-insensitive set), an
optional ``includeRegex`` and ``recurse`` (then names may reach into sub-folders,
``folder/job``), as ``ListView.getItems`` reads them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jenkins_sdk.testing.state.items import EmulatorError, Folder, Item

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

LIST_VIEW = "hudson.model.ListView"
ALL = "all"


@dataclass
class ListView:
    """A list view (the fields of its config.xml the emulator acts on)."""

    name: str
    jobs: list[str] = field(default_factory=list)
    regex: str | None = None
    recurse: bool = False
    description: str | None = None
    element: ET.Element | None = None  # the last config.xml posted (kept for GET)

    def has(self, name: str) -> bool:
        """Whether ``name`` is in ``jobNames`` (case-insensitive, as its TreeSet)."""
        return name.lower() in (j.lower() for j in self.jobs)


class ViewStore:
    """List views by owner (``""`` for the root, else a folder's full name) and name."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.owners: dict[str, dict[str, ListView]] = {"": {}}

    @property
    def views(self) -> dict[str, ListView]:
        """The root's list views."""
        return self.owners[""]

    def of(self, owner: str) -> dict[str, ListView]:
        """The list views of an owner."""
        return self.owners.setdefault(owner, {})

    def items(self, owner: Folder, view: ListView) -> list[Item]:
        """``ListView.getItems``: named jobs and regex matches, in the owner's order."""
        pattern = _compile(view.regex)
        out: list[Item] = []
        for rel, item in _candidates(owner, view.recurse):
            if view.has(rel) or (pattern is not None and pattern.fullmatch(rel)):
                out.append(item)
        return out


def _compile(regex: str | None) -> re.Pattern[str] | None:
    if not regex:
        return None
    try:
        return re.compile(regex)
    except re.error:
        return None  # ListView.readResolve drops an invalid includeRegex


def _candidates(owner: Folder, recurse: bool, prefix: str = "") -> list[tuple[str, Item]]:
    out: list[tuple[str, Item]] = []
    for child in owner.children.values():
        rel = prefix + child.name
        out.append((rel, child))
        if recurse and isinstance(child, Folder):
            out.extend(_candidates(child, recurse, rel + "/"))
    return out


def resolve_name(owner: Folder, name: str) -> str | None:
    """``ListView.resolveName``: a child of the owner, else a path relative to it; returns the
    name as the view stores it (relative to the owner), or None."""
    if name in owner.children:
        return name
    node: Item = owner
    for part in name.strip("/").split("/"):
        if not isinstance(node, Folder) or part not in node.children:
            return None
        node = node.children[part]
    return name.strip("/")


# ---------------------------------------------------------------------------- config.xml
def from_xml(element: ET.Element, name: str) -> ListView:
    """A list view from its config.xml (``createView`` with XML, ``POST config.xml``)."""
    if element.tag != LIST_VIEW:
        raise EmulatorError(500, f"java.io.IOException: Expecting view type: {LIST_VIEW}")
    jobs_el = element.find("jobNames")
    jobs = [s.text or "" for s in jobs_el.findall("string")] if jobs_el is not None else []
    regex = (element.findtext("includeRegex") or "").strip() or None
    return ListView(
        name=name,
        jobs=sorted(set(jobs), key=str.lower),
        regex=regex,
        recurse=(element.findtext("recurse") or "").strip() == "true",
        description=element.findtext("description"),
        element=element,
    )


def to_xml(view: ListView) -> bytes:
    """``GET view/NAME/config.xml`` (``View.writeXml``)."""
    root = ET.Element(LIST_VIEW)
    ET.SubElement(root, "name").text = view.name
    if view.description:
        ET.SubElement(root, "description").text = view.description
    ET.SubElement(root, "filterExecutors").text = "false"
    ET.SubElement(root, "filterQueue").text = "false"
    ET.SubElement(root, "properties", {"class": "hudson.model.View$PropertyList"})
    names = ET.SubElement(root, "jobNames")
    ET.SubElement(names, "comparator", {"class": "java.lang.String$CaseInsensitiveComparator"})
    for job in sorted(view.jobs, key=str.lower):
        ET.SubElement(names, "string").text = job
    ET.SubElement(root, "jobFilters")
    columns = ET.SubElement(root, "columns")
    for col in ("Status", "Weather", "Job", "LastSuccess", "LastFailure", "LastDuration"):
        ET.SubElement(columns, f"hudson.views.{col}Column")
    ET.SubElement(columns, "hudson.views.BuildButtonColumn")
    if view.regex:
        ET.SubElement(root, "includeRegex").text = view.regex
    ET.SubElement(root, "recurse").text = "true" if view.recurse else "false"
    body = ET.tostring(root, encoding="unicode")
    return ("<?xml version='1.1' encoding='UTF-8'?>\n" + body).encode("utf-8")
