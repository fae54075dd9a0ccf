"""The job-administration store: wiped workspaces and folders' primary-view descriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk.testing.state.items import FREESTYLE, Folder, Job

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState


class JobAdminStore:
    """When each job's workspace was last wiped, and what ``submitDescription`` set on folders."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.wiped_at: dict[Job, int] = {}
        #: ``AbstractFolder.doSubmitDescription`` sets the primary view's description.
        self.view_descriptions: dict[Folder, str | None] = {}

    def has_workspace(self, job: Job) -> bool:
        """A freestyle job has a workspace once a build started after the last wipe-out."""
        if job.kind != FREESTYLE:
            return False
        since = self.wiped_at.get(job, -1)
        return any(b.start_ms > since for b in job.builds.values())

    def wipe(self, job: Job, now_ms: int) -> None:
        """Forget the workspace (the next build makes a new one)."""
        self.wiped_at[job] = now_ms
