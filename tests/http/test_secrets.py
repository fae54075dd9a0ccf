"""Secrets (password, API token, crumb, session cookie, parameter values) never leak."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk._http.endpoints import display_url
from jenkins_sdk._secrets import MASK, redact, redact_headers
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import Credentials, StaticCredentials
from tests.http._helpers import BASE, CRUMB_JSON, CRUMB_VALUE, PASSWORD, TOKEN

SESSION = "node0abcdefsessionvalue123"
PARAM_VALUE = "deploy-key-value-42"


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("https://alice:" + TOKEN + "@ci.example/job/a/", TOKEN),
        ("http://h/job/a/build?token=" + TOKEN + "&x=1", TOKEN),
        ('{"crumb":"' + CRUMB_VALUE + '","crumbRequestField":"Jenkins-Crumb"}', CRUMB_VALUE),
        (
            '<body data-crumb-header="Jenkins-Crumb" data-crumb-value="' + CRUMB_VALUE + '">',
            CRUMB_VALUE,
        ),
        ("Authorization: Basic YWxpY2U6c2VjcmV0", "YWxpY2U6c2VjcmV0"),
        ("Cookie: JSESSIONID.ab12cd34=" + SESSION, SESSION),
        ("Set-Cookie: JSESSIONID.ab12cd34=" + SESSION + "; Path=/", SESSION),
        ("password=" + PASSWORD, PASSWORD),
    ],
)
def test_redact_patterns(text: str, leak: str) -> None:
    scrubbed = redact(text)
    assert leak not in scrubbed
    assert MASK in scrubbed


def test_redact_known_secrets_anywhere() -> None:
    assert redact("echo " + PASSWORD + " back", [PASSWORD]) == "echo *** back"
    headers = redact_headers(
        {"Authorization": "Basic x", "Jenkins-Crumb": CRUMB_VALUE, "X-Jenkins": "2.541"}
    )
    assert headers == {"Authorization": MASK, "Jenkins-Crumb": MASK, "X-Jenkins": "2.541"}


def test_display_url_masks_parameter_values_but_keeps_tree() -> None:
    shown = display_url(BASE + "job/a/buildWithParameters?TARGET=" + PARAM_VALUE + "&delay=0sec")
    assert PARAM_VALUE not in shown
    assert "delay=0sec" in shown
    assert display_url(BASE + "api/json?tree=jobs%5Bname%5D").endswith("?tree=jobs[name]")


def test_client_repr_has_no_secret(make_client: Callable[..., JenkinsClient]) -> None:
    client = make_client(username="alice", api_token=TOKEN, password=None)
    text = repr(client) + repr(client.config) + str(client.config)
    assert TOKEN not in text


def test_logs_and_errors_never_carry_secrets(
    mocked: responses.RequestsMock,
    make_client: Callable[..., JenkinsClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # the issuer sets a session cookie; the 404 page echoes crumb, password and the parameter
    mocked.get(
        BASE + "crumbIssuer/api/json",
        json=CRUMB_JSON,
        headers={"Set-Cookie": f"JSESSIONID.ab12cd34={SESSION}; Path=/"},
    )
    echo = (
        f'<html data-crumb-value="{CRUMB_VALUE}">no job; you sent {PASSWORD} '
        f"and TARGET={PARAM_VALUE} Cookie: JSESSIONID.ab12cd34={SESSION}</html>"
    )
    mocked.post(BASE + "job/missing/buildWithParameters", status=404, body=echo)
    mocked.get(BASE + "me/api/json", status=401, body=f"bad credentials {PASSWORD}")
    client = make_client(username="alice", password=PASSWORD)
    caught: list[errors.JenkinsError] = []
    with caplog.at_level(logging.DEBUG, logger="jenkins_sdk"):
        with pytest.raises(errors.NotFound) as not_found:
            client.requester.post("job/missing/buildWithParameters", params={"TARGET": PARAM_VALUE})
        caught.append(not_found.value)
        with pytest.raises(errors.Unauthorized) as unauthorized:
            client.get_json("me/api/json")
        caught.append(unauthorized.value)
    texts = [caplog.text]
    for error in caught:
        texts += [str(error), repr(error), error.url or "", error.body_excerpt, str(error.headers)]
    blob = "\n".join(texts)
    for secret in (PASSWORD, CRUMB_VALUE, SESSION, PARAM_VALUE):
        assert secret not in blob, secret
    assert "POST job/{job}/buildWithParameters -> 404" in caplog.text


def test_rotating_credentials_are_asked_per_request(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    class Rotating:
        def __init__(self) -> None:
            self.n = 0

        def credentials(self) -> Credentials:
            self.n += 1
            return Credentials("bot", f"token-{self.n:04d}")

    provider = Rotating()
    mocked.get(BASE + "api/json", json={})
    client = make_client(credentials=provider)
    client.get_json("api/json")
    client.get_json("api/json")
    sent = [c.request.headers["Authorization"] for c in mocked.calls]
    assert len(set(sent)) == 2
    assert repr(StaticCredentials(Credentials("bot", TOKEN))).count(TOKEN) == 0


def test_tls_verify_off_logs_a_warning(
    make_client: Callable[..., JenkinsClient], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="jenkins_sdk"):
        make_client(verify=False)
    assert sum("verification is OFF" in r.getMessage() for r in caplog.records) == 1
