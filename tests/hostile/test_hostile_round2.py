"""Issue 18, second adversarial round: cases of each class the issue did not list, against the
calls added this round (admin: credentials/nodes/plugins/system/users/views; depth: jobs.scan,
branches, search, trigger token/delay/cause, keep_forever, pipelines.validate, console.tail;
monitoring: builds.running, BuildMonitor).

Each break found here was fixed at the class's one place:

* origin (class 1): ``jenkins_sdk/_http/session.py`` (``OriginSession``) — held for every new
  call, 301/302/303/307/308, redirects from the crumb issuer and the restart page included;
* secrets (class 2): ``jenkins_sdk/_secrets.py`` (``spellings``: json-lib's ``\\/``, Jackson's
  upper-case ``\\u00E9``, XML's ``&apos;``/``&#39;``/``&#xd;``) and
  ``jenkins_sdk/_http/endpoints.py`` (``install_log_redaction``: urllib3 logged a trigger's
  ``?token=`` at DEBUG);
* only SDK errors (class 3): ``jenkins_sdk/_http/reply.py`` (``decode_text``: a charset such as
  ``idna``, ``punycode`` or ``undefined`` raised ``UnicodeError`` from ``Reply.text``);
* bounds (class 4): ``jenkins_sdk/_http/reply.py`` (``Stream``: a bounded read ends within
  ``response_timeout``, any read of a stream within ``wait_timeout``; the body is read one socket
  read at a time, ``_http/transport.py``) — ``nodes.log`` and the scan log read a body that
  trickled in forever, ``artifacts.download``/``console.stream`` followed one without end.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenkins_sdk import BuildMonitor, errors
from jenkins_sdk._http.reply import decode_text
from jenkins_sdk._polling import ManualClock
from jenkins_sdk._secrets import spellings
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources import _shapes as shapes
from jenkins_sdk.specs import SecretFile, SecretText, SSHPrivateKey, UsernamePassword
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.hostile._hostile_server import HostileServer, Seen, http_response
from tests.simulation._helpers import recording_text

Call = Callable[[JenkinsClient], object]
JSON = [("Content-Type", "application/json;charset=utf-8")]
COOKIE = "node0round2session77f1"


def _client(url: str, **kwargs: Any) -> JenkinsClient:
    settings: dict[str, Any] = {
        "url": url,
        "username": "alice",
        "password": "alice-pw-round2",
        "connect_timeout": 3.0,
        "read_timeout": 3.0,
        "retry": {"total": 0},
        "clock": ManualClock(),
    }
    settings.update(kwargs)
    return JenkinsClient(**settings)


# --------------------------------------------------------------------------- class 1: origin

#: The calls of this round that send something (POSTs with a crumb) or wait (polls).
NEW_CALLS: dict[str, Call] = {
    "credentials.create": lambda c: c.credentials.create(UsernamePassword("i", "u", "pw-1x")),
    "credentials.list": lambda c: c.credentials.list(),
    "builds.trigger-token": lambda c: c.builds.trigger("app", token="tok-123456", delay=1),
    "builds.keep_forever": lambda c: c.builds.keep_forever("app", 1),
    "users.create_token": lambda c: c.users.create_token("t"),
    "nodes.agent_secret": lambda c: c.nodes.agent_secret("n"),
    "system.restart": lambda c: c.system.restart(),
    "system.safe_restart": lambda c: c.system.safe_restart(),
    "system.wait_until_ready": lambda c: c.system.wait_until_ready(timeout=1),
    "system.run_script": lambda c: c.system.run_script("1"),
    "plugins.install": lambda c: c.plugins.install("git", wait=True, timeout=1),
    "jobs.scan": lambda c: c.jobs.scan("m", wait=True, timeout=1),
    "pipelines.validate": lambda c: c.pipelines.validate("pipeline {}"),
    "console.tail": lambda c: c.console.tail("app", 1),
    "builds.running": lambda c: c.builds.running(),
}


def _json_ok(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(http_response(200, b"{}", JSON))
    return True


def _redirecting(target: str, status: int, crumb_too: bool) -> Any:
    """Every answer sets the session cookie and redirects to ``target`` (the crumb issuer too
    when ``crumb_too``)."""
    cookie = ("Set-Cookie", f"JSESSIONID.r2={COOKIE}; Path=/")

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        if seen.target.startswith("/crumbIssuer") and not crumb_too:
            body = json.dumps({"crumb": "c" * 32, "crumbRequestField": "Jenkins-Crumb"})
            conn.sendall(http_response(200, body.encode(), [*JSON, cookie]))
            return True
        location = ("Location", target + seen.target.lstrip("/"))
        conn.sendall(http_response(status, b"", [location, cookie], reason="Moved"))
        return True

    return handler


@pytest.mark.parametrize("crumb_too", [False, True], ids=["crumb-ok", "crumb-redirects"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_no_credential_cookie_or_crumb_reaches_another_port(status: int, crumb_too: bool) -> None:
    """Every new call against an origin that redirects everything (the crumb issuer, the
    restart page, POSTs with 307/308) to another port of the same host: nothing secret arrives
    there, and no POST is re-sent there."""
    with HostileServer(_json_ok) as other:
        port = urllib.parse.urlsplit(other.url).port
        target = f"http://127.0.0.1:{port}/"
        with (
            HostileServer(_redirecting(target, status, crumb_too)) as origin,
            _client(origin.url, wait_timeout=1, clock=None, response_timeout=3) as client,
        ):
            for name, call in NEW_CALLS.items():
                try:
                    call(client)
                except errors.JenkinsError:
                    pass
                except Exception as exc:  # pragma: no cover - the assertion message
                    pytest.fail(f"{name}: {exc!r}")
            cookies_sent = [s for s in origin.seen if COOKIE in s.headers.get("cookie", "")]
        assert cookies_sent, "the session cookie was in use (it would have leaked)"
        assert other.seen or status in (307, 308), "GETs were redirected"
        for seen in other.seen:
            assert seen.method in ("GET", "HEAD"), (seen.method, seen.target)
            leaked = {"authorization", "cookie", "jenkins-crumb"} & set(seen.headers)
            assert not leaked, (seen.target, leaked)


# --------------------------------------------------------------------------- class 2: secrets

#: A secret with every character an encoder treats specially.
ODD = "Pw/'\"<&>é+ %;x-4471"


def _values_of(seen: Seen) -> list[str]:
    """Every value a request carried: query and form fields, the leaves of a JSON form field
    (an input's ``json=``), the text of XML elements (a credential's ``config.xml``)."""
    text = seen.body.decode("utf-8", "replace")
    fields = urllib.parse.parse_qsl(urllib.parse.urlsplit(seen.target).query)
    if not text.startswith("<"):
        fields += urllib.parse.parse_qsl(text)
    values = [value for _, value in fields]
    for value in list(values):
        if value.startswith("{"):
            values += _leaves(json.loads(value))
    values += [html.unescape(found) for found in re.findall(r">([^<]+)<", text)]
    return values


def _leaves(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [leaf for item in data.values() for leaf in _leaves(item)]
    if isinstance(data, list):
        return [leaf for item in data for leaf in _leaves(item)]
    return [data] if isinstance(data, str) else []


def _echo_spellings(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    """A 400 page echoing each value it was sent, bare, in the spellings of other writers:
    json-lib's ``\\/``, Jackson's upper-case ``\\u00E9``, XStream's ``&apos;``, ``&#39;``,
    ``&#34;`` (as a form validation message quoting the value would)."""
    if seen.target.startswith("/crumbIssuer"):
        conn.sendall(http_response(404, b"no crumbs here"))
        return True
    page = []
    for value in _values_of(seen):
        escaped = json.dumps(value)[1:-1]
        page += [
            value,
            escaped.replace("/", "\\/"),
            escaped.replace("\\u00e9", "\\u00E9"),
            html.escape(value).replace("&#x27;", "&apos;"),
            html.escape(value).replace("&#x27;", "&#39;").replace("&quot;", "&#34;"),
        ]
    body = ("<html><body><pre>" + "\n".join(page) + "</pre></body></html>").encode()
    # Jenkins' Failure message in X-Error, UTF-8 on the wire (http.client reads latin-1)
    failure = " ".join(_values_of(seen)).encode().decode("latin-1")
    headers = [("Content-Type", "text/html"), ("X-Error", failure.replace("\n", " ")[:2000])]
    conn.sendall(http_response(400, body, headers, reason="Bad"))
    return True


SECRET_CALLS: dict[str, tuple[Call, str]] = {
    "trigger token": (lambda c: c.builds.trigger("app", token=ODD, cause="ci"), ODD),
    "trigger password param": (lambda c: c.builds.trigger("app", {"DB_PASSWORD": ODD}), ODD),
    "trigger sensitive param": (lambda c: c.builds.trigger("app", {"DEPLOY_KEY": ODD}), ODD),
    "input password": (lambda c: c.pipelines.submit_input("app", 1, "ok", {"PASS": ODD}), ODD),
    "script": (lambda c: c.system.run_script(f"println('{ODD}')"), ODD),
    "secret text": (lambda c: c.credentials.create(SecretText("t1", ODD)), ODD),
    "username password": (lambda c: c.credentials.update(UsernamePassword("u1", "bob", ODD)), ODD),
    "key passphrase": (
        lambda c: c.credentials.create(SSHPrivateKey("k1", "bob", "KEY-LINE", passphrase=ODD)),
        ODD,
    ),
}


def _other_spellings(secret: str) -> set[str]:
    escaped = json.dumps(secret)[1:-1]
    xml = html.escape(secret)
    return spellings(secret) | {
        escaped.replace("/", "\\/"),
        escaped.replace("\\u00e9", "\\u00E9"),
        xml.replace("&#x27;", "&apos;"),
        xml.replace("&#x27;", "&#39;").replace("&quot;", "&#34;"),
        secret.encode().decode("latin-1"),
    }


@pytest.mark.parametrize("name", sorted(SECRET_CALLS))
def test_secrets_are_masked_in_the_spellings_of_other_writers(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """str/repr/body excerpt/headers of the error and every DEBUG record of every logger
    (urllib3's request lines included) hold no spelling of the secret."""
    caplog.set_level(logging.DEBUG)
    call, secret = SECRET_CALLS[name]
    with (
        HostileServer(_echo_spellings) as server,
        _client(server.url, sensitive_params=("DEPLOY_KEY",)) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        call(client)
    error = caught.value
    shown = "\n".join(
        [str(error), repr(error), error.body_excerpt, json.dumps(error.headers), str(error.hint)]
        + [record.getMessage() for record in caplog.records]
    )
    assert any(s.target for s in server.seen), "the request was sent"
    found = sorted(s for s in _other_spellings(secret) if s in shown)
    assert found == [], found


def test_urllib3_debug_lines_show_no_trigger_token(caplog: pytest.LogCaptureFixture) -> None:
    """urllib3 logs ``"POST /job/app/build?token=... HTTP/1.1" 201`` at DEBUG; the token (a
    value the policy cannot know by name in that line) is masked, ``tree``/``depth`` kept."""
    caplog.set_level(logging.DEBUG)

    def queued(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        if seen.target.startswith("/crumbIssuer"):
            conn.sendall(http_response(404, b"", reason="Not Found"))
            return True
        headers = [("Location", f"{server.url}queue/item/5/")]
        conn.sendall(http_response(201, b"", headers, reason="Created"))
        return True

    with HostileServer(queued) as server, _client(server.url) as client:
        client.builds.trigger("app", token="plain-token-6612", delay=0)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/job/app/build?" in line for line in lines), lines
    assert not any("plain-token-6612" in line for line in lines), lines
    assert any("delay=0sec" in line for line in lines), "safe query values stay readable"


KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nK3y/'\"<&>é+line-77aa00bb11cc22dd\n-----END-----"
FILE = "F/'\"<&>é+ %;-content-31415".encode()


def test_credential_secrets_of_every_character_never_reach_a_recording_or_a_log(
    jenkins_emulator: JenkinsEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Credentials whose secrets hold every special character, created, updated and refused
    (409) against the emulator while recording with DEBUG logs of every logger: no spelling of
    any of them in the recording, the logs, the reprs or the error."""
    emu = jenkins_emulator
    caplog.set_level(logging.DEBUG)
    recording = tmp_path / "creds.json"
    produced: list[str] = []
    user, token = emu.credentials
    specs = (
        UsernamePassword("dep", "bob", ODD),
        SecretText("txt", ODD + "2"),
        SSHPrivateKey("key", "jenkins", KEY, passphrase=ODD + "3"),
        SecretFile("file", "f.txt", FILE),
    )
    with (
        JenkinsClient(url=emu.url, username=user, api_token=token, clock=LinkedClock(emu)) as c,
        c.simulate("record", recording),
    ):
        for spec in specs:
            produced += [repr(spec), repr(c.credentials.create(spec))]
        produced.append(repr(c.credentials.update(UsernamePassword("dep", "bob", ODD))))
        with pytest.raises(errors.Conflict) as caught:
            c.credentials.create(UsernamePassword("dep", "bob", ODD))
        produced += [str(caught.value), repr(caught.value), caught.value.body_excerpt]
        produced += [repr(item) for item in c.credentials.list()]
    assert emu.stored_credential("dep")["password"] == ODD  # it did reach Jenkins
    haystacks = {
        "recording": recording_text(recording),
        "logs": caplog.text,
        "produced": "\n".join(produced),
    }
    secrets = [ODD, ODD + "2", ODD + "3", KEY.splitlines()[1], FILE.decode()]
    secrets.append(base64.b64encode(FILE).decode())
    leaks = [
        (where, spelling)
        for where, text in haystacks.items()
        for secret in secrets
        for spelling in _other_spellings(secret)
        if spelling in text
    ]
    assert leaks == []


# --------------------------------------------------------------------------- class 3: our errors

CHARSETS = ["idna", "punycode", "undefined", "rot13", "base64", "utf-16", "no-such-charset", '""']

TEXT_CALLS: dict[str, Call] = {
    "nodes.agent_secret": lambda c: c.nodes.agent_secret("n"),
    "nodes.get_config": lambda c: c.nodes.get_config("n"),
    "system.run_script": lambda c: c.system.run_script("1"),
    "users.tokens": lambda c: c.users.tokens(),
    "jobs.get_config": lambda c: c.jobs.get_config("app"),
    "views.get_config": lambda c: c.views.get_config("v"),
    "jobs.scan_log": lambda c: c.jobs.scan_log("m"),
    "console.text": lambda c: c.console.text("app", 1),
    "credentials.create": lambda c: c.credentials.create(SecretText("t", "s3cret-x")),
    "pipelines.validate": lambda c: c.pipelines.validate("pipeline {}"),
}


@pytest.mark.parametrize("status", [200, 500])
@pytest.mark.parametrize("charset", CHARSETS)
def test_any_declared_charset_gives_a_value_or_a_jenkins_error(charset: str, status: int) -> None:
    """``Content-Type: ...; charset=idna`` (or punycode, undefined ...) made ``Reply.text``
    raise ``UnicodeError``: every text read (agent secret, script output, token page ...)."""
    body = b"<html>\xff\xfe caf\xc3\xa9 Result: ok</html>"

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        headers = [("Content-Type", f"text/html; charset={charset}"), ("X-Text-Size", "3")]
        conn.sendall(http_response(status, body, headers, reason="X"))
        return True

    foreign = {}
    with HostileServer(handler) as server, _client(server.url) as client:
        for name, call in TEXT_CALLS.items():
            try:
                call(client)
            except errors.JenkinsError:
                pass
            except Exception as exc:
                foreign[name] = repr(exc)
    assert foreign == {}


@pytest.mark.filterwarnings("error")  # unicode_escape warns on bad escapes: no warning either
@given(content_type=st.text(max_size=60), content=st.binary(max_size=64))
def test_decode_text_never_raises(content_type: str, content: bytes) -> None:
    charsets = ["idna", "punycode", "undefined", "utf-7", "utf-32", "unicode_escape", "rot13"]
    for candidate in [content_type, *(f"text/plain; charset={c}" for c in charsets)]:
        assert isinstance(decode_text(content, candidate), str)


ODD_HOSTS = ["a..b", "exa mple.com", "a" * 300 + ".example", "[::1", "127.0.0.1:99999", "xn--"]


@pytest.mark.parametrize("host", ODD_HOSTS)
def test_a_redirect_to_an_odd_host_gives_a_jenkins_error(host: str) -> None:
    """A ``Location`` naming a host the idna codec refuses (``a..b``: ``UnicodeError`` from the
    bounded name lookup), with a space, a bad port ...: an SDK error, never a built-in one."""

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        location = ("Location", f"http://{host}/landing")
        conn.sendall(http_response(302, b"", [location], reason="Found"))
        return True

    with HostileServer(handler) as server, _client(server.url, clock=None) as client:
        for call in (lambda: client.system.version(), lambda: client.console.tail("app", 1)):
            with pytest.raises(errors.JenkinsError):
                call()


@pytest.mark.parametrize("host", ODD_HOSTS[:3])
def test_a_configured_url_with_an_odd_host_gives_a_jenkins_error(host: str) -> None:
    """Refused when the client is built (ConfigError) or when it first sends: an SDK error."""
    with (
        pytest.raises(errors.JenkinsError),
        _client(f"http://{host}/", connect_timeout=1.0) as client,
    ):
        client.jobs.list()


# --------------------------------------------------------------------------- class 4: bounds

BOUND = 0.6
WAIT = 1.0


def _trickle(chunked: bool) -> Any:
    """Headers at once (a big ``X-Text-Size``, ``X-More-Data``), then a byte every 0.1 s for
    ever: no read timeout ever trips."""

    def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        head = [
            ("Content-Type", "text/plain"),
            ("X-Text-Size", "100000"),
            ("X-More-Data", "true"),
        ]
        if chunked:
            head.append(("Transfer-Encoding", "chunked"))
            conn.sendall(http_response(200, b"", head))
            piece = b"1\r\na\r\n"
        else:
            conn.sendall(http_response(200, b"", head, length=10**7))
            piece = b"a"
        while not server.stopping.wait(0.1):
            conn.sendall(piece)
        return False

    return handler


#: call -> its bound (response_timeouts, plus the waits' timeout of 1 s where it has one).
Trickled = Callable[[JenkinsClient, Path], object]
TRICKLED: dict[str, tuple[Trickled, float]] = {
    "nodes.log": (lambda c, d: c.nodes.log("n"), BOUND),
    "jobs.scan_log": (lambda c, d: c.jobs.scan_log("m"), BOUND),
    "console.tail": (lambda c, d: c.console.tail("app", 1), BOUND),
    "console.tail-bytes": (lambda c, d: c.console.tail("app", 1, lines=None), BOUND),
    "console.stream": (lambda c, d: list(c.console.stream("app", 1)), WAIT),
    "console.lines": (lambda c, d: list(c.console.lines("app", 1, follow=False)), WAIT),
    "console.download": (lambda c, d: c.console.download("app", 1, d / "log.txt"), WAIT),
    "artifacts.download": (lambda c, d: c.artifacts.download("app", 1, "a.bin", d), WAIT),
    "jobs.scan-wait": (lambda c, d: c.jobs.scan("m", wait=True, timeout=WAIT), WAIT + 2 * BOUND),
    "BuildMonitor": (lambda c, d: list(BuildMonitor(c, [("app", 1)], poll_interval=0.1)), WAIT),
    "builds.running": (lambda c, d: c.builds.running(), BOUND),
    "system.wait_until_ready": (lambda c, d: c.system.wait_until_ready(timeout=WAIT), WAIT + BOUND),
    "plugins.install-wait": (
        lambda c, d: c.plugins.install("git", wait=True, timeout=WAIT),
        WAIT + 3 * BOUND,
    ),
    "credentials.create": (lambda c, d: c.credentials.create(SecretText("t", "s-3cr3t")), BOUND),
    "users.create_token": (lambda c, d: c.users.create_token("t"), 2 * BOUND),
    "builds.trigger-token": (lambda c, d: c.builds.trigger("app", token="tk-1234"), 2 * BOUND),
    "builds.keep_forever": (lambda c, d: c.builds.keep_forever("app", 1), 2 * BOUND),
    "pipelines.validate": (lambda c, d: c.pipelines.validate("pipeline {}"), BOUND),
    "system.safe_restart": (lambda c, d: c.system.safe_restart(), 2 * BOUND),
}


def _slow_redirect_loop(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    """Every answer a redirect to a new URL of the same origin, each after 0.25 s."""
    if server.stopping.wait(0.25):
        return False
    location = ("Location", f"/loop/{len(server.seen)}/")
    conn.sendall(http_response(302, b"", [location], reason="Found"))
    return True


def _silent(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    server.stopping.wait()
    return False


def _retry_after_forever(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    headers = [("Retry-After", "20"), ("Content-Type", "text/html")]
    conn.sendall(http_response(503, b"<html>busy</html>", headers, reason="Unavailable"))
    return True


MISBEHAVIOURS = {
    "never answers": _silent,
    "503 with Retry-After: 20": _retry_after_forever,
    "trickles with a length": _trickle(chunked=False),
    "trickles chunked": _trickle(chunked=True),
    "redirects in a slow loop": _slow_redirect_loop,
}


@pytest.mark.parametrize("how", sorted(MISBEHAVIOURS))
def test_every_new_call_family_ends_within_its_bound(how: str, tmp_path: Path) -> None:
    """Twenty call families of this round (streams, waits, POSTs that need a crumb) against a
    server that never answers, answers 503 with ``Retry-After: 20``, trickles a body for ever
    (with a length, chunked) or redirects in a slow loop: each ends within its bound + 1 s
    (``response_timeout`` 0.6 s, ``wait_timeout`` 1 s, waits' own timeout 1 s) with an SDK
    error, and leaves no file behind."""
    results: dict[str, tuple[BaseException | None, float]] = {}
    with HostileServer(MISBEHAVIOURS[how]) as server:
        client = _client(server.url, clock=None, response_timeout=BOUND, wait_timeout=WAIT)

        def one(name: str, call: Trickled) -> None:
            started = time.monotonic()
            try:
                call(client, tmp_path)
                results[name] = (None, time.monotonic() - started)
            except BaseException as exc:
                results[name] = (exc, time.monotonic() - started)

        threads = [
            threading.Thread(target=one, args=(name, call), daemon=True)
            for name, (call, _) in TRICKLED.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        server.stop()
        client.close()
    late = {
        name: round(results[name][1], 2) if name in results else "never"
        for name, (_, bound) in TRICKLED.items()
        if name not in results or results[name][1] > bound + 1.0
    }
    assert late == {}
    foreign = {
        n: repr(e) for n, (e, _) in results.items() if not isinstance(e, errors.JenkinsError)
    }
    assert foreign == {}, "each ended with an SDK error"
    assert list(tmp_path.rglob("*")) == [], "no partial or temporary file is left"


def test_a_wrong_shape_under_a_secret_name_does_not_show_the_value() -> None:
    """A token answer whose value has the wrong shape: the error names the path, not the value
    (``resources/_shapes.py`` shows a wrong scalar only under a name the policy calls safe)."""
    answer = {"status": "ok", "data": {"tokenName": "t", "tokenUuid": "u-1", "tokenValue": 7}}
    answer["data"]["tokenValue"] = ["11secret0token0value0abc"]  # a list: no value shown
    answer_scalar = {"status": "ok", "data": {"tokenName": "t", "tokenValue": 11223344556677}}

    def handler_for(body: dict[str, Any]) -> Any:
        def handler(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
            if seen.target.startswith("/crumbIssuer"):
                conn.sendall(http_response(404, b"", reason="Not Found"))
                return True
            conn.sendall(http_response(200, json.dumps(body).encode(), JSON))
            return True

        return handler

    for body, secret in ((answer, "11secret0token0value0abc"), (answer_scalar, "11223344556677")):
        with (
            HostileServer(handler_for(body)) as server,
            _client(server.url) as client,
            pytest.raises(errors.ResponseShapeError) as caught,
        ):
            client.users.create_token("t")
        shown = f"{caught.value} {caught.value!r} {caught.value.body_excerpt}"
        assert secret not in shown
    # the one helper every raw read goes through: a scalar is shown only under a safe name
    hidden = shapes.wrong("token answer", "$.data.tokenValue", "a string", 11223344556677)
    shown_safe = shapes.wrong("builds", "$.builds[0].number", "an integer", "seven")
    assert "11223344556677" not in str(hidden) and "'seven'" in str(shown_safe)
