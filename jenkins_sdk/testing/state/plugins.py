"""Plugins and the update center (``hudson.PluginManager``, ``hudson.PluginWrapper``,
``hudson.model.UpdateCenter``, ``hudson.model.UpdateSite``).

Installs take time and report through the update center's jobs, as in Jenkins: each request
schedules one ``InstallationJob`` per plugin (dependencies first), and the single installer
thread runs them one after another; a job is ``Pending``, then ``Installing`` for the plugin's
``install_seconds`` of virtual time, then ``Success`` (loaded at once),
``SuccessButRequiresRestart`` (an upgrade of a loaded plugin, or an install without
``dynamicLoad``) or ``Failure`` (a test can arrange one). What needs a restart takes effect
when the emulated controller restarts (:meth:`PluginStore.on_restart`); uninstalled plugins
disappear then too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jenkins_sdk.testing.state.items import fail

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

#: ``name, long name, version`` of what the emulated controller has installed.
BASE_PLUGINS = [
    ("workflow-job", "Pipeline: Job", "1540.v295eccc9778f"),
    ("workflow-cps", "Pipeline: Groovy", "4106.v7a_8a_8176d450"),
    ("pipeline-stage-view", "Pipeline: Stage View Plugin", "2.38"),
    ("pipeline-input-step", "Pipeline: Input Step", "517.vf8e782ee645c"),
    ("cloudbees-folder", "Folders Plugin", "6.1012.v79a_86a_1ea_c1f"),
    ("workflow-multibranch", "Pipeline: Multibranch", "806.vb_b_688f609ee9"),
    ("junit", "JUnit Plugin", "1335.v6b_a_a_e18534e1"),
    ("git", "Git plugin", "5.7.0"),
    ("credentials", "Credentials Plugin", "1415.v831096eb_5534"),
    ("plain-credentials", "Plain Credentials Plugin", "199.v9f8e1f741799"),
    ("ssh-credentials", "SSH Credentials Plugin", "361.vb_f6760818e8c"),
    ("ssh-slaves", "SSH Build Agents plugin", "3.1031.v72c6b_883b_869"),
]
#: What the emulated update site offers (``name, title, version, dependencies``).
BASE_SITE = [
    ("git", "Git", "5.8.0", ()),
    ("timestamper", "Timestamper", "1.28", ()),
    ("ansicolor", "AnsiColor", "1.0.6", ()),
    ("docker-workflow", "Docker Pipeline", "611.v16e84da_6d3ff", ("docker-commons",)),
    ("docker-commons", "Docker Commons", "451.vd12c371eeeb_3", ()),
    ("slack", "Slack Notification", "761.v2a_8770f0d169", ()),
]
#: Default time an install takes (virtual seconds; an approximation of download and load).
INSTALL_SECONDS = 2.0


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A sort key close to ``hudson.util.VersionNumber`` for the versions we meet."""
    parts = version.replace("-", ".").replace("_", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


@dataclass
class Installed:
    """An installed plugin (``PluginWrapper``)."""

    name: str
    long_name: str
    version: str
    active: bool = True
    deleted: bool = False
    pending_version: str | None = None  # downloaded, applied on restart


@dataclass
class SitePlugin:
    """A plugin the update site offers (``UpdateSite.Plugin``)."""

    name: str
    title: str
    version: str
    dependencies: tuple[str, ...] = ()
    install_seconds: float = INSTALL_SECONDS
    error: str | None = None  # a test's arrangement: the install fails with this message


@dataclass
class Job:
    """An ``UpdateCenter.UpdateCenterJob`` (only the install kinds are emulated)."""

    id: int
    type: str
    plugin: SitePlugin
    dynamic: bool
    queued_ms: int
    status: str = "Pending"
    error: str | None = None
    started_ms: int | None = None
    ends_ms: int | None = None


@dataclass
class PluginStore:
    """Installed plugins, the update site and the update center's jobs."""

    state: ControllerState
    installed: dict[str, Installed] = field(default_factory=dict)
    site: dict[str, SitePlugin] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    restart_required: bool = False
    site_checked_ms: int | None = None

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._free_ms = 0  # when the installer thread is next free
        for name, long_name, version in BASE_PLUGINS:
            self.installed[name] = Installed(name, long_name, version)
        for name, title, version, deps in BASE_SITE:
            self.site[name] = SitePlugin(name, title, version, tuple(deps))

    # ------------------------------------------------------------ queries
    def has_update(self, plugin: Installed) -> bool:
        """Whether the site offers a newer version than the one loaded (``PluginWrapper
        .getUpdateInfo``: still true after the update was downloaded, until the restart)."""
        offered = self.site.get(plugin.name)
        return offered is not None and version_key(offered.version) > version_key(plugin.version)

    # ------------------------------------------------------------ installing
    def install(self, names: list[str], *, dynamic: bool, now_ms: int) -> None:
        """``pluginManager/install``: every name must be on the site ("No such plugin: X")."""
        for name in names:
            plugin = self.site.get(name)
            if plugin is None:
                raise fail(f"No such plugin: {name}")
            self._deploy(plugin, dynamic, now_ms)
        self.tick(now_ms)

    def install_necessary(self, wanted: dict[str, str], now_ms: int) -> None:
        """``installNecessaryPlugins``: install or upgrade to at least ``version``; a plugin the
        site lacks (or not new enough) is only logged by Jenkins, so it is skipped here."""
        for name, minimum in wanted.items():
            plugin = self.site.get(name)
            if plugin is None or version_key(plugin.version) < version_key(minimum):
                continue
            have = self.installed.get(name)
            if have is not None and version_key(have.version) >= version_key(minimum):
                continue
            self._deploy(plugin, True, now_ms)
        self.tick(now_ms)

    def _deploy(self, plugin: SitePlugin, dynamic: bool, now_ms: int) -> None:
        """``UpdateSite.Plugin.deploy``: dependencies first, a no-op job when up to date."""
        for dep in plugin.dependencies:
            dep_plugin = self.site.get(dep)
            scheduled = any(j.plugin.name == dep and j.status != "Failure" for j in self.jobs)
            if dep_plugin is not None and dep not in self.installed and not scheduled:
                self._deploy(dep_plugin, dynamic, now_ms)
        have = self.installed.get(plugin.name)
        kind = (
            "NoOpJob" if have is not None and have.version == plugin.version else "InstallationJob"
        )
        job = Job(next(self._ids), kind, plugin, dynamic, now_ms)
        if kind == "NoOpJob":
            job.status = "Success"
        self.jobs.append(job)

    def tick(self, now_ms: int) -> None:
        """The installer thread: one job at a time, each taking its plugin's time."""
        for job in self.jobs:
            if job.status not in ("Pending", "Installing"):
                continue
            if job.started_ms is None:
                start = max(self._free_ms, job.queued_ms)
                if start > now_ms:
                    return
                job.started_ms = start
                job.ends_ms = start + int(job.plugin.install_seconds * 1000)
                job.status = "Installing"
            if job.ends_ms is None or job.ends_ms > now_ms:
                return
            self._finish(job)
            self._free_ms = job.ends_ms

    def _finish(self, job: Job) -> None:
        plugin = job.plugin
        if plugin.error:
            job.status, job.error = "Failure", plugin.error
            return
        have = self.installed.get(plugin.name)
        if have is not None and have.active:
            have.pending_version = plugin.version  # a loaded plugin cannot be swapped
            job.status = "SuccessButRequiresRestart"
        elif job.dynamic:
            self.installed[plugin.name] = Installed(plugin.name, plugin.title, plugin.version)
            job.status = "Success"
        else:
            pending = Installed(plugin.name, plugin.title, plugin.version, active=False)
            pending.pending_version = plugin.version
            self.installed.setdefault(plugin.name, pending)
            job.status = "SuccessButRequiresRestart"
        if job.status == "SuccessButRequiresRestart":
            self.restart_required = True

    # ------------------------------------------------------------ uninstall, restart
    def uninstall(self, name: str) -> None:
        """``plugin/NAME/doUninstall``: the archive is gone; the plugin stays until a restart."""
        self.installed[name].deleted = True

    def on_restart(self) -> None:
        """A restart loads what was downloaded and drops what was uninstalled."""
        for name, plugin in list(self.installed.items()):
            if plugin.deleted:
                del self.installed[name]
                continue
            if plugin.pending_version is not None:
                plugin.version, plugin.pending_version = plugin.pending_version, None
            plugin.active = True
        self.jobs.clear()
        self.restart_required = False
