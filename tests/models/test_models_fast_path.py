"""The compiled fast path agrees with the cattrs path: same objects, same rejections."""

from __future__ import annotations

from typing import Any

import pytest

from jenkins_sdk.errors import ResponseShapeError
from jenkins_sdk.models import Build, CauseAction, GitBuildData, ParametersAction, structure
from jenkins_sdk.models.converter import _fast, converter


def _build(actions: Any, **extra: Any) -> dict[str, Any]:
    return {"number": 1, "url": "http://j/job/a/1/", "building": False, "actions": actions, **extra}


MIXED = [
    {"_class": "hudson.model.ParametersAction", "parameters": [{"name": "P", "value": 1}]},
    {"_class": "hudson.model.CauseAction", "causes": [{"userId": "u"}]},
    {"_class": "hudson.plugins.git.util.BuildData", "remoteUrls": ["r"], "scmName": ""},
    {},
    {"_class": None},
    {"causes": []},  # Jenkins 1.x: no _class, picked by key
    {"parameters": None},
    {"_class": "org.example.Unknown"},
]


def test_mixed_actions_match_the_cattrs_path_and_keep_raw() -> None:
    data = _build(MIXED)
    fast = _fast.function_for(Build)(data)
    slow = converter.structure(data, Build)
    assert fast == slow
    kinds = [type(a).__name__ for a in fast.actions]
    assert kinds == [
        "ParametersAction",
        "CauseAction",
        "GitBuildData",
        "Action",
        "Action",
        "CauseAction",
        "ParametersAction",
        "Action",
    ]
    assert isinstance(fast.actions[0], ParametersAction)
    assert isinstance(fast.actions[1], CauseAction)
    assert isinstance(fast.actions[2], GitBuildData) and fast.actions[2].remote_urls == ["r"]
    assert fast.actions[2].remote_urls is not data["actions"][2]["remoteUrls"]  # a copy
    for action, raw in zip(fast.actions, data["actions"], strict=True):
        assert action._raw is raw


@pytest.mark.parametrize(
    "actions",
    [
        [["not", "an", "object"]],
        ["text"],
        [None],
        [{"_class": 5}],
        [{"_class": ["unhashable"]}],
        [{"_class": "hudson.plugins.git.util.BuildData", "remoteUrls": ["ok", 3]}],
        [{"_class": "hudson.model.ParametersAction", "parameters": [{"value": "no name"}]}],
        "not a list",
    ],
)
def test_bad_actions_are_rejected_with_a_path(actions: Any) -> None:
    with pytest.raises(ResponseShapeError, match=r"\$\.actions"):
        structure(_build(actions), Build)
    with pytest.raises(Exception):  # noqa: B017 - the fast path refuses it too (any error)
        _fast.function_for(Build)(_build(actions))


def test_null_lists_become_empty_lists() -> None:
    built = structure(_build(None, artifacts=None, culprits=None), Build)
    assert built.actions == [] and built.artifacts == [] and built.culprits == []
