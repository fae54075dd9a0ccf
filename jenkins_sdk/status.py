"""Status types: build results, the state of a build, and pipeline stage statuses.

``BuildResult`` and ``StageStatus`` are ``str`` enums whose values are Jenkins' own strings
(``BuildResult.SUCCESS == "SUCCESS"``); they are defined by the schemas and re-exported here.
"""

from __future__ import annotations

import enum

import attrs

from jenkins_sdk.models import BuildResult, StageStatus

__all__ = ["BuildResult", "BuildState", "BuildStatus", "StageStatus"]


class BuildState(str, enum.Enum):
    """Where a build is in its life: waiting in the queue, running, or finished."""

    QUEUED = "QUEUED"
    BUILDING = "BUILDING"
    COMPLETED = "COMPLETED"


@attrs.frozen
class BuildStatus:
    """The state of one build, and its result once completed.

    Attributes:
        state: queued, building or completed.
        result: the result when completed (``None`` while queued or building).
        number: the build number, once the build exists.
    """

    state: BuildState
    result: BuildResult | None = None
    number: int | None = None

    @classmethod
    def queued(cls) -> BuildStatus:
        """A build still waiting in the queue."""
        return cls(BuildState.QUEUED)

    @classmethod
    def from_build(cls, number: int, building: bool, result: str | None) -> BuildStatus:
        """Derive the status from a build's ``building`` flag and ``result`` (Jenkins' JSON)."""
        if building or result is None:
            return cls(BuildState.BUILDING, None, number)
        return cls(BuildState.COMPLETED, BuildResult(result), number)

    @property
    def done(self) -> bool:
        """True once the build has finished, whatever its result."""
        return self.state is BuildState.COMPLETED

    @property
    def succeeded(self) -> bool:
        """True when the build finished with SUCCESS."""
        return self.result is BuildResult.SUCCESS

    def __str__(self) -> str:
        if self.state is BuildState.COMPLETED and self.result is not None:
            return self.result.value
        return self.state.value
