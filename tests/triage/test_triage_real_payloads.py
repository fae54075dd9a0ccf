"""``diagnose`` over a mocked transport answering with real captured Jenkins payloads."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.triage import diagnose
from tests.triage.conftest import payload

BASE = "https://ci.example.com/jenkins/"
JOB = "multibranch-demo/main"
BUILD = BASE + "job/multibranch-demo/job/main/1/"


def build_json(cls: str, result: str) -> dict[str, object]:
    # Jenkins' URLs point at another host on purpose: they must never be used for links.
    return {
        "_class": cls,
        "number": 1,
        "url": "http://jenkins-internal:8080/job/multibranch-demo/job/main/1/",
        "building": False,
        "result": result,
        "duration": 11157,
        "timestamp": 1790863881167,
        "actions": [
            {
                "_class": "hudson.model.CauseAction",
                "causes": [
                    {
                        "_class": "jenkins.branch.BranchIndexingCause",
                        "shortDescription": "Branch indexing",
                    }
                ],
            },
            {},
        ],
        "culprits": [{"fullName": "Dana Developer", "absoluteUrl": "http://x/user/dana"}],
        "changeSets": [],
    }


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def client() -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="u", api_token="t") as c:
        yield c


def add_json(mock: responses.RequestsMock, url: str, body: object, status: int = 200) -> None:
    mock.add(
        responses.GET,
        re.compile(re.escape(url) + r"(\?.*)?$"),
        body=json.dumps(body),
        status=status,
        content_type="application/json;charset=utf-8",
    )


def test_real_failed_pipeline_and_test_report(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    add_json(
        mocked,
        BUILD + "api/json",
        build_json("org.jenkinsci.plugins.workflow.job.WorkflowRun", "FAILURE"),
    )
    add_json(mocked, BUILD + "wfapi/describe", payload("stagecraft__12_wfapi_describe_failed.json"))
    # The real describe of a failed stage and a real node log (from the stage-view docs).
    node = payload("stageview-readme__wfapi_node_describe_failed.json")
    add_json(mocked, BUILD + "execution/node/24/wfapi/describe", {**node, "id": "24"})
    log = payload("stageview-readme__wfapi_node_log.json")
    log["text"] += "&gt; deploy --region EU\nERROR: Discount table is empty for region EU\n"
    add_json(mocked, BUILD + "execution/node/9/wfapi/log", log)
    add_json(
        mocked, BUILD + "testReport/api/json", payload("stagecraft__11_testReport_unstable.json")
    )
    add_json(
        mocked,
        BASE + "job/multibranch-demo/job/main/api/json",
        {"nextBuildNumber": 2, "builds": [{"number": 1, "building": False, "result": "FAILURE"}]},
    )
    report = diagnose(client, JOB, 1)
    [stage] = report.stages
    assert stage.name == "Deploy to staging"
    assert stage.error_message == "Deploy failed: Discount table is empty for region EU"
    assert stage.error_type == "hudson.AbortException"
    assert stage.step_name == "Shell Script" and stage.step_id == "9"
    assert stage.excerpt is not None
    assert stage.excerpt.headline == "ERROR: Discount table is empty for region EU"
    assert "> deploy --region EU" in stage.excerpt.text  # HTML unescaped
    assert stage.url == BUILD + "execution/node/24/"
    assert stage.excerpt.url == BUILD + "execution/node/9/log/"
    [test] = report.failed_tests
    assert test.full_name == "com.company.OrderServiceTest.computeTotals"
    assert test.error_message == "expected 42 but was 41"
    assert test.stages == ["Deploy to staging"]
    assert test.kind == "new"  # age 1, and no earlier build to compare with
    assert test.stack_excerpt == (
        "at com.company.OrderServiceTest.computeTotals(OrderServiceTest.java:88)\n"
        "at com.company.OrderService.resolveDiscount(OrderService.java:214)"
    )
    assert report.tests is not None and (report.tests.failed, report.tests.passed) == (1, 2)
    assert report.culprits == ["Dana Developer"]
    assert [c.description for c in report.causes] == ["Branch indexing"]
    assert report.links.build == BUILD  # the client's base, not jenkins-internal:8080
    assert "jenkins-internal" not in json.dumps(report.to_dict())
    assert report.summary.startswith(
        "FAILED in stage 'Deploy to staging': Deploy failed: Discount table is empty"
    )


def test_real_freestyle_console(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    text = payload("stagecraft__08_consoleText_freestyle_failure.txt")
    body = text.replace("\n", "\r\n").encode()  # progressiveText sends CRLF
    add_json(mocked, BUILD + "api/json", build_json("hudson.model.FreeStyleBuild", "FAILURE"))
    mocked.add(
        responses.GET,
        re.compile(re.escape(BUILD + "logText/progressiveText") + r"\?start=0$"),
        body=body,
        headers={"X-Text-Size": str(len(text.encode()))},
        content_type="text/plain;charset=utf-8",
    )
    add_json(mocked, BUILD + "testReport/api/json", {}, status=404)
    add_json(mocked, BASE + "job/multibranch-demo/job/main/api/json", {"builds": []})
    report = diagnose(client, JOB, 1)
    assert report.console is not None
    assert report.console.headline == "+ exit 1"
    assert report.console.text.splitlines()[-1] == "Finished: FAILURE"
    assert report.summary == "FAILURE: + exit 1"
    assert report.tests is None
    assert not any("wfapi" in call.request.url for call in mocked.calls)
