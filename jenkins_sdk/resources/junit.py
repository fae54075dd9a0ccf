"""Operations (tests): JUnit test reports of builds (``client.tests``; the junit plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk.errors import NotFound
from jenkins_sdk.models import TestCase, TestReport
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["TestReportOperations", "failed_cases"]

_FAILED = frozenset({"FAILED", "REGRESSION"})


def failed_cases(report: TestReport) -> list[TestCase]:
    """Return the failed cases of a report (status ``FAILED`` or ``REGRESSION``), suite by suite.

    Cases of child reports (matrix and Maven module builds aggregate their children's) follow.
    """
    failed = [case for suite in report.suites for case in suite.cases if case.status in _FAILED]
    for child in report.child_reports:
        if child.result is not None:
            failed.extend(failed_cases(child.result))
    return failed


class TestReportOperations:
    """JUnit test reports of builds, reached as ``client.tests``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def report(self, job: JobSpec, build: BuildSpec, *, tree: str | None = None) -> TestReport:
        """Return the build's test report: totals, suites and their cases.

        ``tree`` asks Jenkins for fewer fields than the model holds (fields left out take
        their defaults), e.g. ``"failCount,suites[name,cases[name,status]]"``.

        Raises:
            NotFound: the build has no test report (none recorded, or still running), or the
                job or build does not exist. Use :meth:`find` to get ``None`` instead.
        """
        try:
            return self._requester.get_model(
                build_path(job, build) + "testReport/api/json", TestReport, tree=tree
            )
        except NotFound as exc:
            raise NotFound(
                "no test report: the build recorded none (yet), or the job or build does not exist",
                method=exc.method,
                url=exc.url,
                status=exc.status,
                body_excerpt=exc.body_excerpt,
                headers=exc.headers,
            ) from exc

    def find(self, job: JobSpec, build: BuildSpec) -> TestReport | None:
        """Return the build's test report, or ``None`` when it has none (404)."""
        try:
            return self.report(job, build)
        except NotFound:
            return None

    def failures(self, job: JobSpec, build: BuildSpec) -> list[TestCase]:
        """Return the failed test cases of the build's report."""
        return failed_cases(self.report(job, build))
