"""The kinds of JSON document the command line prints (schema version 1), field by field.

See :mod:`jenkins_sdk.cli.schema` for the rules every kind follows.
"""

from __future__ import annotations

from typing import Any

from jenkins_sdk._secrets import MASK, is_sensitive_name
from jenkins_sdk.cli.kinds_admin import ADMIN_KINDS
from jenkins_sdk.cli.kinds_jobs import BRANCH, LINT_RESULT, SCAN
from jenkins_sdk.cli.kinds_monitoring import RUNNING_BUILD, WATCHED_BUILD
from jenkins_sdk.cli.kinds_pipeline import (
    CONSOLE_LINE,
    INPUT_ANSWER,
    PIPELINE_RUN,
    RUN_END,
    STAGE,
    STAGE_EVENT,
)
from jenkins_sdk.cli.schema import (
    BUILD_ASKED,
    BUILD_NUMBER,
    BUILD_URL,
    ESTIMATED_DURATION,
    JOB_NAME,
    STARTED_AT,
    TEST_DURATION,
    Field,
    Kind,
    attr,
    ctx,
    iso_time,
    job_kind,
    param_kind,
    plain,
    seconds,
)

__all__ = [
    "ARTIFACT",
    "BUILD",
    "CONSOLE_LINE",
    "DOWNLOAD",
    "INPUT_ANSWER",
    "JOB",
    "JOB_SUMMARY",
    "KINDS",
    "NODE",
    "PARAMETER",
    "PIPELINE_RUN",
    "QUEUED",
    "QUEUE_ITEM",
    "RUNNING_BUILD",
    "RUN_END",
    "STAGE",
    "STAGE_EVENT",
    "TEST_CASE",
    "TEST_REPORT",
    "WATCHED_BUILD",
]


def _number(build: Any) -> int | None:
    return None if build is None else getattr(build, "number", None)


def shown_default(param: Any) -> Any:
    """A parameter's default, masked when the secrets policy calls its name sensitive or it is
    a password parameter (the one policy the logs, errors and recordings use too)."""
    default = getattr(param, "default_parameter_value", None)
    value = None if default is None else plain(getattr(default, "value", None))
    name = str(getattr(param, "name", "") or "")
    kind = str(getattr(param, "class_", "") or getattr(param, "type", "") or "")
    if value not in (None, "") and (is_sensitive_name(name) or "Password" in kind):
        return MASK
    return value


PARAMETER = Kind(
    "parameter",
    "A job's parameter definition.",
    (
        Field("name", "string", "parameter name", attr("name")),
        Field(
            "type",
            "string",
            "string, choice, boolean, text, password, file, ...",
            lambda p, c: param_kind(p.class_ or p.type),
        ),
        Field("default", "any|null", "the default value", lambda p, c: shown_default(p)),
        Field("choices", "array|null", "allowed values of a choice parameter", attr("choices")),
        Field("description", "string|null", "the job's description of it", attr("description")),
    ),
)

JOB_SUMMARY = Kind(
    "job_summary",
    "One job or folder in a listing (`jobs ls`).",
    (
        Field("name", "string", "the job's own name", attr("name")),
        Field(
            "full_name",
            "string",
            "folder path and name (`team/app`)",
            lambda j, c: j.full_name or j.name,
        ),
        Field(
            "type",
            "string",
            "freestyle, pipeline, folder, multibranch, ...",
            lambda j, c: job_kind(j.class_),
        ),
        Field(
            "color",
            "string|null",
            "Jenkins' status ball (`blue`, `red_anime`, ...)",
            attr("color"),
        ),
        Field("url", "string", "the job's URL", attr("url")),
    ),
)

JOB = Kind(
    "job",
    "One job with its parameters (`jobs show`).",
    (
        *JOB_SUMMARY.fields,
        Field("description", "string|null", "the job's description", attr("description")),
        Field("buildable", "bool|null", "false when disabled or not buildable", attr("buildable")),
        Field("in_queue", "bool|null", "a build of it is queued", attr("in_queue")),
        Field(
            "next_build_number",
            "int|null",
            "the number the next build gets",
            attr("next_build_number"),
        ),
        Field(
            "last_build", "int|null", "number of the last build", lambda j, c: _number(j.last_build)
        ),
        Field(
            "last_successful_build",
            "int|null",
            "number of the last successful build",
            lambda j, c: _number(j.last_successful_build),
        ),
        Field(
            "last_failed_build",
            "int|null",
            "number of the last failed build",
            lambda j, c: _number(j.last_failed_build),
        ),
        Field(
            "parameters",
            "array of parameter",
            "the parameter definitions",
            lambda j, c: [PARAMETER.render(p) for p in c.get("parameters", ())],
        ),
    ),
)

BUILD = Kind(
    "build",
    "One build (`status`, `build --wait`).",
    (
        JOB_NAME,
        BUILD_NUMBER,
        Field("display_name", "string|null", "`#42` or a custom name", attr("display_name")),
        Field("building", "bool", "still running", attr("building")),
        Field(
            "result",
            "string|null",
            "SUCCESS, FAILURE, UNSTABLE, ABORTED, NOT_BUILT; null while running",
            attr("result"),
        ),
        STARTED_AT,
        Field(
            "duration_s",
            "number|null",
            "run time in seconds (0 while running)",
            lambda b, c: seconds(b.duration),
        ),
        ESTIMATED_DURATION,
        Field("queue_id", "int|null", "the queue item it came from", attr("queue_id")),
        Field("description", "string|null", "the build's description", attr("description")),
        BUILD_URL,
    ),
)

QUEUED = Kind(
    "queued_build",
    "A triggered build (`build` without `--wait`; `number` is set with `--wait-start`).",
    (
        JOB_NAME,
        Field("queue_id", "int", "the queue item's id", ctx("queue_id")),
        Field("number", "int|null", "the build number, once it left the queue", ctx("number")),
    ),
)

QUEUE_ITEM = Kind(
    "queue_item",
    "A waiting item of the build queue (`queue ls`).",
    (
        Field("id", "int", "the queue item's id", attr("id")),
        JOB_NAME,
        Field("why", "string|null", "why it waits", lambda i, c: (i.why or "").strip() or None),
        Field("blocked", "bool|null", "blocked by another build or a resource", attr("blocked")),
        Field("buildable", "bool|null", "waiting for an executor", attr("buildable")),
        Field("stuck", "bool|null", "no executor can ever take it", attr("stuck")),
        Field(
            "queued_at",
            "string|null",
            "when it entered the queue (ISO 8601, UTC)",
            lambda i, c: iso_time(i.in_queue_since),
        ),
    ),
)

NODE = Kind(
    "node",
    "A build agent or the built-in node (`nodes ls`).",
    (
        Field("name", "string", "the node's display name", attr("display_name")),
        Field("offline", "bool", "not available for builds", lambda n, c: bool(n.offline)),
        Field(
            "temporarily_offline",
            "bool",
            "taken offline by a user",
            lambda n, c: bool(n.temporarily_offline),
        ),
        Field("offline_reason", "string|null", "why it is offline", attr("offline_cause_reason")),
        Field("idle", "bool|null", "no executor is busy", attr("idle")),
        Field("executors", "int|null", "number of executors", attr("num_executors")),
        Field(
            "labels",
            "array of string",
            "its labels",
            lambda n, c: [getattr(lbl, "name", None) for lbl in n.assigned_labels],
        ),
    ),
)

ARTIFACT = Kind(
    "artifact",
    "An archived file of a build (`artifacts ls`).",
    (
        Field(
            "path", "string", "relative path inside the build's artifacts", attr("relative_path")
        ),
        Field("file_name", "string", "the file's name", attr("file_name")),
    ),
)

DOWNLOAD = Kind(
    "download",
    "A file written by `artifacts get`.",
    (
        Field("path", "string", "the artifact's relative path", ctx("path")),
        Field("dest", "string", "where it was written", ctx("dest")),
        Field("bytes", "int", "its size", ctx("bytes")),
    ),
)

TEST_CASE = Kind(
    "test_case",
    "One test case of a report.",
    (
        Field("class_name", "string|null", "the test class", attr("class_name")),
        Field("name", "string", "the test's name", attr("name")),
        Field(
            "status", "string|null", "PASSED, FAILED, REGRESSION, FIXED, SKIPPED", attr("status")
        ),
        TEST_DURATION,
        Field("error_details", "string|null", "the failure message", attr("error_details")),
    ),
)

TEST_REPORT = Kind(
    "test_report",
    "A build's test report (`tests`).",
    (
        JOB_NAME,
        BUILD_ASKED,
        Field("total", "int", "number of tests", lambda r, c: _total(r)),
        Field("passed", "int", "passed tests", lambda r, c: r.pass_count or 0),
        Field("failed", "int", "failed tests", lambda r, c: r.fail_count or 0),
        Field("skipped", "int", "skipped tests", lambda r, c: r.skip_count or 0),
        TEST_DURATION,
        Field(
            "failures",
            "array of test_case",
            "the failed cases",
            lambda r, c: [TEST_CASE.render(t) for t in _failed(r)],
        ),
        Field(
            "cases",
            "array of test_case",
            "every case, suite by suite",
            lambda r, c: [TEST_CASE.render(t) for s in r.suites for t in s.cases],
        ),
    ),
)


def _total(report: Any) -> int:
    counted = (report.pass_count or 0) + (report.fail_count or 0) + (report.skip_count or 0)
    return int(report.total_count or counted)


def _failed(report: Any) -> list[Any]:
    return [
        case
        for suite in report.suites
        for case in suite.cases
        if plain(case.status) in ("FAILED", "REGRESSION")
    ]


#: Every kind, for the documentation (`diagnosis`, from `why`, is the triage report's own dict
#: with snake_case keys).
KINDS: tuple[Kind, ...] = (
    JOB_SUMMARY,
    JOB,
    PARAMETER,
    BUILD,
    QUEUED,
    QUEUE_ITEM,
    NODE,
    ARTIFACT,
    DOWNLOAD,
    TEST_REPORT,
    TEST_CASE,
    PIPELINE_RUN,
    STAGE,
    STAGE_EVENT,
    RUN_END,
    CONSOLE_LINE,
    INPUT_ANSWER,
    RUNNING_BUILD,
    WATCHED_BUILD,
    *ADMIN_KINDS,
    SCAN,
    BRANCH,
    LINT_RESULT,
)
