"""Unit tests (responses) for client.jobs.search / upsert / move / set_description /
set_next_build_number / wipe_workspace: verbs, paths, bodies and how silence is caught."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources._job_admin import name_matcher
from tests.resources._helpers import BASE, form, sent

XML = "<?xml version='1.1' encoding='UTF-8'?>\n<project><description>old</description></project>"
FOLDER = "com.cloudbees.hudson.plugins.folder.Folder"


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c


@pytest.mark.parametrize(
    ("pattern", "regex", "hits"),
    [
        ("deploy", False, ["team/Deploy-prod", "deploy"]),
        ("team/*", False, ["team/Deploy-prod", "team/lib/core"]),
        ("*/core", False, ["team/lib/core"]),
        ("de?loy", False, ["deploy"]),
        (r"^team/.*-prod$", True, ["team/Deploy-prod"]),
        ("lib/c", True, ["team/lib/core"]),
    ],
)
def test_name_matcher(pattern: str, regex: bool, hits: list[str]) -> None:
    names = ["team/Deploy-prod", "team/lib/core", "deploy", "docs"]
    matches = name_matcher(pattern, regex=regex)
    assert [n for n in names if matches(n)] == hits


def test_name_matcher_bad_regex() -> None:
    with pytest.raises(errors.InvalidRef):
        name_matcher("(", regex=True)


def test_search_is_one_recursive_listing(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    team = {"_class": FOLDER, "name": "team", "jobs": [{"name": "app-deploy", "color": "blue"}]}
    mocked.get(BASE + "api/json", json={"jobs": [team, {"name": "deploy", "color": "red"}]})
    found = client.jobs.search("*deploy")
    assert [j.full_name for j in found] == ["team/app-deploy", "deploy"]
    assert len(sent(mocked)) == 1


def test_upsert_updates_then_creates(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.post(BASE + "job/team/job/app/config.xml")
    assert client.jobs.upsert("team/app", XML) == "updated"
    mocked.replace(responses.POST, BASE + "job/team/job/app/config.xml", status=404)
    mocked.post(BASE + "job/team/createItem")
    assert client.jobs.upsert("team/app", "\ufeff" + XML) == "created"
    calls = [c for c in mocked.calls if "crumbIssuer" not in c.request.url]
    create = calls[-1].request
    assert create.url == BASE + "job/team/createItem?name=app"
    assert create.headers["Content-Type"] == "application/xml; charset=UTF-8"
    assert create.body == XML.encode()


def test_upsert_race_updates_after_all(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.post(BASE + "job/app/config.xml", status=404)
    mocked.post(BASE + "job/app/config.xml", status=200)
    mocked.post(BASE + "createItem", status=400, body="A job already exists with the name ‘app’")
    assert client.jobs.upsert("app", XML) == "updated"


def test_move_checks_where_jenkins_redirected(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    url = BASE + "job/a/job/j/move/move"
    mocked.post(url, status=302, headers={"Location": BASE + "job/c/job/j/"})
    assert client.jobs.move("a/j", "c") == JobRef(("c", "j"))
    assert form(mocked.calls[-1].request.body) == {"destination": ["/c"]}
    mocked.replace(
        responses.POST, url, status=302, headers={"Location": BASE + "job/a/job/j/move/"}
    )
    with pytest.raises(errors.UnexpectedResponse, match="did not move"):
        client.jobs.move("a/j", "nowhere")
    mocked.post(BASE + "job/x/move/move", status=302, headers={"Location": BASE + "job/x/"})
    assert client.jobs.move("x", None) == JobRef(("x",))
    assert form(mocked.calls[-1].request.body) == {"destination": ["/"]}


def test_set_description_of_a_job_and_of_a_folder(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.post(BASE + "job/app/description", status=204)
    client.jobs.set_description("app", "hello")
    assert form(mocked.calls[-1].request.body) == {"description": ["hello"]}
    mocked.post(BASE + "job/f/description", status=404)
    mocked.get(BASE + "job/f/config.xml", body=XML)
    mocked.post(BASE + "job/f/config.xml")
    client.jobs.set_description("f", "new & <b>bold</b>")
    body = mocked.calls[-1].request.body.decode()
    assert body.startswith("<?xml version='1.1' encoding='UTF-8'?>\n<project>")
    assert "<description>new &amp; &lt;b&gt;bold&lt;/b&gt;</description>" in body


def test_set_next_build_number_verifies(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.post(BASE + "job/app/nextbuildnumber/submit", status=302)
    mocked.get(BASE + "job/app/api/json", json={"nextBuildNumber": 100})
    client.jobs.set_next_build_number("app", 100)
    sent_form = form(mocked.calls[-2].request.body)
    assert json.loads(sent_form["json"][0]) == {"nextBuildNumber": 100}
    with pytest.raises(errors.UnexpectedResponse, match="kept 100"):
        client.jobs.set_next_build_number("app", 3)
    with pytest.raises(errors.InvalidRef):
        client.jobs.set_next_build_number("app", 0)


def test_wipe_workspace(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.post(BASE + "job/app/doWipeOutWorkspace", status=302, headers={"Location": BASE})
    assert client.jobs.wipe_workspace("app") is True
    mocked.replace(
        responses.POST,
        BASE + "job/app/doWipeOutWorkspace",
        body="<h1>Error: Wipe Out Workspace blocked by SCM</h1>",
    )
    assert client.jobs.wipe_workspace("app") is False
    mocked.post(BASE + "job/pipe/doWipeOutWorkspace", status=404)
    with pytest.raises(errors.NotFound):
        client.jobs.wipe_workspace("pipe")
