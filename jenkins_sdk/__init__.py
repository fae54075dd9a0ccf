"""jenkins_sdk: a synchronous, thread-safe client for the Jenkins REST API.

Everything a user needs is re-exported here::

    from jenkins_sdk import JenkinsClient

    with JenkinsClient.from_env() as client:
        ref = client.builds.trigger("team/app", {"BRANCH": "main"})
        build = client.queue.wait_for_build(ref, timeout=300)
        print(client.builds.wait("team/app", build, timeout=3600).result)
"""

from jenkins_sdk import errors
from jenkins_sdk._polling import Clock, ManualClock, SystemClock
from jenkins_sdk._version import __version__
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import (
    CredentialProvider,
    Credentials,
    JenkinsConfig,
    RetrySettings,
    StaticCredentials,
)
from jenkins_sdk.errors import JenkinsError
from jenkins_sdk.refs import BuildRef, JobRef, QueueRef
from jenkins_sdk.resources import (
    BuildMonitor,
    ConsoleStream,
    DownloadedFile,
    MonitoredBuild,
    QueuedBuild,
)
from jenkins_sdk.simulation import SimulationMode
from jenkins_sdk.status import BuildResult, BuildState, BuildStatus, StageStatus

__all__ = [
    "BuildMonitor",
    "BuildRef",
    "BuildResult",
    "BuildState",
    "BuildStatus",
    "Clock",
    "ConsoleStream",
    "CredentialProvider",
    "Credentials",
    "DownloadedFile",
    "JenkinsClient",
    "JenkinsConfig",
    "JenkinsError",
    "JobRef",
    "ManualClock",
    "MonitoredBuild",
    "QueueRef",
    "QueuedBuild",
    "RetrySettings",
    "SimulationMode",
    "StageStatus",
    "StaticCredentials",
    "SystemClock",
    "__version__",
    "errors",
]
