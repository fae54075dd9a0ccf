"""The status → error table, content-type checks and decoding errors of the requester."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import responses

from jenkins_sdk import errors
from jenkins_sdk._http.requester import endpoint_template
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import RetrySettings
from tests.http._helpers import BASE, payload

NO_RETRY = RetrySettings(total=0)

TABLE = [
    (400, errors.BadRequest, False),
    (401, errors.Unauthorized, False),
    (403, errors.Forbidden, False),
    (404, errors.NotFound, False),
    (405, errors.MethodNotAllowed, False),
    (409, errors.Conflict, False),
    (410, errors.HTTPStatusError, False),
    (422, errors.HTTPStatusError, False),
    (429, errors.HTTPStatusError, True),
    (500, errors.InternalError, True),
    (502, errors.ServerError, True),
    (503, errors.ServiceUnavailable, True),
    (504, errors.ServerError, True),
]


@pytest.mark.parametrize(("status", "cls", "retryable"), TABLE, ids=[str(row[0]) for row in TABLE])
def test_status_maps_to_error_class(
    mocked: responses.RequestsMock,
    make_client: Callable[..., JenkinsClient],
    status: int,
    cls: type[errors.HTTPStatusError],
    retryable: bool,
) -> None:
    mocked.get(BASE + "job/a/api/json", status=status, body="<html>boom</html>")
    client = make_client(retry=NO_RETRY)
    with pytest.raises(cls) as info:
        client.get_json("job/a/api/json", tree="name")
    error = info.value
    assert type(error) is cls
    assert error.status == status
    assert error.method == "GET"
    assert error.url == BASE + "job/a/api/json?tree=name"
    assert error.retryable is retryable
    assert "boom" in error.body_excerpt
    assert client.metrics.errors == 1


def test_unexpected_status_in_ok_range_is_still_checked(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.post(BASE + "job/a/doDelete", status=200)
    client = make_client(api_token="t" * 34, password=None)
    with pytest.raises(errors.HTTPStatusError) as info:
        client.requester.post("job/a/doDelete", ok=(302,))
    assert info.value.status == 200


def test_unauthorized_has_a_hint(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(
        BASE + "me/api/json",
        status=401,
        body=payload("stagecraft__r6_bad_token_401.body.html"),
        headers={"WWW-Authenticate": 'Basic realm="Jenkins"'},
    )
    with pytest.raises(errors.Unauthorized) as info:
        make_client().get_json("me/api/json")
    assert info.value.hint is not None and "API token" in info.value.hint


def test_anonymous_403_login_page_hint(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(
        BASE + "api/json",
        status=403,
        body=payload("butler__apib_root_403_anonymous.html"),
        headers={"X-You-Are-Authenticated-As": "anonymous", "Content-Type": "text/html"},
    )
    with pytest.raises(errors.Forbidden) as info:
        make_client(anonymous=True).get_json("/api/json")
    assert info.value.hint is not None and "anonymous" in info.value.hint


@pytest.mark.parametrize(
    ("body", "headers", "hint"),
    [
        (payload("butler__apib_root_403_anonymous.html"), {}, "login page"),
        ("<html><title>Dashboard [Jenkins]</title></html>", {"X-Jenkins": "2.541"}, "path"),
        ("<html><body>Squid says no</body></html>", {}, "does not look like Jenkins"),
    ],
    ids=["login", "jenkins-html", "proxy"],
)
def test_html_where_json_expected_is_unexpected_response(
    mocked: responses.RequestsMock,
    make_client: Callable[..., JenkinsClient],
    body: str,
    headers: dict[str, str],
    hint: str,
) -> None:
    mocked.get(
        BASE + "api/json", body=body, content_type="text/html;charset=UTF-8", headers=headers
    )
    with pytest.raises(errors.UnexpectedResponse) as info:
        make_client().get_json("api/json")
    assert type(info.value) is errors.UnexpectedResponse
    assert info.value.hint is not None and hint in info.value.hint
    assert info.value.status == 200


def test_redirect_to_another_host_is_explained(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", status=302, headers={"Location": "http://sso.corp/login-ish"})
    mocked.get("http://sso.corp/login-ish", body="<html>SSO</html>", content_type="text/html")
    with pytest.raises(errors.UnexpectedResponse) as info:
        make_client().get_json("api/json")
    assert info.value.hint is not None and "redirected to http://sso.corp/" in info.value.hint
    # credentials are never sent to the other host
    assert "Authorization" not in mocked.calls[1].request.headers


def test_invalid_json_is_response_decode_error(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", body='{"truncated": ', content_type="application/json")
    with pytest.raises(errors.ResponseDecodeError) as info:
        make_client().get_json("api/json")
    assert not isinstance(info.value.__cause__, ValueError)
    assert info.value.__suppress_context__


def test_json_without_content_type_is_accepted(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", body='{"a": 1}', content_type=None)
    assert make_client().get_json("api/json") == {"a": 1}


def test_context_path_and_leading_slash(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "api/json", json={"mode": "NORMAL"})
    assert make_client().get_json("/api/json") == {"mode": "NORMAL"}


def test_absolute_urls_are_refused(make_client: Callable[..., JenkinsClient]) -> None:
    with pytest.raises(ValueError, match="absolute URLs"):
        make_client().get_json("http://evil.example/api/json")


def test_transport_errors_are_wrapped(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    mocked.get(BASE + "a", body=requests.exceptions.ConnectionError("refused"))
    mocked.get(BASE + "b", body=requests.exceptions.ReadTimeout("slow"))
    mocked.get(BASE + "c", body=requests.exceptions.ChunkedEncodingError("cut"))
    client = make_client(retry=NO_RETRY)
    with pytest.raises(errors.NetworkError):
        client.requester.get_text("a")
    with pytest.raises(errors.Timeout):
        client.requester.get_text("b")
    with pytest.raises(errors.NetworkError, match="broke"):
        client.requester.get_text("c")


def test_get_model_uses_tree_of_and_structure(
    mocked: responses.RequestsMock, make_client: Callable[..., JenkinsClient]
) -> None:
    from jenkins_sdk.models import Crumb, tree_of

    mocked.get(
        BASE + "crumbIssuer/api/json",
        json={"crumb": "x" * 64, "crumbRequestField": "Jenkins-Crumb"},
        match=[responses.matchers.query_param_matcher({"tree": tree_of(Crumb)})],
    )
    crumb = make_client().requester.get_model("crumbIssuer/api/json", Crumb)
    assert crumb.crumb_request_field == "Jenkins-Crumb"
    mocked.get(BASE + "bad/api/json", json={"crumb": 5})
    with pytest.raises(errors.ResponseShapeError):
        make_client().requester.get_model("bad/api/json", Crumb, tree="crumb")


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("api/json", "api/json"),
        ("/job/a/job/b/job/c/42/api/json?tree=x", "job/{job}/{n}/api/json"),
        ("job/a/lastSuccessfulBuild/artifact/out/x.zip", "job/{job}/{build}/artifact/{path}"),
        ("queue/item/17/api/json", "queue/item/{n}/api/json"),
        ("computer/agent-1/toggleOffline", "computer/{node}/toggleOffline"),
        ("computer/api/json?tree=computer[displayName]", "computer/api/json"),
        ("view/all/job/x/buildWithParameters", "view/{view}/job/{job}/buildWithParameters"),
    ],
)
def test_endpoint_templates_hide_names_and_numbers(path: str, template: str) -> None:
    assert endpoint_template(path) == template
