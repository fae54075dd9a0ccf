"""Builder API for script-driven builds: what shell commands do, and workspace contents."""

from __future__ import annotations

from collections.abc import Mapping

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.pipeline.stores import ShellRule, ShellTable, WorkspaceStore, as_bytes


class ScriptBuilders(EmulatorParts):
    """``sh_status``, ``workspace_files``."""

    def sh_status(
        self,
        pattern: str,
        code: int = 0,
        *,
        output: str = "",
        files: Mapping[str, str | bytes] | None = None,
        duration: float | None = None,
    ) -> None:
        """Decide what ``sh``/``bat`` (and freestyle shell steps) do for matching commands.

        ``pattern`` is a regular expression searched in each command line; the newest matching
        rule wins. ``code`` is the exit status (0 by default; non-zero fails the step with
        ``script returned exit code N``), ``output`` is printed (and returned by
        ``returnStdout``), ``files`` are written into the workspace, ``duration`` is the virtual
        time the step takes (default 1 s per step). Commands without a rule succeed silently.
        """
        rule = ShellRule(
            pattern,
            code,
            output,
            {path: as_bytes(content) for path, content in (files or {}).items()},
            duration,
        )
        with self.state.lock:
            self.state.store(ShellTable).add(rule)

    def workspace_files(self, path: str, files: Mapping[str, str | bytes]) -> None:
        """Put files into a job's workspace (as a checkout would), relative to its root."""
        with self.state.lock:
            ws = self.state.store(WorkspaceStore).of("/".join(p for p in path.split("/") if p))
            for name, content in files.items():
                ws[name.lstrip("./")] = as_bytes(content)
