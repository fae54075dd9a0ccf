"""``diagnose`` against the loopback emulator: every kind of build it must explain."""

from __future__ import annotations

import json
import threading
import time

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import BadRequest, NotFound
from jenkins_sdk.models import BuildResult
from jenkins_sdk.testing import (
    JenkinsEmulator,
    Outcome,
    ParamDef,
    StageSpec,
)
from jenkins_sdk.testing import (
    TestCaseSpec as CaseSpec,
)
from jenkins_sdk.testing import (
    TestReportSpec as ReportSpec,
)
from jenkins_sdk.triage import DiagnoseOptions, FailureReport, diagnose, diagnose_many
from tests.triage.conftest import run_builds

STACK = "\n".join(f"\tat com.acme.Svc.step{i}(Svc.java:{i})" for i in range(20))


def paths(emu: JenkinsEmulator) -> list[str]:
    return [f"{e.method} {e.path}?{e.query}" for e in emu.request_log]


def test_failed_pipeline_stage_with_error_and_step_excerpt(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.pipeline(
        "team/app",
        stages=[
            StageSpec("Build", 3),
            StageSpec(
                "Deploy to staging",
                3,
                status="FAILED",
                error="Deploy failed: Discount table is empty for region EU",
                log="deploying to eu-1\nconnecting to db\nrefusing to deploy: empty discounts\n",
            ),
            StageSpec("Smoke", 2),
        ],
    )
    run_builds(emu, "team/app")
    report = diagnose(client, "team/app", 1)
    assert report.result == BuildResult.FAILURE
    assert report.failed and not report.building
    assert [s.name for s in report.stages] == ["Deploy to staging"]
    stage = report.stages[0]
    assert stage.status == "FAILED"
    assert stage.error_message == "Deploy failed: Discount table is empty for region EU"
    assert stage.error_type == "hudson.AbortException"
    assert stage.step_name == "Shell Script"
    assert stage.excerpt is not None and stage.excerpt.source == "step"
    assert stage.excerpt.headline == "ERROR: Deploy failed: Discount table is empty for region EU"
    assert "refusing to deploy: empty discounts" in stage.excerpt.text  # a line before it
    assert stage.url == f"{emu.url}job/team/job/app/1/execution/node/{stage.id}/"
    assert report.summary.startswith("FAILED in stage 'Deploy to staging': Deploy failed")
    assert report.console is None  # the stage explained it: no console read
    assert report.links.console == f"{emu.url}job/team/job/app/1/console"
    assert not any("progressiveText" in p for p in paths(emu))
    text = report.render_text()
    assert "Stage 'Deploy to staging': FAILED" in text
    assert "error: Deploy failed: Discount table is empty for region EU" in text


def test_unstable_build_with_failing_tests(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle(
        "lib",
        result="UNSTABLE",
        log="running tests\nTests run: 3, Failures: 1\n",
        test_report=ReportSpec(
            suite="com.company.OrderServiceTest",
            cases=[
                CaseSpec("com.company.OrderServiceTest", "resolveDiscount"),
                CaseSpec(
                    "com.company.OrderServiceTest",
                    "computeTotals",
                    status="FAILED",
                    error_details="expected 42 but was 41",
                    error_stack_trace=STACK,
                ),
                CaseSpec("com.company.OrderServiceTest", "skipped", status="SKIPPED"),
            ],
        ),
    )
    run_builds(emu, "lib")
    report = diagnose(client, "lib", 1, options=DiagnoseOptions(stack_lines=3))
    assert report.result == BuildResult.UNSTABLE
    assert report.tests is not None
    assert (report.tests.failed, report.tests.passed, report.tests.skipped) == (1, 1, 1)
    assert report.tests.url == f"{emu.url}job/lib/1/testReport/"
    [failure] = report.failed_tests
    assert failure.full_name == "com.company.OrderServiceTest.computeTotals"
    assert failure.error_message == "expected 42 but was 41"
    assert failure.stack_excerpt is not None
    assert failure.stack_excerpt.splitlines()[:3] == STACK.splitlines()[:3]
    assert failure.stack_excerpt.endswith("... 17 more lines")
    assert failure.url == (
        f"{emu.url}job/lib/1/testReport/com.company/OrderServiceTest/computeTotals"
    )
    assert failure.kind == "new"  # no previous build
    assert "1 failing test(s)" in report.summary
    assert "computeTotals" in report.render_text()


def test_freestyle_failure_reads_the_console_not_wfapi(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle(
        "fs",
        result="FAILURE",
        log="+ make\nmain.c:3:1: error: expected ';'\n+ exit 2\n"
        "Build step 'Execute shell' marked build as failure\n",
    )
    run_builds(emu, "fs")
    report = diagnose(client, "fs", "lastBuild")
    assert report.number == 1
    assert report.console is not None
    assert report.console.headline == "main.c:3:1: error: expected ';'"
    assert report.console.headline_pattern == "error"
    assert not report.console.truncated and report.console.start_offset == 0
    assert report.console.text.splitlines()[-1] == "Finished: FAILURE"
    assert report.summary == "FAILURE: main.c:3:1: error: expected ';'"
    assert report.stages == []
    assert not any("wfapi" in p for p in paths(emu))


def test_aborted_build_says_who_aborted(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.pipeline("long", stages=[StageSpec("Build", 2), StageSpec("Integration", 600)])
    emu.trigger("long")
    emu.advance(60)
    client.builds.stop("long", 1)
    emu.settle()
    report = diagnose(client, "long", 1)
    assert report.result == BuildResult.ABORTED
    assert report.aborted_by == "admin"
    assert [s.name for s in report.stages] == ["Integration"]
    assert report.stages[0].status == "ABORTED"
    assert report.console is not None  # aborted: the console tail is read too
    assert "Aborted by admin" in report.console.text
    assert report.summary.startswith("Aborted by admin")


def test_running_build_report_says_so(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.pipeline("slow", stages=[StageSpec("Build", 5), StageSpec("Test", 300)])
    emu.trigger("slow")
    emu.advance(60)
    report = diagnose(client, "slow", 1)
    assert report.building and report.result is None and not report.failed
    assert report.summary.startswith("Still running (stage 'Test' IN_PROGRESS)")
    assert report.stages[-1].status == "IN_PROGRESS"
    assert report.tests is None  # no test report is asked for while running
    assert not any("testReport" in p for p in paths(emu))
    assert "RUNNING" in report.render_text().splitlines()[0]


def test_success_is_an_empty_report_in_one_request(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.pipeline(
        "green",
        test_report=ReportSpec(cases=[CaseSpec("a.B", "c"), CaseSpec("a.B", "d")]),
    )
    run_builds(emu, "green")
    emu.counters.reset()
    report = diagnose(client, "green", 1)
    assert report.result == BuildResult.SUCCESS and not report.failed
    assert report.summary == "The build succeeded: nothing to diagnose."
    assert report.stages == [] and report.failed_tests == [] and report.console is None
    assert report.tests is not None and (report.tests.total, report.tests.failed) == (2, 0)
    assert report.requests == 1 and emu.counters.total_requests == 1


def test_missing_test_report_404_is_no_tests(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("notests", result="FAILURE", log="ERROR: no tests were run\n")
    run_builds(emu, "notests")
    report = diagnose(client, "notests", 1)
    assert report.tests is None and report.failed_tests == []
    assert report.links.tests is None
    statuses = [(e.path, e.status) for e in emu.request_log if "testReport" in e.path]
    assert statuses == [("/job/notests/1/testReport/api/json", 404)]
    assert report.summary == "FAILURE: ERROR: no tests were run"


def test_regression_new_and_persistent_against_the_previous_build(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    def case(name: str, failed: bool) -> CaseSpec:
        status = "FAILED" if failed else "PASSED"
        return CaseSpec("com.acme.CartTest", name, status=status, error_details=name)

    job = emu.freestyle(
        "cart", test_report=ReportSpec(cases=[case("total", False), case("flaky", True)])
    )
    run_builds(emu, "cart")
    job.test_report = ReportSpec(
        cases=[case("total", True), case("flaky", True), case("brandNew", True)]
    )
    emu.then("cart", Outcome(result="UNSTABLE"))
    run_builds(emu, "cart")
    report = diagnose(client, "cart", 2)
    kinds = {t.name: t.kind for t in report.failed_tests}
    assert kinds == {"total": "regression", "flaky": "persistent", "brandNew": "new"}
    assert "1 regression(s), 1 new" in report.summary
    previous = [e for e in emu.request_log if e.path == "/job/cart/1/testReport/api/json"]
    assert len(previous) == 1  # Jenkins' age could not tell: the previous report was read


def test_jenkins_status_regression_needs_no_previous_report(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle(
        "reg",
        result="UNSTABLE",
        test_report=ReportSpec(cases=[CaseSpec("a.B", "c", status="REGRESSION")]),
    )
    run_builds(emu, "reg", 2)
    report = diagnose(client, "reg", 2)
    assert [t.kind for t in report.failed_tests] == ["regression"]
    assert not any(e.path == "/job/reg/1/testReport/api/json" for e in emu.request_log)


def test_changes_and_culprits_since_the_last_successful_build(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle("scm", changes=[("alice", "Refactor discounts")])
    run_builds(emu, "scm")  # 1: SUCCESS
    emu.then("scm", Outcome(result="FAILURE"), Outcome(result="FAILURE"))
    run_builds(emu, "scm", 2)  # 2, 3: FAILURE
    report = diagnose(client, "scm", 3)
    assert report.changes_since == 1
    assert sorted({c.build for c in report.changes}) == [2, 3]
    assert {c.author for c in report.changes} == {"alice"}
    assert report.links.changes == f"{emu.url}job/scm/3/changes"
    assert "Refactor discounts" in report.render_text()


def test_sensitive_parameters_are_masked(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle(
        "params",
        result="FAILURE",
        params=[
            ParamDef("BRANCH", default="main"),
            ParamDef("DEPLOY_PASSWORD", type="password", default="hunter2"),
            ParamDef("GITHUB_TOKEN", default="ghp_abcdef"),
            ParamDef("CLOUD_CREDS", default="visible-but-masked-by-pattern"),
        ],
    )
    run_builds(emu, "params")
    options = DiagnoseOptions(sensitive_names=DiagnoseOptions().sensitive_names)
    report = diagnose(client, "params", 1, options=options)
    values = {p.name: (p.value, p.masked) for p in report.parameters}
    assert values["BRANCH"] == ("main", False)
    assert values["DEPLOY_PASSWORD"] == ("****", True)
    assert values["GITHUB_TOKEN"] == ("****", True)
    dumped = json.dumps(report.to_dict())
    assert "hunter2" not in dumped and "ghp_abcdef" not in dumped
    assert "hunter2" not in report.render_text()


def test_pipeline_without_wfapi_is_read_like_freestyle(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.pipeline("nowf", stages=[StageSpec("Build", 2, status="FAILED", error="boom")])
    run_builds(emu, "nowf")
    emu.proxy_error(404, retry_after=None, times=None, path="/wfapi")
    report = diagnose(client, "nowf", 1)
    assert report.stages == []
    assert report.console is not None and report.console.headline == "ERROR: boom"
    assert any("wfapi 404" in note for note in report.notes)


def test_unknown_build_raises_not_found(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("empty")
    with pytest.raises(NotFound):
        diagnose(client, "empty", 7)


def test_links_use_the_client_base_url_not_jenkins_urls(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.pipeline("a b/c", stages=[StageSpec("S", 1, status="FAILED")])
    run_builds(emu, "a b/c")
    # The same controller reached through another host name than the one Jenkins reports.
    other = emu.url.replace("127.0.0.1", "localhost")
    user, token = emu.credentials
    with JenkinsClient(url=other, username=user, api_token=token) as c2:
        report = diagnose(c2, "a b/c", 1)
    assert report.links.build == f"{other}job/a%20b/job/c/1/"
    for stage in report.stages:
        assert stage.url is not None and stage.url.startswith(other)
        assert stage.excerpt is not None and stage.excerpt.url is not None
        assert stage.excerpt.url.startswith(other)


def test_report_round_trips_through_json(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.pipeline(
        "rt",
        stages=[StageSpec("Test", 2, status="UNSTABLE")],
        test_report=ReportSpec(cases=[CaseSpec("x.Y", "z", status="FAILED")]),
        params=[ParamDef("N", default="1")],
    )
    run_builds(emu, "rt")
    report = diagnose(client, "rt", 1)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["result"] == "UNSTABLE" and data["failed_tests"][0]["name"] == "z"
    again = FailureReport.from_dict(data)
    assert again == report


def test_diagnose_many_yields_the_failed_builds(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle("ok")
    emu.freestyle("bad", result="FAILURE", log="ERROR: bad\n")
    emu.pipeline("worse", stages=[StageSpec("X", 1, status="FAILED", error="nope")])
    for job in ("ok", "bad", "worse"):
        run_builds(emu, job)
    seen = list(diagnose_many(client, [("ok", 1), ("bad", 1), ("worse", 1)], max_workers=3))
    by_job = {d.build.job.full_name: d for d in seen}
    assert set(by_job) == {"bad", "worse"}
    assert all(d.error is None and d.report is not None for d in seen)
    bad = by_job["bad"].report
    worse = by_job["worse"].report
    assert bad is not None and bad.summary == "FAILURE: ERROR: bad"
    assert worse is not None and worse.stages[0].error_message == "nope"
    everything = list(diagnose_many(client, [("ok", 1), ("bad", 1)], only_failed=False))
    assert {d.build.job.full_name for d in everything} == {"ok", "bad"}


def test_diagnose_many_can_be_left_early(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.freestyle("bad", result="FAILURE", log="ERROR: bad\n")
    emu.freestyle("forever", duration=10_000)
    run_builds(emu, "bad")
    emu.trigger("forever")
    emu.advance(10)
    stream = diagnose_many(client, [("bad", 1), ("forever", 1)], poll_interval=0.01)
    first = next(stream)
    assert first.build.job.full_name == "bad"
    started = time.perf_counter()
    stream.close()  # must not wait for "forever"
    assert time.perf_counter() - started < 1.0
    threads = [t for t in threading.enumerate() if t.name == "jenkins-diagnose-monitor"]
    for thread in threads:
        thread.join(timeout=2.0)  # the monitor stops polling after its current round
    assert not any(t.is_alive() for t in threads)


def test_diagnose_many_reports_a_failed_diagnosis_as_an_error(
    emu: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu.freestyle("bad", result="FAILURE")
    run_builds(emu, "bad")
    emu.proxy_error(400, retry_after=None, times=None, path="/job/bad/1/logText")
    [outcome] = list(diagnose_many(client, [("bad", 1)]))
    assert outcome.report is None and isinstance(outcome.error, BadRequest)
    assert outcome.build.job.full_name == "bad" and outcome.build.number == 1


def test_diagnose_is_fast_on_loopback(emu: JenkinsEmulator, client: JenkinsClient) -> None:
    emu.pipeline("quick", stages=[StageSpec("A", 1, status="FAILED", error="x")])
    run_builds(emu, "quick")
    started = time.perf_counter()
    diagnose(client, "quick", 1)
    assert time.perf_counter() - started < 2.0
