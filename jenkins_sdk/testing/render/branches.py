"""Computed folders and branch jobs as branch-api exports them.

A multibranch project exports ``buildable`` (``ComputedFolder.isBuildable``), ``sources`` and one
view per head category (``MultiBranchProjectViewHolder``: ``change-requests``, ``default``,
``tags``, each with its ``jobs``; the primary view is ``default``, or ``Welcome`` while empty).
A branch job carries a ``BranchJobProperty`` whose ``branch.head`` is the SCM head (``name``; a
change request adds ``id`` and ``target``); a dead branch's ``branch`` is ``Branch$Dead``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.render.queue import QueueRenderer
from jenkins_sdk.testing.state import MULTIBRANCH, Folder, Item, Job
from jenkins_sdk.testing.state.branches import ORGANIZATION, BranchStore, HeadSpec
from jenkins_sdk.testing.tree import Node

_CATEGORIES = (("change-requests", "change-request"), ("default", "branch"), ("tags", "tag"))
_HEAD_CLASSES = {
    "branch": "org.jenkinsci.plugins.github_branch_source.BranchSCMHead",
    "change-request": "org.jenkinsci.plugins.github_branch_source.PullRequestSCMHead",
    "tag": "org.jenkinsci.plugins.github_branch_source.GitHubTagSCMHead",
}


class BranchRenderer(QueueRenderer):
    """Multibranch projects, organization folders and branch jobs."""

    def computed_folder(
        self, folder: Folder, children: list[Item], node_of: Callable[[Item], Node]
    ) -> dict[str, Any]:
        """The fields a computed folder adds: ``buildable``, ``sources``, its views.

        ``node_of`` renders a child as an exported reference (``ItemRenderer.item_node``).
        """
        store = self.state.store(BranchStore)
        project = store.project(folder)
        out: dict[str, Any] = {"buildable": project is not None and project.buildable}
        url = self.item_url(folder)
        if folder.kind == ORGANIZATION:
            view = {
                "_class": "jenkins.branch.OrganizationFolderViewHolder$ViewImpl",
                "name": "default",
                "url": f"{url}view/default/",
            }
            empty = {"_class": "jenkins.branch.OrganizationFolderEmptyView", "name": "welcome"}
            out["primaryView"] = view if children else {**empty, "url": url}
            out["views"] = [view]
            return out
        views: list[dict[str, Any]] = []
        for name, kind in _CATEGORIES:
            jobs = [c for c in children if self.head_of(c).kind == kind]
            views.append(
                {
                    "_class": "jenkins.branch.MultiBranchProjectViewHolder$ViewImpl",
                    "name": name,
                    "url": url if name == "default" else f"{url}view/{name}/",
                    "jobs": [node_of(c) for c in jobs],
                }
            )
        welcome = {"_class": "jenkins.branch.MultiBranchProjectEmptyView", "name": "Welcome"}
        out["primaryView"] = {k: v for k, v in views[1].items() if k != "jobs"}
        if not children:
            out["primaryView"] = {**welcome, "url": url}
        out["sources"] = [{}] if project is None or project.heads else []
        out["views"] = views
        return out

    def head_of(self, item: Item) -> HeadSpec:
        """The SCM head behind a branch job (its decoded name when the emulator has no record)."""
        head = self.state.store(BranchStore).heads.get(item) if isinstance(item, Job) else None
        return head if head is not None else HeadSpec(item.display_name or item.name)

    def branch_property(self, job: Job) -> dict[str, Any] | None:
        """``BranchJobProperty`` of a job inside a multibranch project (None elsewhere)."""
        parent = job.parent
        if parent is None or parent.kind != MULTIBRANCH:
            return None
        head = self.head_of(job)
        dead = job in self.state.store(BranchStore).dead
        exported: dict[str, Any] = {"_class": _HEAD_CLASSES[head.kind], "name": head.name}
        if head.kind == "change-request":
            number = head.name.rsplit("-", 1)[-1]
            exported["id"] = number
            exported["target"] = {"_class": _HEAD_CLASSES["branch"], "name": "main"}
        return {
            "_class": "org.jenkinsci.plugins.workflow.multibranch.BranchJobProperty",
            "branch": {
                "_class": "jenkins.branch.Branch$Dead" if dead else "jenkins.branch.Branch",
                "actions": [],
                "head": exported,
                "properties": [],
                "scm": {"_class": "hudson.plugins.git.GitSCM"},
            },
        }
