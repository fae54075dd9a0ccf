"""Builds as Jenkins exports them: FreeStyleBuild / WorkflowRun and their actions."""

from __future__ import annotations

import hashlib
from typing import Any

from jenkins_sdk.testing.model import InputSpec
from jenkins_sdk.testing.render import executors
from jenkins_sdk.testing.render.base import RenderBase, param_definition, raw_encode
from jenkins_sdk.testing.render.matrix import runs_of
from jenkins_sdk.testing.state import BUILD_CLASSES, MATRIX, MULTIBRANCH, PIPELINE, Build
from jenkins_sdk.testing.state.executors import BUILT_IN
from jenkins_sdk.testing.tree import ExportedMap, Node, Static, Want

#: Shared read-only action objects (rendering never mutates what it returns).
_EMPTY = Static()
_SCM_REVISION = Static({"_class": "jenkins.scm.api.SCMRevisionAction"})
_INPUT = "org.jenkinsci.plugins.workflow.support.steps.input."
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


class BuildRenderer(RenderBase):
    """Build references, full builds and their actions."""

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
            pending = build.pending_input()
            if pending is not None:
                actions.append(input_action(pending[1]))
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
            "displayName": build.shown_name,
            "duration": build.duration_ms,
            "estimatedDuration": build.estimated_ms,
            "executor": executors.build_executor(self, build),
            "fullDisplayName": f"{job.full_display_name} {build.shown_name}",
            "id": str(build.number),
            "keepLog": build.keep_log or build.kept_because is not None,
            "number": build.number,
            "queueId": build.queue_id,
            "result": build.result,
            "timestamp": build.start_ms,
            "url": self.build_url(build),
        }
        if job.kind == MATRIX:
            out["runs"] = runs_of(self, build)
        if job.kind != PIPELINE:
            # AbstractBuild.getBuiltOnStr: the node name, "" for the built-in node
            out["builtOn"] = "" if build.node in (None, BUILT_IN) else build.node
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


def input_action(spec: InputSpec) -> Static:
    """pipeline-input-step's ``InputAction`` of a paused run (``InputAction.java``: exported
    ``displayName``, ``executions``, ``waitingForInput``; ``InputStepExecution.java``: ``id``,
    ``input``, ``settled``, ``displayName`` cut at 32 characters; ``InputStep.java``: ``id``,
    ``message``, ``ok``, ``cancel``, ``submitter``...). How a client finds a pending input on a
    controller without the stage-view plugin (no ``wfapi/``); parameters are exported as the
    job's ``ParameterDefinition`` s are."""
    message = spec.message
    step: dict[str, object] = {
        "_class": _INPUT + "InputStep",
        "cancel": "Abort",
        "id": spec.input_id,
        "message": message,
        "ok": spec.ok,
        "parameters": [param_definition(d) for d in spec.parameters],
        "submitter": spec.submitter,
        "submitterParameter": None,
    }
    execution = {
        "_class": _INPUT + "InputStepExecution",
        "displayName": message if len(message) < 32 else message[:32] + "...",
        "id": spec.input_id,
        "input": step,
        "settled": False,
    }
    return Static(
        {
            "_class": _INPUT + "InputAction",
            "displayName": "Paused for Input",
            "executions": [execution],
            "waitingForInput": True,
        }
    )
