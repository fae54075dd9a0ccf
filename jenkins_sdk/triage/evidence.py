"""The evidence around a failed build: its tests, the builds before it, their changes.

Read through ``client.tests`` and ``client.builds``: the test report with a small ``tree`` (a 404
means no tests), failures classified with Jenkins' ``status``/``age`` and, when those cannot tell,
against the previous completed build's report; the builds since the last successful one and
their change sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jenkins_sdk import errors
from jenkins_sdk.models import Build, TestReport
from jenkins_sdk.refs import JobRef, encode_segment
from jenkins_sdk.status import BuildResult
from jenkins_sdk.triage.report import ChangeInfo, TestFailure, TestSummary
from jenkins_sdk.triage.sources import Sources

__all__ = ["Evidence", "classify"]

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
#: How many earlier builds the history looks at for the last successful one.
_HISTORY = 100
_GOOD = (BuildResult.SUCCESS, BuildResult.UNSTABLE)


class Evidence:
    """Reads the tests, history and changes of one job's build."""

    def __init__(self, sources: Sources, job: JobRef, notes: list[str]) -> None:
        self.sources = sources
        self.job = job
        self.notes = notes
        self.last_good: int | None = None

    def build_url(self, number: int, tail: str = "") -> str:
        """The build's URL on the client's base URL."""
        return f"{self.sources.base_url}{self.job.path}{number}/{tail}"

    def test_url(self, number: int, class_name: str | None, name: str) -> str:
        """Jenkins' page of one test case: ``testReport/<package>/<class>/<case>/``."""
        package, _, cls = (class_name or "").rpartition(".")
        safe = re.sub(r"[/\\:?#%<>]", "_", name)
        parts = [package or "(root)", cls or "(root)", safe]
        return self.build_url(number, "testReport/" + "/".join(encode_segment(p) for p in parts))

    # -- history -----------------------------------------------------------------------------

    def history(self, number: int) -> tuple[int | None, list[int]]:
        """(the previous completed build, the builds since the last successful one)."""
        low = max(1, number - _HISTORY)
        statuses = self.sources.builds.statuses(self.job, range(low, number))
        previous: int | None = None
        between: list[int] = []
        for n in sorted(statuses, reverse=True):
            status = statuses[n]
            if not status.done:
                continue
            if previous is None:
                previous = n
            if status.result in _GOOD:
                self.last_good = n
                break
            between.append(n)
        return previous, between

    def changes(
        self, build: Build, between: list[int], limit: int
    ) -> tuple[int | None, list[ChangeInfo]]:
        """The change sets of ``build`` and of up to ``limit`` builds of ``between``."""
        out = changes_of(build.number, build)
        for n in between[:limit]:
            try:
                earlier = self.sources.builds.get(self.job, n)
            except errors.NotFound:
                continue
            out.extend(changes_of(n, earlier))
        if len(between) > limit:
            self.notes.append(
                f"Change sets of {len(between) - limit} older failing build(s) were not read."
            )
        return self.last_good, out

    # -- tests -------------------------------------------------------------------------------

    def report(self, number: int, action: dict[str, Any] | None) -> TestReport | None:
        """The build's test report with the fields a diagnosis uses, or None (404)."""
        try:
            return self.sources.tests.report(self.job, number, tree=_REPORT_TREE)
        except errors.NotFound:
            if action is not None:
                self.notes.append("The build lists test results but its report is gone (404).")
            return None

    def previous_statuses(self, previous: int) -> dict[tuple[str, str], str]:
        """The status of every case in the previous build's report (empty when it has none)."""
        try:
            report = self.sources.tests.report(self.job, previous, tree=_PREVIOUS_TREE)
        except errors.NotFound:
            return {}
        return {
            (case.class_name or suite, case.name): case.status or ""
            for suite, _, case in all_cases(report)
        }

    def summary(self, report: TestReport, number: int, failed_listed: int) -> TestSummary:
        """Totals of a report (``passed`` derived when Jenkins leaves it out)."""
        failed = int(report.fail_count or 0)
        skipped = int(report.skip_count or 0)
        passed = report.pass_count
        if passed is None:
            passed = max(0, int(report.total_count or 0) - failed - skipped)
        return TestSummary(
            total=failed + skipped + int(passed),
            failed=max(failed, failed_listed),
            skipped=skipped,
            passed=int(passed),
            url=self.build_url(number, "testReport/"),
        )

    def failures(
        self,
        number: int,
        cases: list[tuple[str, list[str], Any]],
        previous: dict[tuple[str, str], str] | None,
        stack_lines: int,
    ) -> list[TestFailure]:
        """One :class:`TestFailure` per failed case, classified."""
        out: list[TestFailure] = []
        for suite, stages, case in cases:
            key = (case.class_name or suite, case.name)
            out.append(
                TestFailure(
                    suite=suite,
                    class_name=case.class_name,
                    name=case.name,
                    status=case.status or "FAILED",
                    kind=classify(case.status, case.age, previous, key),
                    age=case.age,
                    failed_since=case.failed_since or None,
                    error_message=(case.error_details or "").strip() or None,
                    stack_excerpt=_stack(case.error_stack_trace, stack_lines),
                    stages=list(stages),
                    url=self.test_url(number, case.class_name, case.name),
                )
            )
        return out


def _stack(trace: str | None, keep: int) -> str | None:
    if not trace:
        return None
    lines = trace.rstrip().lstrip("\r\n").splitlines()
    stack = "\n".join(line.rstrip() for line in lines[:keep])
    if len(lines) > keep:
        stack += f"\n... {len(lines) - keep} more lines"
    return stack


def changes_of(number: int, build: Build) -> list[ChangeInfo]:
    """The commits of a build's change sets."""
    sets = list(build.change_sets)
    if build.change_set is not None:
        sets.append(build.change_set)
    return [
        ChangeInfo(
            build=number,
            commit_id=item.commit_id or item.id,
            author=item.author.full_name if item.author else None,
            author_email=item.author_email,
            message=(item.msg or item.comment or "").strip() or None,
            timestamp=item.timestamp,
        )
        for change_set in sets
        for item in change_set.items
    ]


def all_cases(report: TestReport) -> Iterator[tuple[str, list[str], Any]]:
    """Every case of a report and its child reports: (suite, enclosing stages, case)."""
    for suite in report.suites:
        for case in suite.cases:
            yield suite.name, suite.enclosing_block_names, case
    for child in report.child_reports:
        if child.result is not None:
            yield from all_cases(child.result)


def failed_cases(report: TestReport) -> list[tuple[str, list[str], Any]]:
    """The FAILED and REGRESSION cases of a report."""
    return [c for c in all_cases(report) if c[2].status in ("FAILED", "REGRESSION")]


def classify(
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
