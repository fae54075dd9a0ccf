"""client.tests over loopback against the emulator: JUnit totals, suites, failures, no report."""

from __future__ import annotations

import pytest

from jenkins_sdk import JenkinsClient
from jenkins_sdk.errors import NotFound
from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.testing import model as spec  # Test* names would be collected by pytest

REPORT = spec.TestReportSpec(
    suite="com.example.OrderServiceTest",
    cases=[
        spec.TestCaseSpec("com.example.OrderServiceTest", "resolvesDiscount"),
        spec.TestCaseSpec("com.example.OrderServiceTest", "rejectsNegativeTotal", status="SKIPPED"),
        spec.TestCaseSpec(
            "com.example.OrderServiceTest",
            "computesTotals",
            status="FAILED",
            error_details="expected 42 but was 41",
        ),
        spec.TestCaseSpec("com.example.OrderServiceTest", "roundsCents", status="REGRESSION"),
    ],
)


def test_report_totals_suites_and_failures(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("team/app", test_report=REPORT)
    jenkins_emulator.history("team/app", ["UNSTABLE"])
    report = jenkins_client.tests.report("team/app", 1)
    assert (report.pass_count, report.fail_count, report.skip_count) == (1, 2, 1)
    (suite,) = report.suites
    assert suite.name == "com.example.OrderServiceTest"
    assert len(suite.cases) == 4
    failures = jenkins_client.tests.failures("team/app", "lastUnstable")
    assert [(c.name, c.error_details) for c in failures] == [
        ("computesTotals", "expected 42 but was 41"),
        ("roundsCents", None),
    ]


def test_build_without_report_is_not_found_or_none(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("team/app")
    jenkins_emulator.history("team/app", ["SUCCESS"])
    with pytest.raises(NotFound, match="no test report"):
        jenkins_client.tests.report("team/app", 1)
    assert jenkins_client.tests.find("team/app", 1) is None


def test_report_of_a_multibranch_branch(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    jenkins_emulator.multibranch("shop", ["feature/ORD-214"], test_report=REPORT)
    jenkins_emulator.history("shop/feature%2FORD-214", ["UNSTABLE"])
    report = jenkins_client.tests.report(["shop", "feature%2FORD-214"], 1)
    assert report.fail_count == 2
