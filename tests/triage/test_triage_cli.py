"""``jenkins-sdk why``: the readable report and the JSON for bots, against the emulator."""

from __future__ import annotations

import json

from click.testing import CliRunner

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.profiles import ConnectionSettings
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.cli.why import COMMANDS, why
from jenkins_sdk.testing import JenkinsEmulator, StageSpec
from jenkins_sdk.testing import TestCaseSpec as CaseSpec
from jenkins_sdk.testing import TestReportSpec as ReportSpec
from tests.triage.conftest import run_builds


def state_for(emu: JenkinsEmulator) -> CliState:
    user, token = emu.credentials
    return CliState(settings=ConnectionSettings(url=emu.url, user=user, token=token))


def demo_job(emu: JenkinsEmulator) -> None:
    emu.pipeline(
        "shop/checkout",
        stages=[
            StageSpec("Build", 2),
            StageSpec(
                "Deploy to staging",
                2,
                status="FAILED",
                error="Deploy failed: Discount table is empty for region EU",
                log="+ ./deploy.sh eu\nrefusing: discount table empty\n",
            ),
        ],
        test_report=ReportSpec(
            cases=[
                CaseSpec(
                    "com.company.OrderServiceTest",
                    "computeTotals",
                    status="REGRESSION",
                    error_details="expected 42 but was 41",
                    error_stack_trace="at com.company.OrderServiceTest.computeTotals(T.java:88)",
                )
            ]
        ),
    )
    run_builds(emu, "shop/checkout")


def test_why_prints_stage_error_excerpt_and_tests(jenkins_emulator: JenkinsEmulator) -> None:
    assert [why] == COMMANDS
    demo_job(jenkins_emulator)
    state = state_for(jenkins_emulator)
    try:
        result = CliRunner().invoke(why, ["shop/checkout"], obj=state)
    finally:
        state.close()
    assert result.exit_code == exitcodes.FAILURE, result.output
    out = result.output
    assert out.startswith("shop/checkout #1: FAILURE")
    assert "Stage 'Deploy to staging': FAILED" in out
    assert "error: Deploy failed: Discount table is empty for region EU" in out
    assert "| ERROR: Deploy failed: Discount table is empty for region EU" in out
    assert "com.company.OrderServiceTest.computeTotals [regression]" in out
    assert "expected 42 but was 41" in out


def test_why_json_for_bots(jenkins_emulator: JenkinsEmulator) -> None:
    demo_job(jenkins_emulator)
    state = state_for(jenkins_emulator)
    try:
        result = CliRunner().invoke(why, ["shop/checkout", "1", "--json"], obj=state)
    finally:
        state.close()
    assert result.exit_code == exitcodes.FAILURE, result.output
    data = json.loads(result.output)
    assert data["result"] == "FAILURE" and data["number"] == 1
    assert data["stages"][0]["error_message"].startswith("Deploy failed")
    assert data["failed_tests"][0]["kind"] == "regression"
