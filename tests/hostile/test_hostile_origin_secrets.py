"""Issue 18, classes 2, 3 and 5: credentials and cookies only to the configured origin; every
secret masked in every spelling; no secret from the URL in a configuration error.

Enforced in one place each: ``jenkins_sdk/_http/session.py`` (``OriginSession``: a redirect that
leaves the exact scheme, host and port loses ``Authorization``, ``Cookie`` and crumbs) and
``jenkins_sdk/_secrets.py`` (one policy: names, spellings, patterns) used by every message.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk._secrets import spellings
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import JenkinsConfig
from tests.hostile._hostile_server import HostileServer, Seen, http_response

USER = "alice"
PASSWORD = 'pa55/wörd+&=secret"quote'
TOKEN = "11d0c0ffee5b4d5a9c7f0e1234abcd99"
COOKIE = "node01q8n2xj3k1v9session7af3"


def _client(url: str, **kwargs: object) -> JenkinsClient:
    settings: dict[str, object] = {
        "url": url,
        "username": USER,
        "password": PASSWORD,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "retry": {"total": 0},
        "clock": ManualClock(),
    }
    settings.update(kwargs)
    return JenkinsClient(**settings)  # type: ignore[arg-type]


class _Redirector:
    """The origin: sets a session cookie on the crumb issuer, redirects ``/go`` to ``target``."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __call__(self, conn: object, seen: Seen, server: HostileServer) -> bool:
        if seen.target.startswith("/crumbIssuer"):
            body = json.dumps({"crumb": "c" * 32, "crumbRequestField": "Jenkins-Crumb"}).encode()
            headers = [
                ("Content-Type", "application/json"),
                ("Set-Cookie", f"JSESSIONID.abcd={COOKIE}; Path=/; HttpOnly"),
            ]
        elif seen.target.startswith("/go"):
            body, headers = b"", [("Location", self.target)]
            conn.sendall(http_response(302, body, headers, reason="Found"))  # type: ignore[attr-defined]
            return True
        else:
            body, headers = b"{}", [("Content-Type", "application/json")]
        conn.sendall(http_response(200, body, headers))  # type: ignore[attr-defined]
        return True


def _json_ok(conn: object, seen: Seen, server: HostileServer) -> bool:
    conn.sendall(http_response(200, b"{}", [("Content-Type", "application/json")]))  # type: ignore[attr-defined]
    return True


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_no_cookie_nor_credentials_on_a_redirect_to_another_port(host: str) -> None:
    """requests' cookie jar ignores ports: the session cookie would follow; the origin rule
    drops it (and Authorization), also for the same host name on another port."""
    with HostileServer(_json_ok) as other:
        port = urllib.parse.urlsplit(other.url).port
        with HostileServer(_Redirector(f"http://{host}:{port}/landing")) as origin:
            with _client(origin.url) as client:
                client.requester.crumbs.get()  # the issuer sets the session cookie
                client.get_json("go")
            went = [s for s in origin.seen if s.target.startswith("/go")]
        # the session cookie exists and is sent to the origin: it would have leaked
        assert went and COOKIE in went[0].headers.get("cookie", "")
        landed = [s for s in other.seen if s.target.startswith("/landing")]
    assert landed, "the redirect was not followed"
    for seen in landed:
        assert "cookie" not in seen.headers, seen.headers
        assert "authorization" not in seen.headers, seen.headers


def test_credentials_and_cookie_stay_on_a_redirect_within_the_origin() -> None:
    holder: dict[str, str] = {}

    def handler(conn: object, seen: Seen, server: HostileServer) -> bool:
        return _Redirector(holder["url"] + "landing")(conn, seen, server)

    with HostileServer(handler) as origin:
        holder["url"] = origin.url
        with _client(origin.url) as client:
            client.requester.crumbs.get()
            client.get_json("go")
        landing = [s for s in origin.seen if s.target.startswith("/landing")]
    assert landing and "authorization" in landing[0].headers
    assert COOKIE in landing[0].headers.get("cookie", "")


def _all_spellings() -> set[str]:
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return spellings(PASSWORD) | {basic}


def _echo_headers(conn: object, seen: Seen, server: HostileServer) -> bool:
    """An error page that echoes the request headers and body (as some proxies' debug pages do)."""
    echoed = {"headers": seen.headers, "body": seen.body.decode("latin-1")}
    page = (
        "<html><body><pre>"
        + json.dumps(echoed)
        + "</pre><p>Authorization: "
        + seen.headers.get("authorization", "")
        + "</p><p>"
        + seen.body.decode("latin-1")
        + "</p></body></html>"
    ).encode("utf-8")
    conn.sendall(http_response(500, page, [("Content-Type", "text/html")], reason="Oops"))  # type: ignore[attr-defined]
    return True


@pytest.mark.parametrize(
    "call",
    ["get_json", "trigger_with_secret_param", "script"],
)
def test_echoed_secrets_are_masked_in_every_spelling(
    call: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_param = "S3cr3t/Param+Value&x=1"
    config = {"sensitive_params": ("DEPLOY_KEY",)}
    with (
        HostileServer(_echo_headers) as server,
        _client(server.url, **config) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        if call == "get_json":
            client.get_json("api/json")
        elif call == "trigger_with_secret_param":
            client.builds.trigger("app", {"DEPLOY_KEY": secret_param, "SAFE": "x"})
        else:
            client.system.run_script(f"println('{secret_param}')")
    error = caught.value
    shown = " ".join(
        [str(error), repr(error), error.body_excerpt, json.dumps(error.headers), str(error.hint)]
        + [record.getMessage() for record in caplog.records]
    )
    leaks = _all_spellings() | spellings(secret_param)
    if call == "get_json":
        leaks -= spellings(secret_param)
    found = [spelling for spelling in leaks if spelling in shown]
    assert found == [], found


def test_a_url_with_a_query_is_refused_without_showing_the_query() -> None:
    with pytest.raises(ValueError) as caught:
        JenkinsConfig(url=f"https://ci.example/?token={TOKEN}")
    assert TOKEN not in str(caught.value)
    assert "query" in str(caught.value)
    with pytest.raises(ValueError) as caught:
        JenkinsConfig(url=f"https://u:{TOKEN}@ci.example:99999/")
    assert TOKEN not in str(caught.value)


def test_leaving_the_origin_is_said_once_without_a_secret(caplog: pytest.LogCaptureFixture) -> None:
    """An http → https (or any cross-origin) redirect makes answers anonymous: the SDK warns
    once per origin, naming the address to configure, and never a secret or the full URL."""
    with HostileServer(_json_ok) as other:
        port = urllib.parse.urlsplit(other.url).port
        target = f"http://localhost:{port}/landing?token={TOKEN}"
        with (
            HostileServer(_Redirector(target)) as origin,
            caplog.at_level(logging.WARNING, logger="jenkins_sdk"),
            _client(origin.url) as client,
        ):
            client.get_json("go")
            client.get_json("go")
    warnings = [r.getMessage() for r in caplog.records if "another origin" in r.getMessage()]
    assert warnings == [
        f"Jenkins redirected to another origin (http://localhost:{port}); credentials and "
        "cookies are not sent there, so answers may be anonymous: if that is the controller's "
        f"address, configure url=http://localhost:{port}/"
    ]
    for record in caplog.records:
        for secret in (TOKEN, PASSWORD, COOKIE):
            assert secret not in record.getMessage()
