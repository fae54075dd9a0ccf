"""The populated demo controller served by ``python -m jenkins_sdk.testing`` and ``make demo``."""

from __future__ import annotations

from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import (
    ArtifactSpec,
    InputSpec,
    ParamDef,
    StageSpec,
    TestCaseSpec,
    TestReportSpec,
)

#: A 1 GiB generated console log (8 Mi lines of 128 bytes), streamed, never held in memory.
BIG_LOG_LINES = 8 * 1024 * 1024


def unstable_report() -> TestReportSpec:
    """Two passing tests and one failing (shape of ``stagecraft__11_testReport_unstable.json``)."""
    cls = "com.company.OrderServiceTest"
    return TestReportSpec(
        suite=cls,
        cases=[
            TestCaseSpec(cls, "resolveDiscount", duration=0.031),
            TestCaseSpec(cls, "rejectsNegativeTotal", duration=0.012),
            TestCaseSpec(
                cls,
                "computeTotals",
                status="FAILED",
                duration=0.051,
                error_details="expected 42 but was 41",
                error_stack_trace=(
                    "at com.company.OrderServiceTest.computeTotals(OrderServiceTest.java:88)"
                ),
            ),
        ],
    )


def deploy_report() -> TestReportSpec:
    """The tour job's tests: all passing."""
    cls = "com.company.DeploySmokeTest"
    names = ["healthEndpoint", "loginPage", "checkoutFlow", "searchIndex"]
    return TestReportSpec(suite=cls, cases=[TestCaseSpec(cls, n, duration=0.02) for n in names])


def build_demo(emu: JenkinsEmulator) -> JenkinsEmulator:
    """Declare folders, freestyle and pipeline jobs with history, a multibranch project with
    ``feature/x``, a pipeline with an input step, artifacts, test reports, views and an agent."""
    _freestyle_jobs(emu)
    _pipelines(emu)
    _failing_and_multibranch(emu)
    _odd_jobs(emu)
    emu.view("backend", ["team/backend/api-tests", "team/app"])
    emu.agent("agent-1", executors=2, labels=["linux", "docker"])
    return emu


def _freestyle_jobs(emu: JenkinsEmulator) -> None:
    emu.freestyle(
        "hello-world",
        duration=4,
        log="Hello from the Jenkins emulator\nünïcødé ✓ 日本語\n",
        description="The simplest freestyle job",
    )
    emu.history("hello-world", ["SUCCESS", "SUCCESS", "FAILURE", "SUCCESS"])
    emu.folder("team", description="Team folder")
    emu.folder("team/backend")
    emu.freestyle(
        "team/backend/api-tests",
        duration=6,
        test_report=unstable_report(),
        result="UNSTABLE",
        artifacts=[
            ArtifactSpec(
                "target/surefire-reports/TEST-OrderServiceTest.xml", content=b"<testsuite/>\n"
            ),
            ArtifactSpec("dist/app.tar.gz", size=5 * 1024 * 1024),
        ],
    )
    emu.history("team/backend/api-tests", ["SUCCESS", "UNSTABLE"])


def _pipelines(emu: JenkinsEmulator) -> None:
    emu.pipeline(
        "team/app",
        params=[
            ParamDef("BRANCH", default="main", description="Branch to build"),
            ParamDef("DEPLOY", type="boolean", default=False),
            ParamDef("ENV", type="choice", choices=["staging", "production"]),
        ],
        stages=[
            StageSpec("Checkout", 2),
            StageSpec("Build", 5, log_lines=40),
            StageSpec("Test", 6, log_lines=60),
            StageSpec("Deploy", 3),
        ],
        artifacts=[ArtifactSpec("build/app.jar", size=256 * 1024)],
        changes=[("alice", "Fix discount rounding"), ("bob", "Add EU tax table")],
    )
    emu.history("team/app", ["SUCCESS", "FAILURE", "SUCCESS"])
    emu.pipeline(
        "team/release",
        stages=[
            StageSpec("Build", 2),
            StageSpec(
                "Approve",
                1,
                input=InputSpec(
                    message="Deploy to production?",
                    ok="Ship it",
                    parameters=[ParamDef("REASON", default="scheduled release")],
                ),
            ),
            StageSpec("Deploy", 3),
        ],
    )
    emu.pipeline(
        "team/deploy",
        description="The demo tour's job: parameters, an approval step, artifacts and tests",
        params=[
            ParamDef("TARGET", type="choice", choices=["staging", "production"]),
            ParamDef("VERSION", default="1.0.0", description="Version to deploy"),
        ],
        stages=[
            StageSpec("Build", 4, log_lines=12),
            StageSpec("Test", 5, log_lines=20),
            StageSpec(
                "Approve",
                1,
                input=InputSpec(message="Deploy to the target environment?", ok="Deploy"),
            ),
            StageSpec("Deploy", 3, log_lines=8),
        ],
        artifacts=[
            ArtifactSpec("dist/app-1.4.2.tar.gz", size=8 * 1024 * 1024),
            ArtifactSpec("reports/junit.xml", content=b"<testsuite name='deploy'/>\n"),
        ],
        test_report=deploy_report(),
        changes=[("carol", "Retry flaky upload step")],
    )
    emu.history("team/deploy", ["SUCCESS", "SUCCESS"])


def _failing_and_multibranch(emu: JenkinsEmulator) -> None:
    emu.pipeline(
        "team/flaky",
        stages=[
            StageSpec("Build", 2),
            StageSpec(
                "Deploy to staging",
                2,
                status="FAILED",
                error="Deploy failed: Discount table is empty for region EU",
            ),
            StageSpec("Smoke", 2),
        ],
    )
    emu.history("team/flaky", ["FAILURE"])
    emu.multibranch(
        "shop",
        ["main", "feature/x"],
        stages=[StageSpec("Build", 3), StageSpec("Test", 3)],
    )
    emu.history("shop/main", ["SUCCESS", "SUCCESS"])
    emu.history("shop/feature%2Fx", ["UNSTABLE"])


def _odd_jobs(emu: JenkinsEmulator) -> None:
    emu.folder("odd names")
    emu.freestyle("odd names/a b", duration=2)
    emu.freestyle("odd names/c++ tools", duration=2)
    emu.freestyle("odd names/ünïcødé", duration=2)
    emu.freestyle(
        "big-log", duration=30, log_lines=BIG_LOG_LINES, description="A 1 GiB console log"
    )
    emu.history("big-log", ["SUCCESS"])
