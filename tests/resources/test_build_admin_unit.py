"""Unit tests (responses) for client.builds.set_description / set_display_name / keep_forever, the
trigger's token/delay/cause, and client.pipelines.validate."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources._build_admin import trigger_query
from jenkins_sdk.resources._lint import SCRIPTED, ValidationError, parse_validation
from tests.resources._helpers import BASE, form, sent

B = BASE + "job/app/7/"


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c


def test_set_description(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.post(B + "submitDescription", status=302, headers={"Location": B})
    client.builds.set_description("app", 7, "rc <b>1</b>")
    assert form(mocked.calls[-1].request.body) == {"description": ["rc <b>1</b>"]}


def test_set_display_name_keeps_the_description(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(B + "api/json", json={"description": "kept"})
    mocked.post(B + "configSubmit", status=302, headers={"Location": B})
    client.builds.set_display_name("app", 7, "release 1.0")
    sent_json = json.loads(form(mocked.calls[-1].request.body)["json"][0])
    assert sent_json == {"displayName": "release 1.0", "description": "kept"}
    assert sent(mocked)[0][2]["tree"] == ["description"]


@pytest.mark.parametrize(("kept", "keep", "toggles"), [(False, True, 1), (True, True, 0)])
def test_keep_forever_is_idempotent(
    mocked: responses.RequestsMock, client: JenkinsClient, kept: bool, keep: bool, toggles: int
) -> None:
    mocked.get(B + "api/json", json={"keepLog": kept})
    mocked.get(B + "api/json", json={"keepLog": keep})
    mocked.post(B + "toggleLogKeep", status=302, headers={"Location": B})
    assert client.builds.keep_forever("app", 7, keep) is keep
    posts = [p for m, p, _ in sent(mocked) if m == "POST"]
    assert posts == ["job/app/7/toggleLogKeep"] * toggles


def test_keep_forever_off_may_stay_kept(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(B + "api/json", json={"keepLog": True})  # kept for another reason as well
    mocked.post(B + "toggleLogKeep", status=302)
    assert client.builds.keep_forever("app", 7, keep=False) is True
    # the toggle may have set the explicit mark: it is undone (Run.java doToggleLogKeep)
    posts = [p for m, p, _ in sent(mocked) if m == "POST"]
    assert posts == ["job/app/7/toggleLogKeep"] * 2
    mocked.replace(responses.GET, B + "api/json", json={"result": "SUCCESS"})
    with pytest.raises(errors.ResponseShapeError):
        client.builds.keep_forever("app", 7)


def test_trigger_query() -> None:
    assert trigger_query(None, None, None) is None
    assert trigger_query("s3cret", 2.5, "deploy") == {
        "token": "s3cret",
        "cause": "deploy",
        "delay": "3sec",
    }
    assert trigger_query(None, 0, None) == {"delay": "0sec"}
    with pytest.raises(errors.InvalidRef, match="needs token"):
        trigger_query(None, None, "why")
    with pytest.raises(errors.InvalidRef):
        trigger_query(None, -1, None)


def test_trigger_sends_token_delay_and_cause_in_the_query(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    item = {"Location": BASE + "queue/item/9/"}
    mocked.post(BASE + "job/app/build", status=201, headers=item)
    mocked.post(BASE + "job/app/buildWithParameters", status=201, headers=item)
    assert client.builds.trigger("app", token="s3cret", delay=10, cause="ci").id == 9
    assert client.builds.trigger("app", {"X": "1"}, token="s3cret").id == 9
    (first, second) = [c for c in sent(mocked) if c[0] == "POST"]
    assert first == (
        "POST",
        "job/app/build",
        {"token": ["s3cret"], "delay": ["10sec"], "cause": ["ci"]},
    )
    assert second[2] == {"token": ["s3cret"]}
    assert form(mocked.calls[-1].request.body) == {"X": ["1"]}


def test_validate_posts_the_jenkinsfile(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    url = BASE + "pipeline-model-converter/validateJenkinsfile"
    mocked.post(url, json={"status": "ok", "data": {"result": "success"}})
    result = client.pipelines.validate("pipeline { }")
    assert (result.ok, result.errors, result.declarative) == (True, [], True)
    assert form(mocked.calls[-1].request.body) == {"jenkinsfile": ["pipeline { }"]}


def test_parse_validation_shapes() -> None:
    one = {"errors": [{"error": 'Missing required section "agent" @ line 1, column 1.'}]}
    result = parse_validation({"status": "ok", "data": {"result": "failure", **one}})
    assert result.errors == [ValidationError(1, 1, 'Missing required section "agent"')]
    many = {
        "errors": [{"error": ["a @ line 2, column 3.", "unexpected token: } @ line 9, column 1."]}]
    }
    result = parse_validation({"status": "ok", "data": {"result": "failure", **many}})
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (2, 3, "a"),
        (9, 1, "unexpected token: }"),
    ]
    scripted = "Jenkinsfile content 'node {}' did not contain the 'pipeline' step"
    result = parse_validation({"data": {"result": "failure", "errors": [{"error": scripted}]}})
    assert (result.ok, result.declarative) == (False, False)
    assert result.errors == [ValidationError(None, None, SCRIPTED)]
    plain = parse_validation({"data": {"result": "failure", "errors": [{"error": "No content"}]}})
    assert plain.errors == [ValidationError(None, None, "No content")]
    with pytest.raises(errors.ResponseShapeError):
        parse_validation("<html>login</html>")


def test_parse_validation_odd_failures_are_never_ok() -> None:
    """``ModelConverterAction.reportFailure(result, Exception)`` (pipeline-model-definition
    ``endpoints/ModelConverterAction.java``) accumulates only ``SyntaxErrorMessage`` causes, so
    a compilation failure without one is ``{"errors": [{}]}``, and an exception without a message
    gives ``"error": null``; json-lib may nest the array once more."""
    from jenkins_sdk.resources._lint import _NO_MESSAGE

    for errs in ([{}], [{"error": None}], [], [[{"error": None}]]):
        result = parse_validation({"status": "ok", "data": {"result": "failure", "errors": errs}})
        assert (result.ok, result.errors) == (False, [ValidationError(None, None, _NO_MESSAGE)])
    nested = {"result": "failure", "errors": [[{"error": ["x @ line 3, column 4."]}]]}
    assert parse_validation({"data": nested}).errors == [ValidationError(3, 4, "x")]


def test_a_token_trigger_of_a_job_hidden_from_the_caller_says_why(
    mocked: responses.RequestsMock,
) -> None:
    """core ``jenkins/model/Jenkins.java`` ``getItem``: an item the caller may not read is
    ``null``, so ``job/X/build?token=`` is a 404 before ``BuildAuthorizationToken`` runs (the
    token does not grant Item/Read); the branch job's ``%2F`` is encoded once more on the wire."""
    mocked.post(BASE + "job/mb/job/feature%252Fx/build", status=404, body="<html>Not Found</html>")
    with JenkinsClient(url=BASE) as anonymous, pytest.raises(errors.NotFound) as caught:
        anonymous.builds.trigger("mb/feature%2Fx", token="s3cret")
    assert "Item/Read" in str(caught.value) and "s3cret" not in str(caught.value)
    with JenkinsClient(url=BASE) as anonymous, pytest.raises(errors.NotFound) as plain:
        anonymous.builds.trigger("mb/feature%2Fx")
    assert "Item/Read" not in str(plain.value)
