"""Unit tests (responses) for client.jobs: URL, verb and body of every operation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources import jobs as jobs_module
from jenkins_sdk.resources.jobs import FOLDER_XML, JobOperations
from tests.resources._helpers import BASE, form, sent

FOLDER = "com.cloudbees.hudson.plugins.folder.Folder"
FREESTYLE = "hudson.model.FreeStyleProject"


@pytest.fixture
def jobs() -> Iterator[JobOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield JobOperations(client.requester)


def job(name: str, cls: str = FREESTYLE, children: list[Any] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"_class": cls, "name": name, "url": f"{BASE}job/{name}/"}
    if children is not None:
        entry["jobs"] = children
    else:
        entry["color"] = "blue"
    return entry


# --- list -------------------------------------------------------------------------------------


def test_list_root_is_one_level_one_request(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.get(BASE + "api/json", json={"jobs": [job("a"), job("f", FOLDER, [])]})
    found = jobs.list()
    assert [j.full_name for j in found] == ["a", "f"]
    ((method, path, query),) = sent(mocked)
    assert (method, path) == ("GET", "api/json")
    tree = query["tree"][0]
    assert tree.startswith("jobs[") and tree.count("jobs[") == 1


def test_list_recursive_is_one_nested_request_flattened_with_full_names(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    tree = [
        job("top"),
        job("team", FOLDER, [job("app"), job("libs", FOLDER, [job("core")])]),
        job(
            "mb",
            "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject",
            [job("feature%2Fx")],
        ),
    ]
    mocked.get(BASE + "api/json", json={"jobs": tree})
    found = jobs.list(recursive=True)
    assert [j.full_name for j in found] == [
        "top",
        "team",
        "team/app",
        "team/libs",
        "team/libs/core",
        "mb",
        "mb/feature%2Fx",
    ]
    assert all(j.jobs == [] for j in found)  # flattened: children are entries of their own
    ((_, _, query),) = sent(mocked)
    nested = query["tree"][0]
    assert nested.count("jobs[") == jobs_module.MAX_LEVELS_PER_REQUEST + 1  # + the probe
    assert nested.endswith("jobs[name]{,1}" + "]" * jobs_module.MAX_LEVELS_PER_REQUEST)


def test_list_asks_only_for_class_name_and_color_and_rebuilds_url_and_full_name(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    # Jenkins' own URLs name its configured root (here a stale one): never trusted.
    stale = "http://old-root:8080/"
    tree = [
        {"_class": FOLDER, "name": "team", "url": stale, "jobs": [{"name": "a b", "color": "red"}]},
        {"name": "feature%2Fx", "fullName": "bogus/name", "color": "blue"},
    ]
    mocked.get(BASE + "api/json", json={"jobs": tree})
    found = jobs.list(recursive=True)
    assert [(j.full_name, j.url) for j in found] == [
        ("team", BASE + "job/team/"),
        ("team/a b", BASE + "job/team/job/a%20b/"),
        ("feature%2Fx", BASE + "job/feature%252Fx/"),
    ]
    assert found[1].color == "red" and found[0].class_ == FOLDER
    ((_, _, query),) = sent(mocked)
    spec = query["tree"][0]
    assert spec.startswith("jobs[_class,name,color,jobs[_class,name,color,")
    assert "url" not in spec and "fullName" not in spec


@pytest.mark.parametrize(
    "payload",
    [[1, 2], {"jobs": "none"}, {"jobs": [{"name": "f", "jobs": {"name": "x"}}]}, {"jobs": [3]}],
)
def test_list_of_a_garbage_listing_is_a_shape_error(
    mocked: responses.RequestsMock, jobs: JobOperations, payload: object
) -> None:
    mocked.get(BASE + "api/json", json=payload)
    with pytest.raises(errors.ResponseShapeError):
        jobs.list(recursive=True)


def test_list_with_depth_nests_exactly_that_deep(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.get(BASE + "job/team/api/json", json={"jobs": [job("app")]})
    assert [j.full_name for j in jobs.list("team", depth=3)] == ["team/app"]
    ((_, path, query),) = sent(mocked)
    assert path == "job/team/api/json"
    assert query["tree"][0].count("jobs[") == 3 and "{,1}" not in query["tree"][0]


def test_list_continues_below_the_deepest_level_per_folder(
    mocked: responses.RequestsMock, jobs: JobOperations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs_module, "MAX_LEVELS_PER_REQUEST", 2)
    mocked.get(
        BASE + "api/json",
        json={"jobs": [job("a", FOLDER, [job("b", FOLDER, [job("probe")]), job("x")])]},
    )
    mocked.get(BASE + "job/a/job/b/api/json", json={"jobs": [job("c", FOLDER, [job("d")])]})
    names = [j.full_name for j in jobs.list(recursive=True)]
    assert names == ["a", "a/b", "a/x", "a/b/c", "a/b/c/d"]
    assert [p for _, p, _ in sent(mocked)] == ["api/json", "job/a/job/b/api/json"]


def test_list_depth_zero_is_rejected(jobs: JobOperations) -> None:
    with pytest.raises(ValueError):
        jobs.list(depth=0)


# --- reads ------------------------------------------------------------------------------------


def test_get_and_exists(mocked: responses.RequestsMock, jobs: JobOperations) -> None:
    mocked.get(BASE + "job/a%20b/api/json", json={**job("a b"), "fullName": "a b"})
    mocked.get(BASE + "job/nope/api/json", status=404, body="<html/>", content_type="text/html")
    assert jobs.get("a b").name == "a b"
    assert jobs.exists("a b") is True
    assert jobs.exists("nope") is False
    assert sent(mocked)[1][2]["tree"] == ["name"]


def test_parameters_reads_property_and_actions(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    choice = {
        "_class": "hudson.model.ChoiceParameterDefinition",
        "name": "ENV",
        "type": "ChoiceParameterDefinition",
        "choices": ["dev", "prod"],
        "defaultParameterValue": {"name": "ENV", "value": "dev"},
    }
    flag = {
        "name": "DEBUG",
        "type": "BooleanParameterDefinition",
        "defaultParameterValue": {"value": False},
    }
    mocked.get(
        BASE + "job/app/api/json",
        json={
            "property": [
                {},
                {
                    "_class": "hudson.model.ParametersDefinitionProperty",
                    "parameterDefinitions": [choice],
                },
            ],
            "actions": [{"parameterDefinitions": [flag, choice]}],
        },
    )
    params = jobs.parameters("app")
    assert [p.name for p in params] == ["ENV", "DEBUG"]
    assert params[0].choices == ["dev", "prod"]
    assert params[0].default_parameter_value is not None
    assert params[0].default_parameter_value.value == "dev"
    tree = sent(mocked)[0][2]["tree"][0]
    assert tree.startswith("property[parameterDefinitions[") and "actions[" in tree


def test_get_config_and_update_config(mocked: responses.RequestsMock, jobs: JobOperations) -> None:
    mocked.get(BASE + "job/app/config.xml", body="<project/>", content_type="application/xml")
    mocked.post(BASE + "job/app/config.xml", status=200)
    assert jobs.get_config("app") == "<project/>"
    jobs.update_config("app", "\ufeff<project>é</project>")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.headers["Content-Type"] == "application/xml; charset=UTF-8"
    assert post.body == "<project>é</project>".encode()


# --- create / change --------------------------------------------------------------------------


def test_create_posts_xml_to_the_parent_folder(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.post(BASE + "job/team/createItem", status=200)
    assert jobs.create("team/app", "<project/>") == JobRef.parse("team/app")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.url == BASE + "job/team/createItem?name=app"
    assert post.headers["Content-Type"] == "application/xml; charset=UTF-8"
    assert post.body == b"<project/>"


def test_create_in_missing_folder_explains(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.post(BASE + "job/nope/createItem", status=404, body="<html/>", content_type="text/html")
    with pytest.raises(errors.NotFound, match="create_parents=True"):
        jobs.create("nope/app", "<project/>")


def test_create_with_parents_creates_missing_folders_top_down(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.get(BASE + "job/a/job/b/api/json", status=404, body="", content_type="text/html")
    mocked.get(BASE + "job/a/api/json", json={"name": "a"})
    mocked.post(BASE + "job/a/createItem", status=200)
    mocked.post(BASE + "job/a/job/b/createItem", status=200)
    jobs.create("a/b/app", "<project/>", create_parents=True)
    posts = [c.request for c in mocked.calls if c.request.method == "POST"]
    assert [p.url for p in posts] == [
        BASE + "job/a/createItem?name=b",
        BASE + "job/a/job/b/createItem?name=app",
    ]
    assert posts[0].body == FOLDER_XML.encode()


def test_create_folder_at_root(mocked: responses.RequestsMock, jobs: JobOperations) -> None:
    mocked.post(BASE + "createItem", status=200)
    jobs.create_folder("team")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.url == BASE + "createItem?name=team"
    assert b"com.cloudbees.hudson.plugins.folder.Folder" in post.body


def test_copy_posts_mode_copy_in_the_body(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    mocked.post(BASE + "job/dst/createItem", status=200)
    assert jobs.copy("src/app", "dst/app2").full_name == "dst/app2"
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.url == BASE + "job/dst/createItem"
    assert form(post.body) == {"name": ["app2"], "mode": ["copy"], "from": ["/src/app"]}


def test_rename_posts_confirm_rename(mocked: responses.RequestsMock, jobs: JobOperations) -> None:
    mocked.post(BASE + "job/team/job/old/doRename", status=200)
    assert jobs.rename("team/old", "new") == JobRef.parse("team/new")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert form(post.body) == {"newName": ["new"]}


@pytest.mark.parametrize(
    ("method", "endpoint"), [("delete", "doDelete"), ("enable", "enable"), ("disable", "disable")]
)
def test_delete_enable_disable_post(
    mocked: responses.RequestsMock, jobs: JobOperations, method: str, endpoint: str
) -> None:
    mocked.post(BASE + f"job/%23/{endpoint}", status=200)
    getattr(jobs, method)("#")
    assert sent(mocked) == [("POST", f"job/%23/{endpoint}", {})]


# --- real captures ----------------------------------------------------------------------------

CAPTURED = Path(__file__).parent / "captured_ops"


def test_list_real_root_and_multibranch_captures(
    mocked: responses.RequestsMock, jobs: JobOperations
) -> None:
    root = json.loads((CAPTURED / "stagecraft__04_root_tree_jobs.json").read_text())
    branches = json.loads((CAPTURED / "stagecraft__05_multibranch_tree_jobs.json").read_text())
    mocked.get(BASE + "api/json", json=root)
    # The branch job's name is already encoded; its URL segment is encoded once more.
    mocked.get(BASE + "job/multibranch-demo/job/feature%252FORD-214/api/json", json={"name": "x"})
    mocked.get(BASE + "job/multibranch-demo/api/json", json=branches)
    assert [j.full_name for j in jobs.list()] == [
        "freestyle-fail",
        "multibranch-demo",
        "stagecraft",
    ]
    found = jobs.list("multibranch-demo")
    assert [j.full_name for j in found] == [
        "multibranch-demo/feature%2FORD-214",
        "multibranch-demo/main",
    ]
    assert found[0].color == "yellow"
    assert jobs.exists(found[0].full_name or "")
