"""Operations on Jenkins, one module per area; the client exposes each as a namespace.

``client.jobs`` is a :class:`JobOperations`, ``client.builds`` a :class:`BuildOperations`, and so
on. :class:`BuildMonitor` watches many builds from a thread pool.

Each name is imported from its module on first use (:mod:`jenkins_sdk._lazy`), so the client can
import one operations module without loading every area.
"""

from typing import TYPE_CHECKING

from jenkins_sdk._lazy import lazy_exports

if TYPE_CHECKING:
    from jenkins_sdk.resources._branches import BranchJob as BranchJob
    from jenkins_sdk.resources._branches import ScanResult as ScanResult
    from jenkins_sdk.resources._files import DownloadedFile as DownloadedFile
    from jenkins_sdk.resources._lint import ValidationError as ValidationError
    from jenkins_sdk.resources._lint import ValidationResult as ValidationResult
    from jenkins_sdk.resources.artifacts import ArtifactOperations as ArtifactOperations
    from jenkins_sdk.resources.builds import BuildOperations as BuildOperations
    from jenkins_sdk.resources.builds import QueuedBuild as QueuedBuild
    from jenkins_sdk.resources.console import ConsoleOperations as ConsoleOperations
    from jenkins_sdk.resources.console import ConsoleStream as ConsoleStream
    from jenkins_sdk.resources.credentials import CredentialOperations as CredentialOperations
    from jenkins_sdk.resources.executors import RunningBuild as RunningBuild
    from jenkins_sdk.resources.jobs import JobOperations as JobOperations
    from jenkins_sdk.resources.junit import TestReportOperations as TestReportOperations
    from jenkins_sdk.resources.monitor import BuildMonitor as BuildMonitor
    from jenkins_sdk.resources.monitor import MonitoredBuild as MonitoredBuild
    from jenkins_sdk.resources.monitor import WatchedBuild as WatchedBuild
    from jenkins_sdk.resources.nodes import NodeOperations as NodeOperations
    from jenkins_sdk.resources.pipelines import PipelineOperations as PipelineOperations
    from jenkins_sdk.resources.plugins import PluginOperations as PluginOperations
    from jenkins_sdk.resources.queue import QueueOperations as QueueOperations
    from jenkins_sdk.resources.system import SystemOperations as SystemOperations
    from jenkins_sdk.resources.users import UserOperations as UserOperations
    from jenkins_sdk.resources.views import ViewOperations as ViewOperations

if not TYPE_CHECKING:  # the type checker reads the imports above instead
    __getattr__, __dir__ = lazy_exports(globals())
