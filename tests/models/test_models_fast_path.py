"""The compiled fast path agrees with the cattrs engine: same objects, same rejections.

The property test below draws JSON objects for every public model from its own field types (right
types mostly, wrong types, nulls and absent keys sometimes) and holds the two engines to one
outcome: both refuse, or both build objects with the same ``repr`` and the same raw dicts.
"""

from __future__ import annotations

import enum
from typing import Any, get_args

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jenkins_sdk.models as m
from jenkins_sdk.errors import ResponseShapeError
from jenkins_sdk.models import Build, CauseAction, GitBuildData, ParametersAction, structure
from jenkins_sdk.models import converter as converter_module
from jenkins_sdk.models._fast_path import Rejected, UnsupportedShape
from jenkins_sdk.models._fast_path import fast_path as _fast
from jenkins_sdk.models._shapes import (
    NONE,
    Dispatch,
    is_list,
    is_model,
    is_tagged_union,
    union_args,
)
from jenkins_sdk.models.converter import converter

MODELS = sorted(
    (v for v in (getattr(m, n) for n in m.__all__) if isinstance(v, type) and attrs.has(v)),
    key=lambda cls: cls.__name__,
)


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
    with pytest.raises(Rejected):  # the fast path refuses it too, with its one exception
        _fast.function_for(Build)(_build(actions))


def test_null_lists_become_empty_lists() -> None:
    built = structure(_build(None, artifacts=None, culprits=None), Build)
    assert built.actions == [] and built.artifacts == [] and built.culprits == []


# --- the two engines agree on arbitrary JSON --------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)


def _fault(draw: st.DrawFn) -> Any:
    """A value that may not fit: one of each JSON type (the usual confusions), or any JSON."""
    return draw(
        st.sampled_from([None, 0, 1, 2.5, "x", "SUCCESS", True, False, [], {}]) | json_values
    )


def _value(tp: Any, draw: st.DrawFn, depth: int) -> Any:
    """A JSON value that fits a field of type ``tp`` (its nested objects may hold one fault)."""
    args = union_args(tp)
    if NONE in args and not is_tagged_union(tp):
        if draw(st.integers(0, 4)) == 0:
            return None
        (tp,) = [a for a in args if a is not NONE]
    if tp is Any:
        return draw(json_values)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return draw(st.sampled_from([member.value for member in tp]))
    simple = {str: st.text(max_size=4), bool: st.booleans(), int: st.integers()}
    if tp in simple:
        return draw(simple[tp])
    if tp is float:
        return draw(st.floats(allow_nan=False) | st.integers())
    if tp == dict[str, Any]:
        return draw(st.dictionaries(st.text(max_size=3), json_values, max_size=2))
    if is_list(tp):
        (item,) = get_args(tp)
        size = 0 if depth > 2 else draw(st.integers(0, 3))
        return [_value(item, draw, depth + 1) for _ in range(size)]
    if is_tagged_union(tp):
        return _action(tp, draw, depth)
    assert is_model(tp), tp
    return _object(tp, draw, depth + 1) if depth <= 3 else None


def _action(tp: Any, draw: st.DrawFn, depth: int) -> Any:
    """A member of the tagged union ``tp``, with its own, a foreign, odd or no ``_class``."""
    dispatch = Dispatch(tp)
    if NONE in union_args(tp) and draw(st.integers(0, 4)) == 0:
        return None
    member = draw(st.sampled_from([*dispatch.by_tag.values(), dispatch.fallback]))
    data = _object(member, draw, depth + 1)
    choice = draw(st.integers(0, 3))
    if choice == 0:
        data.pop("_class", None)  # Jenkins 1.x: picked by sniffing, else the fallback
    elif choice == 1:
        data["_class"] = draw(st.sampled_from([*dispatch.by_tag, "org.example.Unknown"]))
    elif choice == 2:
        data["_class"] = _fault(draw)
    return data


def _object(cls: type[Any], draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A JSON object for ``cls``: fitting values, optional keys sometimes absent, plugin keys,
    and at most one fault of its own (a field absent, null or ill-typed)."""
    attrs.resolve_types(cls)
    fields = [a for a in attrs.fields(cls) if a.init]
    broken = draw(st.sampled_from([None, *(a.name for a in fields)]))
    data: dict[str, Any] = {}
    for a in fields:
        key = a.metadata.get("json", a.name)
        if a.name == broken:
            if draw(st.booleans()):
                data[key] = _fault(draw)  # else: absent
        elif a.default is attrs.NOTHING or draw(st.integers(0, 5)) > 0:
            data[key] = _value(a.type, draw, depth)
    if draw(st.booleans()):
        data["pluginKey"] = draw(json_values)
    return data


def _outcome(structure_fn: Any, data: Any) -> tuple[str, str]:
    try:
        return "accepted", repr(structure_fn(data))
    except Rejected:
        return "refused", ""


def _cattrs_outcome(cls: type[Any], data: Any) -> tuple[str, str]:
    try:
        return "accepted", repr(converter.structure(data, cls))
    except Exception:  # cattrs' own errors (ClassValidationError...): a refusal
        return "refused", ""


@attrs.define(kw_only=True, frozen=True)
class AllShapes:
    """Field shapes no generated model has (yet), held to the same equality."""

    names: list[str]
    anything: Any
    maybe: int | None
    mapping: dict[str, Any]
    action: ParametersAction | m.Action
    maybe_action: ParametersAction | m.Action | None = None
    result: m.BuildResult = m.BuildResult.SUCCESS
    label: str = "none"
    numbers: list[float] = attrs.field(factory=list)
    nested: list[list[str]] = attrs.field(factory=list)
    results: list[m.BuildResult | None] | None = None
    _raw: Any = attrs.field(default=None, init=False, repr=False, eq=False, metadata={"raw": True})


def _agree(cls: type[Any], payload: Any) -> None:
    fast = _outcome(_fast.function_for(cls), payload)
    assert fast == _cattrs_outcome(cls, payload)
    if fast[0] == "accepted":
        assert structure(payload, cls)._raw is payload


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_path_equals_cattrs_on_arbitrary_json(cls: type[Any], data: st.DataObject) -> None:
    _agree(cls, data.draw(st.composite(lambda draw: _object(cls, draw))()))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_path_equals_cattrs_on_every_supported_shape(data: st.DataObject) -> None:
    _agree(AllShapes, data.draw(st.composite(lambda draw: _object(AllShapes, draw))()))


# --- every single fault, deterministically ------------------------------------------------------

FAULTS: list[Any] = [None, 0, 1, 2.5, True, "x", "SUCCESS", [], ["x"], {}, {"_class": 1}]
"""Values put, one at a time, in place of each field (and the field left out)."""


def _fitting(tp: Any, depth: int = 0) -> Any:
    """One JSON value that fits ``tp`` (lists hold one item, nesting stops at depth 3)."""
    args = [a for a in union_args(tp) if a is not NONE]
    if args and not is_tagged_union(tp):
        (tp,) = args
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    simple: dict[Any, Any] = {str: "s", int: 7, float: 2.5, bool: True, Any: {"k": [1]}}
    if tp in simple:
        return simple[tp]
    if tp == dict[str, Any]:
        return {"k": 1}
    if is_list(tp):
        return [] if depth > 2 else [_fitting(get_args(tp)[0], depth + 1)]
    if is_tagged_union(tp):
        member = next(iter(Dispatch(tp).by_tag.values()))
        return {**_fitting(member, depth), "_class": member.JENKINS_CLASSES[0]}
    attrs.resolve_types(tp)
    return {
        a.metadata.get("json", a.name): _fitting(a.type, depth + 1)
        for a in attrs.fields(tp)
        if a.init
    }


def _single_faults(cls: type[Any]) -> list[dict[str, Any]]:
    """The fitting object of ``cls``, then one copy per (field, fault), one level down too."""
    base = _fitting(cls)
    out = [base]
    for key in base:
        out.append({k: v for k, v in base.items() if k != key})
        out.extend({**base, key: fault} for fault in FAULTS)
        value = base[key]
        nested = value[0] if isinstance(value, list) and value else value
        if isinstance(nested, dict):
            for inner in list(nested):
                for fault in FAULTS[:6]:
                    changed = {**nested, inner: fault}
                    out.append({**base, key: [changed] if isinstance(value, list) else changed})
    return out


@pytest.mark.parametrize("cls", [*MODELS, AllShapes], ids=lambda cls: cls.__name__)
def test_fast_path_equals_cattrs_on_every_single_fault(cls: type[Any]) -> None:
    payloads = _single_faults(cls)
    assert _outcome(_fast.function_for(cls), payloads[0])[0] == "accepted"
    for payload in payloads:
        _agree(cls, payload)


def test_every_model_has_a_fast_function() -> None:
    for cls in MODELS:
        assert callable(_fast.function_for(cls)), cls


@attrs.define(frozen=True)
class _Validated:
    name: str = attrs.field(validator=attrs.validators.min_len(1))


@attrs.define(frozen=True)
class _Tupled:
    pair: tuple[int, int]


@attrs.define(frozen=True)
class _Holder:
    inner: _Tupled


@attrs.define(frozen=True, slots=False)
class _DictBacked:
    name: str


class _Priority(enum.IntEnum):
    LOW = 1


@attrs.define(frozen=True)
class _Numbered:
    name: str
    priority: _Priority | None = None


@pytest.mark.parametrize("cls", [_Validated, _Tupled, _Holder, _DictBacked, _Numbered])
def test_unsupported_shapes_are_declared_and_cattrs_structures_them(cls: type[Any]) -> None:
    with pytest.raises(UnsupportedShape):
        _fast.function_for(cls)
    with pytest.raises(UnsupportedShape):  # refused again: nothing half-built was kept
        _fast.function_for(cls)
    data = {"name": "n"} if "name" in attrs.fields_dict(cls) else {"pair": [1, 2]}
    if cls is _Holder:
        data = {"inner": {"pair": [1, 2]}}
    assert structure(data, cls) == converter.structure(data, cls)


def test_a_disagreement_is_reported_not_papered_over(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuses_everything(data: Any) -> Any:
        raise Rejected

    monkeypatch.setitem(converter_module._fast_functions, Build, refuses_everything)
    with pytest.raises(ResponseShapeError, match="fast path refused a Build that its cattrs"):
        structure(_build([]), Build)


def test_lists_of_models_take_the_fast_path_and_null_is_empty() -> None:
    items = [{"number": 1, "url": "u"}, {"number": 2, "url": "v"}]
    built = structure(items, list[m.BuildSummary])
    assert [b.number for b in built] == [1, 2] and built[1]._raw is items[1]
    assert structure(None, list[m.BuildSummary]) == []
    with pytest.raises(ResponseShapeError, match=r"\$\[1\]"):
        structure([items[0], "x"], list[m.BuildSummary])
