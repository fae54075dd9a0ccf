"""Views: list the controller's (or a folder's) views, read one, and list the jobs it shows."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk.models import JobSummary, View, ViewSummary, structure, tree_of
from jenkins_sdk.refs import JobSpec, encode_segment, job_path

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["ViewOperations", "view_path"]


def view_path(view: str, folder: JobSpec | None = None) -> str:
    """The relative URL path of a view (``view/<name>/``), optionally inside a folder."""
    if not view or view in (".", ".."):
        raise ValueError(f"invalid view name {view!r}")
    base = job_path(folder) if folder is not None else ""
    return f"{base}view/{encode_segment(view)}/"


class ViewOperations:
    """Operations on views, reached as ``client.views``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(self, folder: JobSpec | None = None) -> builtins.list[ViewSummary]:
        """Return the views of the controller (or of ``folder``), ``all`` included."""
        path = f"{job_path(folder)}api/json" if folder is not None else "api/json"
        data = self._requester.get_json(path, tree=f"views[{tree_of(ViewSummary)}]")
        if not isinstance(data, dict):
            raise errors.ResponseShapeError("the views listing is not a JSON object")
        return [structure(view, ViewSummary) for view in data.get("views") or []]

    def get(self, view: str, *, folder: JobSpec | None = None) -> View:
        """Return one view (``"all"`` is the default view of every controller)."""
        return self._requester.get_model(f"{view_path(view, folder)}api/json", View)

    def jobs(self, view: str, *, folder: JobSpec | None = None) -> builtins.list[JobSummary]:
        """Return the jobs a view shows."""
        path = f"{view_path(view, folder)}api/json"
        data = self._requester.get_json(path, tree="jobs[_class,name,url,color,fullName]")
        if not isinstance(data, dict):
            raise errors.ResponseShapeError("the view is not a JSON object")
        return [structure(job, JobSummary) for job in data.get("jobs") or []]
