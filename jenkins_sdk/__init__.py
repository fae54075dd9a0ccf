"""jenkins_sdk: a synchronous, thread-safe client for the Jenkins REST API.

Everything a user needs is re-exported here::

    from jenkins_sdk import JenkinsClient

    with JenkinsClient.from_env() as client:
        ref = client.builds.trigger("team/app", {"BRANCH": "main"})
        build = client.queue.wait_for_build(ref, timeout=300)
        print(client.builds.wait("team/app", build, timeout=3600).result)

``import jenkins_sdk`` is cheap: each name is imported from its module the first time it is used
(PEP 562 module ``__getattr__``), so e.g. ``import jenkins_sdk.testing`` never loads the client.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from jenkins_sdk._version import __version__

# A library never prints on its own: the application decides where its log goes. Without this
# handler, Python's last-resort handler would print the SDK's WARNINGs (a retry, a refused crumb)
# on the stderr of every program that configured no logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from jenkins_sdk import errors
    from jenkins_sdk.admin_results import (
        ApiToken,
        Credential,
        CredentialDomain,
        PluginInstall,
        PluginInstallResult,
        PluginUpdate,
    )
    from jenkins_sdk.client import JenkinsClient
    from jenkins_sdk.clock import Clock, ManualClock, SystemClock
    from jenkins_sdk.config import (
        CredentialProvider,
        Credentials,
        JenkinsConfig,
        RetrySettings,
        StaticCredentials,
    )
    from jenkins_sdk.errors import JenkinsError
    from jenkins_sdk.modes import SimulationMode
    from jenkins_sdk.refs import BuildRef, JobRef, QueueRef
    from jenkins_sdk.resources import (
        BuildMonitor,
        ConsoleStream,
        DownloadedFile,
        MonitoredBuild,
        QueuedBuild,
        RunningBuild,
        WatchedBuild,
    )
    from jenkins_sdk.specs import (
        CredentialSpec,
        InboundLauncher,
        SecretFile,
        SecretText,
        SSHLauncher,
        SSHPrivateKey,
        UsernamePassword,
    )
    from jenkins_sdk.status import BuildResult, BuildState, BuildStatus, StageStatus

__all__ = [
    "ApiToken",
    "BuildMonitor",
    "BuildRef",
    "BuildResult",
    "BuildState",
    "BuildStatus",
    "Clock",
    "ConsoleStream",
    "Credential",
    "CredentialDomain",
    "CredentialProvider",
    "CredentialSpec",
    "Credentials",
    "DownloadedFile",
    "InboundLauncher",
    "JenkinsClient",
    "JenkinsConfig",
    "JenkinsError",
    "JobRef",
    "ManualClock",
    "MonitoredBuild",
    "PluginInstall",
    "PluginInstallResult",
    "PluginUpdate",
    "QueueRef",
    "QueuedBuild",
    "RetrySettings",
    "RunningBuild",
    "SSHLauncher",
    "SSHPrivateKey",
    "SecretFile",
    "SecretText",
    "SimulationMode",
    "StageStatus",
    "StaticCredentials",
    "SystemClock",
    "UsernamePassword",
    "WatchedBuild",
    "__version__",
    "errors",
]

_SOURCES: dict[str, str] = {
    "ApiToken": "jenkins_sdk.admin_results",
    "BuildMonitor": "jenkins_sdk.resources",
    "BuildRef": "jenkins_sdk.refs",
    "BuildResult": "jenkins_sdk.status",
    "BuildState": "jenkins_sdk.status",
    "BuildStatus": "jenkins_sdk.status",
    "Clock": "jenkins_sdk.clock",
    "ConsoleStream": "jenkins_sdk.resources",
    "Credential": "jenkins_sdk.admin_results",
    "CredentialDomain": "jenkins_sdk.admin_results",
    "CredentialProvider": "jenkins_sdk.config",
    "CredentialSpec": "jenkins_sdk.specs",
    "Credentials": "jenkins_sdk.config",
    "DownloadedFile": "jenkins_sdk.resources",
    "InboundLauncher": "jenkins_sdk.specs",
    "JenkinsClient": "jenkins_sdk.client",
    "JenkinsConfig": "jenkins_sdk.config",
    "JenkinsError": "jenkins_sdk.errors",
    "JobRef": "jenkins_sdk.refs",
    "ManualClock": "jenkins_sdk.clock",
    "MonitoredBuild": "jenkins_sdk.resources",
    "PluginInstall": "jenkins_sdk.admin_results",
    "PluginInstallResult": "jenkins_sdk.admin_results",
    "PluginUpdate": "jenkins_sdk.admin_results",
    "QueueRef": "jenkins_sdk.refs",
    "QueuedBuild": "jenkins_sdk.resources",
    "RetrySettings": "jenkins_sdk.config",
    "RunningBuild": "jenkins_sdk.resources",
    "SSHLauncher": "jenkins_sdk.specs",
    "SSHPrivateKey": "jenkins_sdk.specs",
    "SecretFile": "jenkins_sdk.specs",
    "SecretText": "jenkins_sdk.specs",
    "SimulationMode": "jenkins_sdk.modes",
    "StageStatus": "jenkins_sdk.status",
    "StaticCredentials": "jenkins_sdk.config",
    "SystemClock": "jenkins_sdk.clock",
    "WatchedBuild": "jenkins_sdk.resources",
    "UsernamePassword": "jenkins_sdk.specs",
}
"""Public name -> the module that defines it (imported the first time the name is used)."""


def _load(name: str) -> Any:
    """Import the module behind ``name``, cache the value in this module and return it."""
    if name == "errors":
        value: Any = importlib.import_module("jenkins_sdk.errors")
    else:
        source = _SOURCES.get(name)
        if source is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
    globals()[name] = value
    return value


if not TYPE_CHECKING:  # the type checker sees the imports above instead

    def __getattr__(name: str) -> Any:
        """Import a public name from its module the first time it is asked for."""
        return _load(name)


def __dir__() -> list[str]:
    """Every public name, loaded or not (for ``dir()`` and completion)."""
    return sorted({*globals(), *__all__})
