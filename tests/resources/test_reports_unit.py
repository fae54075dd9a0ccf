"""Unit tests (responses) for client.tests: the JUnit report URL, tree and missing reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import NotFound
from jenkins_sdk.resources.junit import TestReportOperations as ReportOps

BASE = "http://jenkins.test/"
# a multibranch branch job: its name is already encoded, so the URL segment is double-encoded
REPORT = BASE + "job/multibranch-demo/job/feature%252FORD-214/1/testReport/api/json"
CAPTURED = Path(__file__).parent / "captured"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def tests_ops() -> Iterator[ReportOps]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield ReportOps(client.requester)


def payload() -> object:
    text = (CAPTURED / "stagecraft__11_testReport_unstable.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_report_has_totals_suites_and_failures(
    mocked: responses.RequestsMock, tests_ops: ReportOps
) -> None:
    mocked.get(REPORT, json=payload())
    report = tests_ops.report(["multibranch-demo", "feature%2FORD-214"], 1)
    assert (report.fail_count, report.pass_count, report.skip_count) == (1, 2, 0)
    assert [s.name for s in report.suites] == ["com.company.OrderServiceTest"]
    query = parse_qs(urlsplit(mocked.calls[0].request.url or "").query)
    assert "suites" in query["tree"][0]


def test_failures_lists_failed_cases(mocked: responses.RequestsMock, tests_ops: ReportOps) -> None:
    mocked.get(REPORT, json=payload())
    (case,) = tests_ops.failures(["multibranch-demo", "feature%2FORD-214"], 1)
    assert case.name == "computeTotals"
    assert case.error_details == "expected 42 but was 41"


def test_missing_report_is_a_clear_not_found(
    mocked: responses.RequestsMock, tests_ops: ReportOps
) -> None:
    mocked.get(REPORT, status=404, body="<html>Not Found</html>", content_type="text/html")
    with pytest.raises(NotFound, match="no test report") as info:
        tests_ops.report(["multibranch-demo", "feature%2FORD-214"], 1)
    assert info.value.status == 404


def test_find_returns_none_for_a_missing_report(
    mocked: responses.RequestsMock, tests_ops: ReportOps
) -> None:
    mocked.get(REPORT, status=404, body="<html>Not Found</html>", content_type="text/html")
    assert tests_ops.find(["multibranch-demo", "feature%2FORD-214"], 1) is None
