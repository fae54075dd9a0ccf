"""Conformance: the executors view (``/computer/api/json``) and the queue's timing fields.

Checked against Jenkins' sources (``docs/protocol-monitoring.md``): ``hudson/model/Executor.java``
(``currentExecutable``, ``idle``, ``likelyStuck``, ``number``, ``progress``),
``hudson/model/OneOffExecutor.java`` (number -1), ``hudson/model/Computer.java``
(``executors``, ``oneOffExecutors``, ``idle``), ``hudson/model/ComputerSet.java`` (computers
sorted by name, busy/total over online computers), ``hudson/model/Queue.java`` (``WaitingItem
.timestamp``, ``why``; ``makeFlyWeightTaskBuildable``), workflow-durable-task-step's
``ExecutorStepExecution.PlaceholderTask.PlaceholderExecutable``, stapler's
``ClassAttributeBehaviour.IF_NEEDED``; shapes against ``api4jenkins__node_nodes.json``.
"""

from __future__ import annotations

from typing import Any

import requests

from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.testing.model import Outcome
from tests.emulator.conftest import payload

PLACEHOLDER = (
    "org.jenkinsci.plugins.workflow.support.steps."
    "ExecutorStepExecution$PlaceholderTask$PlaceholderExecutable"
)
MONITOR_TREE = (
    "computer[executors[currentExecutable[url,number]],"
    "oneOffExecutors[currentExecutable[url,number]]]"
)


def _view(http: requests.Session, emu: JenkinsEmulator, **params: str) -> Any:
    r = http.get(emu.url + "computer/api/json", params=params)
    assert r.status_code == 200
    return r.json()


def _computer(view: Any, name: str) -> Any:
    return next(c for c in view["computer"] if c["displayName"] == name)


def test_executor_entries_have_jenkins_keys_and_no_class(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    real = payload("api4jenkins__node_nodes.json")["computer"][0]
    emu.freestyle("f", duration=60, quiet_period=0)
    emu.pipeline("p", quiet_period=0)
    emu.trigger("f")
    emu.trigger("p")
    emu.advance(1)
    builtin = _view(http, emu, depth="1")["computer"][0]
    busy, idle = builtin["executors"]
    assert set(busy) == set(real["executors"][0])  # currentExecutable, idle, likelyStuck, ...
    # IF_NEEDED: Executor in List<Executor>, OneOffExecutor in List<OneOffExecutor>: no _class
    assert "_class" not in busy and "_class" not in builtin["oneOffExecutors"][0]
    assert busy["number"] == 0 and busy["idle"] is False and busy["likelyStuck"] is False
    assert idle == {
        "currentExecutable": None,
        "idle": True,
        "likelyStuck": False,
        "number": 1,
        "progress": -1,
    }
    one_off = builtin["oneOffExecutors"][0]
    assert one_off["number"] == -1  # OneOffExecutor: super(owner, -1)
    assert one_off["currentExecutable"] == {
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "number": 1,
        "url": emu.url + "job/p/1/",
    }
    assert builtin["idle"] is False


def test_monitor_tree_names_every_running_build(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("f", duration=60, quiet_period=0)
    emu.pipeline("p", quiet_period=0)
    emu.trigger("f")
    emu.trigger("p")
    emu.advance(1)
    view = _view(http, emu, tree=MONITOR_TREE)
    (builtin,) = view["computer"]
    assert builtin == {
        "_class": "hudson.model.Hudson$MasterComputer",
        "executors": [
            {
                "currentExecutable": {
                    "_class": "hudson.model.FreeStyleBuild",
                    "number": 1,
                    "url": emu.url + "job/f/1/",
                }
            },
            {"currentExecutable": None},
        ],
        "oneOffExecutors": [
            {
                "currentExecutable": {
                    "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
                    "number": 1,
                    "url": emu.url + "job/p/1/",
                }
            }
        ],
    }


def test_progress_and_likely_stuck_follow_the_estimate(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("f", duration=100, quiet_period=0)
    emu.history("f", ["SUCCESS"])  # a 100 s build: the estimate is 100 s
    emu.then("f", Outcome(result="SUCCESS", duration=5000))
    emu.trigger("f")
    emu.advance(42.5)
    tree = "computer[executors[progress,likelyStuck,currentExecutable[number,estimatedDuration]]]"
    (executor, _) = _view(http, emu, tree=tree)["computer"][0]["executors"]
    assert executor["currentExecutable"] == {
        "_class": "hudson.model.FreeStyleBuild",
        "estimatedDuration": 100_000,
        "number": 2,
    }
    assert executor["progress"] == 42 and executor["likelyStuck"] is False
    emu.advance(100)
    (executor, _) = _view(http, emu, tree=tree)["computer"][0]["executors"]
    assert executor["progress"] == 99  # capped
    emu.advance(900)
    (executor, _) = _view(http, emu, tree=tree)["computer"][0]["executors"]
    assert executor["likelyStuck"] is True  # elapsed > 10 x the estimate


def test_freestyle_on_an_agent_and_pipeline_node_block_as_placeholder(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.agent("linux-2", executors=2, labels=["linux"])
    emu.agent("linux-1", executors=1, labels=["linux"])
    emu.agent("zz-offline", executors=4, labels=["linux"], offline=True)
    emu.freestyle("team/f", duration=60, quiet_period=0, label="linux")
    emu.pipeline("team/p", quiet_period=0, agent="linux")
    emu.trigger("team/f")
    emu.trigger("team/p")
    emu.advance(1)
    view = _view(http, emu, depth="1")
    names = [c["displayName"] for c in view["computer"]]
    assert names == ["Built-In Node", "linux-1", "linux-2", "zz-offline"]  # by name, "" first
    assert view["totalExecutors"] == 2 + 1 + 2  # online computers only
    assert view["busyExecutors"] == 2
    first, second = _computer(view, "linux-1"), _computer(view, "linux-2")
    assert first["executors"][0]["currentExecutable"]["url"] == emu.url + "job/team/job/f/1/"
    # PlaceholderExecutable's fields are plain @Exported (visibility 1, unlike Run's number and
    # url at 2): one level short of full, only its _class shows
    assert second["executors"][0]["currentExecutable"] == {"_class": PLACEHOLDER}
    full = _view(http, emu, depth="2")
    block = _computer(full, "linux-2")["executors"][0]["currentExecutable"]
    # the run's number and absolute URL, start and estimate; no building/result/queueId
    assert block["number"] == 1 and block["url"] == emu.url + "job/team/job/p/1/"
    assert "building" not in block and "queueId" not in block
    assert block["fullDisplayName"] == "part of team » p #1"  # PlaceholderTask.displayName
    builtin = _computer(view, "Built-In Node")
    assert builtin["executors"][0]["currentExecutable"] is None
    assert builtin["oneOffExecutors"][0]["currentExecutable"]["url"] == (
        emu.url + "job/team/job/p/1/"
    )
    built_on = http.get(emu.url + "job/team/job/f/1/api/json", params={"tree": "builtOn"})
    assert built_on.json()["builtOn"] == "linux-1"


def test_a_build_names_its_executor_until_it_ends(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("f", duration=10, quiet_period=0)
    emu.pipeline("p", quiet_period=0)
    emu.trigger("f")
    emu.trigger("p")
    emu.advance(1)
    free = http.get(emu.url + "job/f/1/api/json", params={"depth": "0"}).json()
    pipe = http.get(emu.url + "job/p/1/api/json", params={"depth": "0"}).json()
    assert free["executor"] == {}  # Run.getExecutor declared Executor: no _class
    assert pipe["executor"] == {"_class": "hudson.model.OneOffExecutor"}
    tree = http.get(emu.url + "job/f/1/api/json", params={"tree": "executor[progress]"}).json()
    assert tree["executor"] == {"progress": -1}  # no estimate yet
    emu.advance(60)
    assert http.get(emu.url + "job/f/1/api/json").json()["executor"] is None


def test_resuming_pipeline_is_off_the_executors_but_still_building(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("p", quiet_period=0)
    emu.trigger("p")
    emu.advance(1)
    emu.resume_after_restart(5)  # AfterRestartTask: waits in the queue for a one-off executor
    view = _view(http, emu, tree=MONITOR_TREE)
    assert view["computer"][0]["oneOffExecutors"] == []
    build = http.get(emu.url + "job/p/1/api/json", params={"tree": "building,executor"}).json()
    assert build == {
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "building": True,
        "executor": None,
    }
    emu.advance(5)
    assert len(_view(http, emu, tree=MONITOR_TREE)["computer"][0]["oneOffExecutors"]) == 1


def test_queue_items_say_when_and_why(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("q", duration=100, concurrent=False, quiet_period=12)
    emu.freestyle("labelled", label="nowhere", quiet_period=0)
    emu.agent("solo", executors=1, labels=["solo"], offline=True)
    emu.freestyle("offline", label="solo", quiet_period=0)
    loc = http.post(emu.url + "job/q/build").headers["Location"]
    item = http.get(loc + "api/json").json()
    assert item["timestamp"] - item["inQueueSince"] == 12_000  # WaitingItem: quiet period end
    assert item["why"] == "In the quiet period. Expires in 12 sec"
    emu.advance(12)  # starts; a second trigger is blocked by it (not concurrent)
    loc2 = http.post(emu.url + "job/q/build", params={"delay": "0sec"}).headers["Location"]
    blocked = http.get(loc2 + "api/json").json()
    real = payload("api4jenkins__queue_blockeditem.json")
    assert set(blocked) == set(real)
    assert blocked["why"] == "Build #1 is already in progress (ETA: N/A)"
    http.post(emu.url + "job/labelled/build")
    http.post(emu.url + "job/offline/build")
    emu.advance(0)
    whys = {
        i["task"]["name"]: i["why"] for i in http.get(emu.url + "queue/api/json").json()["items"]
    }
    assert whys["labelled"] == "There are no nodes with the label ‘nowhere’"
    assert whys["offline"] == "‘solo’ is offline"
