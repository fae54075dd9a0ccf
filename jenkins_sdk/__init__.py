"""jenkins_sdk: a synchronous, thread-safe client for the Jenkins REST API.

Everything a user needs is re-exported here::

    from jenkins_sdk import JenkinsClient

    with JenkinsClient.from_env() as client:
        ref = client.builds.trigger("team/app", {"BRANCH": "main"})
        build = client.queue.wait_for_build(ref, timeout=300)
        print(client.builds.wait("team/app", build, timeout=3600).result)

``import jenkins_sdk`` is cheap: each name is imported from its module the first time it is used
(PEP 562 module ``__getattr__``, see :mod:`jenkins_sdk._lazy`), so e.g. ``import
jenkins_sdk.testing`` never loads the client. The ``TYPE_CHECKING`` block below is the one list of
the public names.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jenkins_sdk._lazy import lazy_exports
from jenkins_sdk._version import __version__ as __version__

# A library never prints on its own: the application decides where its log goes. Without this
# handler, Python's last-resort handler would print the SDK's WARNINGs (a retry, a refused crumb)
# on the stderr of every program that configured no logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from jenkins_sdk import errors as errors
    from jenkins_sdk.admin_results import ApiToken as ApiToken
    from jenkins_sdk.admin_results import Credential as Credential
    from jenkins_sdk.admin_results import CredentialDomain as CredentialDomain
    from jenkins_sdk.admin_results import PluginInstall as PluginInstall
    from jenkins_sdk.admin_results import PluginInstallResult as PluginInstallResult
    from jenkins_sdk.admin_results import PluginUpdate as PluginUpdate
    from jenkins_sdk.client import JenkinsClient as JenkinsClient
    from jenkins_sdk.clock import Clock as Clock
    from jenkins_sdk.clock import ManualClock as ManualClock
    from jenkins_sdk.clock import SystemClock as SystemClock
    from jenkins_sdk.config import CredentialProvider as CredentialProvider
    from jenkins_sdk.config import Credentials as Credentials
    from jenkins_sdk.config import JenkinsConfig as JenkinsConfig
    from jenkins_sdk.config import RetrySettings as RetrySettings
    from jenkins_sdk.config import StaticCredentials as StaticCredentials
    from jenkins_sdk.errors import JenkinsError as JenkinsError
    from jenkins_sdk.modes import SimulationMode as SimulationMode
    from jenkins_sdk.refs import BuildRef as BuildRef
    from jenkins_sdk.refs import JobRef as JobRef
    from jenkins_sdk.refs import QueueRef as QueueRef
    from jenkins_sdk.resources import BuildMonitor as BuildMonitor
    from jenkins_sdk.resources import ConsoleStream as ConsoleStream
    from jenkins_sdk.resources import DownloadedFile as DownloadedFile
    from jenkins_sdk.resources import MonitoredBuild as MonitoredBuild
    from jenkins_sdk.resources import QueuedBuild as QueuedBuild
    from jenkins_sdk.resources import RunningBuild as RunningBuild
    from jenkins_sdk.resources import WatchedBuild as WatchedBuild
    from jenkins_sdk.specs import CredentialSpec as CredentialSpec
    from jenkins_sdk.specs import InboundLauncher as InboundLauncher
    from jenkins_sdk.specs import SecretFile as SecretFile
    from jenkins_sdk.specs import SecretText as SecretText
    from jenkins_sdk.specs import SSHLauncher as SSHLauncher
    from jenkins_sdk.specs import SSHPrivateKey as SSHPrivateKey
    from jenkins_sdk.specs import UsernamePassword as UsernamePassword
    from jenkins_sdk.status import BuildResult as BuildResult
    from jenkins_sdk.status import BuildState as BuildState
    from jenkins_sdk.status import BuildStatus as BuildStatus
    from jenkins_sdk.status import StageStatus as StageStatus

if not TYPE_CHECKING:  # the type checker reads the imports above instead
    __getattr__, __dir__ = lazy_exports(globals())
