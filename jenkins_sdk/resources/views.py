"""Views: list the controller's (or a folder's) views, read one, and list the jobs it shows."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk.models import JobSummary, View, ViewSummary, structure, tree_of
from jenkins_sdk.refs import JobRef, JobSpec, encode_segment, job_path
from jenkins_sdk.resources import _shapes
from jenkins_sdk.specs import list_view_xml

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["ViewOperations", "view_path"]

_XML = {"Content-Type": "application/xml; charset=UTF-8"}


def view_path(view: str, folder: JobSpec | None = None) -> str:
    """The relative URL path of a view (``view/<name>/``), optionally inside a folder."""
    if not view or view in (".", ".."):
        raise errors.InvalidRef(f"invalid view name {view!r}")
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
        views = _shapes.entries(data, "views", "the views listing")
        return [structure(view, ViewSummary) for view in views]

    def get(self, view: str, *, folder: JobSpec | None = None) -> View:
        """Return one view (``"all"`` is the default view of every controller)."""
        return self._requester.get_model(f"{view_path(view, folder)}api/json", View)

    def jobs(self, view: str, *, folder: JobSpec | None = None) -> builtins.list[JobSummary]:
        """Return the jobs a view shows."""
        path = f"{view_path(view, folder)}api/json"
        data = self._requester.get_json(path, tree="jobs[_class,name,url,color,fullName]")
        return [structure(job, JobSummary) for job in _shapes.entries(data, "jobs", "the view")]

    # --- administration (docs/protocol-admin.md section 5) ----------------------------------

    def create(
        self,
        name: str,
        *,
        folder: JobSpec | None = None,
        jobs: Iterable[JobSpec] = (),
        regex: str | None = None,
        xml: str | None = None,
    ) -> View:
        """Create a list view showing ``jobs`` (names relative to the view's owner: the root or
        ``folder``) and those matching ``regex``, or any view from its ``xml``; return it.

        Raises:
            BadRequest: a view of that name exists, or the name is not allowed.
        """
        view_path(name, folder)  # checks the name
        if xml is None:
            chosen = [jobs] if isinstance(jobs, str | JobRef) else list(jobs)
            names = [_relative_name(job) for job in chosen]
            xml = list_view_xml(name, names, regex)
        elif jobs or regex:
            raise errors.InvalidRef("give either xml or jobs/regex, not both")
        base = job_path(folder) if folder is not None else ""
        self._requester.post(
            f"{base}createView", params={"name": name}, data=xml.encode(), headers=_XML, ok=(200,)
        )
        return self.get(name, folder=folder)

    def delete(self, name: str, *, folder: JobSpec | None = None) -> None:
        """Delete a view (``doDelete``)."""
        self._requester.post(f"{view_path(name, folder)}doDelete")

    def get_config(self, name: str, *, folder: JobSpec | None = None) -> str:
        """Return a view's config.xml."""
        return self._requester.get_text(f"{view_path(name, folder)}config.xml")

    def update_config(self, name: str, xml: str, *, folder: JobSpec | None = None) -> None:
        """Replace a view's config.xml (its name stays; the view type must not change)."""
        path = f"{view_path(name, folder)}config.xml"
        self._requester.post(path, data=xml.encode("utf-8"), headers=_XML, ok=(200,))

    def add_job(self, view: str, job: JobSpec, *, folder: JobSpec | None = None) -> None:
        """Add a job to a list view (relative to the view's owner; nothing changes if present).

        Raises:
            BadRequest: no such job.
        """
        path = f"{view_path(view, folder)}addJobToView"
        self._requester.post(path, params={"name": _relative_name(job)}, ok=(200,))

    def remove_job(self, view: str, job: JobSpec, *, folder: JobSpec | None = None) -> None:
        """Remove a job from a list view (nothing changes if it is not there)."""
        path = f"{view_path(view, folder)}removeJobFromView"
        self._requester.post(path, params={"name": _relative_name(job)}, ok=(200,))


def _relative_name(job: JobSpec) -> str:
    """A job as ``ListView.resolveName`` reads it: ``a/b`` for a job in folder ``a``."""
    return JobRef.parse(job).full_name
