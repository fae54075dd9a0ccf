"""Issue 18, class 9: every value read from the wire goes through one tolerant parser per kind
(``jenkins_sdk/_http/parse.py``: integers, dates, URLs, header tokens), so arbitrary header values
and ``Location``s give ``None`` or a ``JenkinsError`` — never a builtin exception — whether fed to
the parsers or served to the client by a server.
"""

from __future__ import annotations

import contextlib
import email.utils
import tempfile

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenkins_sdk import errors
from jenkins_sdk._http.parse import (
    header_int,
    http_date_delay,
    http_date_epoch,
    is_header_value,
    is_token,
    retry_after_seconds,
    url_path,
)
from jenkins_sdk._http.retry import JenkinsRetry
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef, QueueRef, split_build_url

BASE = "http://jenkins.test/"
_DOWNLOADS = tempfile.mkdtemp(prefix="jenkins-sdk-hostile-")
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "²",
            "٣",
            "1" * 5000,
            "-5",
            " 42 ",
            "4e9",
            "Fri, 31 Dec 99999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "http://[::1/queue/item/3/",
            "http://h:99999/queue/item/3/",
            "/queue/item/" + "9" * 40 + "/",
            "queue/item/0/",
            "\r\nX-Injected: 1",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(value=HOSTILE_TEXT)
def test_the_parsers_return_none_or_a_value_for_anything(value: str) -> None:
    number = header_int(value)
    assert number is None or (isinstance(number, int) and 0 <= number < 10**18)
    seconds = retry_after_seconds(value, 60.0)
    assert seconds is None or 0.0 <= seconds <= 60.0
    assert http_date_epoch(value) is None or isinstance(http_date_epoch(value), float)
    delay = http_date_delay(value)
    assert delay is None or delay >= 0.0
    assert url_path(value) is None or isinstance(url_path(value), str)
    assert isinstance(is_token(value), bool) and isinstance(is_header_value(value), bool)


@settings(max_examples=300, deadline=None)
@given(value=HOSTILE_TEXT)
def test_refs_from_wire_values_raise_only_sdk_errors(value: str) -> None:
    for parse in (QueueRef.from_location, QueueRef.parse, JobRef.from_url, split_build_url):
        with contextlib.suppress(errors.JenkinsError):
            parse(value)


@settings(max_examples=200, deadline=None)
@given(value=HOSTILE_TEXT)
def test_retry_after_of_the_policy_never_raises(value: str) -> None:
    answer = type("Answer", (), {"headers": {"Retry-After": value}})()
    wait = JenkinsRetry(retry_after_cap=30.0).retry_after_seconds(answer)
    assert wait is None or 0.0 <= wait <= 30.0


def _client() -> JenkinsClient:
    return JenkinsClient(
        url=BASE, username="alice", api_token="t0ken-abc", clock=ManualClock(), retry={"total": 0}
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(size=HOSTILE_TEXT, length=HOSTILE_TEXT, location=HOSTILE_TEXT)
def test_hostile_headers_served_to_the_client_give_sdk_errors(
    size: str, length: str, location: str
) -> None:
    safe = [v.replace("\r", "").replace("\n", "") for v in (size, length, location)]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked, _client() as c:
        mocked.get(
            BASE + "job/a/1/logText/progressiveText",
            body=b"abc\r\n",
            headers={"X-Text-Size": safe[0], "X-More-Data": "true"},
        )
        mocked.get(
            BASE + "job/a/1/artifact/x.bin", body=b"abc", headers={"Content-Length": safe[1]}
        )
        mocked.post(BASE + "job/a/build", status=201, headers={"Location": safe[2]})
        mocked.get(BASE + "queue/api/json", json={"items": []}, headers={"Date": safe[2]})
        mocked.get(BASE + "job/a/api/json", json={"builds": []})
        for call in (
            lambda: list(c.console.stream("a", 1, follow=False)),
            lambda: c.artifacts.download("a", 1, "x.bin", _DOWNLOADS),
            lambda: c.builds.trigger("a"),
        ):
            with contextlib.suppress(errors.JenkinsError):
                call()


def test_a_crumb_with_control_characters_is_refused_once_not_cached() -> None:
    with (
        responses.RequestsMock() as mocked,
        JenkinsClient(
            url=BASE, username="alice", password="pw-1234", clock=ManualClock()
        ) as client,
    ):
        mocked.get(
            BASE + "crumbIssuer/api/json",
            json={"crumb": "abc\r\nX-Evil: 1", "crumbRequestField": "Jenkins-Crumb"},
        )
        with pytest.raises(errors.CrumbFetchFailed):
            client.requester.post("job/a/enable")


def test_a_year_99999_retry_after_is_capped() -> None:
    assert retry_after_seconds("Fri, 31 Dec 99999 23:59:59 GMT", 60.0) in (None, 60.0)
    future = email.utils.formatdate(4102444800.0, usegmt=True)  # 2100-01-01
    assert retry_after_seconds(future, 60.0) == 60.0
