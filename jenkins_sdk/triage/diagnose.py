"""``diagnose``: answer "why did this build fail?" in one call.

The diagnosis reads, in order, and only what the build needs:

1. the build's JSON (result, causes, parameters, culprits, change sets, interruption causes);
   a SUCCESS build stops here (an empty report, one request);
2. for pipelines, ``wfapi/describe``: the failed, unstable or aborted stages in order, each with
   its ``wfapi`` error; for each (up to ``max_stages``), the stage node's steps and the failing
   step's log (``wfapi/log``: at most its last 10 KiB). A 404 means no stage-view plugin, or
   not a pipeline: the build is treated like a freestyle one;
3. the tail of the console (``max_excerpt_bytes``, by progressive offsets) for freestyle builds,
   aborted builds, and pipelines whose stages did not explain the failure;
4. the test report with a small ``tree`` (a 404 means no tests); failures are classified with
   Jenkins' ``status``/``age`` and, when those cannot tell, against the previous completed
   build's report;
5. the builds since the last successful one (their change sets), from one job request.

``diagnose_many`` diagnoses the builds a :class:`~jenkins_sdk.resources.monitor.BuildMonitor`
sees finish, on a thread pool, yielding each report as soon as it is ready.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import quote

import attrs

from jenkins_sdk import errors
from jenkins_sdk.models import (
    Build,
    BuildResult,
    CauseAction,
    ParametersAction,
    PipelineRun,
    StageDetail,
    TestReport,
    raw_of,
    structure,
    tree_of,
)
from jenkins_sdk.refs import BuildRef, JobRef, encode_segment
from jenkins_sdk.triage.excerpts import DEFAULT_MAX_BYTES, LogReader, LogTail, ReadStats
from jenkins_sdk.triage.patterns import DEFAULT_PATTERN_SET, PatternSet
from jenkins_sdk.triage.report import (
    CauseInfo,
    ChangeInfo,
    FailureReport,
    LogExcerpt,
    ParameterInfo,
    ReportLinks,
    StageFailure,
    TestFailure,
    TestSummary,
)

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk._polling import Clock
    from jenkins_sdk.client import JenkinsClient
    from jenkins_sdk.resources.builds import BuildSpec, JobSpec
    from jenkins_sdk.resources.monitor import MonitoredBuild

__all__ = [
    "DEFAULT_SENSITIVE_NAMES",
    "DiagnoseOptions",
    "Diagnosis",
    "diagnose",
    "diagnose_many",
]

ClientLike: TypeAlias = "JenkinsClient | Requester"

#: Parameter names whose values are masked (case-insensitive search).
DEFAULT_SENSITIVE_NAMES = re.compile(
    r"pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private|credential|auth|cookie"
    r"|session|signature|access[_-]?key",
    re.IGNORECASE,
)
_MASK = "****"
_PASSWORD_CLASSES = ("PasswordParameterValue", "Secret")
_BAD_STAGE = frozenset({"FAILED", "UNSTABLE", "ABORTED"})
_LIVE_STAGE = frozenset({"IN_PROGRESS", "PAUSED_PENDING_INPUT"})
_TEST_CASE_FIELDS = "className,name,status,age,failedSince,errorDetails,errorStackTrace"
_SUITE_TREE = f"suites[name,enclosingBlockNames,cases[{_TEST_CASE_FIELDS}]]"
_REPORT_TREE = (
    f"failCount,passCount,skipCount,totalCount,{_SUITE_TREE},"
    f"childReports[child[number],result[failCount,passCount,skipCount,{_SUITE_TREE}]]"
)
_PREVIOUS_TREE = (
    "suites[name,cases[className,name,status]],"
    "childReports[result[suites[name,cases[className,name,status]]]]"
)
_CHANGE_ITEM = "commitId,id,timestamp,msg,comment,author[fullName],authorEmail"
_CHANGES_TREE = f"number,changeSet[items[{_CHANGE_ITEM}]],changeSets[items[{_CHANGE_ITEM}]]"
_HISTORY_TREE = "nextBuildNumber,builds[number,building,result]{0,100}"


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


def _requester_of(source: ClientLike) -> Requester:
    from jenkins_sdk._http.requester import Requester

    return source if isinstance(source, Requester) else source.requester


def _value(status: object) -> str:
    return str(getattr(status, "value", status))


class _Diagnoser:
    """One diagnosis: the reads and the report they add up to."""

    def __init__(self, requester: Requester, job: JobRef, options: DiagnoseOptions) -> None:
        self.options = options
        self.job = job
        self.reader = LogReader(requester, ReadStats())
        self.base = requester.base_url
        self.notes: list[str] = []

    # -- links -----------------------------------------------------------------------------

    def build_url(self, number: int, tail: str = "") -> str:
        return f"{self.base}{self.job.path}{number}/{tail}"

    def links(self, number: int, has_tests: bool, has_changes: bool) -> ReportLinks:
        return ReportLinks(
            build=self.build_url(number),
            console=self.build_url(number, "console"),
            console_text=self.build_url(number, "consoleText"),
            tests=self.build_url(number, "testReport/") if has_tests else None,
            changes=self.build_url(number, "changes") if has_changes else None,
        )

    def test_url(self, number: int, class_name: str | None, name: str) -> str:
        # Jenkins: testReport/<package or (root)>/<class>/<case, with /\:?#%<> made _>/
        package, _, cls = (class_name or "").rpartition(".")
        safe = re.sub(r"[/\\:?#%<>]", "_", name)
        parts = [package or "(root)", cls or "(root)", safe]
        return self.build_url(number, "testReport/" + "/".join(encode_segment(p) for p in parts))

    # -- the diagnosis ---------------------------------------------------------------------

    def run(self, build_ref: BuildRef) -> FailureReport:
        path = f"{self.job.path}{build_ref.segment}/"
        build = structure(self.reader.json(path + "api/json", tree=tree_of(Build)), Build)
        number = build.number
        path = f"{self.job.path}{number}/"  # a permalink may move on: pin the number
        causes = self.causes(build)
        parameters = self.parameters(build)
        aborted_by = self.interrupted_by(build)
        test_action = self.test_action(build)
        result = build.result
        stages: list[StageFailure] = []
        console: LogExcerpt | None = None
        tests: TestSummary | None = None
        failed_tests: list[TestFailure] = []
        changes: list[ChangeInfo] = []
        since: int | None = None
        succeeded = not build.building and result == BuildResult.SUCCESS
        if not succeeded:
            run = self.pipeline_run(path, build)
            if run is not None:
                stages = self.stages(path, number, run)
            want_console = self.options.console == "always" or (
                self.options.console == "auto"
                and (
                    run is None
                    or result == BuildResult.ABORTED
                    or not any(s.excerpt is not None and s.excerpt.headline for s in stages)
                )
            )
            if want_console:
                console = self.console(path, number)
                if result == BuildResult.ABORTED and aborted_by is None:
                    aborted_by = _aborted_from_log(console)
            if not build.building:
                history = self.history(number) if self.options.changes else None
                previous = history[0] if history else None
                tests, failed_tests = self.tests(path, number, previous, test_action)
                if history is not None:
                    since, changes = self.changes(build, history[1])
        elif test_action is not None:
            tests = self.summary_from_action(test_action, number)
        culprits = [c.full_name for c in build.culprits if c.full_name]
        summary = _summary(build, stages, console, tests, failed_tests, aborted_by)
        has_changes = bool(changes) or bool(build.change_sets) or build.change_set is not None
        return FailureReport(
            job=self.job.full_name,
            number=number,
            result=result,
            building=build.building,
            summary=summary,
            links=self.links(number, tests is not None, has_changes),
            duration_ms=build.duration,
            timestamp=build.timestamp,
            causes=causes,
            parameters=parameters,
            aborted_by=aborted_by,
            stages=stages,
            console=console,
            tests=tests,
            failed_tests=failed_tests,
            culprits=culprits,
            changes=changes,
            changes_since=since,
            notes=self.notes,
            requests=self.reader.stats.requests,
            bytes_read=self.reader.stats.bytes_read,
        )

    # -- build JSON ------------------------------------------------------------------------

    @staticmethod
    def causes(build: Build) -> list[CauseInfo]:
        out: list[CauseInfo] = []
        for action in build.actions:
            if isinstance(action, CauseAction):
                for cause in action.causes:
                    out.append(
                        CauseInfo(
                            description=cause.short_description or cause.class_ or "unknown",
                            class_=cause.class_,
                            user_id=cause.user_id,
                            user_name=cause.user_name,
                            upstream_project=cause.upstream_project,
                            upstream_build=cause.upstream_build,
                        )
                    )
        return out

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
                value = _MASK if sensitive and param.value is not None else param.value
                if sensitive and param.value is None and "Password" in cls:
                    value = _MASK
                info = ParameterInfo(
                    name=param.name, value=value, masked=sensitive, class_=cls or None
                )
                out.append(info)
        return out

    @staticmethod
    def interrupted_by(build: Build) -> str | None:
        """Who aborted the build, from ``jenkins.model.InterruptedBuildAction``."""
        for action in build.actions:
            raw = raw_of(action)
            if "InterruptedBuildAction" not in str(raw.get("_class") or ""):
                continue
            for cause in raw.get("causes") or []:
                if not isinstance(cause, dict):
                    continue
                who = cause.get("userId") or cause.get("userName")
                if who:
                    return str(who)
                text = str(cause.get("shortDescription") or "")
                if text:
                    return text.removeprefix("Aborted by ").strip() or text
        return None

    @staticmethod
    def test_action(build: Build) -> dict[str, Any] | None:
        for action in build.actions:
            raw = raw_of(action)
            if raw.get("urlName") == "testReport" or "TestResult" in str(raw.get("_class") or ""):
                return dict(raw)
        return None

    def summary_from_action(self, action: dict[str, Any], number: int) -> TestSummary:
        total = int(action.get("totalCount") or 0)
        failed = int(action.get("failCount") or 0)
        skipped = int(action.get("skipCount") or 0)
        return TestSummary(
            total=total,
            failed=failed,
            skipped=skipped,
            passed=max(0, total - failed - skipped),
            url=self.build_url(number, "testReport/"),
        )

    # -- stages ----------------------------------------------------------------------------

    def pipeline_run(self, path: str, build: Build) -> PipelineRun | None:
        cls = build.class_ or ""
        if cls and "WorkflowRun" not in cls:
            return None  # freestyle, matrix, maven: no wfapi
        try:
            return structure(self.reader.json(path + "wfapi/describe"), PipelineRun)
        except errors.NotFound:
            self.notes.append("No stage view (wfapi 404): read as a freestyle build.")
            return None

    def stages(self, path: str, number: int, run: PipelineRun) -> list[StageFailure]:
        out: list[StageFailure] = []
        chosen = [s for s in run.stages if _value(s.status) in _BAD_STAGE | _LIVE_STAGE]
        for index, stage in enumerate(chosen):
            status = _value(stage.status)
            failure = StageFailure(
                id=stage.id,
                name=stage.name,
                status=status,
                error_message=stage.error.message if stage.error else None,
                error_type=stage.error.type if stage.error else None,
                duration_ms=stage.duration_millis,
                url=self.build_url(number, f"execution/node/{quote(stage.id, safe='')}/"),
            )
            if index < self.options.max_stages:
                failure = self.stage_detail(path, number, failure)
            out.append(failure)
        if len(chosen) > self.options.max_stages:
            self.notes.append(
                f"{len(chosen) - self.options.max_stages} more stage(s) listed without logs."
            )
        return out

    def stage_detail(self, path: str, number: int, failure: StageFailure) -> StageFailure:
        try:
            node = f"{path}execution/node/{quote(failure.id, safe='')}/wfapi/describe"
            detail = structure(self.reader.json(node), StageDetail)
        except errors.NotFound:
            return failure
        steps = list(detail.stage_flow_nodes)
        bad = [s for s in steps if _value(s.status) in _BAD_STAGE | _LIVE_STAGE]
        candidates = list(reversed(bad)) + [s for s in reversed(steps) if s not in bad]
        for step in candidates[:3]:
            try:
                log = self.reader.node_log(path, step.id)
            except errors.NotFound:
                continue
            text = LogReader.node_text(log)
            if not text.strip():
                continue
            selection = self.options.patterns.select(text)
            excerpt = LogExcerpt(
                source="step",
                text=selection.render(),
                headline=selection.headline.text if selection.headline else None,
                headline_pattern=selection.headline.pattern if selection.headline else None,
                matched=selection.matched,
                lines_scanned=selection.total_lines,
                start_offset=max(0, (log.length or 0) - len(text.encode())),
                log_size=log.length,
                truncated=bool(log.has_more),
                url=self.build_url(number, f"execution/node/{quote(step.id, safe='')}/log/"),
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

    # -- console ---------------------------------------------------------------------------

    def console(self, path: str, number: int) -> LogExcerpt:
        tail: LogTail = self.reader.console_tail(path, max_bytes=self.options.max_excerpt_bytes)
        selection = self.options.patterns.select(tail.text)
        return LogExcerpt(
            source="console",
            text=selection.render(),
            headline=selection.headline.text if selection.headline else None,
            headline_pattern=selection.headline.pattern if selection.headline else None,
            matched=selection.matched,
            lines_scanned=selection.total_lines,
            start_offset=tail.start,
            log_size=tail.size,
            truncated=tail.truncated,
            url=self.build_url(number, "console"),
        )

    # -- history, tests, changes -----------------------------------------------------------

    def history(self, number: int) -> tuple[int | None, list[int]]:
        """(previous completed build, the builds between the last successful one and this)."""
        data = self.reader.json(f"{self.job.path}api/json", tree=_HISTORY_TREE)
        builds = [b for b in (data or {}).get("builds") or [] if isinstance(b, dict)]
        numbers = [int(b["number"]) for b in builds if isinstance(b.get("number"), int)]
        if numbers and min(numbers) > number and int(data.get("nextBuildNumber") or 0) > number:
            # This build is older than the newest 100: read the window just below it.
            newest = int(data.get("nextBuildNumber") or 0) - 1
            low = max(0, newest - number)
            tree = f"allBuilds[number,building,result]{{{low},{low + 100}}}"
            builds = (self.reader.json(f"{self.job.path}api/json", tree=tree) or {}).get(
                "allBuilds"
            ) or []
        previous: int | None = None
        between: list[int] = []
        last_good: int | None = None
        for entry in sorted(builds, key=lambda b: -int(b.get("number") or 0)):
            n = int(entry.get("number") or 0)
            if n >= number or entry.get("building"):
                continue
            if previous is None:
                previous = n
            if entry.get("result") in ("SUCCESS", "UNSTABLE"):
                last_good = n
                break
            between.append(n)
        self._last_good = last_good
        return previous, between

    def tests(
        self,
        path: str,
        number: int,
        previous: int | None,
        action: dict[str, Any] | None,
    ) -> tuple[TestSummary | None, list[TestFailure]]:
        try:
            report = structure(
                self.reader.json(path + "testReport/api/json", tree=_REPORT_TREE), TestReport
            )
        except errors.NotFound:
            if action is not None:
                self.notes.append("The build lists test results but its report is gone (404).")
            return None, []
        failed = int(report.fail_count or 0)
        skipped = int(report.skip_count or 0)
        cases = list(_failed_cases(report))
        passed = report.pass_count
        if passed is None:
            total = int(report.total_count or 0)
            passed = max(0, total - failed - skipped)
        total = failed + skipped + int(passed)
        failed = max(failed, len(cases))
        summary = TestSummary(
            total=total,
            failed=failed,
            skipped=skipped,
            passed=int(passed),
            url=self.build_url(number, "testReport/"),
        )
        kept = cases[: self.options.max_failed_tests]
        previous_status: dict[tuple[str, str], str] | None = None
        ambiguous = any(
            case.status != "REGRESSION" and (case.age is None or case.age <= 1)
            for _, _, case in kept
        )
        if ambiguous and self.options.compare_previous and previous is not None:
            previous_status = self.previous_statuses(previous)
        failures: list[TestFailure] = []
        for suite, stages, case in kept:
            key = (case.class_name or suite, case.name)
            kind = _kind(case.status, case.age, previous_status, key)
            stack = None
            if case.error_stack_trace:
                lines = case.error_stack_trace.rstrip().lstrip("\r\n").splitlines()
                stack = "\n".join(line.rstrip() for line in lines[: self.options.stack_lines])
                if len(lines) > self.options.stack_lines:
                    stack += f"\n... {len(lines) - self.options.stack_lines} more lines"
            failures.append(
                TestFailure(
                    suite=suite,
                    class_name=case.class_name,
                    name=case.name,
                    status=case.status or "FAILED",
                    kind=kind,
                    age=case.age,
                    failed_since=case.failed_since or None,
                    error_message=(case.error_details or "").strip() or None,
                    stack_excerpt=stack,
                    stages=list(stages),
                    url=self.test_url(number, case.class_name, case.name),
                )
            )
        return summary, failures

    def previous_statuses(self, previous: int) -> dict[tuple[str, str], str] | None:
        try:
            data = self.reader.json(
                f"{self.job.path}{previous}/testReport/api/json", tree=_PREVIOUS_TREE
            )
        except errors.NotFound:
            return {}
        report = structure(data, TestReport)
        out: dict[tuple[str, str], str] = {}
        for suite, _, case in _all_cases(report):
            out[(case.class_name or suite, case.name)] = case.status or ""
        return out

    def changes(self, build: Build, between: list[int]) -> tuple[int | None, list[ChangeInfo]]:
        out = _changes_of(build.number, build)
        for n in between[: self.options.max_change_builds]:
            try:
                data = self.reader.json(f"{self.job.path}{n}/api/json", tree=_CHANGES_TREE)
            except errors.NotFound:
                continue
            out.extend(_changes_of(n, structure({"url": "", "building": False, **data}, Build)))
        if len(between) > self.options.max_change_builds:
            self.notes.append(
                f"Change sets of {len(between) - self.options.max_change_builds} older "
                "failing build(s) were not read."
            )
        return getattr(self, "_last_good", None), out


def _changes_of(number: int, build: Build) -> list[ChangeInfo]:
    sets = list(build.change_sets)
    if build.change_set is not None:
        sets.append(build.change_set)
    out: list[ChangeInfo] = []
    for change_set in sets:
        for item in change_set.items:
            out.append(
                ChangeInfo(
                    build=number,
                    commit_id=item.commit_id or item.id,
                    author=item.author.full_name if item.author else None,
                    author_email=item.author_email,
                    message=(item.msg or item.comment or "").strip() or None,
                    timestamp=item.timestamp,
                )
            )
    return out


def _all_cases(report: TestReport) -> Iterator[tuple[str, list[str], Any]]:
    for suite in report.suites:
        for case in suite.cases:
            yield suite.name, suite.enclosing_block_names, case
    for child in report.child_reports:
        if child.result is not None:
            yield from _all_cases(child.result)


def _failed_cases(report: TestReport) -> Iterator[tuple[str, list[str], Any]]:
    for suite, stages, case in _all_cases(report):
        if case.status in ("FAILED", "REGRESSION"):
            yield suite, stages, case


def _kind(
    status: str | None,
    age: int | None,
    previous: dict[tuple[str, str], str] | None,
    key: tuple[str, str],
) -> str:
    """regression / new / persistent / unknown, from Jenkins' fields and the previous report."""
    if status == "REGRESSION":
        return "regression"
    if age is not None and age > 1:
        return "persistent"
    if previous is not None:
        before = previous.get(key)
        if before is None:
            return "new"
        if before in ("FAILED", "REGRESSION"):
            return "persistent"
        return "regression"
    return "new" if age == 1 else "unknown"


def _aborted_from_log(console: LogExcerpt) -> str | None:
    for line in console.text.splitlines():
        if line.startswith("Aborted by "):
            return line.removeprefix("Aborted by ").strip() or None
    return None


def _summary(
    build: Build,
    stages: list[StageFailure],
    console: LogExcerpt | None,
    tests: TestSummary | None,
    failed_tests: list[TestFailure],
    aborted_by: str | None,
) -> str:
    result = _value(build.result) if build.result is not None else None
    if build.building:
        live = next((s for s in stages if s.status in _LIVE_STAGE), None)
        where = f" (stage '{live.name}' {live.status})" if live else ""
        names = [s.name for s in stages if s.status in _BAD_STAGE]
        extra = f"; failed so far: {', '.join(names)}" if names else ""
        return f"Still running{where}{extra}: this report is partial."
    if result == "SUCCESS":
        return "The build succeeded: nothing to diagnose."
    parts: list[str] = []
    if result == "ABORTED":
        parts.append(f"Aborted by {aborted_by}" if aborted_by else "Aborted")
    rank = {"FAILED": 0, "ABORTED": 1, "UNSTABLE": 2}
    bad = sorted((s for s in stages if s.status in _BAD_STAGE), key=lambda s: rank[s.status])
    if bad:
        first = bad[0]
        what = f"{first.status} in stage '{first.name}'"
        reason = first.error_message or (first.excerpt.headline if first.excerpt else None)
        parts.append(f"{what}: {reason}" if reason else what)
    elif (
        console is not None
        and console.headline
        and console.headline_pattern != "finished"
        and result != "ABORTED"
    ):
        parts.append(f"{result}: {console.headline}")
    elif console is not None and result != "ABORTED" and not failed_tests:
        where = "the last part of the console" if console.truncated else "the console"
        parts.append(f"{result}: no error line found in {where}")
    if failed_tests and tests is not None:
        regressions = sum(1 for t in failed_tests if t.kind == "regression")
        new = sum(1 for t in failed_tests if t.kind == "new")
        detail = ", ".join(
            x
            for x in (
                f"{regressions} regression(s)" if regressions else "",
                f"{new} new" if new else "",
            )
            if x
        )
        first_test = failed_tests[0]
        first_error = (first_test.error_message or "").splitlines()
        message = f" — {first_error[0]}" if first_error else ""
        parts.append(
            f"{tests.failed} failing test(s){f' ({detail})' if detail else ''}: "
            f"{first_test.full_name}{message}"
        )
    if not parts:
        parts.append(f"{result or 'Unknown result'}: no failing stage, test or error line found")
    return "; ".join(parts)


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
        client: a ``JenkinsClient`` or its requester.
        job: the job (``"folder/job"``, a ``JobRef`` or a job URL).
        build: a build number or permalink (the last build by default).
        options: what to read and keep (:class:`DiagnoseOptions`).

    Raises:
        NotFound: the job or build does not exist.
    """
    diagnoser = _Diagnoser(_requester_of(client), JobRef.parse(job), options or DiagnoseOptions())
    return diagnoser.run(BuildRef.parse(build))


@attrs.frozen
class Diagnosis:
    """One outcome of :func:`diagnose_many`.

    Attributes:
        build: the finished build as the monitor saw it.
        report: its report, or ``None`` when the diagnosis failed.
        error: the error that stopped the diagnosis, if any.
    """

    build: MonitoredBuild
    report: FailureReport | None
    error: Exception | None = None


_DONE = object()


class _Stopped(Exception):
    """Raised inside the monitor's thread when the consumer left ``diagnose_many``."""


class _StoppableClock:
    """A clock whose sleeps end the monitor's loop once ``stop`` is set."""

    def __init__(self, base: Clock, stop: threading.Event) -> None:
        self._base = base
        self._stop = stop

    def monotonic(self) -> float:
        """The base clock's time."""
        return self._base.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep on the base clock, unless (or until) the consumer has left."""
        if self._stop.is_set():
            raise _Stopped
        self._base.sleep(seconds)
        if self._stop.is_set():
            raise _Stopped


def diagnose_many(
    client: ClientLike,
    builds: Iterable[tuple[JobSpec, BuildSpec]],
    *,
    options: DiagnoseOptions | None = None,
    only_failed: bool = True,
    max_workers: int = 4,
    monitor_workers: int = 8,
    timeout: float | None = None,
    poll_interval: float = 2.0,
    clock: Clock | None = None,
) -> Iterator[Diagnosis]:
    """Watch ``builds`` with a ``BuildMonitor`` and diagnose each as it finishes.

    The monitor runs in a background thread; each finished build (only those not SUCCESS,
    unless ``only_failed=False``) is diagnosed on a pool of ``max_workers`` threads sharing
    the client's connections, and yielded as soon as its report is ready. A failed diagnosis
    is yielded with its ``error`` rather than stopping the stream. Builds that vanished while
    watched are skipped. Leaving the loop early stops watching without waiting for the
    builds still running (the monitor's thread ends after its current round).

    Raises:
        BuildTimeout: ``timeout`` passed with builds still running (after every diagnosis of
            the builds that did finish was yielded).
    """
    from jenkins_sdk.resources.monitor import BuildMonitor

    if max_workers < 1:
        raise ValueError("max_workers must be >= 1")
    requester = _requester_of(client)
    chosen = options or DiagnoseOptions()
    stop = threading.Event()
    monitor = BuildMonitor(
        requester,
        builds,
        max_workers=monitor_workers,
        timeout=timeout,
        poll_interval=poll_interval,
        clock=_StoppableClock(clock if clock is not None else requester.clock, stop),
    )
    results: queue.Queue[object] = queue.Queue()
    failure: list[BaseException] = []

    def run_one(done: MonitoredBuild) -> Diagnosis:
        try:
            report = diagnose(requester, done.job, done.number, options=chosen)
        except Exception as exc:  # a notifier gets every build, failed diagnoses included
            return Diagnosis(done, None, exc)
        return Diagnosis(done, report)

    pool = ThreadPoolExecutor(max_workers, thread_name_prefix="jenkins-diagnose")

    def produce() -> None:
        pending: list[Future[Diagnosis]] = []
        try:
            for done in monitor:
                if stop.is_set():
                    return
                if done.missing or (only_failed and done.result == BuildResult.SUCCESS):
                    continue
                future = pool.submit(run_one, done)
                future.add_done_callback(lambda f: results.put(f.result()))
                pending.append(future)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the consumer, raised there
            failure.append(exc)
        finally:
            for future in pending:
                future.exception()  # wait: every result is queued before _DONE
            results.put(_DONE)

    producer = threading.Thread(target=produce, name="jenkins-diagnose-monitor", daemon=True)
    producer.start()
    finished = False
    try:
        while True:
            item = results.get()
            if item is _DONE:
                finished = True
                break
            assert isinstance(item, Diagnosis)
            yield item
    finally:
        stop.set()
        if finished:
            producer.join()
            pool.shutdown(wait=True)
        else:
            # The caller stopped early: do not wait for the monitor's next build to finish.
            pool.shutdown(wait=False, cancel_futures=True)
    if failure:
        raise failure[0]
