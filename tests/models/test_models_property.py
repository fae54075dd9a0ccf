"""Property: extra plugin keys and nulls in optional fields never break structuring, and the fast
path and the cattrs engine build the same objects from those real, mutated payloads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from jenkins_sdk.models import Build, Job, PipelineRun, QueueItem, structure, unstructure
from jenkins_sdk.models._fast_path import fast_path
from jenkins_sdk.models.converter import converter

PAYLOADS = Path(__file__).parent / "payloads"
SAMPLES: list[tuple[str, type[Any]]] = [
    ("api4jenkins__run_freestylebuild.json", Build),
    ("gomock__workflowrun_success_params.json", Build),
    ("gomock__workflowjob_test_pipeline.json", Job),
    ("cdancy__queueItemRunning.json", QueueItem),
    ("stagecraft__12_wfapi_describe_failed.json", PipelineRun),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
plugin_keys = st.text(min_size=1, max_size=12).map(lambda k: "plugin" + k)


def optional_keys(cls: type[Any]) -> list[str]:
    """Wire names of the fields of ``cls`` that have a default (may be absent or null)."""
    return [
        a.metadata.get("json", a.name)
        for a in attrs.fields(cls)
        if a.init and a.default is not attrs.NOTHING
    ]


def mutate(obj: Any, cls: type[Any], data: st.DataObject) -> None:
    """Add plugin keys and null optional fields in ``obj`` and its nested objects, in place."""
    if not isinstance(obj, dict):
        return
    for key in data.draw(st.lists(plugin_keys, max_size=2)):
        obj[key] = data.draw(json_values)
    optional = optional_keys(cls)
    if optional:
        for key in data.draw(st.lists(st.sampled_from(optional), max_size=3)):
            obj[key] = None
    for a in attrs.fields(cls):
        key = a.metadata.get("json", a.name)
        value = obj.get(key)
        nested = [t for t in _models(a.type)]
        if nested and isinstance(value, dict):
            mutate(value, nested[0], data)
        elif nested and isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and len(nested) == 1:
                    mutate(item, nested[0], data)


def _models(tp: Any) -> list[type[Any]]:
    if isinstance(tp, type) and attrs.has(tp):
        return [tp]
    found: list[type[Any]] = []
    for arg in getattr(tp, "__args__", ()):
        found.extend(_models(arg))
    return found


@settings(max_examples=150, deadline=None)
@given(index=st.integers(0, len(SAMPLES) - 1), data=st.data())
def test_plugin_keys_and_nulls_never_break_structuring(index: int, data: st.DataObject) -> None:
    name, cls = SAMPLES[index]
    payload = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    mutated = copy.deepcopy(payload)
    mutate(mutated, cls, data)
    obj = structure(mutated, cls)
    assert repr(fast_path.function_for(cls)(mutated)) == repr(converter.structure(mutated, cls))
    assert structure(unstructure(obj), cls) == obj
    for a in attrs.fields(cls):  # required fields keep their values
        if a.init and a.default is attrs.NOTHING:
            assert getattr(obj, a.name) == structure(payload, cls).__getattribute__(a.name)
