"""Unit tests (responses) for client.jobs.scan / scan_log / branches: verbs, paths, waiting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources._branches import branch_name
from jenkins_sdk.status import BuildResult
from tests.resources._helpers import BASE, FakeClock, sent

MB = "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
WF = "org.jenkinsci.plugins.workflow.job.WorkflowJob"
LOG = BASE + "job/team/job/mb/computation/logText/progressiveText"


@pytest.fixture
def client(clock: FakeClock) -> Iterator[JenkinsClient]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n", clock=clock) as c:
        yield c


def _project(mocked: responses.RequestsMock) -> None:
    mocked.get(BASE + "job/team/job/mb/api/json", json={"_class": MB, "name": "mb", "jobs": []})
    mocked.post(
        BASE + "job/team/job/mb/build", status=302, headers={"Location": BASE + "job/team/job/mb/"}
    )


@pytest.mark.parametrize(
    ("name", "branch"),
    [
        ("feature%2Fx", "feature/x"),
        ("main", "main"),
        ("a%25b%23c%3Fd%5Be%5D%5C", "a%b#c?d[e]\\"),
        ("%00", ""),
        ("%2E", "."),
        ("%2E.", ".."),
        ("a%20b%2fc", "a%20b%2fc"),  # NameEncoder escapes only, upper-case hex only
    ],
)
def test_branch_name_is_name_encoder_decode(name: str, branch: str) -> None:
    assert branch_name(name) == branch


def test_scan_without_wait_posts_build_once(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    _project(mocked)
    result = client.jobs.scan("team/mb")
    assert (result.job, result.finished, result.result) == (JobRef(("team", "mb")), False, None)
    calls = sent(mocked)
    assert calls[0][:2] == ("GET", "job/team/job/mb/api/json")
    assert calls[1] == ("POST", "job/team/job/mb/build", {"delay": ["0sec"]})
    assert len(calls) == 2


def test_scan_refuses_a_job_before_sending_anything(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "job/deploy/api/json", json={"_class": WF, "name": "deploy"})
    with pytest.raises(errors.InvalidJobRef, match="not a folder"):
        client.jobs.scan("deploy")
    assert [m for m, _, _ in sent(mocked)] == ["GET"]


def test_scan_of_a_plain_folder_is_not_found_with_a_reason(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "job/f/api/json", json={"name": "f", "jobs": []})
    mocked.post(BASE + "job/f/build", status=404)
    with pytest.raises(errors.NotFound, match="not a multibranch project"):
        client.jobs.scan("f")


def test_scan_wait_polls_the_queue_then_follows_the_log(
    mocked: responses.RequestsMock, client: JenkinsClient, clock: FakeClock
) -> None:
    _project(mocked)
    queued = {"items": [{"task": {"url": "https://ci.example/job/team/job/mb/"}}]}
    mocked.get(BASE + "queue/api/json", json=queued)
    others = [
        {"task": {"url": BASE + "job/other/"}},
        {"task": {"url": BASE + "job/x/job/team/job/mb/"}},  # another folder's scan: not ours
        {"task": {"url": "https://ci.example/ctx/computer/agent-1/"}},  # not an item
        {"task": {}},
    ]
    mocked.get(BASE + "queue/api/json", json={"items": others})
    first = "Started by user alice\r\n[..] Starting branch indexing...\r\n"
    mocked.get(LOG, body=first, headers={"X-Text-Size": "60", "X-More-Data": "true"})
    mocked.get(LOG, body="Finished: SUCCESS\r\n", headers={"X-Text-Size": "78"})
    result = client.jobs.scan("team/mb", wait=True, timeout=60)
    assert (result.finished, result.result, result.ok) == (True, BuildResult.SUCCESS, True)
    reads = [(p, q.get("start")) for m, p, q in sent(mocked) if p.endswith("progressiveText")]
    assert [s for _, s in reads] == [["0"], ["60"]]
    assert clock.now <= 5


def test_scan_wait_reports_failure_and_times_out(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    _project(mocked)
    mocked.get(BASE + "queue/api/json", json={"items": []})
    mocked.get(LOG, body="ERROR: x\nFinished: FAILURE\n", headers={"X-Text-Size": "27"})
    assert client.jobs.scan("team/mb", wait=True).result is BuildResult.FAILURE
    mocked.replace(responses.GET, LOG, body="", headers={"X-Text-Size": "0", "X-More-Data": "true"})
    with pytest.raises(errors.WaitTimeout, match="still running"):
        client.jobs.scan("team/mb", wait=True, timeout=3)


def test_scan_log_and_branches(mocked: responses.RequestsMock, client: JenkinsClient) -> None:
    mocked.get(BASE + "job/mb/computation/consoleText", body="Finished: SUCCESS\n")
    assert client.jobs.scan_log("mb") == "Finished: SUCCESS\n"
    listing = {
        "_class": MB,
        "jobs": [
            {"name": "main", "color": "blue", "buildable": True, "displayName": "main"},
            {"name": "feature%2Fx", "color": "red", "buildable": True, "displayName": "feature/x"},
            {"name": "PR-7", "color": "blue", "buildable": True, "displayName": "Fix (#7)"},
            {"name": "v1", "color": "disabled", "buildable": False, "displayName": "v1"},
        ],
        "views": [
            {"name": "change-requests", "jobs": [{"name": "PR-7"}]},
            {"name": "default", "jobs": [{"name": "main"}, {"name": "feature%2Fx"}]},
            {"name": "tags", "jobs": [{"name": "v1"}]},
        ],
    }
    mocked.get(BASE + "job/mb/api/json", json=listing)
    found = client.jobs.branches("mb")
    assert [(b.name, b.branch, b.kind) for b in found] == [
        ("main", "main", "branch"),
        ("feature%2Fx", "feature/x", "branch"),
        ("PR-7", "PR-7", "pull-request"),
        ("v1", "v1", "tag"),
    ]
    assert found[1].url == BASE + "job/mb/job/feature%252Fx/"
    assert found[1].full_name == "mb/feature%2Fx"
    assert found[3].buildable is False
    ((_, _, query),) = [c for c in sent(mocked) if c[1] == "job/mb/api/json"]
    assert "views[name,jobs[name]]" in query["tree"][0]


def test_branches_of_something_without_jobs_is_a_shape_error(
    mocked: responses.RequestsMock, client: JenkinsClient
) -> None:
    mocked.get(BASE + "job/x/api/json", json={"_class": WF})
    with pytest.raises(errors.ResponseShapeError):
        client.jobs.branches("x")
