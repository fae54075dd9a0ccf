"""The bad-input table: malformed and hostile responses, each mapped to one documented error.

Every row is served by a real socket (``_hostile_server``), so transport-level damage (short
bodies, broken chunking, giant headers, garbage status lines) goes through requests/urllib3 just
as it would in production. Each row names the SDK call, the error class it must raise (a
``jenkins_sdk.errors`` class, never a requests/urllib3/cattrs/json/builtin exception) and a
fragment the message must contain so a user can tell what happened. Rows that expose a bug are
marked ``xfail(strict=True)`` with the bug named in the reason.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.hostile._hostile_server import HostileServer, Seen, answer, http_response

TOKEN = "hostile-api-token-7d2a"
JSON = [("Content-Type", "application/json;charset=utf-8")]
HTML = [("Content-Type", "text/html;charset=utf-8")]
JENKINS_HTML = [*HTML, ("X-Jenkins", "2.541.3")]

LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head><body>"
    b'<form method="post" action="j_spring_security_check"><input name="j_username"/>'
    b'<input name="j_password" type="password"/></form></body></html>'
)
PROXY_PAGE = (
    b"<html><body><h1>Welcome to ACME single sign-on</h1><p>Please log in</p></body></html>"
)
OOPS_PAGE = (
    b"<html><head><title>Jenkins</title></head><body><h2>Oops!</h2>A problem occurred."
    b"</body></html>"
)


def _zip(entries: dict[str, bytes], symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16) | 0
            zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _json(data: Any, status: int = 200) -> bytes:
    return http_response(status, json.dumps(data).encode(), JSON)


def _progressive(headers: list[tuple[str, str]], body: bytes = b"text\r\n") -> bytes:
    return http_response(200, body, [("Content-Type", "text/plain;charset=UTF-8"), *headers])


def _artifacts(relative: str) -> bytes:
    return _json({"artifacts": [{"fileName": "x", "relativePath": relative, "displayPath": "x"}]})


def _download_listed(c: JenkinsClient, dest: Path) -> Any:
    (artifact,) = c.artifacts.list("app", 1)
    return c.artifacts.download("app", 1, artifact, dest / "out")


def _extract(c: JenkinsClient, dest: Path) -> Any:
    return c.artifacts.download_all("app", 1, dest / "out", extract=True)


Call = Callable[[JenkinsClient, Path], Any]


# (id, raw response, call, expected error, fragment of str(error))
CASES: list[Any] = [
    # --- not JSON at all ---------------------------------------------------------------------
    (
        "html-login-page-on-200",
        http_response(200, LOGIN_PAGE, JENKINS_HTML),
        lambda c, d: c.get_json("api/json"),
        errors.UnexpectedResponse,
        "login page",
    ),
    (
        "sso-proxy-page-on-200",
        http_response(200, PROXY_PAGE, HTML),
        lambda c, d: c.jobs.get("app"),
        errors.UnexpectedResponse,
        "does not look like Jenkins",
    ),
    (
        "json-content-type-html-body",
        http_response(200, LOGIN_PAGE, JSON),
        lambda c, d: c.builds.get("app", 1),
        errors.UnexpectedResponse,
        "expected JSON",
    ),
    (
        "truncated-json-text",
        http_response(200, b'{"_class": "hudson.model.FreeStyleBuild", "number": 7, "ur', JSON),
        lambda c, d: c.builds.get("app", 7),
        errors.ResponseDecodeError,
        "not valid JSON",
    ),
    (
        "empty-json-body",
        http_response(200, b"", JSON),
        lambda c, d: c.get_json("api/json"),
        errors.ResponseDecodeError,
        "not valid JSON",
    ),
    (
        "invalid-utf8-in-json",
        http_response(200, b'{"name": "\xff\xfe"}', JSON),
        lambda c, d: c.get_json("api/json"),
        errors.ResponseDecodeError,
        "utf-8",
    ),
    (
        "10000-digit-integer",
        http_response(200, b"1" * 10_000, JSON),
        lambda c, d: c.get_json("api/json"),
        errors.ResponseDecodeError,
        "not valid JSON",
    ),
    pytest.param(
        "deeply-nested-json",
        http_response(200, b"[" * 100_000 + b"]" * 100_000, JSON),
        lambda c, d: c.get_json("api/json"),
        errors.ResponseDecodeError,
        "JSON",  # BUG-3: RecursionError escaped decode_json
        id="deeply-nested-json",
    ),
    # --- broken transport ----------------------------------------------------------------------
    (
        "body-shorter-than-content-length",
        http_response(200, b'{"name": "a', JSON, length=500),
        lambda c, d: c.get_json("api/json"),
        errors.NetworkError,
        "broke",
    ),
    (
        "malformed-chunked-encoding",
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        b"\r\nzz\r\n{}\r\n0\r\n\r\n",
        lambda c, d: c.get_json("api/json"),
        errors.NetworkError,
        "broke",
    ),
    (
        "garbage-status-line",
        b"HELLO THERE\r\n\r\n",
        lambda c, d: c.get_json("api/json"),
        errors.NetworkError,
        "connection failed",
    ),
    (
        "gigantic-header-line",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70_000 + b"\r\nContent-Length: 2\r\n\r\n{}",
        lambda c, d: c.get_json("api/json"),
        errors.NetworkError,
        "connection failed",
    ),
    (
        "two-hundred-headers",
        b"HTTP/1.1 200 OK\r\n"
        + b"".join(b"X-H%d: 1\r\n" % i for i in range(200))
        + b"Content-Length: 2\r\n\r\n{}",
        lambda c, d: c.get_json("api/json"),
        errors.NetworkError,
        "connection failed",
    ),
    # --- JSON of the wrong shape ---------------------------------------------------------------
    (
        "wrong-types-in-build",
        _json({"_class": "hudson.model.FreeStyleBuild", "number": "seven", "building": "no"}),
        lambda c, d: c.builds.get("app", 7),
        errors.ResponseShapeError,
        "$.number",
    ),
    (
        "build-json-is-a-list",
        _json([1, 2]),
        lambda c, d: c.builds.get("app", 7),
        errors.ResponseShapeError,
        "expected an object",
    ),
    (
        "build-json-is-null",
        _json(None),
        lambda c, d: c.builds.get("app", 7),
        errors.ResponseShapeError,
        "expected an object",
    ),
    (
        "status-without-number",
        _json({"_class": "hudson.model.FreeStyleBuild", "building": False}),
        lambda c, d: c.builds.status("app", 7),
        errors.ResponseShapeError,
        "not a build status",
    ),
    (
        "queue-items-not-a-list",
        _json({"_class": "hudson.model.Queue", "items": "none"}),
        lambda c, d: c.queue.list(),
        errors.ResponseShapeError,
        "$.items",
    ),
    (
        "artifact-entry-wrong-types",
        _json({"artifacts": [{"fileName": 3}]}),
        lambda c, d: c.artifacts.list("app", 1),
        errors.ResponseShapeError,
        "Artifact",
    ),
    (
        "pending-input-id-not-a-string",
        _json([{"id": 3, "message": "go?"}]),
        lambda c, d: c.pipelines.pending_inputs("pipe", 1),
        errors.ResponseShapeError,
        "$.id",
    ),
    pytest.param(
        "statuses-with-garbage-numbers",
        _json({"nextBuildNumber": "z", "allBuilds": [{"number": "x"}]}),
        lambda c, d: c.builds.statuses("app", [1, 2]),
        errors.ResponseShapeError,
        "",
        id="statuses-with-garbage-numbers",
    ),
    pytest.param(
        "queue-executable-not-an-object",
        _json({"id": 5, "executable": "x", "task": "y"}),
        lambda c, d: c.queue.wait_for_build(5, timeout=0),
        errors.UnexpectedResponse,
        "",
        id="queue-executable-not-an-object",
    ),
    pytest.param(
        "env-map-not-an-object",
        _json({"envMap": [1, 2]}),
        lambda c, d: c.builds.env_vars("app", 1),
        errors.ResponseShapeError,
        "",
        id="env-map-not-an-object",
    ),
    # --- trigger answers -------------------------------------------------------------------------
    (
        "201-without-location",
        http_response(201, b""),
        lambda c, d: c.builds.trigger("app"),
        errors.NoQueueLocation,
        "named no queue item",
    ),
    (
        "location-not-a-queue-url",
        http_response(201, b"", [("Location", "http://127.0.0.1/job/app/")]),
        lambda c, d: c.builds.trigger("app"),
        errors.NoQueueLocation,
        "named no queue item",
    ),
    (
        "location-queue-id-not-a-number",
        http_response(201, b"", [("Location", "http://127.0.0.1/queue/item/abc/")]),
        lambda c, d: c.builds.trigger("app"),
        errors.InvalidQueueLocation,
        "queue item URL",
    ),
    # --- progressive console ---------------------------------------------------------------------
    (
        "x-text-size-missing",
        _progressive([]),
        lambda c, d: "".join(c.console.stream("app", 1, follow=False)),
        errors.UnexpectedResponse,
        "no X-Text-Size",
    ),
    (
        "x-text-size-garbage",
        _progressive([("X-Text-Size", "lots")]),
        lambda c, d: "".join(c.console.stream("app", 1, follow=False)),
        errors.UnexpectedResponse,
        "X-Text-Size 'lots'",
    ),
    (
        "x-text-size-negative",
        _progressive([("X-Text-Size", "-5")]),
        lambda c, d: "".join(c.console.stream("app", 1, follow=False)),
        errors.UnexpectedResponse,
        "X-Text-Size '-5'",
    ),
    # --- files landing outside their destination -------------------------------------------------
    (
        "artifact-relative-path-dotdot",
        _artifacts("../../evil.sh"),
        _download_listed,
        errors.UnsafePath,
        "not a plain relative path",
    ),
    (
        "artifact-relative-path-absolute",
        _artifacts("/etc/cron.d/evil"),
        _download_listed,
        errors.UnsafePath,
        "not a plain relative path",
    ),
    (
        "artifact-relative-path-windows-drive",
        _artifacts("C:\\Windows\\evil.dll"),
        _download_listed,
        errors.UnsafePath,
        "not a plain relative path",
    ),
    (
        "zip-slip-dotdot-entry",
        http_response(200, _zip({"archive/ok.txt": b"ok", "archive/../../evil.sh": b"x"})),
        _extract,
        errors.UnsafePath,
        "evil.sh",
    ),
    (
        "zip-absolute-entry",
        http_response(200, _zip({"/tmp/evil.sh": b"x"})),
        _extract,
        errors.UnsafePath,
        "evil.sh",
    ),
    (
        "zip-symlink-entry",
        http_response(200, _zip({"archive/ok.txt": b"ok"}, symlink="archive/link")),
        _extract,
        errors.UnsafePath,
        "symlink",
    ),
    # --- status pages --------------------------------------------------------------------------
    (
        "500-oops-page",
        http_response(500, OOPS_PAGE, JENKINS_HTML, reason="Server Error"),
        lambda c, d: c.builds.get("app", 1),
        errors.InternalError,
        "Oops",
    ),
    (
        "401-challenge",
        http_response(401, b"", [("WWW-Authenticate", 'Basic realm="Jenkins"')]),
        lambda c, d: c.get_json("api/json"),
        errors.Unauthorized,
        "API token",
    ),
    (
        "404-html",
        http_response(404, b"<html>Not found</html>", JENKINS_HTML),
        lambda c, d: c.jobs.get("nope"),
        errors.NotFound,
        "not found",
    ),
]


PARAMS = [case if hasattr(case, "values") else pytest.param(*case, id=case[0]) for case in CASES]


@pytest.mark.parametrize(("name", "raw", "call", "expected", "fragment"), PARAMS)
def test_bad_response_maps_to_a_documented_error(
    name: str,
    raw: bytes,
    call: Call,
    expected: type[errors.JenkinsError],
    fragment: str,
    tmp_path: Path,
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    with (
        HostileServer(answer(raw, close=True)) as server,
        JenkinsClient(
            url=server.url,
            username="alice",
            api_token=TOKEN,
            retry={"total": 0},
            read_timeout=5.0,
            clock=ManualClock(),
        ) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        call(client, dest)
    error = caught.value
    assert isinstance(error, expected), f"{type(error).__name__}: {error}"
    assert type(error).__module__ == "jenkins_sdk.errors"
    text = str(error)
    assert fragment in text, text
    # useful, short, and nothing from inside requests/urllib3/cattrs/json leaks as a traceback
    assert "Traceback" not in text and 'File "' not in text
    assert len(text) < 4000  # (BUG-7: the whole tree= spec is part of the URL shown)
    assert TOKEN not in text and TOKEN not in repr(error)
    # nothing was written outside the destination, and no partial or temporary file remains
    outside = [p for p in tmp_path.rglob("*") if dest not in p.parents and p != dest]
    assert outside == []
    assert [p.name for p in dest.rglob("*") if p.is_file()] in ([], ["ok.txt"])


def test_the_table_has_at_least_25_rows() -> None:
    assert len(CASES) >= 25


def test_missing_class_is_tolerated_not_an_error() -> None:
    """``_class`` is optional in every model: a build without it is still a build."""
    raw = _json({"number": 7, "url": "http://127.0.0.1/job/app/7/", "building": False})
    with (
        HostileServer(answer(raw)) as server,
        JenkinsClient(url=server.url, username="alice", api_token=TOKEN) as client,
    ):
        build = client.builds.get("app", 7)
    assert build.number == 7 and build.class_ is None and build.building is False


def test_truncated_body_of_an_idempotent_get_is_retried() -> None:
    # BUG-1: requests reads the body outside urllib3's retry loop; the requester re-sends.
    replies = iter(
        [
            http_response(200, b'{"name": "a', JSON, length=500),
            _json({"name": "app"}),
        ]
    )

    def handler(conn: Any, seen: Seen, server: HostileServer) -> bool:
        conn.sendall(next(replies))
        return False

    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url,
            username="alice",
            api_token=TOKEN,
            retry={"total": 2},
            clock=ManualClock(),
        ) as client,
    ):
        assert client.get_json("job/app/api/json") == {"name": "app"}


def _truncated_then(good: bytes | None) -> tuple[Any, list[str]]:
    """A handler answering every request with a truncated body (then ``good``, if given)."""
    seen: list[str] = []

    def handler(conn: Any, request: Seen, server: HostileServer) -> bool:
        seen.append(request.method)
        if good is not None and len(seen) > 1:
            conn.sendall(good)
        else:
            conn.sendall(http_response(200, b'{"name": "a', JSON, length=500))
        return False

    return handler, seen


def test_truncated_body_retry_is_logged_counted_and_backs_off_on_the_clock(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler, seen = _truncated_then(_json({"name": "app"}))
    clock = ManualClock()
    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url,
            username="alice",
            api_token=TOKEN,
            retry={"total": 3, "backoff_initial": 2.0},
            clock=clock,
        ) as client,
        caplog.at_level("WARNING", logger="jenkins_sdk"),
    ):
        assert client.get_json("job/app/api/json") == {"name": "app"}
        retries = client.metrics.retries
    assert seen == ["GET", "GET"]
    assert retries == 1
    assert clock.sleeps == [2.0]
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert line.startswith("retrying GET job/{job}/api/json after ") and "(retry 1 of 3)" in line


def test_truncated_body_is_retried_only_within_the_budget() -> None:
    handler, seen = _truncated_then(None)
    clock = ManualClock()
    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url, username="alice", api_token=TOKEN, retry={"total": 2}, clock=clock
        ) as client,
        pytest.raises(errors.NetworkError) as caught,
    ):
        client.get_json("job/app/api/json")
    assert "broke" in str(caught.value)
    assert len(seen) == 3  # the first attempt and two retries
    assert clock.sleeps == [1.0, 2.0]


def test_body_resends_have_their_own_budget_next_to_urllib3_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 503 (retried by urllib3) does not use up the re-sends of a broken body: the last
    retry logged before the error is "retry <total> of <total>"."""
    seen: list[str] = []

    def handler(conn: Any, request: Seen, server: HostileServer) -> bool:
        seen.append(request.method)
        # "Connection: close": the client must not reuse a socket the server closes, or urllib3
        # would also log a retry for the stale connection (a timing-dependent extra line).
        close = [("Connection", "close")]
        if len(seen) == 1:
            conn.sendall(http_response(503, b"busy", [("Content-Type", "text/plain"), *close]))
        else:
            conn.sendall(http_response(200, b'{"name": "a', [*JSON, *close], length=500))
        return False

    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url,
            username="alice",
            api_token=TOKEN,
            retry={"total": 2},
            clock=ManualClock(),
        ) as client,
        caplog.at_level("WARNING", logger="jenkins_sdk"),
        pytest.raises(errors.NetworkError),
    ):
        client.get_json("job/app/api/json")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(seen) == 4  # 503, then the broken body and two re-sends
    assert [line.split(" after ")[1].split(" in ")[0] for line in lines] == [
        "503 (retry 1 of 2)",
        "ProtocolError (retry 1 of 2)",
        "ProtocolError (retry 2 of 2)",
    ]


def test_truncated_body_of_a_post_is_not_resent() -> None:
    handler, seen = _truncated_then(_json({}))
    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url,
            username="alice",
            api_token=TOKEN,
            retry={"total": 3},
            clock=ManualClock(),
        ) as client,
        pytest.raises(errors.NetworkError),
    ):
        client.requester.post("job/app/doSomething", ok=(200,))
    assert seen == ["POST"]  # it may have been acted on


def test_truncated_streamed_body_is_a_network_error() -> None:
    # The SDK's Stream maps every failure while reading to a JenkinsError (issue 13); a stream
    # is never re-sent (the caller decides, as ConsoleStream and downloads do).
    handler, seen = _truncated_then(_json({}))
    with (
        HostileServer(handler) as server,
        JenkinsClient(
            url=server.url, username="alice", api_token=TOKEN, clock=ManualClock()
        ) as client,
        client.requester.stream("job/app/1/artifact/x") as stream,
        pytest.raises(errors.NetworkError, match="broke off"),
    ):
        b"".join(stream.iter_bytes())
    assert seen == ["GET"]


def test_error_messages_stay_short() -> None:
    # BUG-7: the model's whole tree= spec (~1,700 characters) used to be part of the URL shown.
    raw = http_response(200, PROXY_PAGE, HTML)
    with (
        HostileServer(answer(raw, close=True)) as server,
        JenkinsClient(url=server.url, username="alice", api_token=TOKEN) as client,
        pytest.raises(errors.UnexpectedResponse) as caught,
    ):
        client.jobs.get("app")
    assert len(str(caught.value)) < 600, str(caught.value)
