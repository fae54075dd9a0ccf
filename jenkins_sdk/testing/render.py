"""JSON renderings of the emulator's objects, shaped like real Jenkins payloads.

Shapes follow captured responses (see tests/emulator/payloads/README.md): jobs
(``butler__Job_FreeStyleProject.json``, ``gomock__workflowjob_test_pipeline.json``), builds
(``api4jenkins__run_workflowrun.json``, ``gomock__workflowrun_success_params.json``), queue items
(``api4jenkins__queue_*.json``, ``cdancy__queueItem*.json``), test reports
(``stagecraft__11_testReport_unstable.json``) and the root (``api4jenkins__jenkins_jenkins.json``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jenkins_sdk.testing.state import (
    BUILD_CLASSES,
    FREESTYLE,
    ITEM_CLASSES,
    MULTIBRANCH,
    PIPELINE,
    Build,
    ControllerState,
    Folder,
    Item,
    Job,
    QueueItem,
)
from jenkins_sdk.testing.tree import ExportedMap, Node, Static, Want

_SAFE = "!$&'()*+,=@"
#: Shared read-only action objects (rendering never mutates what it returns).
_EMPTY = Static()
_SCM_REVISION = Static({"_class": "jenkins.scm.api.SCMRevisionAction"})
_INPUT_ACTION = Static({"_class": "org.jenkinsci.plugins.workflow.support.steps.input.InputAction"})
_PIPELINE_TAIL = (
    Static({"_class": "org.jenkinsci.plugins.displayurlapi.actions.RunDisplayAction"}),
    Static(
        {
            "_class": "org.jenkinsci.plugins.pipeline.modeldefinition.actions."
            "RestartDeclarativePipelineAction"
        }
    ),
    _EMPTY,
    Static({"_class": "org.jenkinsci.plugins.workflow.job.views.FlowGraphAction"}),
    _EMPTY,
)
_SHORT_KEYS = frozenset({"_class", "name", "url", "color"})


@lru_cache(maxsize=65536)
def raw_encode(name: str) -> str:
    """``hudson.Util.rawEncode``: encode everything but alphanumerics and ``!$&'()*+,-.=@_``."""
    return quote(name, safe=_SAFE).replace("~", "%7E")


def item_path(item: Item) -> str:
    """``job/a/job/b/`` (empty for the root)."""
    return "".join(f"job/{raw_encode(n)}/" for n in item.segments)


def wants(want: Want, key: str) -> bool:
    """Whether a lazily rendered property was asked for."""
    return want is None or key in want


class Renderer:
    """Renders state for one request: ``root`` is the absolute root URL ending in ``/``."""

    def __init__(self, state: ControllerState, root: str, user: str | None) -> None:
        self.state = state
        self.root = root
        self.user = user
        self.now = state.clock.now_ms()
        path = root.split("://", 1)[-1]
        self.context = "/" + path.split("/", 1)[1] if "/" in path else "/"
        self.context = self.context.rstrip("/")

    # ----------------------------------------------------------------- jobs
    def item_url(self, item: Item) -> str:
        """Absolute URL of an item."""
        return self.root + item_path(item)

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
        """An item as an exported reference."""
        if isinstance(item, Job):
            return Node(
                lambda want: (
                    self.item_short(item)
                    if want is not None and want <= _SHORT_KEYS
                    else self.job_full(item, want)
                ),
                lambda: self.item_short(item),
                frozenset({"allBuilds"}),
            )
        assert isinstance(item, Folder)
        return Node(
            lambda want: (
                self.item_short(item)
                if want is not None and want <= _SHORT_KEYS
                else self.folder_full(item, want)
            ),
            lambda: self.item_short(item),
        )

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
        out["healthReport"] = []
        out["jobs"] = [self.item_node(c) for c in self.visible_children(folder)]
        view = {"_class": "hudson.model.AllView", "name": "All", "url": self.item_url(folder)}
        out["primaryView"] = view
        out["views"] = [view]
        if folder.kind != "folder":
            out["sources"] = [{}]
        return out

    def param_definition(self, d: Any) -> dict[str, Any]:
        """A ParameterDefinition as exported."""
        default: dict[str, Any] | None = None
        if d.type != "file":
            default = {"_class": d.value_class, "name": d.name}
            if d.type != "password":  # a Secret, not exported
                default["value"] = d.default
        out: dict[str, Any] = {
            "_class": d.definition_class,
            "defaultParameterValue": default,
            "description": d.description,
            "name": d.name,
            "type": d.simple_class,
        }
        if d.type == "choice":
            out["choices"] = list(d.choices)
        return out

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
        out["property"] = [params_prop] if params_prop else []
        out["queueItem"] = self.queue_item(queued[0]) if queued else None
        out["concurrentBuild"] = job.concurrent
        if job.kind == PIPELINE:
            out["disabled"] = job.disabled
            out["resumeBlocked"] = False
        else:
            out["disabled"] = job.disabled
            out["downstreamProjects"] = []
            out["labelExpression"] = None
            out["scm"] = {"_class": "hudson.scm.NullSCM"}
            out["upstreamProjects"] = []
        if wants(want, "allBuilds") and want is not None:
            out["allBuilds"] = [self.build_node(b) for b in builds]
        return out

    # --------------------------------------------------------------- builds
    def build_url(self, build: Build) -> str:
        """Absolute build URL."""
        return f"{self.item_url(build.job)}{build.number}/"

    def build_ref(self, build: Build) -> dict[str, Any]:
        """``{_class, number, url}``."""
        return {
            "_class": BUILD_CLASSES[build.job.kind],
            "number": build.number,
            "url": self.build_url(build),
        }

    def build_node(self, build: Build) -> Node:
        """A build as an exported reference."""
        return Node(lambda want: self.build_full(build, want), lambda: self.build_ref(build))

    def param_values(self, params: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
        """ParameterValue list (no ``value`` for file and password parameters: a
        ``PasswordParameterValue`` holds a ``Secret`` that is not exported)."""
        out = []
        for d, v in params:
            entry: dict[str, Any] = {"_class": d.value_class, "name": d.name}
            if d.type not in ("file", "password"):
                entry["value"] = v
            out.append(entry)
        return out

    def time_in_queue(self, build: Build) -> Node:
        """``jenkins.metrics.impl.TimeInQueueAction`` (metrics plugin): the visibility-1 fields
        (``queuingDurationMillis``, ``queuingTimeMillis``, ``totalDurationMillis``) only show one
        level deeper than the others."""
        queuing = max(0, build.start_ms - build.in_queue_since)
        building = build.duration_ms

        def short() -> dict[str, Any]:
            return {
                "_class": "jenkins.metrics.impl.TimeInQueueAction",
                "blockedDurationMillis": build.blocked_ms,
                "blockedTimeMillis": build.blocked_ms,
                "buildableDurationMillis": build.buildable_ms,
                "buildableTimeMillis": build.buildable_ms,
                "buildingDurationMillis": building,
                "executingTimeMillis": building,
                "executorUtilization": 1.0,
                "subTaskCount": 0,
                "waitingDurationMillis": build.waiting_ms,
                "waitingTimeMillis": build.waiting_ms,
            }

        def full(want: Want) -> dict[str, Any]:
            out = short()
            out["queuingDurationMillis"] = queuing
            out["queuingTimeMillis"] = queuing
            out["totalDurationMillis"] = queuing + building
            return out

        return Node(full, short)

    def git_build_data(self, build: Build) -> dict[str, Any]:
        """``hudson.plugins.git.util.BuildData`` (exported at every depth: defaultVisibility 999).

        The revision is the newest declared change's commit, else a fixed one per branch."""
        job = build.job
        parent = job.parent
        if parent is not None and parent.kind == MULTIBRANCH:
            branch = job.display_name or job.name
        else:
            branch = "refs/remotes/origin/main"
        if job.changes:
            sha = self.commit_id(build, job.changes[-1][1])
        else:
            sha = hashlib.sha1(f"{job.full_name}:{branch}".encode()).hexdigest()

        def revision() -> dict[str, Any]:
            return {"SHA1": sha, "branch": [{"SHA1": sha, "name": branch}]}

        remote = job.git_remote or f"https://git.example.com/{job.full_name}.git"
        return Static(
            {
                "_class": "hudson.plugins.git.util.BuildData",
                "buildsByBranchName": ExportedMap(
                    {
                        branch: {
                            "_class": "hudson.plugins.git.util.Build",
                            "buildNumber": build.number,
                            "buildResult": None,
                            "marked": revision(),
                            "revision": revision(),
                        }
                    }
                ),
                "lastBuiltRevision": revision(),
                "remoteUrls": [remote],
                "scmName": "",
            }
        )

    def interrupted(self, build: Build) -> Node:
        """``jenkins.model.InterruptedBuildAction``: ``causes`` (visibility 1) show one level
        deeper than the action, and each cause's ``shortDescription`` one level deeper still."""
        by = build.interrupted_by or "anonymous"
        cause = Node(
            lambda want: {
                "_class": "jenkins.model.CauseOfInterruption$UserInterruption",
                "shortDescription": f"Aborted by {by}",
            },
            lambda: {"_class": "jenkins.model.CauseOfInterruption$UserInterruption"},
        )
        return Node(
            lambda want: {"_class": "jenkins.model.InterruptedBuildAction", "causes": [cause]},
            lambda: {"_class": "jenkins.model.InterruptedBuildAction"},
        )

    def build_actions(self, build: Build) -> list[Any]:
        """The actions list: causes, parameters, queue timings, git data, ``{}`` fillers (actions
        with nothing exported), test results, interruption, pipeline plugin markers."""
        job = build.job
        actions: list[Any] = [
            Static({"_class": "hudson.model.CauseAction", "causes": list(build.causes)})
        ]
        if build.params:
            actions.append(
                Static(
                    {
                        "_class": "hudson.model.ParametersAction",
                        "parameters": self.param_values(build.params),
                    }
                )
            )
        actions.append(self.time_in_queue(build))
        if job.kind == PIPELINE and job.parent is not None and job.parent.kind == MULTIBRANCH:
            actions.append(_SCM_REVISION)
        actions.extend((_EMPTY, _EMPTY))
        if job.git:
            actions.append(self.git_build_data(build))
            actions.append(_EMPTY)
        if build.test_report is not None and not build.building:
            cases = build.test_report.cases
            actions.append(
                Static(
                    {
                        "_class": "hudson.tasks.junit.TestResultAction",
                        "failCount": sum(1 for c in cases if c.status in ("FAILED", "REGRESSION")),
                        "skipCount": sum(1 for c in cases if c.status == "SKIPPED"),
                        "totalCount": len(cases),
                        "urlName": "testReport",
                    }
                )
            )
        if build.interrupted_by is not None and not build.building:
            actions.append(self.interrupted(build))
        if build.job.kind == PIPELINE:
            if build.pending_input() is not None:
                actions.append(_INPUT_ACTION)
            actions.extend(_PIPELINE_TAIL)
        return actions

    def commit_id(self, build: Build, msg: str) -> str:
        """The (made-up) commit id of a declared change in ``build``."""
        return hashlib.sha1(f"{build.job.full_name}#{build.number}:{msg}".encode()).hexdigest()

    def change_set(self, build: Build) -> list[dict[str, Any]]:
        """Git change sets derived from the job's declared changes."""
        changes = build.job.changes
        if not changes:
            return []
        items = []
        for author, msg in changes:
            cid = self.commit_id(build, msg)
            items.append(
                {
                    "_class": "hudson.plugins.git.GitChangeSet",
                    "affectedPaths": ["README.md"],
                    "commitId": cid,
                    "timestamp": build.start_ms - 60_000,
                    "author": {
                        "absoluteUrl": f"{self.root}user/{raw_encode(author)}",
                        "fullName": author,
                    },
                    "authorEmail": f"{author}@example.com",
                    "comment": msg + "\n",
                    "date": "2026-01-01 00:00:00 +0000",
                    "id": cid,
                    "msg": msg,
                    "paths": [{"editType": "edit", "file": "README.md"}],
                }
            )
        return [
            Static({"_class": "hudson.plugins.git.GitChangeSetList", "items": items, "kind": "git"})
        ]

    def build_full(self, build: Build, want: Want) -> dict[str, Any]:
        """A FreeStyleBuild or WorkflowRun."""
        job = build.job
        out: dict[str, Any] = {
            "_class": BUILD_CLASSES[job.kind],
            "actions": self.build_actions(build),
            "artifacts": [
                Static(
                    {
                        "displayPath": a.path.rsplit("/", 1)[-1],
                        "fileName": a.path.rsplit("/", 1)[-1],
                        "relativePath": a.path,
                    }
                )
                for a in build.artifacts
            ]
            if not build.building
            else [],
            "building": build.building,
            "description": build.description,
            "displayName": f"#{build.number}",
            "duration": build.duration_ms,
            "estimatedDuration": build.estimated_ms,
            "executor": ({"_class": "hudson.model.OneOffExecutor"} if job.kind == PIPELINE else {})
            if build.building
            else None,
            "fullDisplayName": f"{job.full_display_name} #{build.number}",
            "id": str(build.number),
            "keepLog": build.keep_log,
            "number": build.number,
            "queueId": build.queue_id,
            "result": build.result,
            "timestamp": build.start_ms,
            "url": self.build_url(build),
        }
        if job.kind == FREESTYLE:
            out["builtOn"] = ""
            sets = self.change_set(build)
            out["changeSet"] = (
                sets[0]
                if sets
                else {"_class": "hudson.scm.EmptyChangeLogSet", "items": [], "kind": None}
            )
        else:
            out["changeSets"] = self.change_set(build)
        out["culprits"] = []
        out["inProgress"] = build.building
        later = [n for n in job.builds if n > build.number]
        earlier = [n for n in job.builds if n < build.number]
        out["nextBuild"] = self.build_ref_short(job.builds[min(later)]) if later else None
        out["previousBuild"] = self.build_ref_short(job.builds[max(earlier)]) if earlier else None
        return out

    def build_ref_short(self, build: Build) -> dict[str, Any]:
        """``{number, url}`` (nextBuild/previousBuild)."""
        return Static({"number": build.number, "url": self.build_url(build)})

    # ---------------------------------------------------------------- queue
    def queue_item(self, item: QueueItem) -> dict[str, Any]:
        """A queue item: WaitingItem, BlockedItem, BuildableItem or LeftItem."""
        job = item.job
        actions: list[dict[str, Any]] = []
        if item.params:
            actions.append(
                {
                    "_class": "hudson.model.ParametersAction",
                    "parameters": self.param_values(item.params),
                }
            )
        actions.append({"_class": "hudson.model.CauseAction", "causes": list(item.causes)})
        cls = {
            "waiting": "hudson.model.Queue$WaitingItem",
            "blocked": "hudson.model.Queue$BlockedItem",
            "buildable": "hudson.model.Queue$BuildableItem",
            "left": "hudson.model.Queue$LeftItem",
        }[item.state]
        params = "".join(
            f"\n{d.name}=****" if d.type == "password" else f"\n{d.name}={v}"
            for d, v in item.params
            if d.type != "file"
        )
        stuck = False
        if item.state == "buildable" and item.buildable_since is not None:
            est = job.estimated_duration_ms()
            limit = max(60_000, 10 * est) if est > 0 else 24 * 3600 * 1000
            stuck = self.now - item.buildable_since > limit
        out: dict[str, Any] = {
            "_class": cls,
            "actions": actions,
            "blocked": item.state == "blocked",
            "buildable": item.state == "buildable",
            "id": item.id,
            "inQueueSince": item.in_queue_since,
            "params": params,
            "stuck": stuck,
            "task": {
                "_class": ITEM_CLASSES[job.kind],
                "name": job.name,
                "url": self.item_url(job),
                "color": job.color(),
            },
            "url": f"queue/item/{item.id}/",
            "why": item.why,
        }
        if item.state == "waiting":
            out["timestamp"] = item.timestamp
        elif item.state in ("blocked", "buildable"):
            out["buildableStartMilliseconds"] = item.buildable_since or item.timestamp
            if item.state == "buildable":
                out["pending"] = False
        else:
            out["cancelled"] = item.cancelled
            out["executable"] = self.build_ref(item.build) if item.build is not None else None
        return out
