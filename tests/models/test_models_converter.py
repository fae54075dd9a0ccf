"""The converter: errors with paths, tree specs, raw access, tagged actions, strict primitives."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import jenkins_sdk.models as m
from jenkins_sdk.errors import ResponseShapeError
from jenkins_sdk.models import (
    Action,
    AnyAction,
    Build,
    BuildResult,
    CauseAction,
    Job,
    JobSummary,
    ParametersAction,
    QueueItem,
    RootInfo,
    raw_of,
    structure,
    tree_of,
    unstructure,
)


def build(**extra: Any) -> dict[str, Any]:
    """A minimal valid build payload, with overrides."""
    data: dict[str, Any] = {"number": 7, "url": "http://j/job/a/7/", "building": False}
    data.update(extra)
    return data


def test_malformed_payload_raises_response_shape_error_with_path() -> None:
    data = build(
        actions=[{"_class": "hudson.model.ParametersAction", "parameters": [{"value": 1}]}]
    )
    data["number"] = "seven"
    with pytest.raises(ResponseShapeError) as info:
        structure(data, Build)
    message = str(info.value)
    assert "$.number" in message
    assert "$.actions[0].parameters[0].name" in message
    assert "required field missing" in message
    assert info.value.__cause__ is not None


def test_missing_required_and_wrong_container_types() -> None:
    with pytest.raises(ResponseShapeError, match=r"\$\.url"):
        structure({"number": 1, "building": True}, Build)
    with pytest.raises(ResponseShapeError, match=r"expected an object"):
        structure([1, 2], Build)
    with pytest.raises(ResponseShapeError, match=r"\$\.builds"):
        structure({"name": "a", "url": "u", "builds": {"number": 1}}, Job)
    with pytest.raises(ResponseShapeError, match=r"\$\.result"):
        structure(build(result="GREEN"), Build)


def test_primitives_are_checked_not_coerced() -> None:
    with pytest.raises(ResponseShapeError):
        structure(build(number="7"), Build)
    with pytest.raises(ResponseShapeError):
        structure(build(building="false"), Build)
    with pytest.raises(ResponseShapeError):
        structure(build(number=True), Build)


def test_unknown_keys_ignored_missing_optionals_default_and_null_lists_tolerated() -> None:
    obj = structure(build(pluginField={"x": 1}, artifacts=None, result=None), Build)
    assert obj.artifacts == [] and obj.result is None and obj.duration is None
    assert raw_of(obj)["pluginField"] == {"x": 1}


def test_raw_of_is_the_same_dict_not_a_copy() -> None:
    data = build(actions=[{}, {"_class": "x.Y", "extra": [1]}])
    obj = structure(data, Build)
    assert raw_of(obj) is data
    assert raw_of(obj.actions[1]) is data["actions"][1]
    made = Build(number=1, url="u", building=False)
    assert raw_of(made)["number"] == 1  # built in code: the unstructured form


def test_actions_tagged_union_with_fallback_and_sniffing() -> None:
    data = build(
        actions=[
            {"_class": "hudson.model.CauseAction", "causes": [{"shortDescription": "x"}]},
            {"_class": "hudson.tasks.junit.TestResultAction", "failCount": 2, "totalCount": 9},
            {"_class": "com.example.PluginAction", "causes": "not a list"},
            {},
            {"parameters": [{"name": "P", "value": "v"}]},
        ]
    )
    actions = structure(data, Build).actions
    assert isinstance(actions[0], CauseAction)
    assert isinstance(actions[1], m.TestResultAction) and actions[1].fail_count == 2
    assert type(actions[2]) is Action and actions[2].class_ == "com.example.PluginAction"
    assert actions[3] == Action()
    assert isinstance(actions[4], ParametersAction)
    assert structure(data["actions"], list[AnyAction]) == actions  # type: ignore[arg-type]


def test_unstructure_uses_jenkins_keys() -> None:
    obj = structure(
        build(result="UNSTABLE", queueId=5, _class="hudson.model.FreeStyleBuild"), Build
    )
    out = unstructure(obj)
    assert out["_class"] == "hudson.model.FreeStyleBuild"
    assert out["queueId"] == 5 and out["result"] == "UNSTABLE"
    assert "queue_id" not in out and "_raw" not in out
    assert obj.result is BuildResult.UNSTABLE and obj.result == "UNSTABLE"


def test_tree_of_covers_every_field_with_wire_names() -> None:
    tree = tree_of(Build)
    # _class is the type attribute stapler writes outside the tree pruner: never named
    assert tree.startswith("number,url,building,id,") and "_class" not in tree
    assert "queueId" in tree and "previousBuild[number,url," in tree
    assert "actions[parameters[name,value],causes[" in tree
    assert "failCount" in tree and "remoteUrls" in tree
    assert tree.count("[") == tree.count("]")
    assert tree_of(Build) is tree_of(Build)  # cached


def test_tree_of_recursive_models_is_bounded() -> None:
    assert tree_of(JobSummary, depth=2) == ("name,url,color,fullName,jobs[name,url,color,fullName]")
    assert tree_of(RootInfo).count("jobs[") == 4
    assert "executable[number,url]" in tree_of(QueueItem)
    with pytest.raises(TypeError):
        tree_of(dict)


def test_structuring_is_thread_safe_on_first_use() -> None:
    data = build(actions=[{"_class": "hudson.model.CauseAction", "causes": []}])
    results: list[Build] = []

    def work() -> None:
        results.append(structure(data, Build))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r == results[0] for r in results)
