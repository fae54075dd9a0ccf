"""Scan every committed recording (``recordings/**/*.json``) for anything that looks like a secret.

The scanner is tested on planted secrets first, so an empty ``recordings/`` still exercises it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = sorted((ROOT / "recordings").glob("**/*.json"))

# Each pattern matches a secret that scrubbing should have replaced by a <kind-N> placeholder.
PATTERNS = {
    "session cookie": re.compile(r"JSESSIONID[.\w]*=(?!<session-\d+>)[^;\s\"\\]+"),
    "crumb value": re.compile(r"crumb\\?\"\s*:\s*\\?\"(?!<crumb-\d+>)[^\"\\]+"),
    "token value": re.compile(
        r"(?i)(?:tokenValue|apiToken)\\?\"\s*:\s*\\?\"(?!<token-\d+>)[^\"\\]+"
    ),
    "authorization header": re.compile(r"\"(?:Authorization|Cookie)\"\s*:"),
    "basic credentials": re.compile(r"Basic [A-Za-z0-9+/]{8,}={0,2}"),
    "jenkins api token": re.compile(r"\b11[0-9a-f]{32}\b"),
}


def find_secrets(text: str) -> list[str]:
    """Return ``"<what>: <match>"`` for every suspicious string in a recording's text."""
    return [
        f"{name}: {m.group(0)[:60]}" for name, rx in PATTERNS.items() for m in rx.finditer(text)
    ]


@pytest.mark.parametrize(
    "planted",
    [
        '"Set-Cookie": ["JSESSIONID.1a2b3c4d=node01abc123; Path=/"]',
        '{"text": "{\\"crumb\\":\\"4f1e2d\\",\\"crumbRequestField\\":\\"Jenkins-Crumb\\"}"}',
        '"tokenValue": "secretvalue"',
        '"headers": {"Authorization": ["Basic YWxpY2U6cHc="]}',
        "Basic YWxpY2U6c2VjcmV0",
        "11a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
    ],
    ids=["cookie", "crumb", "token", "auth-header", "basic", "api-token"],
)
def test_scanner_catches_planted_secrets(planted: str) -> None:
    assert find_secrets(planted)


def test_scanner_accepts_placeholders() -> None:
    clean = (
        '"Set-Cookie": ["JSESSIONID.1a2b3c4d=<session-1>; Path=/"], '
        '"body": {"text": "{\\"crumb\\":\\"<crumb-1>\\",\\"tokenValue\\":\\"<token-2>\\"}"}'
    )
    assert find_secrets(clean) == []


@pytest.mark.parametrize("path", RECORDINGS, ids=[str(p.relative_to(ROOT)) for p in RECORDINGS])
def test_committed_recording_holds_no_secret(path: Path) -> None:
    assert find_secrets(path.read_text(encoding="utf-8")) == []
