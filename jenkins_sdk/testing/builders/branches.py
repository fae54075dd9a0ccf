"""Builder API for computed folders: multibranch projects and organization folders, their heads."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jenkins_sdk.testing.builders.items import ItemBuilders
from jenkins_sdk.testing.state import MULTIBRANCH, Folder, Job
from jenkins_sdk.testing.state.branches import (
    ORGANIZATION,
    BranchStore,
    ComputedProject,
    HeadSpec,
    name_encode,
)

__all__ = ["BranchBuilders", "HeadLike", "branch_job_name"]

#: A head given to the builders: a branch name, or a :class:`HeadSpec` (PRs, tags, titles).
HeadLike = str | HeadSpec


def branch_job_name(branch: str) -> str:
    """The branch-api job name of a branch (``NameEncoder``): ``feature/x`` -> ``feature%2Fx``."""
    return name_encode(branch)


def _heads(branches: Sequence[HeadLike]) -> list[HeadSpec]:
    return [b if isinstance(b, HeadSpec) else HeadSpec(b) for b in branches]


class BranchBuilders(ItemBuilders):
    """``multibranch``, ``organization``, ``set_branches``, ``fail_scans``."""

    def _job_maker(self, kwargs: dict[str, Any]) -> Callable[[Folder, HeadSpec], Job]:
        def make(folder: Folder, head: HeadSpec) -> Job:
            job = self.pipeline(f"{folder.full_name}/{name_encode(head.name)}", **kwargs)
            job.display_name = head.display_name
            return job

        return make

    def _computed(self, path: str, kind: str, kwargs: dict[str, Any]) -> ComputedProject:
        folder = self.folder(path, kind=kind)
        folder.kind = kind
        store = self.state.store(BranchStore)
        project = store.projects.get(folder)
        if project is None:
            project = ComputedProject(folder, self._job_maker(kwargs))
            store.projects[folder] = project
        return project

    def multibranch(
        self,
        path: str,
        branches: Sequence[HeadLike],
        *,
        prune: bool = True,
        build_new: bool = True,
        scan_seconds: float = 2.0,
        **kwargs: Any,
    ) -> Folder:
        """Declare a multibranch project whose SCM reports ``branches``.

        Its branch jobs exist at once, as after a first scan (``feature/x`` becomes the job
        ``feature%2Fx``); later scans (``POST build``) follow :meth:`set_branches`: new heads
        become jobs (and are built when ``build_new``), vanished ones are deleted (or disabled
        and marked dead when ``prune`` is false). Other keywords configure the branch jobs as
        :meth:`pipeline` does. A scan takes ``scan_seconds`` of emulator time.
        """
        with self.state.lock:
            project = self._computed(path, MULTIBRANCH, kwargs)
            project.heads = _heads(branches)
            project.prune = prune
            project.scan_seconds = scan_seconds
            project.build_new = False
            self.state.store(BranchStore).run_now(project)
            project.build_new = build_new
            return project.folder

    def organization(
        self,
        path: str,
        repos: Mapping[str, Sequence[HeadLike]],
        *,
        scan_seconds: float = 2.0,
        **kwargs: Any,
    ) -> Folder:
        """Declare an organization folder whose repositories (multibranch projects) are ``repos``.

        Nothing exists until it is scanned (``POST build``): the scan creates one multibranch
        project per repository and schedules its branch indexing.
        """
        with self.state.lock:
            project = self._computed(path, ORGANIZATION, kwargs)
            project.repos = {name: _heads(heads) for name, heads in repos.items()}
            project.scan_seconds = scan_seconds
            return project.folder

    def set_branches(self, path: str, branches: Sequence[HeadLike]) -> None:
        """Change the heads the SCM of project ``path`` reports (the next scan applies them)."""
        with self.state.lock:
            self._project(path).heads = _heads(branches)

    def fail_scans(self, path: str, message: str | None = "Connection refused") -> None:
        """Make the scans of ``path`` fail with ``message`` (None: succeed again)."""
        with self.state.lock:
            self._project(path).fail_with = message

    def _project(self, path: str) -> ComputedProject:
        item = self.state.resolve([p for p in path.split("/") if p])
        project = self.state.store(BranchStore).project(item) if isinstance(item, Folder) else None
        if project is None:
            raise KeyError(f"no multibranch project or organization folder {path!r}")
        return project
