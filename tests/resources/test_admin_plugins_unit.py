"""Unit tests (responses) for plugin installs and updates (``PluginManager.doInstall``,
``doInstallNecessaryPlugins``, ``UpdateCenter`` jobs; docs/protocol-admin.md §2)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources._plugin_install import parse_plugin_names
from jenkins_sdk.resources.plugins import PluginOperations
from tests.resources._helpers import BASE, FakeClock, form, sent

UC = BASE + "updateCenter/api/json"


def job(job_id: int, name: str, status: str, error: str | None = None) -> dict[str, Any]:
    return {
        "id": job_id,
        "type": "InstallationJob",
        "name": name,
        "errorMessage": error,
        "status": {"type": status},
        "plugin": {"version": "1.0"},
    }


def center(*jobs: dict[str, Any], restart: bool = False) -> dict[str, Any]:
    return {"jobs": list(jobs), "restartRequiredForCompletion": restart}


@pytest.fixture
def plugins(clock: FakeClock) -> Iterator[PluginOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n", clock=clock) as c:
        yield c.plugins


def test_names_parse_into_bare_and_versioned() -> None:
    assert parse_plugin_names(["git", "ssh@1.2", "git"]) == (["git"], {"ssh": "1.2"})
    assert parse_plugin_names("git") == (["git"], {})
    for bad in ("", "a b", "git@", "x@1@2", "@1"):
        with pytest.raises(errors.InvalidRef):
            parse_plugin_names([bad])


def test_install_posts_both_endpoints_and_waits_on_the_clock(
    mocked: responses.RequestsMock, plugins: PluginOperations, clock: FakeClock
) -> None:
    old = job(7, "older", "Success")
    mocked.get(UC, json=center(old))
    mocked.post(BASE + "pluginManager/install", status=302, headers={"Location": BASE})
    mocked.post(
        BASE + "pluginManager/installNecessaryPlugins", status=302, headers={"Location": BASE}
    )
    mocked.get(UC, json=center(old, job(8, "git", "Installing"), job(9, "ssh", "Pending")))
    mocked.get(UC, json=center(old, job(8, "git", "Success"), job(9, "ssh", "Installing")))
    final = center(
        old, job(8, "git", "Success"), job(9, "ssh", "SuccessButRequiresRestart"), restart=True
    )
    mocked.get(UC, json=final)
    result = plugins.install(["git", "ssh@1.2"])
    assert [(i.name, i.status) for i in result.installs] == [
        ("git", "Success"),
        ("ssh", "SuccessButRequiresRestart"),
    ]
    assert result.restart_required and not result.failed and result.done
    assert clock.sleeps == [1.0, 2.0]
    posts = [c.request for c in mocked.calls if c.request.method == "POST"]
    assert form(posts[0].body) == {"plugin.git": ["on"], "dynamicLoad": ["true"]}
    assert posts[1].headers["Content-Type"].startswith("application/xml")
    install = ET.fromstring(posts[1].body).find("install")
    assert install is not None and install.get("plugin") == "ssh@1.2"
    assert sent(mocked)[0][2]["tree"][0].startswith("restartRequiredForCompletion,jobs[")


def test_a_versioned_plugin_with_no_job_is_skipped_or_not_found(
    mocked: responses.RequestsMock, plugins: PluginOperations
) -> None:
    mocked.get(UC, json=center())
    mocked.post(
        BASE + "pluginManager/installNecessaryPlugins", status=302, headers={"Location": BASE}
    )
    mocked.get(
        BASE + "pluginManager/api/json", json={"plugins": [{"shortName": "git", "version": "9.0"}]}
    )
    result = plugins.install(["git@5.0", "ghost@1.0"], wait=False)
    statuses = {i.name: i.status for i in result.installs}
    assert statuses == {"git": "Skipped", "ghost": "NotFound"}
    assert [i.name for i in result.failed] == ["ghost"]


def test_install_times_out_with_the_partial_result(
    mocked: responses.RequestsMock, plugins: PluginOperations, clock: FakeClock
) -> None:
    mocked.get(UC, json=center())
    mocked.post(BASE + "pluginManager/install", status=302, headers={"Location": BASE})
    mocked.get(UC, json=center(job(1, "slow", "Installing")))
    with pytest.raises(errors.PluginInstallTimeout) as info:
        plugins.install("slow", timeout=10)
    assert info.value.result.installs[0].status == "Installing"
    assert sum(clock.sleeps) == pytest.approx(10)


def test_unknown_bare_name_is_jenkins_400(
    mocked: responses.RequestsMock, plugins: PluginOperations
) -> None:
    mocked.get(UC, json=center())
    # PluginManager.doInstall throws Failure: AbstractModelObject/error.jelly renders a whole
    # page and sets the message as the X-Error header, which the error's message carries
    page = "<!DOCTYPE html><html><head>" + "<link rel='stylesheet'>" * 20 + "</head></html>"
    mocked.post(
        BASE + "pluginManager/install",
        status=400,
        body=page,
        headers={"X-Error": "No such plugin: nope"},
        content_type="text/html",
    )
    with pytest.raises(errors.BadRequest) as info:
        plugins.install("nope")
    assert info.value.message == "bad request: No such plugin: nope"
    assert "No such plugin: nope" in str(info.value)


def test_uninstall_check_updates_updates_restart_required(
    mocked: responses.RequestsMock, plugins: PluginOperations
) -> None:
    mocked.post(
        BASE + "pluginManager/plugin/git/doUninstall", status=302, headers={"Location": BASE}
    )
    mocked.post(BASE + "pluginManager/checkUpdatesServer", status=302, headers={"Location": BASE})
    mocked.get(
        UC, json={"sites": [{"updates": [{"name": "git", "version": "6.0", "title": "Git"}]}]}
    )
    installed = {"plugins": [{"shortName": "git", "version": "5.0", "deleted": True}]}
    mocked.get(
        BASE + "pluginManager/api/json", json={"plugins": [{"shortName": "git", "version": "5.0"}]}
    )
    mocked.get(UC, json=center())
    mocked.get(BASE + "pluginManager/api/json", json=installed)
    plugins.uninstall("git")
    plugins.check_updates()
    (update,) = plugins.updates()
    assert (update.name, update.installed_version, update.available_version) == (
        "git",
        "5.0",
        "6.0",
    )
    assert plugins.restart_required() is True  # an uninstall waits for the restart
    assert [p for m, p, _ in sent(mocked) if m == "POST"] == [
        "pluginManager/plugin/git/doUninstall",
        "pluginManager/checkUpdatesServer",
    ]
