"""Recorded scenarios: pipeline input steps, folder listings, errors, crumb refresh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.models import JobSummary, PipelineRun, StageStatus
from jenkins_sdk.testing import InputSpec, JenkinsEmulator, ParamDef, StageSpec
from tools.recorder.harness import (
    Observed,
    Stagehand,
    scenario,
    stage_statuses,
    value_of,
)
from tools.recorder.scenarios_builds import APP


def _setup_pipeline_input(emu: JenkinsEmulator) -> None:
    approve = InputSpec(
        message="Deploy to production?",
        id="approve",
        ok="Ship it",
        parameters=[
            ParamDef("TARGET", "choice", choices=["staging", "production"]),
            ParamDef("NOTE", "string", default=""),
        ],
    )
    emu.pipeline(
        "team/deploy",
        stages=[
            StageSpec("Build", 3, log_lines=3),
            StageSpec("Approve", 1, input=approve),
            StageSpec("Deploy", 3, log="deploying to production\nälles gut ✓\n"),
        ],
    )
    emu.trigger("team/deploy")
    emu.advance(6)  # past the quiet period: run #1 starts


@scenario(
    "pipelines",
    "input",
    "watch a pipeline's stages, answer its input step with parameters, read a stage log",
    setup=_setup_pipeline_input,
    expected={
        "paused_at": [["Build", "SUCCESS"], ["Approve", "PAUSED_PENDING_INPUT"]],
        "pending": ["Approve", "Deploy to production?", ["TARGET", "NOTE"]],
        "final_status": "SUCCESS",
        "final_stages": [["Build", "SUCCESS"], ["Approve", "SUCCESS"], ["Deploy", "SUCCESS"]],
        "pending_after": 0,
        "deploy_log": (
            "[Pipeline] stage\n[Pipeline] { (Deploy)\ndeploying to production\nälles gut ✓\n"
            "[Pipeline] }\n[Pipeline] // stage\n"
        ),
    },
)
def _pipeline_input(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    job = "team/deploy"
    paused: list[list[str]] = []
    pending_facts: list[Any] = []
    snapshots: list[PipelineRun] = []
    for run in client.pipelines.watch(job, 1, timeout=600):
        snapshots.append(run)
        if run.status is StageStatus.PAUSED_PENDING_INPUT and not pending_facts:
            paused = stage_statuses(run)
            (pending,) = client.pipelines.pending_inputs(job, 1)
            pending_facts = [pending.id, pending.message, [p.name for p in pending.inputs]]
            client.pipelines.submit_input(
                job, 1, pending, {"TARGET": "production", "NOTE": "ship it"}
            )
    final = client.pipelines.get_run(job, 1)
    deploy = next(s for s in final.stages if s.name == "Deploy")
    return Observed(
        facts={
            "paused_at": paused,
            "pending": pending_facts,
            "final_status": value_of(final.status),
            "final_stages": stage_statuses(final),
            "pending_after": len(client.pipelines.pending_inputs(job, 1)),
            "deploy_log": client.pipelines.stage_log(job, 1, deploy.id),
        },
        models={"snapshots": snapshots, "final": final},
    )


def _setup_folders(emu: JenkinsEmulator) -> None:
    emu.folder("team", description="the team's jobs")
    emu.pipeline("team/app")
    emu.freestyle("team/lib")
    emu.folder("team/infra")
    emu.freestyle("team/infra/terraform")
    emu.freestyle("tools")


@scenario(
    "jobs",
    "folder_listing",
    "list jobs through nested folders in one request, then one folder's children",
    setup=_setup_folders,
    expected={
        "recursive": [
            ["team", "com.cloudbees.hudson.plugins.folder.Folder"],
            ["team/app", "org.jenkinsci.plugins.workflow.job.WorkflowJob"],
            ["team/lib", "hudson.model.FreeStyleProject"],
            ["team/infra", "com.cloudbees.hudson.plugins.folder.Folder"],
            ["team/infra/terraform", "hudson.model.FreeStyleProject"],
            ["tools", "hudson.model.FreeStyleProject"],
        ],
        "team": ["team/app", "team/lib", "team/infra"],
        "exists": [True, False],
    },
)
def _folder_listing(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    everything: list[JobSummary] = client.jobs.list(recursive=True)
    team = client.jobs.list("team")
    return Observed(
        facts={
            "recursive": [[j.full_name, j.class_] for j in everything],
            "team": [j.full_name for j in team],
            "exists": [client.jobs.exists("team/infra/terraform"), client.jobs.exists("team/nope")],
        },
        models={"recursive": everything, "team": team},
    )


def _setup_not_found(emu: JenkinsEmulator) -> None:
    emu.freestyle(APP, duration=1.0)


@scenario(
    "errors",
    "not_found",
    "404s: a missing job, a missing build, a missing queue item",
    setup=_setup_not_found,
    expected={
        "job": ["NotFound", 404, "GET"],
        "build": ["NotFound", 404, "GET"],
        "queue": ["NotFound", 404, "GET"],
        "exists": False,
    },
)
def _not_found(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    calls: dict[str, Callable[[], object]] = {
        "job": lambda: client.jobs.get("no-such-job"),
        "build": lambda: client.builds.get(APP, 99),
        "queue": lambda: client.queue.get(4242),
    }
    facts: dict[str, Any] = {}
    for key, call in calls.items():
        try:
            call()
        except errors.JenkinsError as exc:
            facts[key] = [type(exc).__name__, exc.status, exc.method]
        else:
            facts[key] = ["no error", None, None]
    facts["exists"] = client.jobs.exists("no-such-job")
    return Observed(facts=facts)


def _setup_crumb_refresh(emu: JenkinsEmulator) -> None:
    emu.freestyle(APP, duration=5.0)


@scenario(
    "errors",
    "crumb_refresh",
    "password login: crumb + session cookie; the session ends, a POST gets 403 "
    "'No valid crumb', the client fetches a new crumb and retries once",
    setup=_setup_crumb_refresh,
    expected={"queue_ids": [1, 2], "crumb_fetches": 2, "errors": 0},
    auth="password",
)
def _crumb_refresh(client: JenkinsClient, stage: Stagehand, workdir: Path) -> Observed:
    first = client.builds.trigger(APP)
    client.queue.wait_for_build(first, timeout=60)
    stage.expire_crumbs()  # e.g. the controller restarted: the crumb's session is gone
    second = client.builds.trigger(APP)
    snapshot = client.metrics.snapshot()
    return Observed(
        facts={
            "queue_ids": [first.id, second.id],
            "crumb_fetches": snapshot.crumb_fetches,
            "errors": snapshot.errors,
        }
    )
