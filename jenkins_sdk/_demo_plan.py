"""The demo tour's plan: which job it shows, whether it builds it, with which parameters.

Read-only: it lists the jobs, reads the chosen job and its parameter definitions, and refuses a
job it must not build (a folder, a multibranch project or organization folder, whose "build" is
a branch scan that may create or delete jobs, or a disabled job).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from jenkins_sdk.cli.schema import job_kind, param_kind

__all__ = ["TourPlan", "plan_tour"]

_SENDABLE = frozenset({"string", "text", "choice", "boolean"})
_CONTAINERS = frozenset({"folder", "multibranch", "org-folder"})


@attrs.frozen
class TourPlan:
    """What the tour will do, decided from what the controller has.

    Attributes:
        job: the job toured (None: the controller has no job to show).
        pipeline: the job is a pipeline (stages and input steps are shown).
        trigger: start one build (otherwise only read the last one).
        params: ``K=V`` values sent with the trigger (the job's defaults, then overrides).
        has_builds: the job has a last build (for the read-only tour).
        failed_job: a job whose last build failed, for ``why`` (None: none found).
        refusal: why the job asked for cannot be built (a folder, a multibranch project, a
            disabled job); the tour then stops before sending anything.
    """

    job: str | None
    pipeline: bool = False
    trigger: bool = False
    params: tuple[str, ...] = ()
    has_builds: bool = False
    failed_job: str | None = None
    refusal: str | None = None


def _rank(summary: Any) -> tuple[int, int]:
    color = summary.color or ""
    built = 0 if color in ("notbuilt", "notbuilt_anime", "") else 1
    return (built, 1 if job_kind(summary.class_) == "pipeline" else 0)


def plan_tour(
    client: Any,
    *,
    job: str | None = None,
    overrides: Sequence[str] = (),
    trigger: bool = False,
    failed_job: str | None = None,
) -> TourPlan:
    """Look at the controller (read-only) and decide what to show.

    ``job`` given means a build of it was asked for; else a job is picked (and triggered only if
    ``trigger``). Parameters are the job's defaults with ``overrides`` (``K=V``) on top.
    """
    listed = client.jobs.list(recursive=True)
    runnable = [
        j
        for j in listed
        if job_kind(j.class_) in ("pipeline", "freestyle", "maven", "matrix")
        and "disabled" not in (j.color or "")
    ]
    if failed_job is None:
        failed = [j for j in runnable if (j.color or "").startswith("red")]
        failed_job = (failed[0].full_name or failed[0].name) if failed else None
    if job is None:
        if not runnable:
            return TourPlan(job=None, failed_job=failed_job)
        chosen = max(runnable, key=_rank)
        job, trigger = chosen.full_name or chosen.name, trigger
    else:
        trigger = True
    info = client.jobs.get(job)
    kind = job_kind(info.class_)
    if trigger and (kind in _CONTAINERS or info.buildable is False):
        return TourPlan(job=job, failed_job=failed_job, refusal=_refusal(job, kind))
    values = _defaults(client.jobs.parameters(job))
    values.update(dict(p.split("=", 1) for p in overrides if "=" in p))
    return TourPlan(
        job=job,
        pipeline=kind == "pipeline",
        trigger=trigger,
        params=tuple(f"{k}={v}" for k, v in values.items()),
        has_builds=info.last_build is not None,
        failed_job=failed_job,
    )


def _refusal(job: str, kind: str) -> str:
    if kind in _CONTAINERS:
        # building a multibranch project or an organization folder starts a scan, which may
        # create or delete branch jobs: not something a demo does
        return (
            f"{job} is a {kind}, not a job the tour can build; name one of its jobs "
            f"(jenkins-sdk jobs ls {job})"
        )
    return f"{job} is not buildable (disabled?); the tour does not change it"


def _defaults(definitions: Sequence[Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for d in definitions:
        kind = param_kind(d.class_ or d.type)
        if kind not in _SENDABLE:
            continue  # password, file, run, ...: Jenkins uses the job's own default
        default = d.default_parameter_value.value if d.default_parameter_value else None
        if kind == "choice" and default is None and d.choices:
            default = d.choices[0]
        if isinstance(default, bool):
            default = "true" if default else "false"
        if default is not None:
            values[d.name] = str(default)
    return values
