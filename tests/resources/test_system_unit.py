"""Unit tests (responses) for client.system, client.nodes, client.views and client.plugins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources.nodes import NodeOperations, node_path
from jenkins_sdk.resources.plugins import PluginOperations
from jenkins_sdk.resources.system import SystemOperations
from jenkins_sdk.resources.views import ViewOperations, view_path
from tests.resources._helpers import BASE, form, sent

JSON = "application/json;charset=UTF-8"


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c


# --- system -----------------------------------------------------------------------------------


def test_version_comes_from_the_x_jenkins_header(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "api/json", json={"mode": "NORMAL"}, headers={"X-Jenkins": "2.541.3"})
    assert SystemOperations(client.requester).version() == "2.541.3"
    assert sent(mocked)[0][2] == {"tree": ["mode"]}


def test_version_without_header_is_unexpected(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "api/json", json={"mode": "NORMAL"})
    with pytest.raises(errors.UnexpectedResponse, match="X-Jenkins"):
        SystemOperations(client.requester).version()


def test_whoami_and_info(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(
        BASE + "whoAmI/api/json",
        json={
            "_class": "hudson.security.WhoAmI",
            "name": "alice",
            "anonymous": False,
            "authenticated": True,
            "authorities": ["authenticated"],
        },
    )
    mocked.get(
        BASE + "api/json",
        json={
            "_class": "hudson.model.Hudson",
            "mode": "NORMAL",
            "quietingDown": False,
            "useCrumbs": True,
        },
    )
    system = SystemOperations(client.requester)
    me = system.whoami()
    assert me.name == "alice" and me.authorities == ["authenticated"]
    assert system.info().quieting_down is False
    assert [p for _, p, _ in sent(mocked)] == ["whoAmI/api/json", "api/json"]


def test_quiet_down_and_cancel(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.post(BASE + "quietDown", status=200)
    mocked.post(BASE + "cancelQuietDown", status=200)
    system = SystemOperations(client.requester)
    system.quiet_down("upgrade")
    system.cancel_quiet_down()
    posts = [c.request for c in mocked.calls if c.request.method == "POST"]
    assert [p.url for p in posts] == [BASE + "quietDown", BASE + "cancelQuietDown"]
    # ``message`` since 2.414 (Jenkins.doQuietDown), ``reason`` before: both are sent
    assert form(posts[0].body) == {"message": ["upgrade"], "reason": ["upgrade"]}


def test_run_script_posts_the_script_in_the_body(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.post(BASE + "scriptText", body="Result: 2\n", content_type="text/plain")
    assert SystemOperations(client.requester).run_script("println(1+1)") == "Result: 2\n"
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert post.url == BASE + "scriptText"
    assert form(post.body) == {"script": ["println(1+1)"]}


# --- nodes ------------------------------------------------------------------------------------


def computer(name: str, *, offline: bool, by_hand: bool | None = None) -> dict:
    return {
        "_class": "hudson.slaves.SlaveComputer",
        "displayName": name,
        "offline": offline,
        "temporarilyOffline": offline if by_hand is None else by_hand,
        "numExecutors": 2,
    }


def test_node_path_encodes_and_knows_the_built_in_node() -> None:
    assert node_path("agent 1") == "computer/agent%201/"
    assert node_path("master") == node_path("") == "computer/(built-in)/"
    assert node_path("a/b?") == "computer/a%2Fb%3F/"


def test_nodes_list_and_get(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(
        BASE + "computer/api/json",
        json={"computer": [computer("Built-In Node", offline=False), computer("a1", offline=True)]},
    )
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=True))
    nodes = NodeOperations(client.requester)
    assert [n.display_name for n in nodes.list()] == ["Built-In Node", "a1"]
    assert nodes.get("a1").offline is True


def test_set_offline_toggles_an_online_node_with_the_reason(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=False))
    mocked.post(BASE + "computer/a1/toggleOffline", status=200)
    NodeOperations(client.requester).set_offline("a1", "disk full")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert form(post.body) == {"offlineMessage": ["disk full"]}


def test_set_offline_on_an_offline_node_changes_the_reason(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=True))
    mocked.post(BASE + "computer/a1/changeOfflineCause", status=200)
    NodeOperations(client.requester).set_offline("a1", "still full")
    assert sent(mocked)[-1][:2] == ("POST", "computer/a1/changeOfflineCause")


def test_set_online_toggles_only_an_offline_node(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=True))
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=False))
    mocked.post(BASE + "computer/a1/toggleOffline", status=200)
    nodes = NodeOperations(client.requester)
    nodes.set_online("a1")
    nodes.set_online("a1")
    assert [m for m, _, _ in sent(mocked)] == ["GET", "POST", "GET"]


def test_set_online_leaves_a_disconnected_agent_alone(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    """``Computer.doToggleOffline`` takes a node that is not temporarily offline *offline*: an
    agent that is offline only because it is disconnected must not be toggled."""
    mocked.get(BASE + "computer/a1/api/json", json=computer("a1", offline=True, by_hand=False))
    NodeOperations(client.requester).set_online("a1")
    assert [m for m, _, _ in sent(mocked)] == ["GET"]


# --- views ------------------------------------------------------------------------------------


def test_views_list_get_and_jobs(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(BASE + "api/json", json={"views": [{"name": "all", "url": BASE}]})
    view = {
        "_class": "hudson.model.ListView",
        "name": "my view",
        "url": BASE + "view/my%20view/",
        "jobs": [{"name": "app", "url": BASE + "job/app/", "color": "blue"}],
    }
    mocked.get(BASE + "view/my%20view/api/json", json=view)
    views = ViewOperations(client.requester)
    assert [v.name for v in views.list()] == ["all"]
    assert views.get("my view").name == "my view"
    assert [j.name for j in views.jobs("my view")] == ["app"]
    trees = [q["tree"][0] for _, _, q in sent(mocked)]
    assert trees[0].startswith("views[") and trees[2] == "jobs[_class,name,url,color,fullName]"


def test_view_path_inside_a_folder() -> None:
    assert view_path("v", "team/app") == "job/team/job/app/view/v/"
    with pytest.raises(ValueError):
        view_path("..")


# --- plugins ----------------------------------------------------------------------------------


def test_plugins_list_and_get(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(
        BASE + "pluginManager/api/json",
        json={
            "plugins": [
                {"shortName": "git", "version": "5.2", "active": True},
                {"shortName": "workflow-job", "version": "1400.v"},
            ]
        },
    )
    plugins = PluginOperations(client.requester)
    assert [p.short_name for p in plugins.list()] == ["git", "workflow-job"]
    found = plugins.get("git")
    assert found is not None and found.version == "5.2"
    assert plugins.get("nope") is None
    assert "plugins[shortName,version," in sent(mocked)[0][2]["tree"][0]
