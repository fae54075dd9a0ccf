"""Retry policy: idempotent retries with 1/2/4 s backoff, capped Retry-After, POST safety."""

from __future__ import annotations

import email.utils
import logging
import socket
import ssl
import time
from collections.abc import Callable

import pytest
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.response import HTTPResponse

from jenkins_sdk import errors
from jenkins_sdk._http.retry import JenkinsRetry
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import RetrySettings
from tests.http._helpers import BASE, TOKEN


def _policy(sleeps: list[float], **settings: object) -> JenkinsRetry:
    return JenkinsRetry.from_settings(RetrySettings(**settings), sleep=sleeps.append)  # type: ignore[arg-type]


def _answer(status: int, retry_after: str | None = None) -> HTTPResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HTTPResponse(body=b"", status=status, headers=headers, preload_content=False)


def test_backoff_is_1_2_4_seconds_through_the_injected_sleep() -> None:
    sleeps: list[float] = []
    retry = _policy(sleeps)
    answer = _answer(503)
    for _ in range(3):
        retry = retry.increment("GET", "/api/json", response=answer)
        retry.sleep(answer)
    assert sleeps == [1.0, 2.0, 4.0]
    with pytest.raises(Exception, match="Max retries"):
        retry.increment("GET", "/api/json", response=answer)


def test_backoff_is_configurable_and_capped() -> None:
    sleeps: list[float] = []
    retry = _policy(sleeps, total=5, backoff_initial=0.5, backoff_multiplier=3, backoff_max=5)
    for _ in range(4):
        retry = retry.increment("GET", "/x", response=_answer(500))
        retry.sleep(None)
    assert sleeps == [0.5, 1.5, 4.5, 5.0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("1000", 60.0), ("0", 0.0), ("soon", 1.0)],
    ids=["seconds", "capped", "zero", "garbage-falls-back-to-backoff"],
)
def test_retry_after_is_honoured_with_a_cap(header: str, expected: float) -> None:
    sleeps: list[float] = []
    retry = _policy(sleeps)
    answer = _answer(503, header)
    retry = retry.increment("GET", "/", response=answer)
    retry.sleep(answer)
    assert sleeps == ([expected] if expected else [])


def test_retry_after_as_http_date() -> None:
    sleeps: list[float] = []
    retry = _policy(sleeps)
    answer = _answer(429, email.utils.formatdate(time.time() + 30, usegmt=True))
    retry = retry.increment("GET", "/", response=answer)
    retry.sleep(answer)
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 31


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        ("GET", 500, True),
        ("GET", 502, True),
        ("GET", 503, True),
        ("GET", 504, True),
        ("GET", 429, True),
        ("GET", 404, False),
        ("DELETE", 503, True),
        ("POST", 500, False),
        ("POST", 502, False),
        ("POST", 504, False),
        ("POST", 429, False),
        ("POST", 503, False),  # a proxy's 503 may follow the forwarded request
    ],
)
def test_which_answers_are_retried(method: str, status: int, retried: bool) -> None:
    assert _policy([]).is_retry(method, status, has_retry_after=True) is retried


def test_post_is_never_retried_after_a_read_error() -> None:
    retry = _policy([])
    for error in (ProtocolError("reset after send"), ReadTimeoutError(None, "/", "slow")):  # type: ignore[arg-type]
        with pytest.raises(type(error)):
            retry.increment("POST", "/job/a/build", error=error)
        assert retry.increment("GET", "/api/json", error=error).total == 2


def test_post_is_retried_when_the_connection_was_refused_before_sending() -> None:
    refused = NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    assert _policy([]).increment("POST", "/job/a/build", error=refused).total == 2


def test_no_retries_when_disabled(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    assert not _policy([], total=0).is_retry("POST", 503)
    mocked.get(BASE + "api/json", status=503)
    with pytest.raises(errors.ServiceUnavailable):
        make_client(retry={"total": 0}).get_json("api/json")
    assert len(mocked.calls) == 1


# --- through the client (responses drives the adapter's Retry) ----------------------------------


def test_get_is_retried_until_success(
    mocked: responses.RequestsMock,
    make_client: Callable[..., JenkinsClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = BASE + "job/a/api/json"
    mocked.get(url, status=503, body="<html>Restarting Jenkins</html>")
    mocked.get(url, status=503, body="<html>Restarting Jenkins</html>")
    mocked.get(url, json={"name": "a"})
    client = make_client()
    with caplog.at_level(logging.WARNING, logger="jenkins_sdk"):
        assert client.get_json("job/a/api/json") == {"name": "a"}
    assert len(mocked.calls) == 3
    assert client.metrics.retries == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("retrying GET job/{job}/api/json after 503" in w for w in warnings)


def test_get_gives_up_after_total_retries(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", status=500, body="Oops")
    with pytest.raises(errors.InternalError) as info:
        make_client().get_json("api/json")
    assert len(mocked.calls) == 4
    assert info.value.retryable


@pytest.mark.parametrize("status", [500, 502, 504, 429])
def test_post_is_not_retried_on_server_errors(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient], status: int
) -> None:
    mocked.post(BASE + "job/a/build", status=status)
    client = make_client(username="bot", api_token=TOKEN, password=None)
    with pytest.raises(errors.HTTPStatusError):
        client.requester.post("job/a/build")
    assert len(mocked.calls) == 1


JENKINS_RESTARTING = (
    "<!DOCTYPE html><html><head><title>Restarting Jenkins</title></head>"
    "<body><div>Jenkins is restarting</div></body></html>"
)


def test_post_is_resent_after_jenkins_own_503_page(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    """HudsonIsRestarting answers every URL without acting: proof the POST was not acted on."""
    mocked.post(BASE + "job/a/build", status=503, body=JENKINS_RESTARTING, content_type="text/html")
    mocked.post(BASE + "job/a/build", status=201, headers={"Location": BASE + "queue/item/3/"})
    client = make_client(username="bot", api_token=TOKEN, password=None)
    assert client.requester.post("job/a/build").status == 201
    assert len(mocked.calls) == 2


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<html><head><title>503 Service Temporarily Unavailable</title></head></html>",
        "upstream connect error or disconnect/reset before headers. reset reason: overflow",
    ],
)
def test_post_is_not_resent_after_a_proxy_503(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient], body: str
) -> None:
    mocked.post(BASE + "job/a/build", status=503, body=body, headers={"Retry-After": "1"})
    client = make_client(username="bot", api_token=TOKEN, password=None)
    with pytest.raises(errors.ServiceUnavailable) as caught:
        client.requester.post("job/a/build")
    assert caught.value.retryable
    assert len(mocked.calls) == 1


def _connect_failure(cause: BaseException) -> NewConnectionError:
    error = NewConnectionError(None, f"Failed to establish a new connection: {cause}")  # type: ignore[arg-type]
    error.__cause__ = cause
    error.args = (*error.args, cause)
    return error


@pytest.mark.parametrize(
    ("cause", "retried"),
    [
        (ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed"), False),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), False),
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), True),
        (ConnectionRefusedError(111, "Connection refused"), True),
    ],
)
def test_failures_that_cannot_heal_are_not_retried(cause: BaseException, retried: bool) -> None:
    """A certificate that does not verify or a name that does not exist fails at once; a refused
    connection or a resolver's "try again" is retried with backoff."""
    retry = _policy([])
    if retried:
        assert retry.increment("GET", "/api/json", error=_connect_failure(cause)).total == 2
    else:
        with pytest.raises(MaxRetryError):
            retry.increment("GET", "/api/json", error=_connect_failure(cause))


def test_an_unknown_host_fails_at_once_with_a_plain_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """NXDOMAIN: one lookup, no backoff, a reason in words (no urllib3 object reprs)."""
    lookups: list[str] = []

    def no_such_name(host: str, *args: object, **kwargs: object) -> object:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    client = JenkinsClient(url="http://no-such-host.invalid/")
    with pytest.raises(errors.NetworkError) as caught:
        client.jobs.list()
    assert lookups == ["no-such-host.invalid"]  # not retried
    message = str(caught.value)
    assert "Connection(host=" not in message and "<" not in message
    assert "could not be resolved" in message
    assert caught.value.acted_on is False
