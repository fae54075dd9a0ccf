"""wfapi runs/describe/nodes/logs and the input step (proceed, submit, abort, inputSubmit)."""

from __future__ import annotations

import hashlib
import json

import requests

from jenkins_sdk.testing import InputSpec, JenkinsEmulator, ParamDef, StageSpec
from tests.emulator.conftest import payload

STATUSES = {
    "NOT_EXECUTED",
    "ABORTED",
    "SUCCESS",
    "IN_PROGRESS",
    "PAUSED_PENDING_INPUT",
    "FAILED",
    "UNSTABLE",
}


def _start(emu: JenkinsEmulator, http: requests.Session, job: str) -> None:
    assert http.post(emu.url + f"job/{job}/build").status_code == 201
    emu.advance(0)


def test_describe_shape_matches_real_failed_run(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    real = payload("stagecraft__12_wfapi_describe_failed.json")
    emu.pipeline(
        "p",
        quiet_period=0,
        stages=[
            StageSpec("Build", 1),
            StageSpec("Deploy to staging", 1, status="FAILED", error="Deploy failed"),
            StageSpec("Never", 1),
        ],
    )
    _start(emu, http, "p")
    emu.advance(5)
    got = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert list(got) == list(real)
    assert list(got["stages"][0]) == list(real["stages"][0])
    assert got["status"] == "FAILED"
    failed = got["stages"][1]
    assert list(failed) == list(real["stages"][3])
    assert failed["error"] == {"message": "Deploy failed", "type": "hudson.AbortException"}
    assert got["stages"][2]["status"] == "NOT_EXECUTED"
    assert got["_links"] == {"self": {"href": "/job/p/1/wfapi/describe"}}
    assert "_class" not in got
    assert got["durationMillis"] == got["endTimeMillis"] - got["startTimeMillis"] == 2000


def test_stage_statuses_advance_with_clock(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline(
        "p",
        quiet_period=0,
        stages=[StageSpec("A", 2), StageSpec("B", 2, status="UNSTABLE"), StageSpec("C", 2)],
    )
    _start(emu, http, "p")
    seen = []
    for _ in range(8):
        d = http.get(emu.url + "job/p/1/wfapi/describe").json()
        seen.append((d["status"], [s["status"] for s in d["stages"]]))
        emu.advance(1)
    assert seen[0] == ("IN_PROGRESS", ["IN_PROGRESS"])
    assert seen[2] == ("IN_PROGRESS", ["SUCCESS", "IN_PROGRESS"])
    assert seen[-1] == ("UNSTABLE", ["SUCCESS", "UNSTABLE", "SUCCESS"])
    for status, stages in seen:
        assert status in STATUSES and set(stages) <= STATUSES
    assert http.get(emu.url + "job/p/1/api/json").json()["result"] == "UNSTABLE"


def test_running_run_end_time_is_now(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p", quiet_period=0)
    _start(emu, http, "p")
    emu.advance(2)
    d = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert d["endTimeMillis"] == emu.clock.now_ms() and d["durationMillis"] == 2000


def test_job_wfapi_and_runs_capped(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p")
    emu.history("p", ["SUCCESS"] * 12)
    desc = http.get(emu.url + "job/p/wfapi/describe").json()
    assert desc == {
        "_links": {
            "self": {"href": "/job/p/wfapi/describe"},
            "runs": {"href": "/job/p/wfapi/runs"},
        },
        "name": "p",
        "runCount": 10,
    }
    runs = http.get(emu.url + "job/p/wfapi/runs").json()
    assert [r["name"] for r in runs] == [f"#{n}" for n in range(12, 2, -1)]
    since = http.get(emu.url + "job/p/wfapi/runs", params={"since": "#10"}).json()
    assert [r["name"] for r in since] == ["#12", "#11", "#10"]
    emu.freestyle("f")
    assert http.get(emu.url + "job/f/wfapi/runs").status_code == 404


def test_stage_node_describe_and_logs(emu: JenkinsEmulator, http: requests.Session) -> None:
    real = payload("stageview-readme__wfapi_node_describe_success.json")
    emu.pipeline("p", stages=[StageSpec("Build", 2, log="<compile> ok\n")])
    emu.history("p", ["SUCCESS"])
    stage = http.get(emu.url + "job/p/1/wfapi/describe").json()["stages"][0]
    node = http.get(emu.url + f"job/p/1/execution/node/{stage['id']}/wfapi/describe").json()
    assert set(real) <= set(node)
    flow = node["stageFlowNodes"][0]
    assert set(real["stageFlowNodes"][0]) <= set(flow)
    assert flow["parentNodes"] == [stage["id"]]
    empty = http.get(emu.url + f"job/p/1/execution/node/{stage['id']}/wfapi/log").json()
    assert empty == {
        "nodeId": stage["id"],
        "nodeStatus": "SUCCESS",
        "length": 0,
        "hasMore": False,
        "consoleUrl": None,
    }
    log = http.get(emu.url + flow["_links"]["log"]["href"].lstrip("/")).json()
    assert "&lt;compile&gt; ok" in log["text"] and log["hasMore"] is False
    assert log["consoleUrl"] == f"/job/p/1/execution/node/{flow['id']}/log"
    assert http.get(emu.url + "job/p/1/execution/node/999/wfapi/describe").status_code == 404


def test_node_log_keeps_last_10k(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p", stages=[StageSpec("Big", 2, log_lines=500)])
    emu.history("p", ["SUCCESS"])
    log = http.get(emu.url + "job/p/1/execution/node/7/wfapi/log").json()
    assert log["hasMore"] is True and log["length"] > 10240
    assert len(log["text"].encode()) <= 10240 + 64


def _input_job(emu: JenkinsEmulator, **kwargs: object) -> None:
    spec = InputSpec(
        message="Do you want to proceed?",
        parameters=[ParamDef("WHO", default="me")],
        **kwargs,  # type: ignore[arg-type]
    )
    emu.pipeline(
        "p",
        quiet_period=0,
        stages=[StageSpec("Build", 1), StageSpec("Gate", 1, input=spec), StageSpec("Ship", 1)],
    )


def test_pending_input_matches_real(emu: JenkinsEmulator, http: requests.Session) -> None:
    real = payload("gomock__wfapi_pendingInputActions.json")
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(30)
    d = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert d["status"] == "PAUSED_PENDING_INPUT"
    assert d["stages"][-1]["status"] == "PAUSED_PENDING_INPUT"
    assert "pendingInputActions" in d["_links"]
    got = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()
    assert len(got) == 1
    assert list(got[0]) == list(real[0])
    assert got[0]["id"] == real[0]["id"] == hashlib.md5(b"Do you want to proceed?").hexdigest()
    assert got[0]["proceedUrl"] == f"/job/p/1/wfapi/inputSubmit?inputId={got[0]['id']}"
    assert got[0]["inputs"][0]["type"] == "StringParameterDefinition"
    assert http.get(emu.url + "job/p/1/api/json").json()["building"] is True


def test_input_id_capitalised(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p", quiet_period=0, stages=[StageSpec("G", 1, input=InputSpec(message="Ship?"))])
    _start(emu, http, "p")
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    digest = hashlib.md5(b"Ship?").hexdigest()
    assert iid == digest[0].upper() + digest[1:]
    emu.pipeline("q", quiet_period=0, stages=[StageSpec("G", 1, input=InputSpec(id="approve"))])
    _start(emu, http, "q")
    assert http.get(emu.url + "job/q/1/wfapi/pendingInputActions").json()[0]["id"] == "Approve"


def test_proceed_empty_resumes(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    assert http.get(emu.url + f"job/p/1/input/{iid}/proceedEmpty").status_code == 405
    emu.advance(60)
    r = http.post(emu.url + f"job/p/1/input/{iid}/proceedEmpty")
    assert r.status_code == 200
    assert http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json() == []
    emu.advance(5)
    d = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert d["status"] == "SUCCESS" and d["pauseDurationMillis"] == 60_000
    again = http.post(emu.url + f"job/p/1/input/{iid}/proceedEmpty")
    assert again.status_code == 400 and "already given" in again.text
    assert http.post(emu.url + "job/p/1/input/Nope/proceedEmpty").status_code == 404
    assert "Approved by admin" in http.get(emu.url + "job/p/1/consoleText").text


def test_submit_with_parameters(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    body = {
        "proceed": "Proceed",
        "json": json.dumps({"parameter": [{"name": "WHO", "value": "you"}]}),
    }
    r = http.post(emu.url + f"job/p/1/input/{iid}/submit", data=body, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/job/p/1/console")
    assert emu.job("p").builds[1].stages[1].input_values == {"WHO": "you"}


def test_submit_without_proceed_aborts(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    http.post(emu.url + f"job/p/1/input/{iid}/submit", data={"abort": "Abort"})
    assert http.get(emu.url + "job/p/1/wfapi/describe").json()["status"] == "ABORTED"


def test_abort_input(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    assert http.post(emu.url + f"job/p/1/input/{iid}/abort").status_code == 200
    d = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert d["status"] == "ABORTED" and d["stages"][-1]["status"] == "ABORTED"
    assert http.get(emu.url + "job/p/1/api/json").json()["result"] == "ABORTED"


def test_input_submit_endpoint(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    pending = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]
    url = emu.url + pending["proceedUrl"].lstrip("/")
    assert http.post(url).status_code == 500  # no json form field
    r = http.post(url, data={"json": json.dumps({"parameter": []})})
    assert r.status_code == 200 and r.json() is None
    assert emu.job("p").builds[1].stages[1].input_values == {"WHO": "me"}


def test_input_proceed_needs_json(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    r = http.post(emu.url + f"job/p/1/input/{iid}/proceed")
    assert r.status_code == 400 and "Nothing is submitted" in r.text


def test_input_submitter_enforced(emu: JenkinsEmulator, http: requests.Session) -> None:
    """pipeline-input-step InputStepExecution.canSettle: only a listed submitter (ids compared
    case-insensitively) or an administrator may answer; others get a Failure."""
    _input_job(emu, submitter="release-manager")
    emu.user("dev", token="dev-token", admin=False)
    emu.user("Release-Manager", token="rm-token", admin=False)
    _start(emu, http, "p")
    emu.advance(1)
    iid = http.get(emu.url + "job/p/1/wfapi/pendingInputActions").json()[0]["id"]
    url = emu.url + f"job/p/1/input/{iid}/proceedEmpty"
    r = requests.post(url, auth=("dev", "dev-token"))
    assert r.status_code == 400 and "You need to be release-manager" in r.text
    assert r.headers["X-Error"] == "You need to be release-manager to submit this."
    assert requests.post(url, auth=("Release-Manager", "rm-token")).status_code == 200


def test_replay_and_restart_from_stage(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p", quiet_period=0)
    emu.history("p", ["FAILURE"])
    r = http.post(emu.url + "job/p/1/replay/run", allow_redirects=False)
    assert r.status_code == 302
    emu.settle()
    causes = http.get(emu.url + "job/p/2/api/json").json()["actions"][0]["causes"]
    assert causes[-1]["shortDescription"] == "Replayed #1"
    r = http.post(emu.url + "job/p/2/restart/restart", data={"stageName": "Test"})
    assert r.status_code == 200
    emu.settle()
    d = http.get(emu.url + "job/p/3/wfapi/describe").json()
    assert [s["name"] for s in d["stages"]] == ["Test", "Deploy"]
    bad = http.post(emu.url + "job/p/2/restart/restart", data={"stageName": "Nope"})
    assert bad.status_code == 400


def test_pause_duration_grows_while_pending(emu: JenkinsEmulator, http: requests.Session) -> None:
    _input_job(emu)
    _start(emu, http, "p")
    emu.advance(11)
    d = http.get(emu.url + "job/p/1/wfapi/describe").json()
    assert d["pauseDurationMillis"] == 10_000
    assert d["stages"][-1]["pauseDurationMillis"] == 10_000


def test_a_paused_run_exports_its_input_action_without_wfapi(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-input-step-plugin: InputAction exports ``executions`` and ``waitingForInput``;
    InputStepExecution ``id``, ``input``, ``settled``; InputStep ``message``, ``ok``... — how a
    client finds a pending input on a controller without the stage-view plugin."""
    emu.pipeline("p", quiet_period=0, stages=[StageSpec("G", 1, input=InputSpec(id="gate"))])
    _start(emu, http, "p")
    tree = "building,actions[_class,waitingForInput,executions[id,settled,input[message,ok]]]"
    got = http.get(emu.url + "job/p/1/api/json", params={"tree": tree}).json()
    inputs = [a for a in got["actions"] if a.get("_class", "").endswith("input.InputAction")]
    assert inputs == [
        {
            "_class": "org.jenkinsci.plugins.workflow.support.steps.input.InputAction",
            "executions": [
                {
                    "_class": "org.jenkinsci.plugins.workflow.support.steps.input."
                    "InputStepExecution",
                    "id": "Gate",
                    "input": {
                        "_class": "org.jenkinsci.plugins.workflow.support.steps.input.InputStep",
                        "message": "Do you want to proceed?",
                        "ok": "Proceed",
                    },
                    "settled": False,
                }
            ],
            "waitingForInput": True,
        }
    ]
    assert http.post(emu.url + "job/p/1/input/Gate/proceedEmpty").status_code == 200
    got = http.get(emu.url + "job/p/1/api/json", params={"tree": tree}).json()
    assert not any(a.get("executions") for a in got["actions"])
