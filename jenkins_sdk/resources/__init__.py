"""Operations on Jenkins, one module per area; the client exposes each as a namespace.

``client.jobs`` is a :class:`JobOperations`, ``client.builds`` a :class:`BuildOperations`, and so
on. :class:`BuildMonitor` watches many builds from a thread pool.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jenkins_sdk.resources._branches import BranchJob, ScanResult
    from jenkins_sdk.resources._files import DownloadedFile
    from jenkins_sdk.resources._lint import ValidationError, ValidationResult
    from jenkins_sdk.resources.artifacts import ArtifactOperations
    from jenkins_sdk.resources.builds import BuildOperations, QueuedBuild
    from jenkins_sdk.resources.console import ConsoleOperations, ConsoleStream
    from jenkins_sdk.resources.credentials import CredentialOperations
    from jenkins_sdk.resources.executors import RunningBuild
    from jenkins_sdk.resources.jobs import JobOperations
    from jenkins_sdk.resources.junit import TestReportOperations
    from jenkins_sdk.resources.monitor import BuildMonitor, MonitoredBuild, WatchedBuild
    from jenkins_sdk.resources.nodes import NodeOperations
    from jenkins_sdk.resources.pipelines import PipelineOperations
    from jenkins_sdk.resources.plugins import PluginOperations
    from jenkins_sdk.resources.queue import QueueOperations
    from jenkins_sdk.resources.system import SystemOperations
    from jenkins_sdk.resources.users import UserOperations
    from jenkins_sdk.resources.views import ViewOperations

__all__ = [
    "ArtifactOperations",
    "BranchJob",
    "BuildMonitor",
    "BuildOperations",
    "ConsoleOperations",
    "ConsoleStream",
    "CredentialOperations",
    "DownloadedFile",
    "JobOperations",
    "MonitoredBuild",
    "NodeOperations",
    "PipelineOperations",
    "PluginOperations",
    "QueueOperations",
    "QueuedBuild",
    "RunningBuild",
    "ScanResult",
    "SystemOperations",
    "TestReportOperations",
    "UserOperations",
    "ValidationError",
    "ValidationResult",
    "ViewOperations",
    "WatchedBuild",
]

_SOURCES: dict[str, str] = {
    "ArtifactOperations": "jenkins_sdk.resources.artifacts",
    "BranchJob": "jenkins_sdk.resources._branches",
    "BuildMonitor": "jenkins_sdk.resources.monitor",
    "BuildOperations": "jenkins_sdk.resources.builds",
    "ConsoleOperations": "jenkins_sdk.resources.console",
    "ConsoleStream": "jenkins_sdk.resources.console",
    "CredentialOperations": "jenkins_sdk.resources.credentials",
    "DownloadedFile": "jenkins_sdk.resources._files",
    "JobOperations": "jenkins_sdk.resources.jobs",
    "MonitoredBuild": "jenkins_sdk.resources.monitor",
    "NodeOperations": "jenkins_sdk.resources.nodes",
    "PipelineOperations": "jenkins_sdk.resources.pipelines",
    "PluginOperations": "jenkins_sdk.resources.plugins",
    "QueueOperations": "jenkins_sdk.resources.queue",
    "QueuedBuild": "jenkins_sdk.resources.builds",
    "RunningBuild": "jenkins_sdk.resources.executors",
    "ScanResult": "jenkins_sdk.resources._branches",
    "SystemOperations": "jenkins_sdk.resources.system",
    "TestReportOperations": "jenkins_sdk.resources.junit",
    "UserOperations": "jenkins_sdk.resources.users",
    "ValidationError": "jenkins_sdk.resources._lint",
    "ValidationResult": "jenkins_sdk.resources._lint",
    "ViewOperations": "jenkins_sdk.resources.views",
    "WatchedBuild": "jenkins_sdk.resources.monitor",
}
"""Public name -> the module defining it; imported on first use (PEP 562), so the client can
import one operations module without loading every area."""


if not TYPE_CHECKING:  # the type checker sees the imports above instead

    def __getattr__(name: str) -> Any:
        """Import a public name from its module the first time it is asked for."""
        source = _SOURCES.get(name)
        if source is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """Every public name, loaded or not."""
    return sorted({*globals(), *__all__})
