"""Branch scans: multibranch indexing, organization-folder scans, their logs and branch jobs.

``client.jobs.scan``/``scan_log``/``branches`` (mixed into ``JobOperations``). A scan is
cloudbees-folder's ``ComputedFolder.doBuild`` (``POST <folder>/build``, answered 302 with no queue
item); its state is only visible in the queue (while it waits) and in its log
(``<folder>/computation/logText/progressiveText``, complete once the scan has a result). Branch job
names are branch-api ``NameEncoder`` names (``feature/x`` is the job ``feature%2Fx``).
"""

from __future__ import annotations

import builtins
import re
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk import _polling, errors
from jenkins_sdk.refs import JobRef, JobSpec
from jenkins_sdk.resources import _shapes
from jenkins_sdk.status import BuildResult

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["BranchJob", "ScanOperations", "ScanResult", "branch_name"]

_ESCAPES = {"%23": "#", "%25": "%", "%2F": "/", "%3F": "?", "%5B": "[", "%5D": "]", "%5C": "\\"}
_SPECIAL = {"%00": "", "%2E": ".", "%2E.": ".."}
_ESCAPE = re.compile("|".join(re.escape(e) for e in _ESCAPES))
_FINISHED = re.compile(rb"(?:^|\n)Finished: ([A-Z_]+)\r?\n?$")
_KINDS = {"change-requests": "pull-request", "tags": "tag"}
_BRANCHES_TREE = "jobs[name,url,color,buildable,displayName],views[name,jobs[name]]"  # one request
# How much of a scan log's end is kept while following it (its ``Finished: X`` line).
_TAIL_KEEP = 512


def branch_name(job_name: str) -> str:
    """The branch behind a branch job's name (branch-api ``NameEncoder.decode``).

    Only ``NameEncoder``'s escapes are decoded (``%2F`` ``%25`` ``%23`` ``%3F`` ``%5B`` ``%5D``
    ``%5C``, and ``%00``/``%2E``/``%2E.`` for the empty, ``.`` and ``..`` names).
    """
    if job_name in _SPECIAL:
        return _SPECIAL[job_name]
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], job_name)


@attrs.frozen
class BranchJob:
    """A job of a multibranch project (or a project of an organization folder).

    Attributes:
        name: Jenkins' job name (``feature%2Fx``): use it in job references.
        branch: the branch (or repository) it stands for (``feature/x``).
        kind: ``branch``, ``pull-request`` or ``tag`` (from the project's category views).
        full_name: ``project/feature%2Fx``.
        url: the job's URL on the client's base URL.
        display_name: what Jenkins shows (a pull request's title, ...).
        color: the job's ball colour (``None`` for folders).
        buildable: false for a disabled (e.g. dead) branch.
    """

    name: str
    branch: str
    kind: str
    full_name: str
    url: str
    display_name: str | None = None
    color: str | None = None
    buildable: bool | None = None


@attrs.frozen
class ScanResult:
    """What :meth:`ScanOperations.scan` saw.

    Attributes:
        job: the scanned project.
        finished: whether the scan was waited for to its end.
        result: the scan's result (``SUCCESS``, ``FAILURE``, ``ABORTED``...) once finished.
    """

    job: JobRef
    finished: bool = False
    result: BuildResult | None = None

    @property
    def ok(self) -> bool:
        """True when the scan finished with SUCCESS."""
        return self.result is BuildResult.SUCCESS


def _same_item(url: Any, ref: JobRef) -> bool:
    """Whether a queue task ``url`` (Jenkins' root URL, any encoding) names ``ref``."""
    if not isinstance(url, str):
        return False
    try:
        # exact: a folder ``other/mb`` being scanned is not ``mb``; ``%2F`` stays in its name
        return JobRef.from_url(url).segments == ref.segments
    except errors.InvalidJobRef:
        return False  # a task that is not an item (or an unreadable URL)


class ScanOperations:
    """``scan``, ``scan_log`` and ``branches`` of ``client.jobs``."""

    _requester: Requester

    def scan(self, job: JobSpec, *, wait: bool = False, timeout: float = 600) -> ScanResult:
        """Scan a multibranch project or organization folder (branch indexing / org scan).

        Schedules the scan (``POST build``). With ``wait=True``, waits while it is queued, then
        follows its log until Jenkins marks it complete, and returns its result; reading the
        log once is all it costs. A job that is not a folder is refused before anything is sent.

        Raises:
            InvalidJobRef: ``job`` is not a folder (scanning must never build a job).
            NotFound: no such item, or a plain folder (it has nothing to scan).
            InternalError: Jenkins refuses to scan ("cannot be recomputed": a project without
                branch sources, or a disabled one).
            WaitTimeout: ``wait`` and the scan did not finish within ``timeout`` seconds.
        """
        ref = JobRef.parse(job)
        timeout = self._requester.wait_seconds(timeout)  # checked before anything is sent
        info = self._requester.get_json(f"{ref.path}api/json", tree="name,jobs[name]{0}")
        if not isinstance(info, dict) or "jobs" not in info:
            kind = info.get("_class", "?") if isinstance(info, dict) else "?"
            raise errors.InvalidJobRef(f"{ref.full_name!r} is a job ({kind}), not a folder to scan")
        try:
            self._requester.post(f"{ref.path}build", params={"delay": "0sec"})
        except (errors.NotFound, errors.InternalError) as exc:
            raise type(exc)(
                f"{ref.full_name!r} cannot be scanned: "
                + (
                    "it is not a multibranch project or organization folder"
                    if isinstance(exc, errors.NotFound)
                    else 'Jenkins refused ("cannot be recomputed": no branch source, or it or '
                    "a folder above it is disabled)"
                ),
                method=exc.method,
                url=exc.url,
                status=exc.status,
                body_excerpt=exc.body_excerpt,
            ) from exc
        if not wait:
            return ScanResult(ref)
        return self._wait_for_scan(ref, timeout)

    def _wait_for_scan(self, ref: JobRef, timeout: float) -> ScanResult:
        clock = self._requester.clock
        deadline = clock.monotonic() + timeout

        def overdue(what: str) -> errors.WaitTimeout:
            return errors.WaitTimeout(
                f"the scan of {ref.full_name!r} was still {what} after {timeout:g} s",
                url=self._requester.url_for(f"{ref.path}computation/"),
            )

        _polling.poll(
            lambda: self._queued(ref),
            lambda queued: not queued,
            timeout=timeout,
            clock=clock,
            timeout_error=lambda _: overdue("queued"),
            initial=0.5,
            max_interval=5.0,
        )
        log = f"{ref.path}computation/logText/progressiveText"
        offset, tail = 0, b""
        waits = _polling.intervals(0.5, 2.0, 5.0)
        while True:
            chunk = self._requester.progressive(log, offset)
            offset, tail = chunk.next_offset, (tail + chunk.data)[-_TAIL_KEEP:]
            if not chunk.more:
                break
            left = deadline - clock.monotonic()
            if left <= 0:
                raise overdue("running")
            clock.sleep(min(next(waits), left))
        found = _FINISHED.search(tail.replace(b"\r\n", b"\n"))
        result = BuildResult(found.group(1).decode()) if found else None
        return ScanResult(ref, finished=True, result=result)

    def _queued(self, ref: JobRef) -> bool:
        what = "queue/api/json"
        data = self._requester.get_json(what, tree="items[task[url]]")
        items = _shapes.objects(_shapes.entries(data, "items", what), what, path="$.items")
        tasks = (_shapes.member_object(item, "task", what, path=at) or {} for at, item in items)
        return any(_same_item(task.get("url"), ref) for task in tasks)

    def scan_log(self, job: JobSpec) -> str:
        """The log of the project's current (or last) scan, console notes removed.

        A project never scanned answers ``No such file: indexing.log`` (Jenkins' words).
        """
        ref = JobRef.parse(job)
        return self._requester.get_text(f"{ref.path}computation/consoleText")

    def branches(self, job: JobSpec) -> builtins.list[BranchJob]:
        """The branch, pull-request and tag jobs of a multibranch project, in ONE request.

        Each :class:`BranchJob` has Jenkins' job ``name`` (``feature%2Fx``, for references) and
        the decoded ``branch`` (``feature/x``). On an organization folder, its projects.
        """
        ref = JobRef.parse(job)
        data = self._requester.get_json(f"{ref.path}api/json", tree=_BRANCHES_TREE)
        what = f"{ref.full_name!r}"
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise errors.ResponseShapeError(f"{ref.full_name!r} lists no jobs: is it a folder?")
        kinds: dict[str, str] = {}
        views = _shapes.member_list(data, "views", what)
        for at, view in _shapes.objects(views, what, path="$.views", null=True):
            kind = _KINDS.get(str(view.get("name")))
            listed = _shapes.member_list(view, "jobs", what, path=at)
            for _, entry in _shapes.objects(listed, what, path=f"{at}.jobs"):
                if kind is not None:
                    kinds[str(entry.get("name"))] = kind
        found: builtins.list[BranchJob] = []
        for at, entry in _shapes.objects(data["jobs"], what, path="$.jobs"):
            name = _shapes.string(entry.get("name"), what, path=f"{at}.name")
            if name is None:
                raise errors.ResponseShapeError(f"a job of {ref.full_name!r} has no name")
            child = ref.child(name)
            found.append(
                BranchJob(
                    name=name,
                    branch=branch_name(name),
                    kind=kinds.get(name, "branch"),
                    full_name=child.full_name,
                    url=self._requester.url_for(child.path),
                    display_name=entry.get("displayName"),
                    color=entry.get("color"),
                    buildable=entry.get("buildable"),
                )
            )
        return found
