"""What every builder mixin of :class:`~jenkins_sdk.testing.JenkinsEmulator` may use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.auth import AuthRealm
    from jenkins_sdk.testing.clock import EmulatorClock
    from jenkins_sdk.testing.counters import Counters
    from jenkins_sdk.testing.faults import FaultPlan
    from jenkins_sdk.testing.state import ControllerState


class EmulatorParts:
    """The attributes :class:`~jenkins_sdk.testing.JenkinsEmulator` sets up for its mixins.

    A mixin for a new area (``builders/<area>.py``) inherits this, uses these attributes, keeps
    its data in a state store (``self.state.store(AreaStore)``) so that ``reset()`` forgets it, and
    is added to ``JenkinsEmulator``'s bases in one line.
    """

    state: ControllerState
    clock: EmulatorClock
    auth: AuthRealm
    faults: FaultPlan
    counters: Counters
    seed: int
    default_user: str
