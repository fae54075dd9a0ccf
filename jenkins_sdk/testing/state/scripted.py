"""Which jobs run a script, and the ``BuildTrigger`` relations between jobs (core
``DependencyGraph``: ``getDownstreamProjects``/``getUpstreamProjects``, names as
``Items.fromNameList`` resolves them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk.testing.model import Outcome
from jenkins_sdk.testing.pipeline.names import TRIGGER
from jenkins_sdk.testing.state.builds import Build
from jenkins_sdk.testing.state.items import MATRIX, PIPELINE, Job

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState
    from jenkins_sdk.testing.state.queue import QueueItem


def is_scripted(job: Job) -> bool:
    """Whether builds of ``job`` follow a script (else they follow declared stages)."""
    if job.kind == PIPELINE:
        return job.script is not None
    return job.kind == MATRIX or bool(job.builders or job.publishers)


def downstream_jobs(state: ControllerState, job: Job, names: str) -> list[Job]:
    """``Items.fromNameList``: comma-separated names, relative to the job's folder or absolute."""
    out: list[Job] = []
    parent = job.parent.segments if job.parent is not None else []
    for raw in names.split(","):
        name = raw.strip()
        if not name:
            continue
        segs = [s for s in name.strip("/").split("/") if s]
        found = state.resolve(segs) if name.startswith("/") else state.resolve([*parent, *segs])
        if found is None and not name.startswith("/"):
            found = state.resolve(segs)
        if isinstance(found, Job) and found not in out:
            out.append(found)
    return out


def downstream_of(state: ControllerState, job: Job) -> list[Job]:
    """``AbstractProject.getDownstreamProjects``: the jobs its ``BuildTrigger`` names, by name."""
    names = ",".join(f.get("childProjects", "") for k, f in job.publishers if k == TRIGGER)
    return sorted(downstream_jobs(state, job, names), key=lambda j: j.full_name)


def upstream_map(state: ControllerState) -> dict[int, list[Job]]:
    """``DependencyGraph`` backwards: for each job (by ``id``), the jobs that trigger it."""
    out: dict[int, list[Job]] = {}
    for upstream in state.all_jobs():
        if not any(kind == TRIGGER for kind, _f in upstream.publishers):
            continue
        for child in downstream_of(state, upstream):
            out.setdefault(id(child), []).append(upstream)
    return {k: sorted(v, key=lambda j: j.full_name) for k, v in out.items()}


def new_build(
    state: ControllerState,
    job: Job,
    number: int,
    item: QueueItem,
    t: int,
    outcome: Outcome,
    seed: int,
) -> Build:
    """A build of ``job``: script-driven when the job has a script, else stage-driven."""
    if is_scripted(job):
        # The interpreter loads on the first scripted build, not with the emulator: most uses
        # (and `python -m jenkins_sdk.testing`'s start-up) never need it.
        from jenkins_sdk.testing.state.script_build import ScriptBuild

        return ScriptBuild(state, job, number, item, t, outcome, seed)
    return Build(job, number, item, t, outcome, seed)
