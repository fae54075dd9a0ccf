"""The builder API of :class:`~jenkins_sdk.testing.JenkinsEmulator`, one mixin per area.

A new area adds ``builders/<area>.py`` with a mixin inheriting
:class:`~jenkins_sdk.testing.builders.base.EmulatorParts` and one line in ``JenkinsEmulator``'s
bases.
"""

from jenkins_sdk.testing.builders.agents import AgentBuilders
from jenkins_sdk.testing.builders.branches import BranchBuilders, HeadLike, branch_job_name
from jenkins_sdk.testing.builders.builds import BuildBuilders
from jenkins_sdk.testing.builders.controller import ControllerBuilders
from jenkins_sdk.testing.builders.credentials import CredentialBuilders
from jenkins_sdk.testing.builders.faults import FaultBuilders
from jenkins_sdk.testing.builders.items import ItemBuilders
from jenkins_sdk.testing.builders.lifecycle import LifecycleBuilders
from jenkins_sdk.testing.builders.plugins import PluginBuilders
from jenkins_sdk.testing.builders.scripts import ScriptBuilders
from jenkins_sdk.testing.builders.users import UserBuilders

__all__ = [
    "AgentBuilders",
    "BranchBuilders",
    "BuildBuilders",
    "ControllerBuilders",
    "CredentialBuilders",
    "FaultBuilders",
    "HeadLike",
    "ItemBuilders",
    "LifecycleBuilders",
    "PluginBuilders",
    "ScriptBuilders",
    "UserBuilders",
    "branch_job_name",
]
