"""State stores of the build runtime: each job's virtual workspace and the shell outcome table
tests arrange (``JenkinsEmulator.sh_status``). Both are dropped by ``JenkinsEmulator.reset()``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState


@dataclass
class ShellRule:
    """What a matching ``sh``/``bat`` command line does: exit code, output, files, duration."""

    pattern: str
    code: int = 0
    output: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    duration: float | None = None

    def matches(self, command: str) -> bool:
        """``pattern`` is a regular expression searched in the command line."""
        return re.search(self.pattern, command) is not None


class ShellTable:
    """Rules for shell commands; the newest matching rule wins, no rule means exit code 0."""

    #: Virtual seconds a shell step takes when no rule says otherwise.
    DEFAULT_DURATION = 1.0

    def __init__(self, state: ControllerState) -> None:
        self.rules: list[ShellRule] = []

    def add(self, rule: ShellRule) -> None:
        """Add a rule (it takes precedence over older ones)."""
        self.rules.insert(0, rule)

    def lookup(self, command: str) -> ShellRule | None:
        """The rule for one command line."""
        return next((r for r in self.rules if r.matches(command)), None)


class WorkspaceStore:
    """Files of each job's workspace (path relative to the workspace -> bytes); a workspace
    outlives builds, as Jenkins' does."""

    def __init__(self, state: ControllerState) -> None:
        self.files: dict[str, dict[str, bytes]] = {}

    def of(self, job_name: str) -> dict[str, bytes]:
        """The files of one job's workspace (created empty)."""
        return self.files.setdefault(job_name, {})


def as_bytes(content: Any) -> bytes:
    """File content given as text or bytes."""
    return content if isinstance(content, bytes) else str(content).encode("utf-8")
