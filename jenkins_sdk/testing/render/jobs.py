"""Items as Jenkins exports them: folders, multibranch projects, freestyle and pipeline jobs."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.render.base import param_definition, raw_encode, wants
from jenkins_sdk.testing.render.branches import BranchRenderer
from jenkins_sdk.testing.render.matrix import config_ref
from jenkins_sdk.testing.state import FOLDER, ITEM_CLASSES, MATRIX, PIPELINE, Folder, Item, Job
from jenkins_sdk.testing.state.scripted import downstream_of, upstream_map
from jenkins_sdk.testing.state.views import ViewStore
from jenkins_sdk.testing.tree import Node, Want

_SHORT_KEYS = frozenset({"_class", "name", "url", "color"})


class ItemRenderer(BranchRenderer):
    """Items (their builds and queue items through the base classes)."""

    _upstream: dict[int, list[Job]] | None = None

    def upstream(self, job: Job) -> list[Job]:
        """The jobs whose ``BuildTrigger`` starts ``job`` (computed once per request)."""
        if self._upstream is None:
            self._upstream = upstream_map(self.state)
        return self._upstream.get(id(job), [])

    def visible_children(self, folder: Folder) -> list[Item]:
        """Children the current user can read."""
        return [c for c in folder.children.values() if c.readable_by(self.user)]

    def item_short(self, item: Item) -> dict[str, Any]:
        """``{_class,name,url[,color]}``."""
        out: dict[str, Any] = {
            "_class": ITEM_CLASSES[item.kind],
            "name": item.name,
            "url": self.item_url(item),
        }
        if isinstance(item, Job):
            out["color"] = item.color()
        return out

    def item_node(self, item: Item) -> Node:
        """An item as an exported reference (a tree asking only for short keys stays short)."""

        def full(want: Want) -> dict[str, Any]:
            if want is not None and want <= _SHORT_KEYS:
                return self.item_short(item)
            if isinstance(item, Job):
                return self.job_full(item, want)
            assert isinstance(item, Folder)
            return self.folder_full(item, want)

        hidden = frozenset({"allBuilds"}) if isinstance(item, Job) else frozenset()
        return Node(full, lambda: self.item_short(item), hidden)

    def _common(self, item: Item) -> dict[str, Any]:
        return {
            "_class": ITEM_CLASSES[item.kind],
            "actions": [
                {},
                {},
                {"_class": "com.cloudbees.plugins.credentials.ViewCredentialsAction"},
            ],
            "description": item.description,
            "displayName": item.display_name or item.name,
            "displayNameOrNull": item.display_name,
            "fullDisplayName": item.full_display_name,
            "fullName": item.full_name,
            "name": item.name,
            "url": self.item_url(item),
        }

    def health(self, item: Item) -> list[dict[str, Any]]:
        """A healthReport list."""
        if not isinstance(item, Job) or not item.builds:
            return []
        recent = [b for b in item.last_builds() if not b.building][:5]
        failed = sum(1 for b in recent if b.result == "FAILURE")
        score = 100 - 20 * failed
        bucket = "80plus" if score > 80 else "60to79" if score > 60 else "40to59"
        desc = (
            "Build stability: No recent builds failed."
            if failed == 0
            else f"Build stability: {failed} out of the last {len(recent)} builds failed."
        )
        return [
            {
                "description": desc,
                "iconClassName": f"icon-health-{bucket}",
                "iconUrl": f"health-{bucket}.png",
                "score": score,
            }
        ]

    def folder_full(self, folder: Folder, want: Want) -> dict[str, Any]:
        """A folder or multibranch project."""
        out = self._common(folder)
        children = self.visible_children(folder)
        out["healthReport"] = []
        out["jobs"] = [self.item_node(c) for c in children]
        view = {"_class": "hudson.model.AllView", "name": "All", "url": self.item_url(folder)}
        out["primaryView"] = view
        out["views"] = [view] + [
            {
                "_class": "hudson.model.ListView",
                "name": name,
                "url": f"{self.item_url(folder)}view/{raw_encode(name)}/",
            }
            for name in self.state.store(ViewStore).of(folder.full_name)
        ]
        if folder.kind != FOLDER:
            out.update(self.computed_folder(folder, children, self.item_node))
        return out

    def param_definition(self, d: Any) -> dict[str, Any]:
        """A ParameterDefinition as exported."""
        return param_definition(d)

    def job_full(self, job: Job, want: Want) -> dict[str, Any]:
        """A freestyle or pipeline job."""
        out = self._common(job)
        params_prop = None
        if job.params:
            params_prop = {
                "_class": "hudson.model.ParametersDefinitionProperty",
                "parameterDefinitions": [self.param_definition(d) for d in job.params],
            }
            out["actions"] = [params_prop, *out["actions"]]
        builds = job.last_builds() if wants(want, "builds") or wants(want, "allBuilds") else []
        out["buildable"] = not job.disabled
        out["builds"] = [self.build_node(b) for b in builds[:100]]
        out["color"] = job.color()
        first = min(job.builds) if job.builds else None
        out["firstBuild"] = self.build_node(job.builds[first]) if first is not None else None
        out["healthReport"] = self.health(job)
        queued = [i for i in self.state.queue.values() if i.job is job]
        out["inQueue"] = bool(queued)
        out["keepDependencies"] = False
        for link in (
            "lastBuild",
            "lastCompletedBuild",
            "lastFailedBuild",
            "lastStableBuild",
            "lastSuccessfulBuild",
            "lastUnstableBuild",
            "lastUnsuccessfulBuild",
        ):
            b = job.permalink(link) if wants(want, link) else None
            out[link] = self.build_node(b) if b is not None else None
        out["nextBuildNumber"] = job.next_build_number
        branch = self.branch_property(job)
        out["property"] = [p for p in (params_prop, branch) if p is not None]
        out["queueItem"] = self.queue_item(queued[0]) if queued else None
        out["concurrentBuild"] = job.concurrent
        if job.kind == PIPELINE:
            out["disabled"] = job.disabled
            out["resumeBlocked"] = False
        else:
            out["disabled"] = job.disabled
            down = downstream_of(self.state, job) if wants(want, "downstreamProjects") else []
            out["downstreamProjects"] = [self.item_node(j) for j in down]
            out["labelExpression"] = job.label
            out["scm"] = {"_class": "hudson.scm.NullSCM"}
            up = self.upstream(job) if wants(want, "upstreamProjects") else []
            out["upstreamProjects"] = [self.item_node(j) for j in up]
        if job.kind == MATRIX:
            out["activeConfigurations"] = [config_ref(self, job, c) for c in job.combinations()]
        if wants(want, "allBuilds") and want is not None:
            out["allBuilds"] = [self.build_node(b) for b in builds]
        return out
