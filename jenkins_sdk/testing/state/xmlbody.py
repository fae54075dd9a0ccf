"""Reading the XML bodies Jenkins is sent (config.xml of nodes, credentials, views)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from jenkins_sdk.testing.state.items import EmulatorError


def parse_body(xml: bytes, what: str) -> ET.Element:
    """Parse a posted body; malformed XML is a 500, as XStream's and ``XMLUtils.safeTransform``'s
    exceptions are in Jenkins."""
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise EmulatorError(500, f"java.io.IOException: {what}: {exc}") from None


def set_text(root: ET.Element, tag: str, value: str) -> None:
    """Set (adding it when missing) the text of ``root``'s child ``tag``."""
    el = root.find(tag)
    if el is None:
        el = ET.SubElement(root, tag)
    el.text = value
