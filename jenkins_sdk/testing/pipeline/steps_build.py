"""The ``build`` step (pipeline-build-step ``BuildTriggerStep``/``BuildTriggerStepExecution``,
``BuildTriggerListener``, ``BuildQueueListener``, ``DownstreamFailureCause``).

``build job: 'x', parameters: [string(name: 'A', value: 'b')], wait: true, propagate: true``
queues the job (relative to the calling job's folder, ``/`` for absolute) with a
``BuildUpstreamCause``, prints ``Scheduling project: x``, then ``Starting building: x #N`` when
it starts and ``Build x #N completed: RESULT`` when it ends. With ``propagate`` a result other
than SUCCESS fails the step with a ``FlowInterruptedException`` of that result whose cause reads
``x #N completed with status FAILURE (propagate: false to ignore)``; the step returns a
``RunWrapper`` of the downstream build (``wait: false``: null at once; ``waitForStart``: the
wrapper once it starts). The emulator looks at the downstream build once per virtual second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.pipeline import env as envmod
from jenkins_sdk.testing.pipeline.errors import AbortError, Interrupted, PipelineError
from jenkins_sdk.testing.pipeline.flow import FlowNode
from jenkins_sdk.testing.pipeline.interp import Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen, Sleep
from jenkins_sdk.testing.pipeline.steps_common import atom_step
from jenkins_sdk.testing.pipeline.values import to_str
from jenkins_sdk.testing.state.items import Job

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.builds import Build

#: How often (virtual ms) a waiting ``build`` step looks at its downstream build.
POLL_MS = 1000


class DownstreamRun:
    """The ``RunWrapper`` a ``build`` step returns, over another build."""

    java_class = "org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper"

    def __init__(self, build: Build, root_url: str) -> None:
        self.build = build
        self.root_url = root_url

    def groovy_property(self, name: str) -> Any:
        b = self.build
        values: dict[str, Any] = {
            "number": b.number,
            "id": str(b.number),
            "result": b.result,
            "currentResult": b.result or "SUCCESS",
            "displayName": b.shown_name,
            "fullDisplayName": f"{b.job.full_display_name} {b.shown_name}",
            "projectName": b.job.name,
            "fullProjectName": b.job.full_name,
            "description": b.description,
            "absoluteUrl": envmod.build_url(b, self.root_url),
            "startTimeInMillis": b.start_ms,
            "timeInMillis": b.start_ms,
            "buildVariables": {},
        }
        if name not in values:
            raise PipelineError(
                f"No such property: {name} for class: {self.java_class}",
                "groovy.lang.MissingPropertyException",
            )
        return values[name]

    def groovy_method(self, name: str, args: list[Any]) -> Any:
        """``getResult()``, ``getNumber()``...: the bean getters of the properties."""
        if name.startswith("get") and len(name) > 3 and not args:
            return self.groovy_property(name[3].lower() + name[4:])
        raise PipelineError(
            f"No signature of method: {self.java_class}.{name}() is applicable",
            "groovy.lang.MissingMethodException",
        )


def _resolve(interp: Interp, name: str) -> Job | None:
    """``Jenkins.getItem(job, upstream.getParent())``: relative to the caller's folder."""
    caller = interp.run.build.job
    base = [] if name.startswith("/") else list(caller.segments[:-1])
    for part in name.strip("/").split("/"):
        if part == "..":
            base = base[:-1]
        elif part not in ("", "."):
            base.append(part)
    found = interp.run.state.resolve(base)
    return found if isinstance(found, Job) else None


def _parameters(child: Job, given: Any) -> list[tuple[ParamDef, Any]]:
    """``completeDefaultParameters``: the given values, then the job's other defaults."""
    values: dict[str, Any] = {}
    for value in given if isinstance(given, list) else []:
        if isinstance(value, ParamDef):
            values[value.name] = value.default
    out: list[tuple[ParamDef, Any]] = []
    for definition in child.params:
        if definition.type != "file":
            out.append((definition, values.pop(definition.name, definition.default)))
    return out


def build(interp: Interp, inv: Invocation) -> Gen:
    """``build job: 'x'`` (also ``build 'x'``)."""
    name = to_str(inv.arg("job", ""))
    wait = inv.named.get("wait", True) is not False
    for_start = inv.named.get("waitForStart", False) is True
    propagate = inv.named.get("propagate", True) is not False
    run = interp.run

    def body(node: FlowNode) -> Gen:
        child = _resolve(interp, name)
        if child is None:
            raise AbortError(f"No item named {name} found")
        run.flow.line(f"Scheduling project: {child.full_display_name}", node)
        caller = run.build
        cause = {
            "_class": "org.jenkinsci.plugins.workflow.support.steps.build.BuildUpstreamCause",
            "shortDescription": f'Started by upstream project "{caller.job.full_name}" '
            f"build number {caller.number}",
            "upstreamBuild": caller.number,
            "upstreamProject": caller.job.full_name,
            "upstreamUrl": "".join(f"job/{n}/" for n in caller.job.segments),
        }
        params = _parameters(child, inv.named.get("parameters"))
        run.state.enqueue(child, params, [cause], at_ms=run.now)
        if not (wait or for_start):
            return None
        key = tuple((d.name, repr(v)) for d, v in params)
        queued = run.state.queue.values()
        item = next((i for i in queued if i.job is child and i.param_key() == key), None)
        if item is None:  # scheduleBuild2 returned no item (a disabled job)
            raise AbortError(f"Failed to trigger build of {child.full_name}")
        return (yield from _follow(interp, node, item, for_start, propagate))

    return (yield from atom_step(interp, inv, body, name))


def _follow(interp: Interp, node: FlowNode, item: Any, for_start: bool, propagate: bool) -> Gen:
    """Wait for the queue item's build to start and (unless ``for_start``) to end."""
    run = interp.run
    started = False
    while True:
        if item.cancelled:
            raise AbortError(f"Build of {item.job.full_display_name} was cancelled")
        done: Build | None = item.build
        if done is not None and not started:
            started = True
            shown = f"{done.job.full_display_name} {done.shown_name}"
            run.flow.line(f"Starting building: {shown}", node)
            if for_start:
                return DownstreamRun(done, run.state.root_url)
        if done is not None and not done.building:
            result = done.result or "FAILURE"
            shown = f"{done.job.full_display_name} {done.shown_name}"
            run.flow.line(f"Build {shown} completed: {result}", node)
            if propagate and result != "SUCCESS":
                node.warning = result
                failure = Interrupted(
                    result,
                    (f"{shown} completed with status {result} (propagate: false to ignore)",),
                )
                failure.actual = False
                raise failure
            return DownstreamRun(done, run.state.root_url)
        yield Sleep(POLL_MS)


STEPS = {"build": build}
