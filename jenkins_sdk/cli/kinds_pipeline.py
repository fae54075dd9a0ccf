"""JSON kinds of the pipeline and console commands (``stages``, ``input``, ``logs``).

Same rules as :mod:`jenkins_sdk.cli.kinds` (schema version 1); listed in its ``KINDS``.
"""

from __future__ import annotations

from jenkins_sdk.cli.schema import (
    BUILD_ASKED,
    JOB_NAME,
    RUN_DURATION,
    RUN_STARTED_AT,
    Field,
    Kind,
    attr,
    ctx,
)

__all__ = ["CONSOLE_LINE", "INPUT_ANSWER", "PIPELINE_RUN", "RUN_END", "STAGE", "STAGE_EVENT"]

STAGE = Kind(
    "stage",
    "A stage of a pipeline run.",
    (
        Field("id", "string", "the stage's flow node id", attr("id")),
        Field("name", "string", "the stage's name", attr("name")),
        Field(
            "status",
            "string",
            "SUCCESS, FAILED, IN_PROGRESS, PAUSED_PENDING_INPUT, ...",
            attr("status"),
        ),
        RUN_STARTED_AT,
        RUN_DURATION,
        Field(
            "error",
            "string|null",
            "the error that failed it",
            lambda s, c: getattr(s.error, "message", None) if s.error else None,
        ),
    ),
)

PIPELINE_RUN = Kind(
    "pipeline_run",
    "A pipeline run and its stages (`stages`).",
    (
        JOB_NAME,
        Field("id", "string", "the run's build number, as text", attr("id")),
        Field("status", "string", "the run's status (as a stage status)", attr("status")),
        RUN_STARTED_AT,
        RUN_DURATION,
        Field(
            "stages",
            "array of stage",
            "its stages",
            lambda r, c: [STAGE.render(s) for s in r.stages],
        ),
    ),
)

STAGE_EVENT = Kind(
    "stage_event",
    "`stages --watch --json`: one line per stage change.",
    (
        Field("id", "string", "the stage's flow node id", attr("id")),
        Field("stage", "string", "the stage's name", attr("name")),
        Field("status", "string", "its new status", attr("status")),
    ),
)

RUN_END = Kind(
    "run_end",
    "`stages --watch --json`: the last line, when the run ended or paused for input.",
    (
        Field("id", "string", "the run's build number, as text", lambda r, c: str(r.id)),
        Field("run", "string", "the run's status", attr("status")),
    ),
)

CONSOLE_LINE = Kind(
    "console_line",
    "`logs --json`: one line per console line (JSON Lines).",
    (
        JOB_NAME,
        BUILD_ASKED,
        Field("line", "int", "1-based line number (counted from `--from`)", ctx("line")),
        Field("text", "string", "the line, without its newline", ctx("text")),
    ),
)

INPUT_ANSWER = Kind(
    "input_answer",
    "`input --json`: what was answered.",
    (
        JOB_NAME,
        Field("build", "string", "the build", ctx("build")),
        Field("input_id", "string", "the input step's id", ctx("input_id")),
        Field("action", "string", "proceed or abort", ctx("action")),
    ),
)
