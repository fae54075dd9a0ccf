"""Unit tests (responses) for view administration (``View.create``, ``doConfigDotXml``,
``doDoDelete``, ``ListView.doAddJobToView``/``doRemoveJobFromView``; docs/protocol-admin.md §5)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources.views import ViewOperations
from tests.resources._helpers import BASE, sent

VIEW = {"_class": "hudson.model.ListView", "name": "team", "url": BASE + "view/team/", "jobs": []}


@pytest.fixture
def views() -> Iterator[ViewOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c.views


def test_create_builds_list_view_xml(mocked: responses.RequestsMock, views: ViewOperations) -> None:
    mocked.post(BASE + "createView", status=200)
    mocked.get(BASE + "view/team/api/json", json=VIEW)
    assert views.create("team", jobs=["app", "infra/db"], regex="lib-.*").name == "team"
    method, path, query = sent(mocked)[0]
    assert (method, path, query) == ("POST", "createView", {"name": ["team"]})
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(post.body)
    assert root.tag == "hudson.model.ListView"
    assert [s.text for s in root.iter("string")] == ["app", "infra/db"]
    assert root.findtext("includeRegex") == "lib-.*" and root.findtext("recurse") == "true"


def test_create_in_a_folder_from_xml(mocked: responses.RequestsMock, views: ViewOperations) -> None:
    mocked.post(BASE + "job/team/createView", status=200)
    mocked.get(BASE + "job/team/view/mine/api/json", json={**VIEW, "name": "mine"})
    views.create("mine", folder="team", xml="<hudson.model.MyView/>")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.body == b"<hudson.model.MyView/>"
    with pytest.raises(errors.InvalidRef):
        views.create("x", xml="<a/>", jobs=["app"])


def test_delete_config_and_jobs(mocked: responses.RequestsMock, views: ViewOperations) -> None:
    mocked.post(BASE + "view/team/doDelete", status=302, headers={"Location": BASE})
    mocked.get(BASE + "view/team/config.xml", body="<hudson.model.ListView/>")
    mocked.post(BASE + "view/team/config.xml", status=200)
    mocked.post(BASE + "view/team/addJobToView", status=200)
    mocked.post(BASE + "view/team/removeJobFromView", status=200)
    views.delete("team")
    assert views.get_config("team") == "<hudson.model.ListView/>"
    views.update_config("team", "<hudson.model.ListView><name>team</name></hudson.model.ListView>")
    views.add_job("team", "infra/db")
    views.remove_job("team", ["infra", "db"])
    calls = sent(mocked)
    assert [(m, p) for m, p, _ in calls] == [
        ("POST", "view/team/doDelete"),
        ("GET", "view/team/config.xml"),
        ("POST", "view/team/config.xml"),
        ("POST", "view/team/addJobToView"),
        ("POST", "view/team/removeJobFromView"),
    ]
    assert calls[3][2] == calls[4][2] == {"name": ["infra/db"]}


def test_add_job_to_an_unknown_job_is_jenkins_400(
    mocked: responses.RequestsMock, views: ViewOperations
) -> None:
    mocked.post(BASE + "view/team/addJobToView", status=400, body="does not correspond")
    with pytest.raises(errors.BadRequest):
        views.add_job("team", "ghost")


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_a_bad_view_name_is_invalid_ref_without_asking(
    mocked: responses.RequestsMock, views: ViewOperations, bad: str
) -> None:
    """Every error a caller sees is a JenkinsError (InvalidRef is also a ValueError)."""
    for call in (views.get, views.delete, views.get_config, views.jobs):
        with pytest.raises(errors.InvalidRef):
            call(bad)
    with pytest.raises(errors.InvalidRef):
        views.create(bad)
    with pytest.raises(errors.InvalidRef):
        views.add_job(bad, "app")
    assert sent(mocked) == []


def test_one_job_given_as_a_string_is_one_job(
    mocked: responses.RequestsMock, views: ViewOperations
) -> None:
    mocked.post(BASE + "createView", status=200)
    mocked.get(BASE + "view/team/api/json", json=VIEW)
    views.create("team", jobs="app")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert [s.text for s in ET.fromstring(post.body).iter("string")] == ["app"]
