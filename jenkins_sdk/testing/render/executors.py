"""Executors as Jenkins exports them (``hudson.model.Executor``, ``OneOffExecutor``) and what they
run: a build, or a pipeline's ``node {}`` block (``PlaceholderExecutable``).

Stapler writes ``_class`` only when the runtime class differs from the declared one
(``ClassAttributeBehaviour.IF_NEEDED``): entries of ``executors`` (``List<Executor>``) and
``oneOffExecutors`` (``List<OneOffExecutor>``) carry none, a build's ``executor`` field
(declared ``Executor``) names ``hudson.model.OneOffExecutor`` for a pipeline, and
``currentExecutable`` (declared ``Queue.Executable``) always names its class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.state import FREESTYLE, Build
from jenkins_sdk.testing.tree import Node, Static

if TYPE_CHECKING:
    from jenkins_sdk.testing.render.builds import BuildRenderer as Renderer

__all__ = [
    "ONE_OFF",
    "PLACEHOLDER",
    "build_executor",
    "executor_node",
    "on_executor",
    "placeholder_node",
]

ONE_OFF = "hudson.model.OneOffExecutor"
PLACEHOLDER = (
    "org.jenkinsci.plugins.workflow.support.steps."
    "ExecutorStepExecution$PlaceholderTask$PlaceholderExecutable"
)
_DAY_MS = 24 * 3600 * 1000


def on_executor(build: Build, now_ms: int) -> bool:
    """Whether the build holds its executor now (not while resuming after a restart)."""
    return build.building and (build.resumes_at_ms is None or now_ms >= build.resumes_at_ms)


def _progress(build: Build, now_ms: int) -> int:
    """``Executor.getProgress``: elapsed x 100 / the estimate cached at start, capped at 99."""
    est = build.estimated_ms
    if est <= 0:
        return -1
    return min(99, (now_ms - build.start_ms) * 100 // est)


def _likely_stuck(build: Build, now_ms: int) -> bool:
    """``Executor.isLikelyStuck``: 10x the estimate, or a day without one."""
    elapsed = now_ms - build.start_ms
    est = build.estimated_ms
    return est * 10 < elapsed if est >= 0 else elapsed > _DAY_MS


def placeholder_node(render: Renderer, build: Build) -> Node:
    """A pipeline's ``node {}`` block on a regular executor (``PlaceholderExecutable``): the
    run's number, absolute URL, start time and estimate, but no ``building``/``result``."""

    def full(want: Any) -> dict[str, Any]:
        name = f"{build.job.full_display_name} #{build.number}"
        return {
            "_class": PLACEHOLDER,
            "displayName": f"part of {name}",
            "estimatedDuration": build.estimated_ms,
            "fullDisplayName": f"part of {name}",
            "number": build.number,
            "timestamp": build.start_ms,
            "url": render.build_url(build),
        }

    return Node(full, lambda: {"_class": PLACEHOLDER})


def executor_node(
    render: Renderer,
    number: int,
    build: Build | None,
    *,
    placeholder: bool = False,
    class_: str | None = None,
) -> Node:
    """One executor; ``build`` is what it runs (``placeholder``: the build's ``node {}`` block)."""
    now = render.now

    def fields() -> dict[str, Any]:
        out: dict[str, Any] = {"_class": class_} if class_ else {}
        if build is None:
            executable: Any = None
        elif placeholder:
            executable = placeholder_node(render, build)
        else:
            executable = render.build_node(build)
        out.update(
            {
                "currentExecutable": executable,
                "idle": build is None,
                "likelyStuck": build is not None and _likely_stuck(build, now),
                "number": number,
                "progress": _progress(build, now) if build is not None else -1,
            }
        )
        return out

    return Node(lambda want: fields(), lambda: Static({"_class": class_} if class_ else {}))


def build_executor(render: Renderer, build: Build) -> Node | None:
    """A build's own ``executor`` field (``Run.getExecutor``): ``None`` once it is off every
    executor; a pipeline's is its one-off executor."""
    if not on_executor(build, render.now):
        return None
    if build.job.kind == FREESTYLE:
        return executor_node(render, build.executor if build.executor is not None else 0, build)
    return executor_node(render, -1, build, class_=ONE_OFF)
