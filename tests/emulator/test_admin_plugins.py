"""Plugins: installs that take time and report through the update center, uninstall, updates.

Grounded in ``core/src/main/java/hudson/PluginManager.java`` (``doInstall``,
``doInstallNecessaryPlugins``, ``parseRequestedPlugins``, ``prevalidateConfig``,
``doCheckUpdatesServer``), ``hudson/PluginWrapper.java`` (``doDoUninstall``, ``getUpdateInfo``)
and ``hudson/model/UpdateCenter.java`` (``getJobs``, ``DownloadJob.InstallationStatus``,
``isRestartRequiredForCompletion``), ``hudson/model/UpdateSite.java`` (``Plugin.deploy``).
"""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator

JOBS = "restartRequiredForCompletion,jobs[id,type,name,errorMessage,status[type,success]]"


def _jobs(emu: JenkinsEmulator, http: requests.Session) -> dict[str, str]:
    data = http.get(emu.url + "updateCenter/api/json", params={"tree": JOBS}).json()
    return {j["name"]: j["status"]["type"] for j in data["jobs"]}


def _installed(emu: JenkinsEmulator, http: requests.Session) -> dict[str, dict[str, object]]:
    tree = "plugins[shortName,version,active,deleted,hasUpdate]"
    data = http.get(emu.url + "pluginManager/api/json", params={"tree": tree}).json()
    return {p["shortName"]: p for p in data["plugins"]}


def test_install_by_name_runs_one_job_after_another(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doInstall``: ``plugin.NAME`` fields, 302 to ``updates/``; dependencies are deployed first;
    the single installer thread moves each job Pending → Installing → Success."""
    emu.site_plugin("b-dep", "1.0", install_seconds=2)
    emu.site_plugin("a-tool", "2.0", dependencies=["b-dep"], install_seconds=2)
    form = {"plugin.a-tool": "on", "dynamicLoad": "true"}
    r = http.post(emu.url + "pluginManager/install", data=form, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/pluginManager/updates/")
    assert _jobs(emu, http) == {"b-dep": "Installing", "a-tool": "Pending"}
    emu.advance(2)
    assert _jobs(emu, http) == {"b-dep": "Success", "a-tool": "Installing"}
    emu.advance(2)
    assert _jobs(emu, http) == {"b-dep": "Success", "a-tool": "Success"}
    assert _installed(emu, http)["a-tool"]["version"] == "2.0"


def test_without_dynamic_load_a_restart_is_required(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """No ``dynamicLoad`` → ``SuccessButRequiresRestart`` and ``restartRequiredForCompletion``;
    the plugin is loaded by the restart."""
    emu.site_plugin("later", "1.0", install_seconds=1)
    http.post(emu.url + "pluginManager/install", data={"plugin.later": "on"})
    emu.advance(1)
    assert _jobs(emu, http) == {"later": "SuccessButRequiresRestart"}
    data = http.get(emu.url + "updateCenter/api/json", params={"tree": JOBS}).json()
    assert data["restartRequiredForCompletion"] is True
    assert "later" not in emu.installed_plugins()
    emu.begin_restart()
    emu.advance(15)
    assert emu.installed_plugins()["later"] == "1.0"
    assert http.get(emu.url + "updateCenter/api/json", params={"tree": JOBS}).json() == {
        "_class": "hudson.model.UpdateCenter",
        "jobs": [],
        "restartRequiredForCompletion": False,
    }


def test_unknown_plugin_is_a_400_failure(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``install``: ``Failure("No such plugin: X")``."""
    r = http.post(emu.url + "pluginManager/install", data={"plugin.nope": "on"})
    assert r.status_code == 400 and "No such plugin: nope" in r.text


def test_install_necessary_plugins_takes_a_minimum_version(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``installNecessaryPlugins``: ``plugin="name@version"``; the site's (newer) version is
    installed; an upgrade of a loaded plugin needs a restart; one the site lacks is skipped
    silently; a bare name is malformed (500)."""
    emu.site_plugin("git", "9.0")
    body = '<jenkins><install plugin="git@6.0"/><install plugin="missing@1.0"/></jenkins>'
    r = http.post(
        emu.url + "pluginManager/installNecessaryPlugins",
        data=body,
        headers={"Content-Type": "text/xml"},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/pluginManager/updates/")
    emu.advance(3)
    assert _jobs(emu, http) == {"git": "SuccessButRequiresRestart"}
    assert _installed(emu, http)["git"]["hasUpdate"] is True  # still the old one loaded
    bad = http.post(emu.url + "pluginManager/installNecessaryPlugins", data='<x plugin="git"/>')
    assert bad.status_code == 500 and "Malformed plugin attribute" in bad.text


def test_a_failing_install_reports_its_error(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``DownloadJob.Failure`` with ``errorMessage`` (e.g. a checksum or download problem)."""
    emu.site_plugin("broken", "1.0", error="Failed to download from https://x/broken.hpi")
    http.post(emu.url + "pluginManager/install", data={"plugin.broken": "on", "dynamicLoad": "1"})
    emu.advance(3)
    data = http.get(emu.url + "updateCenter/api/json", params={"tree": JOBS}).json()
    job = data["jobs"][0]
    assert job["status"] == {
        "_class": "hudson.model.UpdateCenter$DownloadJob$Failure",
        "success": False,
        "type": "Failure",
    }
    assert job["errorMessage"].startswith("Failed to download")


def test_uninstall_waits_for_a_restart(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``doDoUninstall``: 302 to ``/manage/pluginManager/installed``; ``deleted`` until a
    restart; an unknown plugin is 404."""
    r = http.post(emu.url + "pluginManager/plugin/junit/doUninstall", allow_redirects=False)
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/manage/pluginManager/installed")
    assert _installed(emu, http)["junit"]["deleted"] is True
    assert http.post(emu.url + "pluginManager/plugin/nope/doUninstall").status_code == 404
    emu.begin_restart()
    emu.advance(15)
    assert "junit" not in _installed(emu, http)


def test_updates_and_check_updates_server(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``UpdateSite.getUpdates`` (exported) and ``hasUpdate``; ``checkUpdatesServer`` is a POST
    that goes back to the Referer."""
    emu.installed_plugin("timestamper", "1.0")
    tree = "sites[id,updates[name,version]]"
    sites = http.get(emu.url + "updateCenter/api/json", params={"tree": tree}).json()["sites"]
    assert {"name": "timestamper", "version": "1.28"} in sites[0]["updates"]
    assert _installed(emu, http)["timestamper"]["hasUpdate"] is True
    r = http.post(
        emu.url + "pluginManager/checkUpdatesServer",
        headers={"Referer": emu.url + "manage/"},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["Location"] == emu.url + "manage/"
