"""Operations on Jenkins, one module per area; the client exposes each as a namespace.

``client.jobs`` is a :class:`JobOperations`, ``client.builds`` a :class:`BuildOperations`, and so
on. :class:`BuildMonitor` watches many builds from a thread pool.
"""

from jenkins_sdk.resources._files import DownloadedFile
from jenkins_sdk.resources.artifacts import ArtifactOperations
from jenkins_sdk.resources.builds import BuildOperations, QueuedBuild
from jenkins_sdk.resources.console import ConsoleOperations, ConsoleStream
from jenkins_sdk.resources.jobs import JobOperations
from jenkins_sdk.resources.monitor import BuildMonitor, MonitoredBuild
from jenkins_sdk.resources.nodes import NodeOperations
from jenkins_sdk.resources.pipelines import PipelineOperations
from jenkins_sdk.resources.plugins import PluginOperations
from jenkins_sdk.resources.queue import QueueOperations
from jenkins_sdk.resources.reports import TestReportOperations
from jenkins_sdk.resources.system import SystemOperations
from jenkins_sdk.resources.views import ViewOperations

__all__ = [
    "ArtifactOperations",
    "BuildMonitor",
    "BuildOperations",
    "ConsoleOperations",
    "ConsoleStream",
    "DownloadedFile",
    "JobOperations",
    "MonitoredBuild",
    "NodeOperations",
    "PipelineOperations",
    "PluginOperations",
    "QueueOperations",
    "QueuedBuild",
    "SystemOperations",
    "TestReportOperations",
    "ViewOperations",
]
