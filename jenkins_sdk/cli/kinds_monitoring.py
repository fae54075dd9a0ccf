"""JSON kinds of the monitoring commands (``running``, ``watch``).

Same rules as :mod:`jenkins_sdk.cli.kinds` (schema version 1); listed in its ``KINDS``.
"""

from __future__ import annotations

from jenkins_sdk.cli.schema import (
    BUILD_NUMBER,
    BUILD_URL,
    ESTIMATED_DURATION,
    JOB_NAME,
    STARTED_AT,
    Field,
    Kind,
    attr,
)

__all__ = ["RUNNING_BUILD", "WATCHED_BUILD"]

_BUILD_KINDS = {
    "FreeStyleBuild": "freestyle",
    "WorkflowRun": "pipeline",
    "MatrixBuild": "matrix",
    "MavenModuleSetBuild": "maven",
}


def _build_kind(class_name: str | None) -> str:
    """``hudson.model.FreeStyleBuild`` -> ``freestyle``, ``...WorkflowRun`` -> ``pipeline``."""
    short = (class_name or "").rsplit(".", 1)[-1]
    return _BUILD_KINDS.get(short, short or "unknown")


RUNNING_BUILD = Kind(
    "running_build",
    "A build running now, from the controller's executors (`running`).",
    (
        Field("job", "string", "the job's full name", lambda b, c: b.job.full_name),
        BUILD_NUMBER,
        Field("type", "string", "freestyle, pipeline, ...", lambda b, c: _build_kind(b.class_)),
        Field(
            "node",
            "string",
            "the node doing the work (`(built-in)` for the controller)",
            attr("node"),
        ),
        Field("nodes", "array", "every node it holds an executor on", lambda b, c: list(b.nodes)),
        STARTED_AT,
        ESTIMATED_DURATION,
        Field("progress", "int|null", "percent of the estimate elapsed (0-99)", attr("progress")),
        Field("likely_stuck", "bool", "far longer than estimated", attr("likely_stuck")),
        BUILD_URL,
    ),
)

WATCHED_BUILD = Kind(
    "watched_build",
    "`watch --json`: one line per build as it ends (JSON Lines).",
    (
        JOB_NAME,
        BUILD_NUMBER,
        Field(
            "result", "string|null", "SUCCESS, FAILURE, ...; null if it vanished", attr("result")
        ),
        Field("missing", "bool", "the build (or its job) was deleted", attr("missing")),
    ),
)
