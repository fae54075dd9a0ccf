"""Helpers shared by the recording tests (simulation, hostile servers, the secrets tour)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any


def recording_text(path: Path) -> str:
    """A recording file's text with every base64 body decoded (latin-1) after it, so a search
    of the result finds secrets in binary bodies too."""
    text = path.read_text(encoding="utf-8")
    decoded: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "base64" and isinstance(value, str):
                    decoded.append(base64.b64decode(value).decode("latin-1"))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    return "\n".join([text, *decoded])
