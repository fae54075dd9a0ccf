"""Gaps found by the emulator's users, each pinned against Jenkins' behaviour (plain requests).

Computer names are percent-decoded, maps are exported whole by ``tree``, ``replay/rebuild``,
executors' ``currentExecutable``, plugin build actions (git ``BuildData``, ``TimeInQueueAction``,
``TestResultAction``, ``InterruptedBuildAction``), settled byte counters, probabilistic
slow/truncate faults, unexported password values, visible log filler, test case history and the
``error`` of failed step nodes.
"""

from __future__ import annotations

import base64
import socket
from typing import Any

import pytest
import requests

from jenkins_sdk.testing import JenkinsEmulator, Outcome, ParamDef, StageSpec
from jenkins_sdk.testing import model as spec  # Test* names would be collected by pytest
from jenkins_sdk.testing.logs import LINE_LEN
from tests.emulator.conftest import walk


def _action(build: dict[str, Any], cls: str) -> dict[str, Any]:
    return next(a for a in build["actions"] if a.get("_class") == cls)


# 1 ------------------------------------------------------------------ computer names
def test_computer_names_are_percent_decoded(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.agent("linux 1", executors=1, labels=["linux"])
    r = http.get(emu.url + "computer/linux%201/api/json")
    assert r.status_code == 200 and r.json()["displayName"] == "linux 1"
    builtin = http.get(emu.url + "computer/%28built-in%29/api/json")
    assert builtin.status_code == 200 and builtin.json()["displayName"] == "Built-In Node"
    assert http.get(emu.url + "computer/linux%202/api/json").status_code == 404
    moved = http.post(
        emu.url + "computer/linux%201/toggleOffline",
        params={"offlineMessage": "maintenance"},
        allow_redirects=False,
    )
    assert moved.status_code == 302
    assert http.get(emu.url + "computer/linux%201/api/json").json()["offline"] is True


def test_view_names_are_percent_decoded_and_urls_encoded(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("app")
    emu.view("my view", ["app"])
    r = http.get(emu.url + "view/my%20view/api/json")
    assert r.status_code == 200 and r.json()["url"] == emu.url + "view/my%20view/"
    root = http.get(emu.url + "api/json", params={"tree": "views[name,url]"}).json()
    assert {"_class": "hudson.model.ListView", "name": "my view", "url": r.json()["url"]} in root[
        "views"
    ]


# 2 ------------------------------------------------------------------ maps
def test_tree_selecting_a_map_returns_it_whole(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j", params=[ParamDef("GREETING", default="hi")])
    emu.history("j", ["SUCCESS"])
    url = emu.url + "job/j/1/injectedEnvVars/api/json"
    whole = http.get(url).json()["envMap"]
    picked = http.get(url, params={"tree": "envMap"}).json()
    assert picked == {"_class": "org.jenkinsci.plugins.envinject.EnvInjectVarList", "envMap": whole}
    assert picked["envMap"]["GREETING"] == "hi" and len(whole) > 10
    nodes = http.get(emu.url + "computer/api/json", params={"tree": "computer[monitorData]"})
    assert nodes.json()["computer"][0]["monitorData"] == {
        "hudson.node_monitors.ArchitectureMonitor": "Linux (amd64)"
    }


def test_tree_star_selects_every_property(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=5, quiet_period=0)
    emu.trigger("j")
    emu.advance(1)
    http.post(emu.url + "job/j/1/stop")
    got = http.get(emu.url + "job/j/1/api/json", params={"tree": "actions[causes[*]]"}).json()
    interrupted = _action(got, "jenkins.model.InterruptedBuildAction")
    assert interrupted["causes"] == [
        {
            "_class": "jenkins.model.CauseOfInterruption$UserInterruption",
            "shortDescription": "Aborted by admin",
        }
    ]
    star = http.get(emu.url + "job/j/1/api/json", params={"tree": "*"}).json()
    assert star["number"] == 1 and star["result"] == "ABORTED"


# 3 ------------------------------------------------------------------ replay/rebuild
def test_replay_rebuild_queues_the_same_script_and_redirects_to_the_job(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("p", params=[ParamDef("TARGET", default="dev")], quiet_period=0)
    emu.history("p", ["FAILURE"])
    assert http.get(emu.url + "job/p/1/replay/rebuild").status_code == 405
    r = http.post(emu.url + "job/p/1/replay/rebuild", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == emu.url + "job/p/"
    emu.settle()
    b = http.get(emu.url + "job/p/2/api/json").json()
    causes = _action(b, "hudson.model.CauseAction")["causes"]
    assert [c["_class"] for c in causes] == [
        "hudson.model.Cause$UserIdCause",
        "org.jenkinsci.plugins.workflow.cps.replay.ReplayCause",
    ]
    assert causes[1]["shortDescription"] == "Replayed #1"
    params = _action(b, "hudson.model.ParametersAction")["parameters"]
    assert params == [
        {"_class": "hudson.model.StringParameterValue", "name": "TARGET", "value": "dev"}
    ]
    emu.freestyle("f")
    emu.history("f", ["SUCCESS"])
    assert http.post(emu.url + "job/f/1/replay/rebuild").status_code == 404  # pipelines only


def test_replay_refused_for_password_parameters_and_disabled_jobs(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("secret", params=[ParamDef("KEY", type="password", default="s3cr3t")])
    emu.history("secret", ["SUCCESS"])
    r = http.post(emu.url + "job/secret/1/replay/rebuild", allow_redirects=False)
    assert r.status_code == 400 and "password parameters" in r.text
    emu.pipeline("off")
    emu.history("off", ["SUCCESS"])
    emu.job("off").disabled = True
    assert http.post(emu.url + "job/off/1/replay/rebuild").status_code == 403
    assert emu.counters.triggers["secret"] == emu.counters.triggers["off"] == 0


# 4 ------------------------------------------------------------------ executors
def test_executors_carry_current_executable_at_depth(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("f", duration=60, quiet_period=0)
    emu.pipeline("p", quiet_period=0)
    emu.trigger("f")
    emu.trigger("p")
    emu.advance(1)
    deep = http.get(emu.url + "computer/api/json", params={"depth": "2"}).json()
    builtin = deep["computer"][0]
    busy, idle = builtin["executors"]
    assert idle["currentExecutable"] is None and idle["idle"] is True
    assert busy["currentExecutable"]["number"] == 1
    assert busy["currentExecutable"]["url"] == emu.url + "job/f/1/"
    assert busy["currentExecutable"]["building"] is True  # depth 2 reaches the build itself
    one_off = builtin["oneOffExecutors"][0]["currentExecutable"]
    assert one_off["_class"] == "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    shallow = http.get(emu.url + "computer/api/json", params={"depth": "1"}).json()
    ref = shallow["computer"][0]["executors"][0]["currentExecutable"]
    assert ref == {
        "_class": "hudson.model.FreeStyleBuild",
        "number": 1,
        "url": emu.url + "job/f/1/",
    }
    tree = "computer[executors[currentExecutable[url]],oneOffExecutors[currentExecutable[url]]]"
    picked = http.get(emu.url + "computer/api/json", params={"tree": tree, "depth": "2"}).json()
    for computer in picked["computer"]:
        for executor in computer["executors"] + computer["oneOffExecutors"]:
            assert "currentExecutable" in executor  # api4jenkins indexes it unconditionally


# 5 ------------------------------------------------------------------ plugin actions
def test_build_json_carries_realistic_plugin_actions(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    report = spec.TestReportSpec(
        [spec.TestCaseSpec("a.B", "ok"), spec.TestCaseSpec("a.B", "bad", "FAILED")]
    )
    emu.freestyle("f", test_report=report, changes=[("alice", "Fix the thing")], quiet_period=2)
    emu.trigger("f")
    emu.settle()
    b = http.get(emu.url + "job/f/1/api/json").json()
    git = _action(b, "hudson.plugins.git.util.BuildData")
    sha = b["changeSet"]["items"][0]["commitId"]
    revision = {"SHA1": sha, "branch": [{"SHA1": sha, "name": "refs/remotes/origin/main"}]}
    assert git["lastBuiltRevision"] == revision
    assert git["buildsByBranchName"] == {
        "refs/remotes/origin/main": {
            "_class": "hudson.plugins.git.util.Build",
            "buildNumber": 1,
            "buildResult": None,
            "marked": revision,
            "revision": revision,
        }
    }
    assert git["remoteUrls"] == ["https://git.example.com/f.git"] and git["scmName"] == ""
    tests = _action(b, "hudson.tasks.junit.TestResultAction")
    assert tests == {
        "_class": "hudson.tasks.junit.TestResultAction",
        "failCount": 1,
        "skipCount": 0,
        "totalCount": 2,
        "urlName": "testReport",
    }
    timing = _action(b, "jenkins.metrics.impl.TimeInQueueAction")
    assert timing["waitingDurationMillis"] == 2000 and timing["buildingDurationMillis"] == 10_000
    assert "queuingDurationMillis" not in timing  # visibility 1: one level deeper only
    deep = http.get(emu.url + "job/f/1/api/json", params={"depth": "1"}).json()
    deep_timing = _action(deep, "jenkins.metrics.impl.TimeInQueueAction")
    assert deep_timing["queuingDurationMillis"] == 2000
    assert deep_timing["totalDurationMillis"] == 12_000
    assert sum(1 for a in b["actions"] if a == {}) >= 3  # actions exporting nothing
    # the same shape as the real capture's tree (stagecraft__07_build_tree_actions_remoteUrls)
    picked = http.get(
        emu.url + "job/f/1/api/json", params={"tree": "actions[remoteUrls,_class]"}
    ).json()
    assert {"_class": "hudson.plugins.git.util.BuildData", "remoteUrls": git["remoteUrls"]} in (
        picked["actions"]
    )


def test_tree_saves_a_large_share_of_an_unfiltered_build(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("p", params=[ParamDef("A", default="x"), ParamDef("B", default="y")])
    emu.history("p", ["SUCCESS", "SUCCESS"])
    full = http.get(emu.url + "job/p/2/api/json").content
    small = http.get(emu.url + "job/p/2/api/json", params={"tree": "number,result"}).content
    assert len(full) > 2000 and len(small) * 10 < len(full)


def test_git_data_can_be_switched_off_and_multibranch_uses_the_branch(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("plain", git=False)
    emu.history("plain", ["SUCCESS"])
    b = http.get(emu.url + "job/plain/1/api/json").json()
    assert not any(a.get("_class") == "hudson.plugins.git.util.BuildData" for a in b["actions"])
    emu.multibranch("mb", ["feature/x"])
    emu.job(["mb", "feature%2Fx"]).git_remote = "ssh://git@example.com/mb.git"
    emu.history("mb/feature%2Fx", ["SUCCESS"])
    got = http.get(emu.url + "job/mb/job/feature%252Fx/1/api/json").json()
    data = _action(got, "hudson.plugins.git.util.BuildData")
    assert list(data["buildsByBranchName"]) == ["feature/x"]
    assert data["remoteUrls"] == ["ssh://git@example.com/mb.git"]
    assert any(a.get("_class") == "jenkins.scm.api.SCMRevisionAction" for a in got["actions"])


# 6 ------------------------------------------------------------------ byte counter
def _read_one_response(sock: socket.socket) -> int:
    """Read exactly one Content-Length response; return its size in bytes."""
    got = b""
    while b"\r\n\r\n" not in got:
        got += sock.recv(65536)
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = int(
        next(ln.split(b":")[1] for ln in lines if ln.lower().startswith(b"content-length"))
    )
    while len(body) < length:
        body += sock.recv(65536)
    return len(head) + 4 + len(body)


def test_bytes_sent_is_settled_when_the_client_has_the_last_byte(emu: JenkinsEmulator) -> None:
    emu.freestyle("j")
    auth = base64.b64encode(":".join(emu.credentials).encode()).decode()
    request = f"GET /job/j/api/json HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {auth}\r\n\r\n"
    with socket.create_connection((emu.host, emu.port)) as sock:  # keep-alive: no EOF to wait on
        for _ in range(200):
            before = emu.counters.bytes_sent
            sock.sendall(request.encode())
            size = _read_one_response(sock)
            assert emu.counters.bytes_sent - before == size


# 7 ------------------------------------------------------------------ fault probability
def test_slow_and_truncate_take_a_probability(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    slow = emu.slow(0.0, times=None, path="/job/j/api", probability=0.5)
    for _ in range(40):
        assert http.get(emu.url + "job/j/api/json").status_code == 200
    assert 5 < slow.fired < 35
    emu.clear_faults()
    cut = emu.truncate(times=None, path="/job/j/api", probability=0.0)
    for _ in range(5):
        assert http.get(emu.url + "job/j/api/json").json()["name"] == "j"
    assert cut.fired == 0
    emu.truncate(times=1, path="/job/j/api", probability=1.0, method="GET")
    with pytest.raises(requests.exceptions.RequestException):
        http.get(emu.url + "job/j/api/json").json()


# 8 ------------------------------------------------------------------ password values
def test_password_parameter_values_are_not_exported(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle(
        "j",
        params=[ParamDef("USER", default="bob"), ParamDef("KEY", type="password", default="k")],
        quiet_period=30,
    )
    r = http.post(emu.url + "job/j/buildWithParameters", data={"KEY": "hunter2"})
    queue_url = r.headers["Location"]
    item = http.get(queue_url + "api/json").json()
    assert "hunter2" not in http.get(queue_url + "api/json").text
    assert item["params"] == "\nUSER=bob\nKEY=****"
    emu.settle()
    text = http.get(emu.url + "job/j/1/api/json", params={"depth": "2"}).text
    assert "hunter2" not in text
    params = _action(http.get(emu.url + "job/j/1/api/json").json(), "hudson.model.ParametersAction")
    assert params["parameters"] == [
        {"_class": "hudson.model.StringParameterValue", "name": "USER", "value": "bob"},
        {"_class": "hudson.model.PasswordParameterValue", "name": "KEY"},
    ]
    job = http.get(emu.url + "job/j/api/json").json()
    defaults = [d["defaultParameterValue"] for d in job["property"][0]["parameterDefinitions"]]
    assert defaults[1] == {"_class": "hudson.model.PasswordParameterValue", "name": "KEY"}


# 9 ------------------------------------------------------------------ log filler
def test_generated_log_lines_have_no_trailing_whitespace(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j", log_lines=1500)
    emu.history("j", ["SUCCESS"])
    text = http.get(emu.url + "job/j/1/consoleText").content
    lines = text.split(b"\n")
    assert not [ln for ln in lines if ln.rstrip() != ln]
    generated = [ln for ln in lines if ln.startswith((b"[step ", b"=== log block"))]
    assert len(generated) == 1500 and {len(ln) for ln in generated} == {LINE_LEN - 1}


# 10 ----------------------------------------------------------------- test history, errors
def _cases(http: requests.Session, url: str) -> dict[str, dict[str, Any]]:
    report = http.get(url + "testReport/api/json").json()
    return {c["name"]: c for s in report["suites"] for c in s["cases"]}


def test_test_case_age_and_failed_since_follow_the_history(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    def report(*failing: str) -> spec.TestReportSpec:
        names = ("a", "b", "c")
        return spec.TestReportSpec(
            [spec.TestCaseSpec("T", n, "FAILED" if n in failing else "PASSED") for n in names]
        )

    emu.freestyle("j", test_report=report(), quiet_period=0)
    emu.then(
        "j",
        Outcome(),
        Outcome(result="UNSTABLE", test_report=report("a")),
        Outcome(result="UNSTABLE", test_report=report("a", "b")),
        Outcome(result="UNSTABLE", test_report=report("a")),
    )
    for _ in range(4):
        emu.trigger("j")
        emu.settle()
    first = _cases(http, emu.url + "job/j/1/")
    assert first["a"]["status"] == "PASSED" and first["a"]["age"] == 0
    assert first["a"]["failedSince"] == 0
    second = _cases(http, emu.url + "job/j/2/")
    assert (second["a"]["status"], second["a"]["age"], second["a"]["failedSince"]) == (
        "REGRESSION",
        1,
        2,
    )
    third = _cases(http, emu.url + "job/j/3/")
    assert (third["a"]["status"], third["a"]["age"], third["a"]["failedSince"]) == ("FAILED", 2, 2)
    assert (third["b"]["status"], third["b"]["age"], third["b"]["failedSince"]) == (
        "REGRESSION",
        1,
        3,
    )
    fourth = _cases(http, emu.url + "job/j/4/")
    assert (fourth["a"]["age"], fourth["a"]["failedSince"]) == (3, 2)
    assert (fourth["b"]["status"], fourth["b"]["age"]) == ("FIXED", 0)
    emu.freestyle(
        "k",
        test_report=spec.TestReportSpec(
            [spec.TestCaseSpec("T", "x", "FAILED", age=7, failed_since=1)]
        ),
    )
    emu.history("k", ["UNSTABLE"])
    assert (
        _cases(http, emu.url + "job/k/1/")["x"]["age"],
        _cases(http, emu.url + "job/k/1/")["x"]["failedSince"],
    ) == (7, 1)


def test_failed_step_nodes_carry_the_error(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline(
        "p", stages=[StageSpec("Build", 2), StageSpec("Test", 2, status="FAILED", error="boom")]
    )
    emu.history("p", ["FAILURE"])
    run = http.get(emu.url + "job/p/1/wfapi/describe").json()
    stage = next(s for s in run["stages"] if s["name"] == "Test")
    node = http.get(emu.url + f"job/p/1/execution/node/{stage['id']}/wfapi/describe").json()
    step = node["stageFlowNodes"][0]
    assert step["status"] == "FAILED"
    assert step["error"] == {"message": "boom", "type": "hudson.AbortException"}
    assert list(step)[:6] == ["_links", "id", "name", "execNode", "status", "error"]
    ok = http.get(emu.url + f"job/p/1/execution/node/{int(stage['id']) - 5}/wfapi/describe")
    assert "error" not in ok.json()["stageFlowNodes"][0]


def test_user_abort_records_an_interrupted_build_action(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("p", quiet_period=0)
    emu.trigger("p")
    emu.advance(1)
    assert http.post(emu.url + "job/p/1/stop", allow_redirects=False).status_code == 302
    shallow = http.get(emu.url + "job/p/1/api/json").json()
    assert _action(shallow, "jenkins.model.InterruptedBuildAction") == {
        "_class": "jenkins.model.InterruptedBuildAction"
    }
    deep = http.get(emu.url + "job/p/1/api/json", params={"depth": "2"}).json()
    assert _action(deep, "jenkins.model.InterruptedBuildAction")["causes"] == [
        {
            "_class": "jenkins.model.CauseOfInterruption$UserInterruption",
            "shortDescription": "Aborted by admin",
        }
    ]
    emu.history("p", ["ABORTED"])  # aborted without a user stopping it: no action
    later = http.get(emu.url + "job/p/2/api/json").json()
    assert not any(
        d.get("_class") == "jenkins.model.InterruptedBuildAction" for d in walk(later["actions"])
    )
