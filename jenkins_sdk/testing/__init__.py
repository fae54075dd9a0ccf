"""``jenkins_sdk.testing``: a loopback Jenkins emulator for tests, demos and benchmarks.

>>> from jenkins_sdk.testing import JenkinsEmulator, StageSpec
>>> with JenkinsEmulator() as emu:           # doctest: +SKIP
...     emu.pipeline("team/app", stages=[StageSpec("Build", 5)])
...     emu.advance(10)

The emulator never imports the SDK's client code and never executes anything it is sent.

Adding an area (credentials, agents, plugins...) touches only new files plus one line each:
``routes/<area>.py`` declares ``ROUTES``/``JOB_ACTIONS``/``BUILD_ACTIONS``... dicts and is listed in
``routes.AREAS``; ``state/<area>.py`` holds its data in a store class reached with
``state.store(AreaStore)`` (dropped on ``reset()``, ticked with the clock when it has ``tick``);
``builders/<area>.py`` is a mixin of builder methods added to ``JenkinsEmulator``'s bases.
"""

from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.emulator import (
    DEFAULT_PASSWORD,
    DEFAULT_TOKEN,
    DEFAULT_USER,
    Counters,
    JenkinsEmulator,
    LoggedRequest,
    branch_job_name,
)
from jenkins_sdk.testing.faults import Fault, FaultPlan
from jenkins_sdk.testing.linked_clock import LinkedClock
from jenkins_sdk.testing.model import (
    ArtifactSpec,
    InputSpec,
    Outcome,
    ParamDef,
    StageSpec,
    TestCaseSpec,
    TestReportSpec,
)
from jenkins_sdk.testing.state.branches import HeadSpec

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "ArtifactSpec",
    "Counters",
    "EmulatorClock",
    "Fault",
    "FaultPlan",
    "HeadSpec",
    "InputSpec",
    "JenkinsEmulator",
    "LinkedClock",
    "LoggedRequest",
    "Outcome",
    "ParamDef",
    "StageSpec",
    "TestCaseSpec",
    "TestReportSpec",
    "branch_job_name",
]
