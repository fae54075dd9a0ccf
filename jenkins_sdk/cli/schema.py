"""The ``--json`` schema of the command line: one versioned shape per kind of document.

Every JSON document the CLI prints is an object with ``schema_version`` and ``kind``; a list is
``{"schema_version": 1, "kind": "job_list", "items": [...]}``. Keys are snake_case; Jenkins'
``_class`` never appears (a short ``kind`` such as ``pipeline`` does). Times are ISO 8601 UTC
strings, durations are seconds. ``--raw`` prints Jenkins' own JSON instead, unversioned.

Adding a field is compatible (``schema_version`` stays); renaming or removing one bumps it.
The kinds themselves are in :mod:`jenkins_sdk.cli.kinds`; the documentation's JSON page is
generated from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = [
    "BUILD_ASKED",
    "BUILD_NUMBER",
    "BUILD_URL",
    "ESTIMATED_DURATION",
    "JOB_NAME",
    "RUN_DURATION",
    "RUN_STARTED_AT",
    "SCHEMA_VERSION",
    "STARTED_AT",
    "TEST_DURATION",
    "Field",
    "Getter",
    "Kind",
    "attr",
    "ctx",
    "iso_time",
    "job_kind",
    "param_kind",
    "plain",
    "seconds",
]

SCHEMA_VERSION = 1

Getter = Callable[[Any, Mapping[str, Any]], Any]


@attrs.frozen
class Field:
    """One key of a kind: its name, JSON type, meaning and how it is read."""

    name: str
    type: str
    doc: str
    get: Getter = attrs.field(repr=False, eq=False)


@attrs.frozen
class Kind:
    """A kind of JSON document (or list item) and its fields."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    def __attrs_post_init__(self) -> None:
        taken = {"schema_version", "kind"} & {f.name for f in self.fields}
        if taken:
            raise ValueError(
                f"kind {self.name}: field names {sorted(taken)} belong to the envelope"
            )

    def render(self, obj: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Project ``obj`` (a model) onto this kind's fields; ``extra`` holds e.g. the job name."""
        context = extra or {}
        return {f.name: f.get(obj, context) for f in self.fields}


def attr(name: str) -> Getter:
    """A getter reading ``obj.<name>`` (enums as their string)."""
    return lambda obj, ctx: plain(getattr(obj, name, None))


def ctx(name: str) -> Getter:
    """A getter reading ``ctx[name]`` (what the command knows, e.g. the job name)."""
    return lambda obj, ctx: ctx.get(name)


def plain(value: Any) -> Any:
    """Enums as their Jenkins string; everything else unchanged."""
    inner = getattr(value, "value", None)
    return inner if isinstance(inner, str) else value


def iso_time(value: Any) -> str | None:
    """ISO 8601 UTC text for epoch milliseconds or a datetime (None for absent or 0)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    elif isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        moment = dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
    else:
        return None
    text = moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def seconds(value: Any, *, unit: float = 1000.0) -> float | None:
    """Seconds from milliseconds (or ``unit`` per second) or a timedelta; None for a negative
    value (Jenkins' ``-1``: ``Run.getEstimatedDuration`` of a job without a usable build)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.timedelta):
        value, unit = value.total_seconds(), 1.0
    if isinstance(value, int | float) and value >= 0:
        return round(value / unit, 3)
    return None


# -- fields several kinds share (the same name, meaning and source) ------------------------------

JOB_NAME = Field("job", "string", "the job's full name", ctx("job"))
BUILD_ASKED = Field("build", "string", "the build asked for", ctx("build"))
BUILD_NUMBER = Field("number", "int", "the build number", attr("number"))
BUILD_URL = Field("url", "string", "the build's URL", attr("url"))
STARTED_AT = Field(
    "started_at", "string|null", "start time (ISO 8601, UTC)", lambda b, c: iso_time(b.timestamp)
)
ESTIMATED_DURATION = Field(
    "estimated_duration_s",
    "number|null",
    "Jenkins' estimate, seconds",
    lambda b, c: seconds(b.estimated_duration),
)
#: A pipeline run's or a stage's start and duration (wfapi's startTimeMillis, durationMillis).
RUN_STARTED_AT = Field(
    "started_at", "string|null", "ISO 8601, UTC", lambda r, c: iso_time(r.start_time_millis)
)
RUN_DURATION = Field(
    "duration_s", "number|null", "seconds", lambda r, c: seconds(r.duration_millis)
)
#: A test report's or a test case's duration (JUnit's seconds).
TEST_DURATION = Field(
    "duration_s", "number|null", "seconds", lambda t, c: seconds(t.duration, unit=1)
)


_KINDS_BY_CLASS = {
    "FreeStyleProject": "freestyle",
    "WorkflowJob": "pipeline",
    "Folder": "folder",
    "WorkflowMultiBranchProject": "multibranch",
    "OrganizationFolder": "org-folder",
    "MatrixProject": "matrix",
    "MavenModuleSet": "maven",
}


def job_kind(class_name: str | None) -> str:
    """A short job kind from a Jenkins ``_class`` (``...WorkflowJob`` → ``pipeline``)."""
    if not class_name:
        return "unknown"
    short = class_name.rsplit(".", 1)[-1].rsplit("$", 1)[-1]
    return _KINDS_BY_CLASS.get(short, short)


def param_kind(class_name: str | None) -> str:
    """A parameter kind from its ``_class`` (``...ChoiceParameterDefinition`` → ``choice``)."""
    short = job_kind(class_name)
    stem = short.removesuffix("ParameterDefinition")
    return stem.lower() if stem and stem != short else short
