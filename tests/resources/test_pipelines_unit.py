"""Unit tests (responses) for client.pipelines: wfapi URLs, input submit/abort bodies, watching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
from responses import matchers

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import BadRequest, BuildTimeout, NotFound
from jenkins_sdk.resources.pipelines import PipelineOperations, html_to_text

BASE = "http://jenkins.test/"
JOB = BASE + "job/multibranch-demo/job/main/"
BUILD = JOB + "1/"
CAPTURED = Path(__file__).parent / "captured"


def captured(name: str) -> Any:
    return json.loads((CAPTURED / name).read_text(encoding="utf-8"))


class FakeClock:
    """A clock whose sleeps only move its own time forward."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        # API-token clients may still ask for a crumb; answer "CSRF off" if they do
        rsps.get(BASE + "crumbIssuer/api/json", status=404)
        yield rsps


@pytest.fixture
def pipelines() -> Iterator[PipelineOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield PipelineOperations(client.requester)


def posts(mocked: responses.RequestsMock) -> list[Any]:
    return [c.request for c in mocked.calls if c.request.method == "POST"]


def test_get_run_reads_wfapi_describe(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(BUILD + "wfapi/describe", json=captured("stagecraft__12_wfapi_describe_failed.json"))
    run = pipelines.get_run("multibranch-demo/main", 1)
    assert str(getattr(run.status, "value", run.status)) == "FAILED"
    assert [s.name for s in run.stages] == [
        "Declarative: Checkout SCM",
        "Checkout",
        "Build",
        "Deploy to staging",
    ]
    assert run.stages[-1].id == "24"


def test_runs_reads_wfapi_runs_with_since(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(
        JOB + "wfapi/runs",
        json=captured("stageview-readme__wfapi_runs.json"),
        match=[matchers.query_param_matcher({"since": "#15"})],
    )
    runs = pipelines.runs("multibranch-demo/main", since=15)
    assert len(runs) == 2


def test_get_stage_reads_the_node_describe(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(
        BUILD + "execution/node/5/wfapi/describe",
        json=captured("stageview-readme__wfapi_node_describe_success.json"),
    )
    stage = pipelines.get_stage("multibranch-demo/main", 1, "5")
    assert [n.id for n in stage.stage_flow_nodes] == ["6", "7"]


def test_node_log_reads_wfapi_log(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(
        BUILD + "execution/node/6/wfapi/log",
        json=captured("stageview-readme__wfapi_node_log.json"),
    )
    log = pipelines.node_log("multibranch-demo/main", 1, "6")
    assert log.text is not None
    assert log.text.startswith(" > git rev-parse")


def test_node_log_of_a_step_without_a_log_is_empty_text(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    """FlowNodeLogExt (pipeline-stage-view rest-api) leaves ``text`` out when it is null."""
    mocked.get(
        BUILD + "execution/node/5/wfapi/log",
        json={"nodeId": "5", "nodeStatus": "SUCCESS", "length": 0, "hasMore": False},
    )
    assert pipelines.node_log("multibranch-demo/main", 1, "5").text == ""


def test_stage_log_joins_every_step_log_as_plain_text(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(
        BUILD + "execution/node/5/wfapi/describe",
        json=captured("stageview-readme__wfapi_node_describe_success.json"),
    )
    mocked.get(
        BUILD + "execution/node/6/wfapi/log",
        json={
            "nodeId": "6",
            "nodeStatus": "SUCCESS",
            "length": 9,
            "hasMore": False,
            "text": '<span class="x">git</span> &amp; co',
            "consoleUrl": None,
        },
    )
    mocked.get(
        BUILD + "execution/node/7/wfapi/log",
        json={
            "nodeId": "7",
            "nodeStatus": "SUCCESS",
            "length": 0,
            "hasMore": False,
            "consoleUrl": None,
        },
    )
    assert pipelines.stage_log("multibranch-demo/main", 1, "5") == "git & co\n"


def test_html_to_text_keeps_plain_comparisons() -> None:
    assert html_to_text("a &lt; b <b>bold</b>") == "a < b bold"
    assert html_to_text("x < y") == "x < y"


def test_pending_inputs(mocked: responses.RequestsMock, pipelines: PipelineOperations) -> None:
    mocked.get(
        BUILD + "wfapi/pendingInputActions",
        json=captured("gomock__wfapi_pendingInputActions.json"),
    )
    (pending,) = pipelines.pending_inputs("multibranch-demo/main", 1)
    assert pending.id == "33d8fefabfe95e71576a8641d21689ff"
    assert pending.message == "Do you want to proceed?"


def test_pending_inputs_with_typed_parameters(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(
        BUILD + "wfapi/pendingInputActions", json=[captured("stageview__input-model-01.json")]
    )
    (pending,) = pipelines.pending_inputs("multibranch-demo/main", 1)
    assert [p.name for p in pending.inputs][:2] == ["Run test suites?", "Good boy?"]


def test_no_pending_inputs(mocked: responses.RequestsMock, pipelines: PipelineOperations) -> None:
    mocked.get(BUILD + "wfapi/pendingInputActions", json=[])
    assert pipelines.pending_inputs("multibranch-demo/main", 1) == []


def test_submit_without_params_posts_proceed_empty(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.post(BUILD + "input/Deploy/proceedEmpty", status=200)
    pipelines.submit_input("multibranch-demo/main", 1, "deploy")  # Jenkins upper-cases it
    (request,) = posts(mocked)
    assert request.url == BUILD + "input/Deploy/proceedEmpty"
    assert not request.body


def test_submit_with_params_posts_json_form_and_proceed(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.post(BUILD + "input/Approve%20it/submit", status=200)
    pipelines.submit_input(
        "multibranch-demo/main", 1, "Approve it", {"TARGET": "staging", "DRY_RUN": True}
    )
    (request,) = posts(mocked)
    body = request.body.decode() if isinstance(request.body, bytes) else request.body
    form = parse_qs(body)
    assert "proceed" in form
    assert json.loads(form["json"][0]) == {
        "parameter": [
            {"name": "TARGET", "value": "staging"},
            {"name": "DRY_RUN", "value": True},
        ]
    }
    assert "TARGET" not in (request.url or "")


def test_abort_input_posts_abort(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.post(BUILD + "input/33d8fefabfe95e71576a8641d21689ff/abort", status=200)
    pipelines.abort_input("multibranch-demo/main", 1, "33d8fefabfe95e71576a8641d21689ff")
    assert len(posts(mocked)) == 1


def test_already_answered_input_is_bad_request(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.post(
        BUILD + "input/X1/proceedEmpty",
        status=400,
        body="<html>This input has been already given</html>",
        content_type="text/html",
    )
    with pytest.raises(BadRequest):
        pipelines.submit_input("multibranch-demo/main", 1, "X1")


def test_without_stage_view_plugin_is_not_found(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(BUILD + "wfapi/describe", status=404, body="<html/>", content_type="text/html")
    with pytest.raises(NotFound):
        pipelines.get_run("multibranch-demo/main", 1)


def run_json(status: str, *stages: tuple[str, str]) -> dict[str, Any]:
    return {
        "_links": {"self": {"href": "/job/multibranch-demo/job/main/1/wfapi/describe"}},
        "id": "1",
        "name": "#1",
        "status": status,
        "startTimeMillis": 1,
        "endTimeMillis": 2,
        "durationMillis": 1,
        "queueDurationMillis": 0,
        "pauseDurationMillis": 0,
        "stages": [
            {
                "_links": {"self": {"href": "/x"}},
                "id": sid,
                "name": f"S{sid}",
                "execNode": "",
                "status": sst,
                "startTimeMillis": 1,
                "durationMillis": 1,
                "pauseDurationMillis": 0,
            }
            for sid, sst in stages
        ],
    }


def test_watch_yields_on_change_until_finished(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    snapshots = [
        run_json("IN_PROGRESS", ("3", "IN_PROGRESS")),
        run_json("IN_PROGRESS", ("3", "IN_PROGRESS")),
        run_json("PAUSED_PENDING_INPUT", ("3", "SUCCESS"), ("9", "PAUSED_PENDING_INPUT")),
        run_json("SUCCESS", ("3", "SUCCESS"), ("9", "SUCCESS")),
    ]
    for snapshot in snapshots:
        mocked.get(BUILD + "wfapi/describe", json=snapshot)
    clock = FakeClock()
    seen = list(pipelines.watch("multibranch-demo/main", 1, clock=clock))
    statuses = [str(getattr(r.status, "value", r.status)) for r in seen]
    assert statuses == ["IN_PROGRESS", "PAUSED_PENDING_INPUT", "SUCCESS"]
    assert clock.sleeps == [1.0, 2.0, 1.0]


def test_watch_times_out(mocked: responses.RequestsMock, pipelines: PipelineOperations) -> None:
    mocked.get(BUILD + "wfapi/describe", json=run_json("IN_PROGRESS", ("3", "IN_PROGRESS")))
    clock = FakeClock()
    with pytest.raises(BuildTimeout):
        list(pipelines.watch("multibranch-demo/main", 1, timeout=7, clock=clock))
    assert sum(clock.sleeps) == pytest.approx(7)


def test_watch_checks_the_build_when_not_executed(
    mocked: responses.RequestsMock, pipelines: PipelineOperations
) -> None:
    mocked.get(BUILD + "wfapi/describe", json=run_json("NOT_EXECUTED"))
    mocked.get(BUILD + "api/json", json={"building": False})
    seen = list(pipelines.watch("multibranch-demo/main", 1, clock=FakeClock()))
    assert len(seen) == 1
