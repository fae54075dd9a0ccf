"""``tests``: the summary, the JSON, and the exit code when tests failed."""

from __future__ import annotations

from tests.cli.conftest import RunCli


def test_tests_summary_lists_failures(jcli: RunCli) -> None:
    r = jcli("tests", "team/backend/api-tests")
    assert r.code == 1, r.err  # a test failed: the FAILURE code, documented in exitcodes
    lines = r.out.splitlines()
    assert lines[0] == "tests: 3 total, 2 passed, 1 failed, 0 skipped"
    assert lines[1:] == [
        "  FAILED com.company.OrderServiceTest.computeTotals: expected 42 but was 41"
    ]


def test_tests_json(jcli: RunCli) -> None:
    r = jcli("tests", "team/deploy", "2", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert (data["kind"], data["job"], data["build"]) == ("test_report", "team/deploy", "2")
    assert (data["total"], data["passed"], data["failed"], data["skipped"]) == (4, 4, 0, 0)
    assert data["failures"] == []
    cases = [c["name"] for c in data["cases"]]
    assert cases == ["healthEndpoint", "loginPage", "checkoutFlow", "searchIndex"]


def test_tests_of_a_build_without_a_report_is_error_6(jcli: RunCli) -> None:
    r = jcli("tests", "hello-world", "1")
    assert r.code == 6
    assert r.err == "error: build 1 of hello-world has no test report\n"
