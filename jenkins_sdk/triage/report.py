"""The failure report: what ``diagnose`` found, as frozen attrs classes.

Every class is JSON-serialisable with :func:`jenkins_sdk.models.unstructure` (or
:meth:`FailureReport.to_dict`) and comes back with :meth:`FailureReport.from_dict`. Keys are the
snake_case field names. :meth:`FailureReport.render_text` gives a readable report.

Links are always built on the client's base URL from the job and build references, never taken
from URLs in Jenkins' JSON (which follow Jenkins' configured root URL, or a proxy's host).
"""

from __future__ import annotations

import textwrap
from typing import Any

import attrs

from jenkins_sdk.models import BuildResult, structure, unstructure

__all__ = [
    "CauseInfo",
    "ChangeInfo",
    "FailureReport",
    "LogExcerpt",
    "ParameterInfo",
    "ReportLinks",
    "StageFailure",
    "TestFailure",
    "TestSummary",
]

_OK_RESULTS = (BuildResult.SUCCESS,)


@attrs.frozen(kw_only=True)
class LogExcerpt:
    """The lines of a log that explain a failure.

    Attributes:
        source: ``"console"`` (the build's console tail) or ``"step"`` (a pipeline step log).
        text: the kept lines, ``[...]`` where lines were skipped.
        headline: the most telling line (first match of the highest-priority pattern).
        headline_pattern: the name of the pattern the headline matched.
        matched: how many lines matched a pattern.
        lines_scanned: how many lines were read and scanned.
        start_offset: the raw byte offset reading began at (0: from the start).
        log_size: the log's size in bytes when known.
        truncated: earlier text exists that was not read (only the tail was).
        url: the page with the whole log.
    """

    source: str
    text: str
    headline: str | None = None
    headline_pattern: str | None = None
    matched: int = 0
    lines_scanned: int = 0
    start_offset: int = 0
    log_size: int | None = None
    truncated: bool = False
    url: str | None = None


@attrs.frozen(kw_only=True)
class StageFailure:
    """A failed, unstable or aborted pipeline stage (or one still running).

    Attributes:
        id: the stage's flow node id.
        name: the stage name.
        status: the ``wfapi`` status (``FAILED``, ``UNSTABLE``, ``ABORTED``, ``IN_PROGRESS``...).
        error_message: the error ``wfapi`` reports for the stage (or its failing step).
        error_type: the Java exception class of that error.
        step_name: the failing step (``Shell Script``...), when known.
        step_id: the failing step's flow node id.
        step_description: what the step ran (``parameterDescription``, e.g. the script).
        duration_ms: the stage's duration.
        excerpt: the telling lines of the failing step's log.
        url: the stage's page.
    """

    id: str
    name: str
    status: str
    error_message: str | None = None
    error_type: str | None = None
    step_name: str | None = None
    step_id: str | None = None
    step_description: str | None = None
    duration_ms: int | None = None
    excerpt: LogExcerpt | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class TestFailure:
    """A failed test case.

    Attributes:
        suite: the suite name.
        class_name: the test class.
        name: the test case.
        status: Jenkins' status (``FAILED`` or ``REGRESSION``).
        kind: ``"regression"`` (passed in the previous completed build), ``"new"`` (no result
            in the previous build), ``"persistent"`` (failed there too) or ``"unknown"``.
        age: how many builds in a row it has failed (Jenkins' ``age``).
        failed_since: the build number it started failing in.
        error_message: the assertion or error message.
        stack_excerpt: the first lines of the stack trace.
        stages: the pipeline stages that ran it (``enclosingBlockNames``).
        url: the test case's page.
    """

    __test__ = False  # not a pytest class

    suite: str
    class_name: str | None
    name: str
    status: str
    kind: str = "unknown"
    age: int | None = None
    failed_since: int | None = None
    error_message: str | None = None
    stack_excerpt: str | None = None
    stages: list[str] = attrs.field(factory=list)
    url: str | None = None

    @property
    def full_name(self) -> str:
        """``ClassName.case`` (or the suite name when there is no class)."""
        return f"{self.class_name or self.suite}.{self.name}"


@attrs.frozen(kw_only=True)
class TestSummary:
    """Test totals of the build."""

    __test__ = False

    total: int
    failed: int
    skipped: int
    passed: int
    url: str | None = None


@attrs.frozen(kw_only=True)
class CauseInfo:
    """Why the build started (a Jenkins cause)."""

    description: str
    class_: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    upstream_project: str | None = None
    upstream_build: int | None = None


@attrs.frozen(kw_only=True)
class ParameterInfo:
    """A build parameter; ``masked`` values were replaced with ``"****"``."""

    name: str
    value: Any = None
    masked: bool = False
    class_: str | None = None


@attrs.frozen(kw_only=True)
class ChangeInfo:
    """A commit in a build since the last successful one."""

    build: int
    commit_id: str | None = None
    author: str | None = None
    author_email: str | None = None
    message: str | None = None
    timestamp: int | None = None


@attrs.frozen(kw_only=True)
class ReportLinks:
    """Pages of the build, on the client's base URL."""

    build: str
    console: str
    console_text: str
    tests: str | None = None
    changes: str | None = None


@attrs.frozen(kw_only=True)
class FailureReport:
    """Why a build failed (or that it did not), in one object.

    Attributes:
        job: the job's full name.
        number: the build number.
        result: the build result (``None`` while running).
        building: ``True`` when the build is still running (the report is partial).
        duration_ms: the build's duration (0 while running).
        timestamp: the start time in ms since the epoch.
        summary: one line saying what went wrong.
        causes: why the build started.
        parameters: the build's parameters, sensitive values masked.
        aborted_by: who or what aborted the build, for ABORTED builds.
        stages: the failed, unstable or aborted stages in order (pipelines), then the
            running one for a running build.
        console: the telling lines of the console tail (freestyle builds, and pipelines when
            the stages did not explain it).
        tests: test totals, when the build has a test report.
        failed_tests: the failed tests (at most the configured number).
        culprits: users whose changes went in since the last successful build.
        changes: the commits of the builds since the last successful one.
        changes_since: the last successful build before this one, if any.
        links: the build's pages.
        notes: what could not be read, and other remarks.
        requests: how many requests the diagnosis sent.
        bytes_read: how many response body bytes it received.
    """

    job: str
    number: int
    result: BuildResult | None
    building: bool
    summary: str
    links: ReportLinks
    duration_ms: int | None = None
    timestamp: int | None = None
    causes: list[CauseInfo] = attrs.field(factory=list)
    parameters: list[ParameterInfo] = attrs.field(factory=list)
    aborted_by: str | None = None
    stages: list[StageFailure] = attrs.field(factory=list)
    console: LogExcerpt | None = None
    tests: TestSummary | None = None
    failed_tests: list[TestFailure] = attrs.field(factory=list)
    culprits: list[str] = attrs.field(factory=list)
    changes: list[ChangeInfo] = attrs.field(factory=list)
    changes_since: int | None = None
    notes: list[str] = attrs.field(factory=list)
    requests: int = 0
    bytes_read: int = 0

    @property
    def failed(self) -> bool:
        """``True`` when the build finished with a result other than SUCCESS."""
        return not self.building and self.result is not None and self.result not in _OK_RESULTS

    @property
    def headline(self) -> str | None:
        """The most telling log line found (first failed stage's, else the console's)."""
        for stage in self.stages:
            if stage.excerpt is not None and stage.excerpt.headline:
                return stage.excerpt.headline
        return self.console.headline if self.console is not None else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (``json.dumps(report.to_dict())`` works)."""
        data: dict[str, Any] = unstructure(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FailureReport:
        """Rebuild a report from :meth:`to_dict` output.

        Raises:
            ResponseShapeError: ``data`` is not a report.
        """
        return structure(data, cls)

    def render_text(self, *, width: int = 100, max_excerpt_lines: int = 30) -> str:
        """A readable report: result, failed stages with their error and excerpt, failing
        tests, culprits and changes, links.

        Args:
            width: wrap long prose lines at this width (log lines are not wrapped).
            max_excerpt_lines: the most excerpt lines shown per log (the last ones).
        """
        return _render(self, width, max_excerpt_lines)


def _state(report: FailureReport) -> str:
    if report.building:
        return "RUNNING"
    return report.result.value if report.result is not None else "UNKNOWN"


def _duration(ms: int | None) -> str:
    if not ms:
        return ""
    seconds = ms / 1000.0
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def _excerpt_lines(excerpt: LogExcerpt, limit: int, indent: str) -> list[str]:
    lines = excerpt.text.splitlines()
    out: list[str] = []
    if len(lines) > limit:
        lines = ["[...]", *lines[-limit:]]
    if excerpt.truncated and lines and lines[0] != "[...]":
        lines = ["[...]", *lines]
    out.extend(f"{indent}| {line}" for line in lines)
    return out


def _render(report: FailureReport, width: int, limit: int) -> str:
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ", break_long_words=False)
    out = _render_head(report, width, wrap)
    for stage in report.stages:
        out += ["", *_render_stage(stage, wrap, limit)]
    if report.console is not None and report.console.text:
        out += ["", *_render_console(report.console, limit)]
    if report.tests is not None:
        out += ["", *_render_tests(report, report.tests, width)]
    if report.culprits or report.changes:
        out += ["", *_render_changes(report)]
    if report.notes:
        out.append("")
        out.extend(wrap.wrap("Notes: " + " ".join(report.notes)))
    out += ["", f"Build: {report.links.build}", f"Console: {report.links.console}"]
    return "\n".join(out) + "\n"


def _render_head(report: FailureReport, width: int, wrap: textwrap.TextWrapper) -> list[str]:
    title = f"{report.job} #{report.number}: {_state(report)}"
    duration = _duration(report.duration_ms)
    if duration:
        title += f" after {duration}"
    out = [title, "=" * min(width, len(title)), *wrap.wrap(report.summary)]
    if report.causes:
        out.append("Started: " + "; ".join(c.description for c in report.causes))
    if report.aborted_by:
        out.append(f"Aborted by: {report.aborted_by}")
    if report.parameters:
        shown = ", ".join(f"{p.name}={p.value}" for p in report.parameters)
        out.extend(wrap.wrap("Parameters: " + shown))
    return out


def _render_stage(stage: StageFailure, wrap: textwrap.TextWrapper, limit: int) -> list[str]:
    line = f"Stage '{stage.name}': {stage.status}"
    if stage.duration_ms:
        line += f" ({_duration(stage.duration_ms)})"
    out = [line]
    if stage.error_message or stage.error_type:
        error = stage.error_message or ""
        if stage.error_type:
            error = f"{error} [{stage.error_type}]" if error else stage.error_type
        out.extend(wrap.wrap("  error: " + error))
    if stage.step_name:
        step = stage.step_name
        if stage.step_description:
            step += f" ({stage.step_description.splitlines()[0][:80]})"
        out.append(f"  step: {step}")
    if stage.excerpt is not None and stage.excerpt.text:
        out.append("  log:")
        out.extend(_excerpt_lines(stage.excerpt, limit, "    "))
    if stage.url:
        out.append(f"  -> {stage.url}")
    return out


def _render_console(console: LogExcerpt, limit: int) -> list[str]:
    head = "Console"
    if console.truncated and console.log_size:
        head += f" (last {console.log_size - console.start_offset} of "
        head += f"{console.log_size} bytes)"
    out = [head + ":", *_excerpt_lines(console, limit, "  ")]
    if console.url:
        out.append(f"  -> {console.url}")
    return out


def _render_tests(report: FailureReport, t: TestSummary, width: int) -> list[str]:
    out = [f"Tests: {t.failed} failed, {t.passed} passed, {t.skipped} skipped"]
    for test in report.failed_tests:
        label = f"  - {test.full_name} [{test.kind}"
        if test.age and test.age > 1 and test.failed_since:
            label += f", failing since #{test.failed_since}"
        out.append(label + "]")
        if test.error_message:
            indent = "      "
            lines = textwrap.wrap(
                test.error_message,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
            )
            out.extend(lines[:5])
        if test.stack_excerpt:
            out.extend(f"      {line}" for line in test.stack_excerpt.splitlines())
    if len(report.failed_tests) < t.failed:
        out.append(f"  ... and {t.failed - len(report.failed_tests)} more")
    if t.url:
        out.append(f"  -> {t.url}")
    return out


def _render_changes(report: FailureReport) -> list[str]:
    out: list[str] = []
    since = f" since #{report.changes_since}" if report.changes_since else ""
    if report.culprits:
        out.append(f"Culprits{since}: " + ", ".join(report.culprits))
    if report.changes:
        out.append(f"Changes{since}:")
    for change in report.changes:
        commit = (change.commit_id or "")[:10]
        message = (change.message or "").strip().splitlines()
        first = message[0] if message else ""
        out.append(f"  #{change.build} {commit} {change.author or '?'}: {first}".rstrip())
    return out
