"""``diagnose``: answer "why did this build fail?" in one call.

The diagnosis reads, in order, and only what the build needs, through the client's namespaces:

1. the build (``client.builds.get``: result, causes, parameters, culprits, change sets,
   interruption causes); a SUCCESS build stops here (an empty report, one request);
2. for pipelines, the run (``client.pipelines.get_run``): the failed, unstable or aborted stages
   in order, each with its error; for each (up to ``max_stages``), the stage's steps and the
   failing step's log (``client.pipelines.node_log``: at most its last 10 KiB). A 404 means no
   stage-view plugin, or not a pipeline: the build is treated like a freestyle one;
3. the tail of the console (``client.console.tail``, ``max_excerpt_bytes`` by progressive
   offsets) for freestyle builds, aborted builds, and pipelines whose stages did not explain it;
4. the test report and the history and changes (:mod:`jenkins_sdk.triage.evidence`).

Every request and body byte is counted (``client.metrics.measure``) into the report.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from jenkins_sdk import errors
from jenkins_sdk._secrets import SENSITIVE_NAME
from jenkins_sdk.models import (
    Build,
    BuildResult,
    CauseAction,
    ParametersAction,
    PipelineRun,
    raw_of,
)
from jenkins_sdk.refs import BuildRef, JobRef
from jenkins_sdk.resources import _shapes
from jenkins_sdk.triage.evidence import Evidence, failed_cases
from jenkins_sdk.triage.excerpts import DEFAULT_MAX_BYTES, ReadStats, node_text
from jenkins_sdk.triage.patterns import DEFAULT_PATTERN_SET, PatternSet
from jenkins_sdk.triage.report import (
    CauseInfo,
    FailureReport,
    LogExcerpt,
    ParameterInfo,
    ReportLinks,
    StageFailure,
    TestFailure,
    TestSummary,
)
from jenkins_sdk.triage.sources import ClientLike, Sources
from jenkins_sdk.triage.summary import BAD_STAGE, LIVE_STAGE, aborted_from_log, summarize

if TYPE_CHECKING:
    from jenkins_sdk.refs import BuildSpec, JobSpec

__all__ = ["DEFAULT_SENSITIVE_NAMES", "DiagnoseOptions", "diagnose"]

#: Parameter names whose values are masked (the SDK's one secrets policy).
DEFAULT_SENSITIVE_NAMES = SENSITIVE_NAME
_PASSWORD_CLASSES = ("PasswordParameterValue", "Secret")
#: What a masked parameter value reads in a report (``ParameterInfo`` documents it).
_REPORT_MASK = "****"


@attrs.frozen(kw_only=True)
class DiagnoseOptions:
    """What a diagnosis reads and keeps.

    Attributes:
        max_excerpt_bytes: the budget of each log read, in raw log bytes (default 64 KiB).
        patterns: the pattern set picking the telling lines.
        sensitive_names: parameters whose name matches are masked (password parameters are
            always masked).
        console: ``"auto"`` (freestyle, aborted, and pipelines the stages did not explain),
            ``"always"`` or ``"never"``.
        max_stages: the most failed stages whose logs are read.
        max_failed_tests: the most failed tests listed.
        stack_lines: lines of each failed test's stack trace kept.
        compare_previous: read the previous completed build's report when Jenkins' own
            ``status``/``age`` cannot tell a new failure from a regression.
        changes: read change sets and culprits since the last successful build.
        max_change_builds: the most earlier builds whose change sets are read.
    """

    max_excerpt_bytes: int = DEFAULT_MAX_BYTES
    patterns: PatternSet = DEFAULT_PATTERN_SET
    sensitive_names: re.Pattern[str] = DEFAULT_SENSITIVE_NAMES
    console: str = attrs.field(
        default="auto", validator=attrs.validators.in_(("auto", "always", "never"))
    )
    max_stages: int = 5
    max_failed_tests: int = 50
    stack_lines: int = 6
    compare_previous: bool = True
    changes: bool = True
    max_change_builds: int = 10


def _value(status: object) -> str:
    return str(getattr(status, "value", status))


def _excerpt(source: str, text: str, patterns: PatternSet, **where: Any) -> LogExcerpt:
    selection = patterns.select(text)
    headline = selection.headline
    return LogExcerpt(
        source=source,
        text=selection.render(),
        headline=headline.text if headline else None,
        headline_pattern=headline.pattern if headline else None,
        matched=selection.matched,
        lines_scanned=selection.total_lines,
        **where,
    )


class _Diagnoser:
    """One diagnosis: the reads and the report they add up to."""

    def __init__(self, sources: Sources, job: JobRef, options: DiagnoseOptions) -> None:
        self.options = options
        self.job = job
        self.sources = sources
        self.notes: list[str] = []
        self.evidence = Evidence(sources, job, self.notes)
        self.url = self.evidence.build_url

    def run(self, build_ref: BuildRef) -> FailureReport:
        build = self.sources.builds.get(self.job, build_ref)
        number = build.number  # a permalink may move on: the number is pinned from here
        result = build.result
        aborted_by = interrupted_by(build)
        test_action = _test_action(build)
        stages: list[StageFailure] = []
        console: LogExcerpt | None = None
        tests: TestSummary | None = None
        failed_tests: list[TestFailure] = []
        changes: list[Any] = []
        since: int | None = None
        if build.building or result != BuildResult.SUCCESS:
            run = self.pipeline_run(number, build)
            stages = self.stages(number, run) if run is not None else []
            if self._wants_console(run, result, stages):
                console = self.console(number)
                if result == BuildResult.ABORTED and aborted_by is None:
                    aborted_by = aborted_from_log(console)
            if not build.building:
                history = self.evidence.history(number) if self.options.changes else None
                tests, failed_tests = self.tests(
                    number, history[0] if history else None, test_action
                )
                if history is not None:
                    limit = self.options.max_change_builds
                    since, changes = self.evidence.changes(build, history[1], limit)
        elif test_action is not None:
            tests = self.summary_from_action(test_action, number)
        has_changes = bool(changes) or bool(build.change_sets) or build.change_set is not None
        return FailureReport(
            job=self.job.full_name,
            number=number,
            result=result,
            building=build.building,
            summary=summarize(build, stages, console, tests, failed_tests, aborted_by),
            links=self.links(number, tests is not None, has_changes),
            duration_ms=build.duration,
            timestamp=build.timestamp,
            causes=causes(build),
            parameters=self.parameters(build),
            aborted_by=aborted_by,
            stages=stages,
            console=console,
            tests=tests,
            failed_tests=failed_tests,
            culprits=[c.full_name for c in build.culprits if c.full_name],
            changes=changes,
            changes_since=since,
            notes=self.notes,
        )

    def _wants_console(
        self, run: PipelineRun | None, result: BuildResult | None, stages: list[StageFailure]
    ) -> bool:
        if self.options.console != "auto":
            return self.options.console == "always"
        explained = any(s.excerpt is not None and s.excerpt.headline for s in stages)
        return run is None or result == BuildResult.ABORTED or not explained

    def links(self, number: int, has_tests: bool, has_changes: bool) -> ReportLinks:
        return ReportLinks(
            build=self.url(number),
            console=self.url(number, "console"),
            console_text=self.url(number, "consoleText"),
            tests=self.url(number, "testReport/") if has_tests else None,
            changes=self.url(number, "changes") if has_changes else None,
        )

    def parameters(self, build: Build) -> list[ParameterInfo]:
        out: list[ParameterInfo] = []
        for action in build.actions:
            if not isinstance(action, ParametersAction):
                continue
            for param in action.parameters:
                cls = param.class_ or ""
                sensitive = any(c in cls for c in _PASSWORD_CLASSES) or bool(
                    self.options.sensitive_names.search(param.name)
                )
                value = param.value
                if sensitive and (value is not None or "Password" in cls):
                    value = _REPORT_MASK
                out.append(
                    ParameterInfo(
                        name=param.name, value=value, masked=sensitive, class_=cls or None
                    )
                )
        return out

    def summary_from_action(self, action: dict[str, Any], number: int) -> TestSummary:
        what = "the build's test result action"
        total = _shapes.count(action, "totalCount", what)
        failed = _shapes.count(action, "failCount", what)
        skipped = _shapes.count(action, "skipCount", what)
        return TestSummary(
            total=total,
            failed=failed,
            skipped=skipped,
            passed=max(0, total - failed - skipped),
            url=self.url(number, "testReport/"),
        )

    # -- stages ----------------------------------------------------------------------------

    def pipeline_run(self, number: int, build: Build) -> PipelineRun | None:
        cls = build.class_ or ""
        if cls and "WorkflowRun" not in cls:
            return None  # freestyle, matrix, maven: no wfapi
        try:
            return self.sources.pipelines.get_run(self.job, number)
        except errors.NotFound:
            self.notes.append("No stage view (wfapi 404): read as a freestyle build.")
            return None

    def stages(self, number: int, run: PipelineRun) -> list[StageFailure]:
        out: list[StageFailure] = []
        chosen = [s for s in run.stages if _value(s.status) in BAD_STAGE | LIVE_STAGE]
        for index, stage in enumerate(chosen):
            failure = StageFailure(
                id=stage.id,
                name=stage.name,
                status=_value(stage.status),
                error_message=stage.error.message if stage.error else None,
                error_type=stage.error.type if stage.error else None,
                duration_ms=stage.duration_millis,
                url=self.url(number, f"execution/node/{quote(stage.id, safe='')}/"),
            )
            if index < self.options.max_stages:
                failure = self.stage_detail(number, failure)
            out.append(failure)
        if len(chosen) > self.options.max_stages:
            self.notes.append(
                f"{len(chosen) - self.options.max_stages} more stage(s) listed without logs."
            )
        return out

    def stage_detail(self, number: int, failure: StageFailure) -> StageFailure:
        try:
            detail = self.sources.pipelines.get_stage(self.job, number, failure.id)
        except errors.NotFound:
            return failure
        steps = list(detail.stage_flow_nodes)
        bad = [s for s in steps if _value(s.status) in BAD_STAGE | LIVE_STAGE]
        candidates = list(reversed(bad)) + [s for s in reversed(steps) if s not in bad]
        for step in candidates[:3]:
            try:
                log = self.sources.pipelines.node_log(self.job, number, step.id)
            except errors.NotFound:
                continue
            text = node_text(log)
            if not text.strip():
                continue
            excerpt = _excerpt(
                "step",
                text,
                self.options.patterns,
                start_offset=max(0, (log.length or 0) - len(text.encode())),
                log_size=log.length,
                truncated=bool(log.has_more),
                url=self.url(number, f"execution/node/{quote(step.id, safe='')}/log/"),
            )
            error = step.error or detail.error
            return attrs.evolve(
                failure,
                step_name=step.name,
                step_id=step.id,
                step_description=step.parameter_description,
                error_message=failure.error_message or (error.message if error else None),
                error_type=failure.error_type or (error.type if error else None),
                excerpt=excerpt,
            )
        if candidates:
            step = candidates[0]
            return attrs.evolve(
                failure,
                step_name=step.name,
                step_id=step.id,
                step_description=step.parameter_description,
            )
        return failure

    # -- console and tests -----------------------------------------------------------------

    def console(self, number: int) -> LogExcerpt:
        budget = self.options.max_excerpt_bytes
        tail = self.sources.console.tail(self.job, number, lines=None, max_bytes=budget)
        return _excerpt(
            "console",
            tail.text,
            self.options.patterns,
            start_offset=tail.start,
            log_size=tail.size,
            truncated=tail.truncated,
            url=self.url(number, "console"),
        )

    def tests(
        self, number: int, previous: int | None, action: dict[str, Any] | None
    ) -> tuple[TestSummary | None, list[TestFailure]]:
        report = self.evidence.report(number, action)
        if report is None:
            return None, []
        cases = failed_cases(report)
        summary = self.evidence.summary(report, number, len(cases))
        kept = cases[: self.options.max_failed_tests]
        ambiguous = any(
            case.status != "REGRESSION" and (case.age is None or case.age <= 1)
            for _, _, case in kept
        )
        before: dict[tuple[str, str], str] | None = None
        if ambiguous and self.options.compare_previous and previous is not None:
            before = self.evidence.previous_statuses(previous)
        return summary, self.evidence.failures(number, kept, before, self.options.stack_lines)


def causes(build: Build) -> list[CauseInfo]:
    """Why the build started (its ``CauseAction`` causes)."""
    return [
        CauseInfo(
            description=cause.short_description or cause.class_ or "unknown",
            class_=cause.class_,
            user_id=cause.user_id,
            user_name=cause.user_name,
            upstream_project=cause.upstream_project,
            upstream_build=cause.upstream_build,
        )
        for action in build.actions
        if isinstance(action, CauseAction)
        for cause in action.causes
    ]


def interrupted_by(build: Build) -> str | None:
    """Who aborted the build, from ``jenkins.model.InterruptedBuildAction``."""
    for action in build.actions:
        raw = raw_of(action)
        if "InterruptedBuildAction" not in str(raw.get("_class") or ""):
            continue
        what = "the build's InterruptedBuildAction"
        causes = _shapes.member_list(dict(raw), "causes", what)
        for at, cause in _shapes.objects(causes, what, path="$.causes", null=True):
            fields = ("userId", "userName", "shortDescription")
            who, name, text = (_shapes.string(cause.get(f), what, path=f"{at}.{f}") for f in fields)
            if who or name:
                return who or name
            if text:
                return text.removeprefix("Aborted by ").strip() or text
    return None


def _test_action(build: Build) -> dict[str, Any] | None:
    for action in build.actions:
        raw = raw_of(action)
        if raw.get("urlName") == "testReport" or "TestResult" in str(raw.get("_class") or ""):
            return dict(raw)
    return None


def diagnose(
    client: ClientLike,
    job: JobSpec,
    build: BuildSpec = BuildRef.LAST,
    *,
    options: DiagnoseOptions | None = None,
) -> FailureReport:
    """Say why a build failed: stages, errors, log excerpts, failing tests, culprits.

    Works on every build: a SUCCESS build gives an empty report (one request), a running one a
    partial report that says so, an ABORTED one says who aborted it. Logs are read by bounded
    excerpts only (``options.max_excerpt_bytes`` each), never whole.

    Args:
        client: a ``JenkinsClient`` (or its requester).
        job: the job (``"folder/job"``, a ``JobRef`` or a job URL).
        build: a build number or permalink (the last build by default).
        options: what to read and keep (:class:`DiagnoseOptions`).

    Raises:
        NotFound: the job or build does not exist.
    """
    sources = Sources(client)
    diagnoser = _Diagnoser(sources, JobRef.parse(job), options or DiagnoseOptions())
    stats = ReadStats()
    with sources.metrics.measure(stats):
        report = diagnoser.run(BuildRef.parse(build))
    return attrs.evolve(report, requests=stats.requests, bytes_read=stats.bytes_read)
