"""Unit tests for ``builds.running``: one executors-view request; the real capture's freestyle
build, pipeline and pipeline ``node {}`` block (``api4jenkins__node_nodes.json``) folded into
two running builds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources.executors import (
    RUNNING_TREE,
    executors_tree,
    iter_seen,
    running_builds,
)
from tests.resources._helpers import BASE, sent

CAPTURE = Path(__file__).parent.parent / "models" / "payloads" / "api4jenkins__node_nodes.json"


def _capture() -> Any:
    return json.loads(CAPTURE.read_text(encoding="utf-8"))


def test_running_builds_of_the_real_capture() -> None:
    free, pipe = running_builds(_capture())
    assert (free.job, free.number, free.node) == (JobRef.parse("freestylejob"), 14, "(built-in)")
    assert free.class_ == "hudson.model.FreeStyleBuild"
    assert free.timestamp == 1619167515987 and free.estimated_duration == 599342
    assert free.progress == 6 and free.likely_stuck is False
    assert free.started is not None and free.started.year == 2021
    # the WorkflowRun (one-off executor) and its node block (PlaceholderExecutable) are one build
    assert (pipe.job, pipe.number) == (JobRef.parse("folder/pipeline"), 53)
    assert pipe.class_ == "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    assert pipe.progress == 8  # the run's own (one-off) executor, not the block's
    assert pipe.nodes == ("(built-in)",) and pipe.node == "(built-in)"


def test_folder_keeps_only_builds_inside_it() -> None:
    (only,) = running_builds(_capture(), JobRef.parse("folder"))
    assert only.number == 53
    assert running_builds(_capture(), JobRef.parse("folder/pipeline")) == []


def test_the_node_is_where_a_node_block_runs() -> None:
    data = {
        "computer": [
            {
                "_class": "hudson.model.Hudson$MasterComputer",
                "displayName": "Built-In Node",
                "executors": [{"currentExecutable": None}],
                "oneOffExecutors": [
                    {"progress": -1, "currentExecutable": {"url": BASE + "job/p/2/", "number": 2}}
                ],
            },
            {
                "_class": "hudson.slaves.SlaveComputer",
                "displayName": "linux-1",
                "executors": [
                    {
                        "progress": 3,
                        "currentExecutable": {
                            "_class": "org.jenkinsci.plugins.workflow.support.steps."
                            "ExecutorStepExecution$PlaceholderTask$PlaceholderExecutable",
                            "url": BASE + "job/p/2/",
                            "number": 2,
                        },
                    }
                ],
            },
        ]
    }
    (build,) = running_builds(data)
    assert build.node == "linux-1" and build.nodes == ("linux-1", "(built-in)")
    assert build.progress is None and build.estimated_duration is None


def test_a_matrix_build_is_its_parent_run_and_its_configurations_nodes() -> None:
    """matrix-project: the ``MatrixBuild`` runs on a one-off executor (``MatrixProject`` is a
    ``FlyweightTask``), each ``MatrixRun`` on a regular executor, with the URL
    ``job/m/<combination>/<N>/`` (``MatrixProject.getUrlChildPrefix`` is ``.``, core
    ``AbstractItem.getShortUrl``) and the parent's number."""
    run_class = "hudson.matrix.MatrixRun"
    data = {
        "computer": [
            {
                "_class": "hudson.model.Hudson$MasterComputer",
                "executors": [
                    {
                        "currentExecutable": {
                            "_class": run_class,
                            "url": BASE + "job/m/label=built-in/5/",
                            "number": 5,
                        }
                    }
                ],
                "oneOffExecutors": [
                    {
                        "currentExecutable": {
                            "_class": "hudson.matrix.MatrixBuild",
                            "url": BASE + "job/m/5/",
                            "number": 5,
                        }
                    }
                ],
            },
            {
                "_class": "hudson.slaves.SlaveComputer",
                "displayName": "linux-1",
                "executors": [
                    {
                        "currentExecutable": {
                            "_class": run_class,
                            "url": BASE + "job/m/label=linux/5/",
                            "number": 5,
                        }
                    }
                ],
            },
        ]
    }
    (build,) = running_builds(data)
    assert (build.job, build.number) == (JobRef.parse("m"), 5)
    assert (build.class_, build.url) == ("hudson.matrix.MatrixBuild", BASE + "job/m/5/")
    assert build.node == "(built-in)" and build.nodes == ("(built-in)", "linux-1")


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"computer": {}},
        {"computer": [1]},
        {"computer": [{"executors": [3]}]},
        {"computer": [{"executors": [{"currentExecutable": {"url": "u", "number": "1"}}]}]},
        {"computer": [{"oneOffExecutors": [{"currentExecutable": {"url": 7, "number": 1}}]}]},
    ],
    ids=["list", "computer-object", "computer-int", "executor-int", "number-str", "url-int"],
)
def test_a_view_of_the_wrong_shape_is_a_shape_error(data: Any) -> None:
    with pytest.raises(errors.ResponseShapeError):
        list(iter_seen(data))


def test_entries_that_are_not_job_builds_are_skipped() -> None:
    data = {
        "computer": [
            {
                "executors": [
                    {"currentExecutable": {"url": BASE + "computer/x/", "number": 1}},
                    {"currentExecutable": {"url": None, "number": 1}},
                    {},
                ]
            }
        ]
    }
    assert list(iter_seen(data)) == []


def test_builds_running_is_one_request(
    mocked: responses.RequestsMock, client_: JenkinsClient
) -> None:
    mocked.get(BASE + "computer/api/json", json=_capture())
    builds = client_.builds.running(folder="folder")
    assert [b.number for b in builds] == [53]
    ((method, path, query),) = sent(mocked)
    assert (method, path) == ("GET", "computer/api/json")
    assert query["tree"] == [RUNNING_TREE]


def test_monitor_trees() -> None:
    assert executors_tree() == (
        "computer[executors[currentExecutable[url,number]],"
        "oneOffExecutors[currentExecutable[url,number]]]"
    )
    assert "queueId" in executors_tree(queue_ids=True)
    assert "progress,currentExecutable[url,number,timestamp" in executors_tree(timing=True)


@pytest.fixture
def client_() -> Any:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c
