"""Installing and removing plugins, through the update center (``docs/protocol-admin.md`` §2).

* A bare name (``"git"``) goes to ``pluginManager/install`` as a ``plugin.git`` field with
  ``dynamicLoad``: the update site's current version is installed, without a restart when Jenkins
  can load it (an unknown name is a 400 "No such plugin").
* ``"git@5.2.0"`` goes to ``pluginManager/installNecessaryPlugins`` as
  ``<jenkins><install plugin="git@5.2.0"/></jenkins>``: Jenkins treats the version as a minimum
  and installs the site's version; a plugin the site lacks is only logged, so the result says
  ``NotFound``.

Installs run in Jenkins' installer thread, one after another; progress is read from the update
center's jobs (``updateCenter/api/json``), newer than the highest job id seen before asking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from jenkins_sdk import errors
from jenkins_sdk._http.exchange import call_deadline
from jenkins_sdk.admin_results import PluginInstall, PluginInstallResult, PluginUpdate
from jenkins_sdk.resources import _shapes

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["PluginInstaller", "parse_plugin_names"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_JOBS = "restartRequiredForCompletion,jobs[id,type,name,errorMessage,status[type],plugin[version]]"
_XML = {"Content-Type": "application/xml; charset=UTF-8"}
_POLL_FIRST, _POLL_MAX = 1.0, 5.0
_MIN_BUDGET = 0.05


def parse_plugin_names(names: str | Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """Split ``"git"`` and ``"git@5.2.0"`` requests into bare names and minimum versions.

    Raises:
        InvalidRef: a name is not a plugin short name (or the version is empty).
    """
    items = [names] if isinstance(names, str) else list(names)
    plain: list[str] = []
    versioned: dict[str, str] = {}
    for item in items:
        name, at, version = item.strip().partition("@")
        if not _NAME.fullmatch(name) or (at and (not version or "@" in version)):
            raise errors.InvalidRef(f"{item!r} is not a plugin name (name or name@version)")
        if at:
            versioned[name] = version
        elif name not in plain:
            plain.append(name)
    if not plain and not versioned:
        raise errors.InvalidRef("no plugin to install")
    return plain, versioned


class PluginInstaller:
    """The install, update and uninstall half of ``client.plugins``."""

    _requester: Requester

    def _center(self) -> Mapping[str, Any]:
        data = self._requester.get_json("updateCenter/api/json", tree=_JOBS)
        if not isinstance(data, Mapping):
            raise errors.ResponseShapeError("the update center is not a JSON object")
        return data

    def _submit(self, plain: list[str], versioned: dict[str, str]) -> None:
        if plain:
            form = {f"plugin.{name}": "on" for name in plain}
            form["dynamicLoad"] = "true"
            self._requester.post("pluginManager/install", data=form)
        if versioned:
            body = "".join(
                f"<install plugin={quoteattr(f'{n}@{v}')}/>" for n, v in versioned.items()
            )
            self._requester.post(
                "pluginManager/installNecessaryPlugins",
                data=f"<jenkins>{body}</jenkins>".encode(),
                headers=_XML,
            )

    def _result(
        self, since: int, requested: Iterable[str], minimums: Mapping[str, str]
    ) -> PluginInstallResult:
        data = self._center()
        installs = _jobs_after(data, since)
        seen = {i.name for i in installs}
        missing = [name for name in requested if name not in seen]
        if missing:
            installs += self._not_scheduled(missing, minimums)
        restart = data.get("restartRequiredForCompletion") is True
        return PluginInstallResult(installs=tuple(installs), restart_required=restart)

    def _not_scheduled(self, names: list[str], minimums: Mapping[str, str]) -> list[PluginInstall]:
        """``installNecessaryPlugins`` schedules nothing for a plugin that is already new
        enough (``Skipped``) or that the site lacks (``NotFound``)."""
        installed = self._installed_versions()
        out = []
        for name in names:
            have = installed.get(name)
            if have is not None:
                out.append(PluginInstall(name=name, version=have, status="Skipped"))
            else:
                wanted = minimums.get(name, "")
                error = f"the update site offers no {name} at version {wanted} or newer"
                out.append(PluginInstall(name=name, status="NotFound", error=error))
        return out

    def _installed_versions(self) -> dict[str, str]:
        tree = "plugins[shortName,version,deleted]"
        plugins = _plugins(self._requester.get_json("pluginManager/api/json", tree=tree))
        return {
            str(p.get("shortName")): str(p.get("version"))
            for _, p in plugins
            if not p.get("deleted")
        }

    def install(
        self, names: str | Iterable[str], *, wait: bool = True, timeout: float = 600
    ) -> PluginInstallResult:
        """Install plugins (``"git"`` for the update site's version, ``"git@5.2.0"`` for at least
        that version) and, with ``wait``, wait until Jenkins has installed them.

        Returns one :class:`~jenkins_sdk.admin_results.PluginInstall` per plugin (dependencies
        included) and whether Jenkins needs a restart to finish.

        Raises:
            BadRequest: the update site has no plugin of a bare name ("No such plugin").
            PluginInstallTimeout: still installing after ``timeout`` seconds (its ``result``
                says where each install stood).
        """
        timeout = self._requester.wait_seconds(timeout)  # checked before anything is sent
        plain, versioned = parse_plugin_names(names)
        requested = [*plain, *versioned]
        since = max((j["id"] for j in _raw_jobs(self._center())), default=0)
        try:
            self._submit(plain, versioned)
        except errors.BadRequest as exc:
            # doInstall deploys the names before the unknown one: say which were scheduled
            scheduled = sorted({i.name for i in _jobs_after(self._center(), since)})
            if scheduled:
                exc.message += f" (already scheduled before it: {', '.join(scheduled)})"
                exc.args = (exc.message,)
            raise
        result = self._result(since, requested, versioned)
        if not wait:
            return result
        clock = self._requester.clock
        deadline = clock.monotonic() + timeout
        pause = _POLL_FIRST
        while not result.done:
            left = deadline - clock.monotonic()
            if left <= 0:
                raise _timed_out(result, timeout)
            clock.sleep(min(pause, left))
            pause = min(pause * 2, _POLL_MAX)
            try:  # a poll gets at most what is left of the wait
                with call_deadline(max(deadline - clock.monotonic(), _MIN_BUDGET)):
                    result = self._result(since, requested, versioned)
            except errors.Timeout:
                if deadline - clock.monotonic() > _MIN_BUDGET:
                    raise
                raise _timed_out(result, timeout) from None
        return result

    def uninstall(self, name: str) -> None:
        """Uninstall a plugin: it is gone after the next restart (``deleted`` until then).

        Raises:
            NotFound: no such plugin is installed.
        """
        parse_plugin_names(name)
        self._requester.post(f"pluginManager/plugin/{name}/doUninstall")

    def check_updates(self) -> None:
        """Refresh the update sites' data now (``checkUpdatesServer``)."""
        self._requester.post("pluginManager/checkUpdatesServer")

    def updates(self) -> list[PluginUpdate]:
        """Installed plugins the update site has a newer version of."""
        tree = "sites[updates[name,version,title]]"
        what = "updateCenter/api/json"
        sites = _shapes.entries(self._requester.get_json(what, tree=tree), "sites", what)
        installed = self._installed_versions()
        found: dict[str, PluginUpdate] = {}
        for at, site in _shapes.objects(sites, what, path="$.sites"):
            updates = _shapes.member_list(site, "updates", what, path=at)
            for here, entry in _shapes.objects(updates, what, path=f"{at}.updates"):
                name = _shapes.string(entry.get("name"), what, path=f"{here}.name")
                if name is None or name in found:
                    continue
                found[name] = PluginUpdate(
                    name=name,
                    title=entry.get("title"),
                    installed_version=installed.get(name),
                    available_version=str(entry.get("version")),
                )
        return sorted(found.values(), key=lambda u: u.name)

    def restart_required(self) -> bool:
        """Whether a restart is needed to finish plugin changes (an install that could not be
        loaded at once, or an uninstall)."""
        if self._center().get("restartRequiredForCompletion") is True:
            return True
        data = self._requester.get_json("pluginManager/api/json", tree="plugins[deleted]")
        return any(p.get("deleted") is True for _, p in _plugins(data))


def _timed_out(result: PluginInstallResult, timeout: float) -> errors.PluginInstallTimeout:
    """The timeout error, carrying where each install stood at the last poll."""
    pending = ", ".join(f"{i.name} {i.status}" for i in result.installs if not i.done)
    error = errors.PluginInstallTimeout(f"plugins still installing after {timeout:g} s: {pending}")
    error.result = result
    return error


def _plugins(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """The entries of the plugin manager's ``plugins``."""
    what = "pluginManager/api/json"
    return _shapes.objects(_shapes.entries(data, "plugins", what), what, path="$.plugins")


def _raw_jobs(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    jobs = data.get("jobs")
    if not isinstance(jobs, list):
        raise errors.ResponseShapeError("the update center lists no jobs")
    return [j for j in jobs if isinstance(j, Mapping) and isinstance(j.get("id"), int)]


def _jobs_after(data: Mapping[str, Any], since: int) -> list[PluginInstall]:
    """The install jobs newer than ``since`` (``InstallationJob``, ``EnableJob``, ``NoOpJob``)."""
    out: list[PluginInstall] = []
    for job in _raw_jobs(data):
        if job["id"] <= since or not isinstance(job.get("name"), str):
            continue
        status = _mapping(job.get("status"))
        plugin = _mapping(job.get("plugin"))
        out.append(
            PluginInstall(
                name=job["name"],
                version=plugin.get("version") if isinstance(plugin.get("version"), str) else None,
                status=str(status.get("type") or "Pending"),
                error=job.get("errorMessage") if isinstance(job.get("errorMessage"), str) else None,
            )
        )
    return out


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
