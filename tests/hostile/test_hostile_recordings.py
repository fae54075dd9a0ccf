"""Recordings made against hostile servers (issue 18 items 4 and 11), over real sockets.

* A server that echoes every secret it was sent back in one spelling per test (raw, JSON-escaped,
  percent-encoded, form-encoded, HTML-escaped, base64 of ``user:secret``) — also in later answers,
  the way Jenkins echoes a build's parameters — while the client records: the API token, a
  multi-line PEM key and a file parameter named in ``sensitive_params``, and a parameter the
  secrets policy calls sensitive by its name. The saved file (base64 bodies decoded) holds none
  of them in any spelling of :func:`jenkins_sdk._secrets.spellings`.
* A deeply nested JSON answer (a corrupt response) must not lose the recording: the file is
  written, the body kept as scrubbed text (a secret inside it learnt from the text), and the
  recording replays (the deep answer again as ``ResponseDecodeError``, never ``RecursionError``).
* A recording file that nests deeper than the loader takes is ``SimulationCorrupted``.

The single places under test: ``jenkins_sdk/simulation/scrub.py`` (what is learnt and how it is
replaced, through the one secrets policy) and ``jenkins_sdk/simulation/_json.py`` (every JSON
the simulation parses is bounded in depth).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk._secrets import basic_credential, spellings
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.simulation import Recording
from tests.hostile._hostile_server import HostileServer, Seen, http_response
from tests.simulation._helpers import recording_text

USER = "recorder"
TOKEN = "rec-token-6f1e9a2b7c3d"
PEM = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBq0rVtm1q8sXQf8yqg2m1g7Vt3q0Q0b1nJ5gW5uQ9m3AAAAJgAAAAA+===\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
FILE_SECRET = "keystore-secret: 7d1c+aa/b2==&x=y <tag> \"quoted\" 'single'\nsecond line 42"
POLICY_SECRET = "policy-secret-9b8a7c6d&/+="  # in a parameter named like a password
SENSITIVE = ("DEPLOY_KEY", "SIGNING_FILE")
SECRETS = {
    "token": TOKEN,
    "pem": PEM,
    "file parameter": FILE_SECRET,
    "policy-named parameter": POLICY_SECRET,
}

ECHO: dict[str, Callable[[str], str]] = {
    "raw": lambda v: v,
    "json-escaped": lambda v: json.dumps(v)[1:-1],
    "percent-encoded": lambda v: urllib.parse.quote(v, safe=""),
    "form-encoded": lambda v: urllib.parse.quote_plus(v, safe=""),
    "html-escaped": lambda v: html.escape(v),
    "crlf-lines": lambda v: v.replace("\n", "\r\n"),
}


def _values(seen: Seen) -> list[str]:
    """Every secret a request carried: the password part of its Basic credential, its form
    fields and multipart parts (decoded)."""
    found: list[str] = []
    auth = seen.headers.get("authorization", "")
    if auth.startswith("Basic "):
        found.append(base64.b64decode(auth[6:]).decode().partition(":")[2])
    kind = seen.headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        found += [v for _, v in urllib.parse.parse_qsl(seen.body.decode("latin-1"))]
    elif kind.startswith("multipart/"):
        boundary = b"--" + kind.partition("boundary=")[2].encode()
        for part in seen.body.split(boundary):
            head, _, content = part.partition(b"\r\n\r\n")
            if b"name=" in head:
                found.append(content.removesuffix(b"\r\n").decode("utf-8", "replace"))
    return [v for v in found if v]


class Echo:
    """Answers every request with every secret sent so far, in one spelling."""

    def __init__(self, spelling: str) -> None:
        self.spelling = spelling
        self.sent: list[str] = []

    def __call__(self, conn: Any, seen: Seen, server: HostileServer) -> bool:
        self.sent += _values(seen)
        auth = seen.headers.get("authorization", "").partition(" ")[2]
        echoed = [ECHO[self.spelling](v) for v in self.sent]
        text = "\n".join([f"auth={auth}", *echoed])
        if seen.method == "POST":
            location = f"http://127.0.0.1:{server.port}/queue/item/5/"
            headers = [("Location", location), ("Content-Type", "text/plain")]
            conn.sendall(http_response(201, text.encode(), headers, reason="Created"))
        elif "api/json" in seen.target:
            params = [{"name": f"P{i}", "value": v} for i, v in enumerate(self.sent)]
            body = {"echo": text, "actions": [{"parameters": params}], "number": 5}
            conn.sendall(
                http_response(
                    200, json.dumps(body).encode(), [("Content-Type", "application/json")]
                )
            )
        else:
            conn.sendall(http_response(200, text.encode(), [("Content-Type", "text/html")]))
        return True


def _client(url: str) -> JenkinsClient:
    return JenkinsClient(
        url=url,
        username=USER,
        api_token=TOKEN,
        retry={"total": 0},
        read_timeout=5.0,
        clock=ManualClock(),
        sensitive_params=SENSITIVE,
    )


def leaks(text: str) -> list[str]:
    """Which secret, in which spelling, ``text`` still holds."""
    found = []
    for name, secret in SECRETS.items():
        for spelling in spellings(secret):
            if spelling in text:
                found.append(f"{name}: {spelling[:30]!r}")
    if basic_credential(USER, TOKEN) in text:
        found.append("basic credential")
    return found


@pytest.mark.parametrize("spelling", list(ECHO))
def test_no_echoed_secret_survives_in_a_recording(spelling: str, tmp_path: Path) -> None:
    path = tmp_path / "echo.json"
    with (
        HostileServer(Echo(spelling)) as server,
        _client(server.url) as client,
        client.simulate("record", path),
    ):
        client.builds.trigger(
            "app",
            {"DEPLOY_KEY": PEM, "DB_PASSWORD": POLICY_SECRET, "TARGET": "prod"},
            files={"SIGNING_FILE": ("keystore.txt", FILE_SECRET.encode())},
        )
        client.get_json("job/app/5/api/json")
        client.get_json("job/app/5/api/json", tree="actions[parameters[name,value]]")
        client.jobs.get_config("app")
    text = recording_text(path)
    assert leaks(text) == []
    assert "<sensitive>" in text and "TARGET" in text and "prod" in text
    assert '"filename": "keystore.txt"' in text  # the part is there, its content is not


def test_the_echo_server_really_echoes_every_secret(tmp_path: Path) -> None:
    """Without the scrubber the same session would leak every secret (the test can fail)."""
    echo = Echo("raw")
    with HostileServer(echo) as server, _client(server.url) as client:
        client.builds.trigger(
            "app",
            {"DEPLOY_KEY": PEM, "DB_PASSWORD": POLICY_SECRET},
            files={"SIGNING_FILE": ("keystore.txt", FILE_SECRET.encode())},
        )
        answer = client.get_json("job/app/5/api/json")
    assert sorted(leaks(json.dumps(answer)))  # every secret came back, JSON-escaped at least
    assert {TOKEN, PEM, POLICY_SECRET, FILE_SECRET} <= set(echo.sent)


DEEP_SECRET = "deep-api-token-1c2b3a"


def _deep(depth: int) -> bytes:
    inner = json.dumps({"apiToken": DEEP_SECRET, "auth": "x"}).encode()
    return b'{"a":' + b"[" * depth + inner + b"]" * depth + b"}"


@pytest.mark.parametrize("depth", [250, 5_000, 60_000])
def test_a_deeply_nested_answer_does_not_lose_the_recording(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    deep = _deep(depth)

    def serve(conn: Any, seen: Seen, server: HostileServer) -> bool:
        if "deep" in seen.target:
            conn.sendall(http_response(200, deep, [("Content-Type", "application/json")]))
        else:
            body = json.dumps({"name": "app", "echo": TOKEN}).encode()
            conn.sendall(http_response(200, body, [("Content-Type", "application/json")]))
        return True

    with HostileServer(serve) as server, _client(server.url) as client:
        with client.simulate("record", path):
            before = client.get_json("job/app/api/json")
            with contextlib.suppress(errors.ResponseDecodeError):  # json's recursion limit
                client.get_json("deep/api/json")
            after = client.get_json("job/app/api/json")
        assert path.exists(), "the recording was lost"
        text = recording_text(path)
        assert leaks(text) == [] and DEEP_SECRET not in text
        assert "<token-" in text
        stored = [i.response.body for i in Recording.load(path).interactions]
        assert any(body.startswith(b'{"a":[[[') for body in stored)  # kept, as text
        with client.simulate("replay", path):
            assert client.get_json("job/app/api/json") == {"name": "app", "echo": "<token-1>"}
            if depth >= 5_000:
                with pytest.raises(errors.ResponseDecodeError):
                    client.get_json("deep/api/json")
            else:
                assert client.get_json("deep/api/json")["a"]
    assert before == after == {"name": "app", "echo": TOKEN}


def _document(body: Any) -> str:
    interaction = {
        "request": {"method": "POST", "path": "/x", "query": [], "headers": {}, "body": body},
        "response": {"status": 200, "reason": "OK", "headers": {}, "body": {"text": "ok"}},
    }
    return json.dumps({"version": 1, "meta": {}, "interactions": [interaction]})


@pytest.mark.parametrize("depth", [300, 3_000, 200_000])
def test_a_recording_nested_too_deep_is_simulation_corrupted(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    nested = "[" * depth + "]" * depth
    path.write_text(_document("@").replace('"@"', '{"json": ' + nested + "}"))
    with pytest.raises(errors.SimulationCorrupted, match=r"nested|JSON"):
        Recording.load(path)
