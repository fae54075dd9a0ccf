"""Typed times on the models: ``*_at`` (aware UTC datetimes) and ``*_td`` (timedeltas), generated
from the schemas' ``format`` (``epoch-millis``, ``duration-millis``, ``duration-seconds``) next to
the raw fields, which keep Jenkins' numbers.

Units checked against Jenkins' sources: ``hudson.model.Run`` (``getTimestamp`` exported as ms,
``getDuration`` ms, ``getEstimatedDuration`` ms or -1), ``hudson.model.Queue`` (``inQueueSince``,
``BuildableItem.buildableStartMilliseconds``, ``WaitingItem.timestamp``),
``hudson.scm.ChangeLogSet.Entry.getTimestamp`` (ms or -1), pipeline-stage-view's ``RunExt`` /
``StageNodeExt`` / ``FlowNodeExt`` (``*Millis`` longs) and junit's ``CaseResult`` /
``SuiteResult`` / ``TestResult.getDuration`` (float seconds).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import jenkins_sdk.models as m
from jenkins_sdk.models import (
    Build,
    BuildSummary,
    Job,
    PipelineRun,
    QueueItem,
    structure,
    unstructure,
)
from jenkins_sdk.models._time import (
    duration_from_millis,
    duration_from_seconds,
    instant_from_millis,
)

PAYLOADS = Path(__file__).parent / "payloads"
UTC = timezone.utc


def _load(name: str, cls: type[Any]) -> Any:
    return structure(json.loads((PAYLOADS / name).read_text(encoding="utf-8")), cls)


def _accessors(cls: type[Any]) -> dict[str, property]:
    return {
        name: value
        for name, value in vars(cls).items()
        if isinstance(value, property) and name.endswith(("_at", "_td"))
    }


def test_a_finished_workflow_run() -> None:
    build = _load("api4jenkins__run_workflowrun.json", Build)
    assert build.timestamp == 1559281453240  # the raw field keeps its name and type
    assert build.started_at == datetime(2019, 5, 31, 5, 44, 13, 240000, tzinfo=UTC)
    assert build.started_at.tzinfo is UTC
    assert build.duration_td == timedelta(minutes=5, seconds=24, milliseconds=447)
    assert build.estimated_duration_td == timedelta(milliseconds=197743)


def test_build_summaries_of_a_job() -> None:
    job = _load("gomock__workflowjob_test_pipeline.json", Job)
    summaries = [b for b in job.builds if b.timestamp is not None]
    for summary in summaries:
        assert isinstance(summary, BuildSummary) and summary.timestamp is not None
        assert summary.started_at == datetime.fromtimestamp(summary.timestamp / 1000, UTC)


def test_queue_items_waiting_and_blocked() -> None:
    waiting = _load("api4jenkins__queue_waitingitem.json", QueueItem)
    assert waiting.queued_at == datetime(2019, 8, 23, 9, 38, 28, 796000, tzinfo=UTC)
    assert waiting.wait_ends_at is not None
    assert waiting.wait_ends_at - waiting.queued_at == timedelta(seconds=5)  # the quiet period
    assert waiting.became_buildable_at is None  # only BuildableItems carry it
    blocked = _load("api4jenkins__queue_blockeditem.json", QueueItem)
    assert blocked.became_buildable_at is not None and blocked.queued_at is not None
    assert blocked.became_buildable_at - blocked.queued_at == timedelta(milliseconds=9592)
    assert blocked.wait_ends_at is None


def test_a_pipeline_run_and_its_stages() -> None:
    runs = _load("stageview-readme__wfapi_runs.json", list[PipelineRun])
    run = runs[0]
    assert run.started_at == datetime(2014, 10, 16, 12, 7, 55, 770000, tzinfo=UTC)
    assert run.ended_at is not None and run.started_at is not None
    assert run.ended_at - run.started_at == timedelta(milliseconds=10229) == run.duration_td
    assert run.queue_duration_td is None and run.pause_duration_td is None  # not sent
    for stage in run.stages:
        assert stage.started_at is not None and stage.started_at >= run.started_at
        assert stage.duration_td == timedelta(milliseconds=stage.duration_millis or 0)


def test_stages_skipped_on_a_checkpoint_restart_have_no_start() -> None:
    run = _load("stageview__03_rest_api_runs_checkpoint_rerun.json", list[PipelineRun])[0]
    skipped = [s for s in run.stages if s.start_time_millis == 0]
    assert [s.name for s in skipped] == ["Dev", "QA", "Staging"]
    assert all(s.started_at is None and s.duration_td == timedelta(0) for s in skipped)
    ran = next(s for s in run.stages if s.name == "Production")
    assert ran.started_at == datetime(2014, 10, 26, 10, 11, 40, 705000, tzinfo=UTC)


def test_a_test_report_in_seconds() -> None:
    report = _load("stagecraft__11_testReport_unstable.json", m.TestReport)
    assert report.duration == 0.094 and report.duration_td == timedelta(milliseconds=94)
    case = report.suites[0].cases[0]
    assert case.duration_td == timedelta(milliseconds=31)
    assert report.suites[0].duration_td == timedelta(milliseconds=94)


def test_a_git_commit_of_a_change_set() -> None:
    build = _load("cdancy__build-info-git-commit.json", Build)
    item = build.change_sets[0].items[0]
    assert item.committed_at == datetime(2016, 4, 19, 18, 51, 32, 486000, tzinfo=UTC)


def test_jenkins_sentinels_become_none() -> None:
    build = structure(
        {
            "number": 1,
            "url": "u",
            "building": True,
            "timestamp": 1_700_000_000_000,
            "duration": 0,
            "estimatedDuration": -1,
        },
        Build,
    )
    assert build.estimated_duration_td is None  # -1: no estimate yet
    assert build.duration_td == timedelta(0)  # Jenkins says 0 while building
    assert structure({"number": 1, "url": "u", "building": True}, Build).started_at is None


def test_accessors_are_read_only_and_stay_out_of_the_json() -> None:
    build = _load("api4jenkins__run_workflowrun.json", Build)
    with pytest.raises(AttributeError):
        build.started_at = None
    out = unstructure(build)
    assert "started_at" not in out and "duration_td" not in out
    assert out["timestamp"] == 1559281453240
    assert structure(out, Build).started_at == build.started_at


ACCESSORS = sorted(
    (cls.__name__, name)
    for cls in (getattr(m, n) for n in m.__all__)  # type: ignore[attr-defined]
    if isinstance(cls, type) and attrs.has(cls)
    for name in _accessors(cls)
)


def test_every_time_field_has_its_accessor() -> None:
    assert ACCESSORS == [
        ("Build", "duration_td"),
        ("Build", "estimated_duration_td"),
        ("Build", "started_at"),
        ("BuildSummary", "duration_td"),
        ("BuildSummary", "started_at"),
        ("ChangeSetItem", "committed_at"),
        ("FlowNode", "duration_td"),
        ("FlowNode", "pause_duration_td"),
        ("FlowNode", "started_at"),
        ("PipelineRun", "duration_td"),
        ("PipelineRun", "ended_at"),
        ("PipelineRun", "pause_duration_td"),
        ("PipelineRun", "queue_duration_td"),
        ("PipelineRun", "started_at"),
        ("QueueItem", "became_buildable_at"),
        ("QueueItem", "queued_at"),
        ("QueueItem", "wait_ends_at"),
        ("Stage", "duration_td"),
        ("Stage", "pause_duration_td"),
        ("Stage", "started_at"),
        ("StageDetail", "duration_td"),
        ("StageDetail", "pause_duration_td"),
        ("StageDetail", "started_at"),
        ("TestCase", "duration_td"),
        ("TestReport", "duration_td"),
        ("TestSuite", "duration_td"),
    ]


@pytest.mark.parametrize(("model", "accessor"), ACCESSORS, ids=lambda v: str(v))
def test_each_accessor_is_documented_typed_and_none_without_a_value(
    model: str, accessor: str
) -> None:
    cls = getattr(m, model)
    prop = _accessors(cls)[accessor]
    assert prop.fget is not None
    returns = prop.fget.__annotations__["return"]
    assert returns == ("datetime | None" if accessor.endswith("_at") else "timedelta | None")
    assert f"``{accessor}``" in (cls.__doc__ or "")  # the class docstring lists it
    assert "None when" in (prop.__doc__ or "")
    required = {a.name: 0 for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING}
    assert getattr(cls(**required), accessor) is None  # every optional field left out


def test_the_conversions_are_exact_and_total() -> None:
    assert instant_from_millis(1_700_000_000_123) == datetime(
        2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC
    )
    assert instant_from_millis(0) is None and instant_from_millis(-1) is None
    assert instant_from_millis(10**20) is None  # beyond year 9999: not an error
    assert duration_from_millis(0) == timedelta(0)
    assert duration_from_millis(-1) is None and duration_from_millis(None) is None
    assert duration_from_millis(1.5) == timedelta(microseconds=1500)
    assert duration_from_millis(10**20) is None
    assert duration_from_seconds(0.031) == timedelta(milliseconds=31)
    assert duration_from_seconds(-0.5) is None and duration_from_seconds(1e300) is None
