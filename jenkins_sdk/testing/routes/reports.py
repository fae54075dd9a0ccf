"""JUnit test reports: ``testReport/api/json`` (``hudson.tasks.junit.TestResult``,
``CaseResult`` for status, age and failedSince)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jenkins_sdk.testing.model import TestCaseSpec
from jenkins_sdk.testing.routes.common import HTML_TYPE, Ctx, json_response, not_found
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Build
from jenkins_sdk.testing.tree import ExportedMap


def test_report_route(ctx: Ctx, build: Build, rest: list[str]) -> Response:
    """``testReport/`` (HTML) and ``testReport/api/json``; 404 without a report."""
    if build.test_report is None or build.building:
        return not_found()
    if rest[:2] in (["api", "json"], ["api", "python"]):
        return json_response(ctx, test_report(build))
    return Response(200, b"<html><body>Test Result</body></html>", HTML_TYPE)


_FAILING = ("FAILED", "REGRESSION")


def _previous_reports(build: Build) -> Iterator[tuple[int, dict[tuple[str, str], TestCaseSpec]]]:
    """(number, cases by key) of the job's earlier completed builds with a report, newest first."""
    for number in sorted((n for n in build.job.builds if n < build.number), reverse=True):
        prev = build.job.builds[number]
        if prev.test_report is not None and not prev.building:
            yield number, {(c.class_name, c.name): c for c in prev.test_report.cases}


def case_history(build: Build, case: TestCaseSpec) -> tuple[str, int, int]:
    """(status, age, failedSince) of ``case`` in ``build``, as junit's ``CaseResult`` computes them.

    The previous result is the same case in the newest earlier build with a report: a failing case
    whose previous result passed is a REGRESSION, a passing one whose previous result did not pass
    is FIXED; ``failedSince`` is the first build of the current run of failures and ``age`` counts
    the builds since then. Explicit REGRESSION/FIXED/SKIPPED statuses and the spec's ``age`` and
    ``failed_since`` win."""
    key = (case.class_name, case.name)
    failing = case.status in _FAILING
    reports = _previous_reports(build)
    first = next(reports, None)
    prev = first[1].get(key) if first is not None else None
    status = case.status
    if status in ("PASSED", "FAILED") and prev is not None:
        prev_passed = prev.status in ("PASSED", "FIXED")
        if failing and prev_passed:
            status = "REGRESSION"
        elif not failing and not prev_passed:
            status = "FIXED"
    if not failing:
        return status, 0, 0
    since = build.number
    entry = first
    while entry is not None:
        older = entry[1].get(key)
        if older is None or older.status not in _FAILING:
            break
        since = entry[0]
        entry = next(reports, None)
    if case.failed_since is not None:
        since = case.failed_since
    age = case.age if case.age is not None else build.number - since + 1
    return status, age, since


def test_report(build: Build) -> dict[str, Any]:
    """``testReport/api/json`` (hudson.tasks.junit.TestResult)."""
    spec = build.test_report
    assert spec is not None
    cases: list[dict[str, Any]] = []
    for c in spec.cases:
        status, age, since = case_history(build, c)
        cases.append(
            {
                "testActions": [],
                "age": age,
                "className": c.class_name,
                "duration": c.duration,
                "errorDetails": c.error_details,
                "errorStackTrace": c.error_stack_trace,
                "failedSince": since,
                "flakyFailures": [],
                "name": c.name,
                "properties": ExportedMap(),
                "rerunFailures": [],
                "skipped": c.status == "SKIPPED",
                "skippedMessage": None,
                "status": status,
                "stderr": None,
                "stdout": None,
            }
        )
    total = round(sum(c.duration for c in spec.cases), 3)
    fail = sum(1 for c in spec.cases if c.status in _FAILING)
    skip = sum(1 for c in spec.cases if c.status == "SKIPPED")
    return {
        "_class": "hudson.tasks.junit.TestResult",
        "testActions": [],
        "duration": total,
        "empty": not spec.cases,
        "failCount": fail,
        "passCount": len(spec.cases) - fail - skip,
        "skipCount": skip,
        "suites": [
            {
                "cases": cases,
                "duration": total,
                "enclosingBlockNames": [],
                "enclosingBlocks": [],
                "id": None,
                "name": spec.suite,
                "nodeId": None,
                "properties": ExportedMap(),
                "stderr": None,
                "stdout": None,
                "timestamp": None,
            }
        ],
    }


BUILD_ACTIONS = {"testReport": test_report_route}
