"""Job administration: upsert, move, descriptions, next build number, wipe-out, name matching.

Mixed into ``client.jobs``. Each call is grounded in Jenkins' sources (docs/protocol-depth.md):
``createItem`` / ``config.xml`` (``ItemGroupMixIn``, ``AbstractItem.doConfigDotXml``), the folder
plugin's ``move/move`` (``DefaultRelocationUI.doMove``), ``Job.doDescription``, the
next-build-number plugin's ``nextbuildnumber/submit`` and ``AbstractProject.doDoWipeOutWorkspace``.
Jenkins answers several of these with a redirect whether or not it acted; the calls check what
happened and raise instead of reporting success that did not occur.
"""

from __future__ import annotations

import fnmatch
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urlsplit

from jenkins_sdk import errors
from jenkins_sdk.refs import JobRef, JobSpec

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["JobAdminOperations", "name_matcher"]

_XML = {"Content-Type": "application/xml; charset=UTF-8"}
_REDIRECTED = (200, 302, 303)
_GLOB_CHARS = frozenset("*?[")
_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def name_matcher(pattern: str, *, regex: bool = False) -> Callable[[str], bool]:
    """A test of full names: a glob (case-insensitive; no ``*?[`` means a substring) or a regex.

    Raises:
        InvalidRef: ``regex`` and the pattern does not compile.
    """
    if regex:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise errors.InvalidRef(f"not a regular expression: {pattern!r} ({exc})") from None
        return lambda name: compiled.search(name) is not None
    glob = pattern if _GLOB_CHARS & set(pattern) else f"*{pattern}*"
    compiled = re.compile(fnmatch.translate(glob.lower()))
    return lambda name: compiled.match(name.lower()) is not None


def _with_description(xml: str, text: str) -> bytes:
    """``config.xml`` with its root element's ``<description>`` set to ``text``."""
    prolog = _PROLOG.match(xml)
    try:
        root = ET.fromstring(xml[prolog.end() :] if prolog else xml)
    except ET.ParseError as exc:
        raise errors.UnexpectedResponse(f"config.xml is not XML: {exc}") from None
    node = root.find("description")
    if node is None:
        node = ET.Element("description")
        root.insert(0, node)
    node.text = text
    head = prolog.group(0).strip() + "\n" if prolog else ""
    return (head + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _path_of(location: str) -> str:
    return unquote(urlsplit(location).path).rstrip("/")


class JobAdminOperations:
    """``upsert``, ``move``, ``set_description``, ``set_next_build_number`` and
    ``wipe_workspace`` of ``client.jobs``."""

    _requester: Requester

    def upsert(self, job: JobSpec, xml: str | bytes) -> Literal["created", "updated"]:
        """Create ``job`` from ``config.xml``, or replace the configuration of the existing one.

        Returns ``"created"`` or ``"updated"``. Jenkins cannot change an item's type in place: a
        different root element is refused with a 500 ("Expecting class ... but got ...").

        Raises:
            NotFound: a parent folder does not exist.
        """
        ref = JobRef.parse(job)
        body = (xml.encode("utf-8") if isinstance(xml, str) else xml).removeprefix(b"\xef\xbb\xbf")
        try:
            self._requester.post(f"{ref.path}config.xml", data=body, headers=_XML)
            return "updated"
        except errors.NotFound:
            pass
        parent = ref.parent
        create = f"{parent.path}createItem" if parent is not None else "createItem"
        try:
            self._requester.post(create, params={"name": ref.name}, data=body, headers=_XML)
            return "created"
        except errors.BadRequest:
            # created meanwhile by someone else ("A job already exists"): update it after all
            self._requester.post(f"{ref.path}config.xml", data=body, headers=_XML)
            return "updated"

    def move(self, job: JobSpec, dest_folder: JobSpec | None) -> JobRef:
        """Move ``job`` (or a folder) into ``dest_folder`` (``None`` or ``""``: the root).

        Returns the new reference. Jenkins answers an impossible move (no such folder, an item
        of that name there, a folder into itself, no Move permission) with the same redirect as
        a no-op; this call checks where it was sent and raises instead.

        Raises:
            UnexpectedResponse: Jenkins did not move the item.
            NotFound: no such item, or it cannot be moved (branch jobs of a multibranch project).
        """
        ref = JobRef.parse(job)
        dest = JobRef.parse(dest_folder) if dest_folder else None
        target = dest.child(ref.name) if dest is not None else JobRef((ref.name,))
        destination = "/" + (dest.full_name if dest is not None else "")
        reply = self._requester.post(
            f"{ref.path}move/move", data={"destination": destination}, ok=_REDIRECTED
        )
        wanted = "/" + "/".join(f"job/{n}" for n in target.segments)
        if any(_path_of(loc).endswith(wanted) for loc in reply.locations):
            return target
        raise errors.UnexpectedResponse(
            f"Jenkins did not move {ref.full_name!r} to {destination!r}",
            method="POST",
            url=reply.url,
            status=reply.status,
            hint="the folder may not exist, hold an item of that name, or you lack Job/Move",
        )

    def set_description(self, job: JobSpec, text: str) -> None:
        """Set the description of a job or folder (HTML as Jenkins' markup formatter allows).

        Jobs use ``POST description`` (204). A folder has no such endpoint (its
        ``submitDescription`` sets its view's text), so its ``config.xml`` is edited instead.
        """
        ref = JobRef.parse(job)
        try:
            self._requester.post(
                f"{ref.path}description", data={"description": text}, ok=(200, 204)
            )
            return
        except errors.NotFound:
            xml = self._requester.get_text(f"{ref.path}config.xml")  # 404 again: no such item
        body = _with_description(xml, text)
        self._requester.post(f"{ref.path}config.xml", data=body, headers=_XML)

    def set_next_build_number(self, job: JobSpec, n: int) -> None:
        """Set the number the next build of ``job`` gets (the next-build-number plugin).

        Raises:
            UnexpectedResponse: Jenkins kept another number (``n`` is not above the last
                build's; Jenkins ignores such a value without saying so).
            NotFound: no such job, or the plugin is not installed.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise errors.InvalidRef(f"a build number is a positive int, not {n!r}")
        ref = JobRef.parse(job)
        form = {"json": json.dumps({"nextBuildNumber": n})}
        self._requester.post(f"{ref.path}nextbuildnumber/submit", data=form, ok=_REDIRECTED)
        data = self._requester.get_json(f"{ref.path}api/json", tree="nextBuildNumber") or {}
        kept = data.get("nextBuildNumber") if isinstance(data, dict) else None
        if kept != n:
            raise errors.UnexpectedResponse(
                f"Jenkins kept {kept!r} as the next build number of {ref.full_name!r}",
                url=self._requester.url_for(f"{ref.path}nextbuildnumber/"),
                hint="it must be greater than the number of the last build",
            )

    def wipe_workspace(self, job: JobSpec) -> bool:
        """Wipe out the workspace of a freestyle (``AbstractProject``) job.

        Returns ``True`` when Jenkins wiped it, ``False`` when there was nothing to wipe (never
        built) or the SCM refused ("blocked by SCM": Jenkins answers both with one page).

        Raises:
            NotFound: no such job, or a Pipeline job (it has no wipe-out endpoint; clean its
                workspaces from the Pipeline, e.g. with ``cleanWs()``).
        """
        ref = JobRef.parse(job)
        reply = self._requester.post(f"{ref.path}doWipeOutWorkspace", ok=_REDIRECTED)
        return reply.status in (302, 303)  # 200 is the "blocked by SCM" page
