"""Typed models of Jenkins' JSON, and the converter between the two.

The classes are frozen attrs classes generated from ``schemas/`` (``make regen``); field names are
snake_case (``class_`` for ``_class``) and the JSON key is kept in each field's metadata.

* :func:`structure` turns decoded JSON into a model, raising
  :class:`~jenkins_sdk.errors.ResponseShapeError` (with the failing JSON path) when it does not fit;
* :func:`unstructure` turns a model back into JSON-able data with Jenkins' keys;
* :func:`tree_of` gives the ``tree=`` spec asking Jenkins for exactly what a model holds;
* :func:`raw_of` gives the dict an object came from, for plugin fields the models do not declare.

Importing this package is cheap: a model's generated module, and the converter, are imported the
first time one of their names is used (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import functools
import importlib
import operator
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk.models._generated.parameter_value import ParameterValue

if TYPE_CHECKING:
    from typing import TypeAlias

    from jenkins_sdk.models._generated.action import Action
    from jenkins_sdk.models._generated.artifact import Artifact
    from jenkins_sdk.models._generated.build import Build
    from jenkins_sdk.models._generated.build_result import BuildResult
    from jenkins_sdk.models._generated.build_summary import BuildSummary
    from jenkins_sdk.models._generated.cause import Cause
    from jenkins_sdk.models._generated.cause_action import CauseAction
    from jenkins_sdk.models._generated.change_set import ChangeSet, ChangeSetItem, ChangeSetPath
    from jenkins_sdk.models._generated.computer import Computer, Executor, LabelRef
    from jenkins_sdk.models._generated.computer_set import ComputerSet
    from jenkins_sdk.models._generated.crumb import Crumb
    from jenkins_sdk.models._generated.flow_node import FlowNode
    from jenkins_sdk.models._generated.flow_node_error import FlowNodeError
    from jenkins_sdk.models._generated.git_build_data import GitBuildData
    from jenkins_sdk.models._generated.health_report import HealthReport
    from jenkins_sdk.models._generated.job import Job
    from jenkins_sdk.models._generated.job_property import JobProperty
    from jenkins_sdk.models._generated.job_summary import JobSummary
    from jenkins_sdk.models._generated.links import Link, Links
    from jenkins_sdk.models._generated.node_log import NodeLog
    from jenkins_sdk.models._generated.parameter_definition import (
        ParameterDefault,
        ParameterDefinition,
    )
    from jenkins_sdk.models._generated.parameters_action import ParametersAction
    from jenkins_sdk.models._generated.pending_input_action import (
        InputParameter,
        PendingInputAction,
    )
    from jenkins_sdk.models._generated.pipeline_artifact import PipelineArtifact
    from jenkins_sdk.models._generated.pipeline_run import PipelineRun
    from jenkins_sdk.models._generated.plugin import Plugin, PluginDependency
    from jenkins_sdk.models._generated.plugin_manager import PluginManager
    from jenkins_sdk.models._generated.queue import Queue
    from jenkins_sdk.models._generated.queue_item import QueueExecutable, QueueItem, QueueTask
    from jenkins_sdk.models._generated.root_info import RootInfo
    from jenkins_sdk.models._generated.stage import Stage
    from jenkins_sdk.models._generated.stage_detail import StageDetail
    from jenkins_sdk.models._generated.stage_status import StageStatus
    from jenkins_sdk.models._generated.test_report import (
        ChildReport,
        TestCase,
        TestReport,
        TestSuite,
    )
    from jenkins_sdk.models._generated.test_result_action import TestResultAction
    from jenkins_sdk.models._generated.user import User
    from jenkins_sdk.models._generated.user_ref import UserRef
    from jenkins_sdk.models._generated.view import View
    from jenkins_sdk.models._generated.view_summary import ViewSummary
    from jenkins_sdk.models.converter import (
        DEFAULT_TREE_DEPTH,
        raw_of,
        structure,
        tree_of,
        unstructure,
    )

    AnyAction: TypeAlias = ParametersAction | CauseAction | TestResultAction | GitBuildData | Action
    """An entry of a build's or queue item's ``actions``: a typed action, or ``Action``."""

__all__ = [
    "DEFAULT_TREE_DEPTH",
    "Action",
    "AnyAction",
    "Artifact",
    "Build",
    "BuildResult",
    "BuildSummary",
    "Cause",
    "CauseAction",
    "ChangeSet",
    "ChangeSetItem",
    "ChangeSetPath",
    "ChildReport",
    "Computer",
    "ComputerSet",
    "Crumb",
    "Executor",
    "FlowNode",
    "FlowNodeError",
    "GitBuildData",
    "HealthReport",
    "InputParameter",
    "Job",
    "JobProperty",
    "JobSummary",
    "LabelRef",
    "Link",
    "Links",
    "NodeLog",
    "ParameterDefault",
    "ParameterDefinition",
    "ParameterValue",
    "ParametersAction",
    "PendingInputAction",
    "PipelineArtifact",
    "PipelineRun",
    "Plugin",
    "PluginDependency",
    "PluginManager",
    "Queue",
    "QueueExecutable",
    "QueueItem",
    "QueueTask",
    "RootInfo",
    "Stage",
    "StageDetail",
    "StageStatus",
    "TestCase",
    "TestReport",
    "TestResultAction",
    "TestSuite",
    "User",
    "UserRef",
    "View",
    "ViewSummary",
    "parameter_definitions",
    "raw_of",
    "structure",
    "tree_of",
    "unstructure",
]

_GENERATED: dict[str, str] = {
    "Action": "action",
    "Artifact": "artifact",
    "Build": "build",
    "BuildResult": "build_result",
    "BuildSummary": "build_summary",
    "Cause": "cause",
    "CauseAction": "cause_action",
    "ChangeSet": "change_set",
    "ChangeSetItem": "change_set",
    "ChangeSetPath": "change_set",
    "ChildReport": "test_report",
    "Computer": "computer",
    "ComputerSet": "computer_set",
    "Crumb": "crumb",
    "Executor": "computer",
    "FlowNode": "flow_node",
    "FlowNodeError": "flow_node_error",
    "GitBuildData": "git_build_data",
    "HealthReport": "health_report",
    "InputParameter": "pending_input_action",
    "Job": "job",
    "JobProperty": "job_property",
    "JobSummary": "job_summary",
    "LabelRef": "computer",
    "Link": "links",
    "Links": "links",
    "NodeLog": "node_log",
    "ParameterDefault": "parameter_definition",
    "ParameterDefinition": "parameter_definition",
    "ParametersAction": "parameters_action",
    "PendingInputAction": "pending_input_action",
    "PipelineArtifact": "pipeline_artifact",
    "PipelineRun": "pipeline_run",
    "Plugin": "plugin",
    "PluginDependency": "plugin",
    "PluginManager": "plugin_manager",
    "Queue": "queue",
    "QueueExecutable": "queue_item",
    "QueueItem": "queue_item",
    "QueueTask": "queue_item",
    "RootInfo": "root_info",
    "Stage": "stage",
    "StageDetail": "stage_detail",
    "StageStatus": "stage_status",
    "TestCase": "test_report",
    "TestReport": "test_report",
    "TestResultAction": "test_result_action",
    "TestSuite": "test_report",
    "User": "user",
    "UserRef": "user_ref",
    "View": "view",
    "ViewSummary": "view_summary",
}
"""Model name -> its module in ``jenkins_sdk.models._generated`` (imported on first use)."""

_CONVERTER = frozenset({"DEFAULT_TREE_DEPTH", "raw_of", "structure", "tree_of", "unstructure"})


def _load(name: str) -> Any:
    """Import the module defining ``name``, cache the value in this module and return it."""
    module = _GENERATED.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"{__name__}._generated.{module}"), name)
    elif name in _CONVERTER:
        value = getattr(importlib.import_module(f"{__name__}.converter"), name)
    elif name == "AnyAction":
        members = ("ParametersAction", "CauseAction", "TestResultAction", "GitBuildData", "Action")
        value = functools.reduce(operator.or_, (_load(member) for member in members))
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


if not TYPE_CHECKING:  # the type checker sees the imports above instead

    def __getattr__(name: str) -> Any:
        """Import a model (or the converter's functions) the first time it is asked for."""
        return _load(name)


def __dir__() -> list[str]:
    """Every public name, loaded or not (for ``dir()`` and completion)."""
    return sorted({*globals(), *__all__})


def parameter_definitions(job: Job) -> list[ParameterDefinition]:
    """A job's parameter definitions, from ``property[]`` (current cores) or ``actions[]`` (old)."""
    for holder in (*job.property, *job.actions):
        if holder.parameter_definitions:
            return list(holder.parameter_definitions)
    return []


_PASSWORD_MASK = "***"
"""What ``repr()`` shows instead of the value of a password parameter."""

_generated_parameter_value_repr = ParameterValue.__repr__


def _parameter_value_repr(self: ParameterValue) -> str:
    """``repr()`` of a parameter value, with the value of a password parameter masked."""
    if self.value is not None and (self.class_ or "").endswith("PasswordParameterValue"):
        return _generated_parameter_value_repr(attrs.evolve(self, value=_PASSWORD_MASK))
    return _generated_parameter_value_repr(self)


# Hand-written on top of the generated class: a build's repr must never show a password parameter
# (Jenkins' PasswordParameterValue) in clear; everything else keeps the attrs-generated repr.
setattr(ParameterValue, "__repr__", _parameter_value_repr)  # noqa: B010
