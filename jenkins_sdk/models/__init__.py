"""Typed models of Jenkins' JSON, and the converter between the two.

The classes are frozen attrs classes generated from ``schemas/`` (``make regen``); field names are
snake_case (``class_`` for ``_class``) and the JSON key is kept in each field's metadata.

* :func:`structure` turns decoded JSON into a model, raising
  :class:`~jenkins_sdk.errors.ResponseShapeError` (with the failing JSON path) when it does not fit;
* :func:`unstructure` turns a model back into JSON-able data with Jenkins' keys;
* :func:`tree_of` gives the ``tree=`` spec asking Jenkins for exactly what a model holds;
* :func:`raw_of` gives the dict an object came from, for plugin fields the models do not declare.

Importing this package is cheap: a model's generated module, and the converter, are imported the
first time one of their names is used (PEP 562 module ``__getattr__``, see
:mod:`jenkins_sdk._lazy`); the ``TYPE_CHECKING`` block below is the one list of the public names.

Password parameter values are masked in ``repr()`` by the generated ``ParameterValue`` itself
(``x-repr-mask`` in ``schemas/parameter_value.json``). Times come typed too, next to Jenkins' raw
numbers: ``Build.started_at`` (an aware UTC ``datetime`` from ``timestamp``), ``Build.duration_td``
(a ``timedelta``), ``QueueItem.queued_at``, ``PipelineRun.ended_at``... (``*_at`` / ``*_td``, see
``schemas/README.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk._lazy import lazy_exports

if TYPE_CHECKING:
    from typing import TypeAlias

    from jenkins_sdk.models._generated.action import Action as Action
    from jenkins_sdk.models._generated.artifact import Artifact as Artifact
    from jenkins_sdk.models._generated.build import Build as Build
    from jenkins_sdk.models._generated.build_result import BuildResult as BuildResult
    from jenkins_sdk.models._generated.build_summary import BuildSummary as BuildSummary
    from jenkins_sdk.models._generated.cause import Cause as Cause
    from jenkins_sdk.models._generated.cause_action import CauseAction as CauseAction
    from jenkins_sdk.models._generated.change_set import ChangeSet as ChangeSet
    from jenkins_sdk.models._generated.change_set import ChangeSetItem as ChangeSetItem
    from jenkins_sdk.models._generated.change_set import ChangeSetPath as ChangeSetPath
    from jenkins_sdk.models._generated.computer import Computer as Computer
    from jenkins_sdk.models._generated.computer import Executor as Executor
    from jenkins_sdk.models._generated.computer import LabelRef as LabelRef
    from jenkins_sdk.models._generated.computer_set import ComputerSet as ComputerSet
    from jenkins_sdk.models._generated.crumb import Crumb as Crumb
    from jenkins_sdk.models._generated.flow_node import FlowNode as FlowNode
    from jenkins_sdk.models._generated.flow_node_error import FlowNodeError as FlowNodeError
    from jenkins_sdk.models._generated.git_build_data import GitBuildData as GitBuildData
    from jenkins_sdk.models._generated.health_report import HealthReport as HealthReport
    from jenkins_sdk.models._generated.job import Job as Job
    from jenkins_sdk.models._generated.job_property import JobProperty as JobProperty
    from jenkins_sdk.models._generated.job_summary import JobSummary as JobSummary
    from jenkins_sdk.models._generated.links import Link as Link
    from jenkins_sdk.models._generated.links import Links as Links
    from jenkins_sdk.models._generated.node_log import NodeLog as NodeLog
    from jenkins_sdk.models._generated.parameter_definition import (
        ParameterDefault as ParameterDefault,
    )
    from jenkins_sdk.models._generated.parameter_definition import (
        ParameterDefinition as ParameterDefinition,
    )
    from jenkins_sdk.models._generated.parameter_value import ParameterValue as ParameterValue
    from jenkins_sdk.models._generated.parameters_action import ParametersAction as ParametersAction
    from jenkins_sdk.models._generated.pending_input_action import InputParameter as InputParameter
    from jenkins_sdk.models._generated.pending_input_action import (
        PendingInputAction as PendingInputAction,
    )
    from jenkins_sdk.models._generated.pipeline_artifact import PipelineArtifact as PipelineArtifact
    from jenkins_sdk.models._generated.pipeline_run import PipelineRun as PipelineRun
    from jenkins_sdk.models._generated.plugin import Plugin as Plugin
    from jenkins_sdk.models._generated.plugin import PluginDependency as PluginDependency
    from jenkins_sdk.models._generated.plugin_manager import PluginManager as PluginManager
    from jenkins_sdk.models._generated.queue import Queue as Queue
    from jenkins_sdk.models._generated.queue_item import QueueExecutable as QueueExecutable
    from jenkins_sdk.models._generated.queue_item import QueueItem as QueueItem
    from jenkins_sdk.models._generated.queue_item import QueueTask as QueueTask
    from jenkins_sdk.models._generated.root_info import RootInfo as RootInfo
    from jenkins_sdk.models._generated.stage import Stage as Stage
    from jenkins_sdk.models._generated.stage_detail import StageDetail as StageDetail
    from jenkins_sdk.models._generated.stage_status import StageStatus as StageStatus
    from jenkins_sdk.models._generated.test_report import ChildReport as ChildReport
    from jenkins_sdk.models._generated.test_report import TestCase as TestCase
    from jenkins_sdk.models._generated.test_report import TestReport as TestReport
    from jenkins_sdk.models._generated.test_report import TestSuite as TestSuite
    from jenkins_sdk.models._generated.test_result_action import (
        TestResultAction as TestResultAction,
    )
    from jenkins_sdk.models._generated.user import User as User
    from jenkins_sdk.models._generated.user_ref import UserRef as UserRef
    from jenkins_sdk.models._generated.view import View as View
    from jenkins_sdk.models._generated.view_summary import ViewSummary as ViewSummary
    from jenkins_sdk.models._tree_specs import DEFAULT_TREE_DEPTH as DEFAULT_TREE_DEPTH
    from jenkins_sdk.models._tree_specs import tree_of as tree_of
    from jenkins_sdk.models.converter import raw_of as raw_of
    from jenkins_sdk.models.converter import structure as structure
    from jenkins_sdk.models.converter import unstructure as unstructure

    AnyAction: TypeAlias = ParametersAction | CauseAction | TestResultAction | GitBuildData | Action
    """An entry of a build's or queue item's ``actions``: a typed action, or ``Action``."""

if not TYPE_CHECKING:  # the type checker reads the imports above instead
    __getattr__, __dir__ = lazy_exports(globals())


def parameter_definitions(job: Job) -> list[ParameterDefinition]:
    """A job's parameter definitions, from ``property[]`` (current cores) or ``actions[]`` (old)."""
    for holder in (*job.property, *job.actions):
        if holder.parameter_definitions:
            return list(holder.parameter_definitions)
    return []
