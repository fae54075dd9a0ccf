"""Constants and helpers shared by the core unit tests (imported by conftest and tests)."""

from __future__ import annotations

from pathlib import Path

BASE = "http://jenkins.test/ctx/"
PAYLOADS = Path(__file__).parent / "payloads"
TOKEN = "0123456789abcdef0123456789abcdef01"
PASSWORD = "s3cret-Password!"
CRUMB_VALUE = "c0ffee" * 10 + "abcd"
CRUMB_JSON = {
    "_class": "hudson.security.csrf.DefaultCrumbIssuer",
    "crumb": CRUMB_VALUE,
    "crumbRequestField": "Jenkins-Crumb",
}


#: The emulator's conformance tests hold the captures both suites use (one copy of each).
SHARED_PAYLOADS = PAYLOADS.parents[1] / "emulator" / "payloads"


def payload(name: str) -> str:
    """Text of a captured payload (tests/http/payloads, else the shared tests/emulator/payloads)."""
    path = PAYLOADS / name
    if not path.exists():
        path = SHARED_PAYLOADS / name
    return path.read_text(encoding="utf-8")
