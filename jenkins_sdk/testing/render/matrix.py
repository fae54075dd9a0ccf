"""Matrix configurations and runs as exported references (matrix-project ``MatrixProject.
getActiveConfigurations``, ``MatrixBuild.getRuns``)."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.pipeline.names import combination_name
from jenkins_sdk.testing.render.base import RenderBase
from jenkins_sdk.testing.state import Build, Job
from jenkins_sdk.testing.urls import raw_encode

CONFIG_CLASS = "hudson.matrix.MatrixConfiguration"
RUN_CLASS = "hudson.matrix.MatrixRun"


def config_ref(render: RenderBase, job: Job, combo: dict[str, str]) -> dict[str, Any]:
    """``{_class, name, url, color}`` of a configuration."""
    name = combination_name(combo)
    return {
        "_class": CONFIG_CLASS,
        "name": name,
        "url": f"{render.item_url(job)}{raw_encode(name)}/",
        "color": _color(job, name),
    }


def _color(job: Job, name: str) -> str:
    done = [b for b in job.last_builds() if not b.building]
    if not done:
        return "notbuilt"
    result = getattr(done[0], "matrix_results", {}).get(name, done[0].result)
    return {"SUCCESS": "blue", "UNSTABLE": "yellow", "FAILURE": "red"}.get(result or "", "aborted")


def run_ref(config_url: str, build: Build) -> dict[str, Any]:
    """``{_class, number, url}`` of a configuration's run."""
    return {"_class": RUN_CLASS, "number": build.number, "url": f"{config_url}{build.number}/"}


def runs_of(render: RenderBase, build: Build) -> list[dict[str, Any]]:
    """``MatrixBuild.getRuns``: one run per configuration of a matrix build."""
    job = build.job
    return [run_ref(config_ref(render, job, c)["url"], build) for c in job.combinations()]
