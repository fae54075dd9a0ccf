"""Confirming builds that left the executors: one read per folder for all of its jobs.

A build absent from the executors view has normally finished, but only a read of the build says
how (and a resuming pipeline may still be ``building``). Builds are grouped by the folder holding
their job: a folder with several such jobs is read once
(``<folder>/api/json?tree=jobs[name,nextBuildNumber,builds[number,building,result]{0,W}]``),
a lone job with ``builds.statuses`` (as is each job of a folder known to be far bigger than the
jobs to confirm in it, e.g. a controller's root with thousands of jobs). ``W`` covers each build
from what the executors view showed (the newest build number known of each job); a build outside
the window is asked for alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeAlias

from jenkins_sdk import errors
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources import _shapes
from jenkins_sdk.resources._statuses import status_of
from jenkins_sdk.status import BuildStatus

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["Answer", "Confirmation", "confirm", "one_read_size"]

#: What a confirmation says of one build: its status, or ``None`` when it no longer exists.
Answer: TypeAlias = "dict[tuple[JobRef, int], BuildStatus | None]"
#: ``builds.statuses``: (job, numbers) -> {number: status}.
StatusesFn: TypeAlias = "Callable[[JobRef, list[int]], dict[int, BuildStatus]]"

#: One read's answers, the builds its window missed, and (folder, items listed) for a folder.
_Read: TypeAlias = "tuple[Answer, dict[JobRef, list[int]], tuple[JobRef | None, int] | None]"

_STATUS_FIELDS = "number,building,result"
_CAP = 100  # Jenkins exports at most 100 entries of a job's ``builds``
#: A folder listing up to this many items is always read whole for two or more of its jobs...
_SMALL_FOLDER = 256
#: ...and a bigger one only while it lists at most this many items per job to confirm.
_FOLDER_FACTOR = 16


class Confirmation:
    """The outcome of one :func:`confirm`: answers, and how many requests it took."""

    def __init__(self) -> None:
        """Start empty."""
        self.answers: Answer = {}
        self.requests = 0
        self.skipped: set[tuple[JobRef, int]] = set()
        """Builds not answered this time (a retryable error): ask again next round."""
        self.sizes: dict[JobRef | None, int] = {}
        """How many items each folder read listed (``None``: the root)."""


def _window(numbers: list[int], newest: int | None) -> int:
    """How many of the newest builds a job's read must list to include ``min(numbers)``:
    build numbers are consecutive, so every number from it to the newest known one, and two
    more for builds started since."""
    top = max(numbers) if newest is None else max(newest, max(numbers))
    return min(_CAP, top - min(numbers) + 1 + 2)


def _read_folder(
    requester: Requester, folder: JobRef | None, jobs: Mapping[JobRef, list[int]], window: int
) -> _Read:
    """One folder read; returns the answers, the builds the window did not cover, and how
    many items the folder listed."""
    tree = f"jobs[name,nextBuildNumber,builds[{_STATUS_FIELDS}]{{0,{window}}}]"
    path = folder.path if folder is not None else ""
    what = f"{path or 'root '}api/json"
    listed = _shapes.entries(requester.get_json(f"{path}api/json", tree=tree), "jobs", what)
    by_name = {e.get("name"): (at, e) for at, e in _shapes.objects(listed, what, path="$.jobs")}
    answers: Answer = {}
    uncovered: dict[JobRef, list[int]] = {}
    for job, numbers in jobs.items():
        if job.name not in by_name:
            answers.update({(job, n): None for n in numbers})  # job gone
            continue
        at, entry = by_name[job.name]
        raw = _shapes.member_list(entry, "builds", what, path=at)  # none: not a job
        builds = {b["number"]: b for b in raw if type(b) is dict and _is_int(b.get("number"))}
        oldest = min(builds, default=None)
        following = _shapes.integer(
            entry.get("nextBuildNumber"), what, path=f"{at}.nextBuildNumber"
        )
        for n in numbers:
            if n in builds:
                answers[(job, n)] = status_of(builds[n], path=f"{at}.builds[{n}]")
            elif following is not None and n >= following:
                answers[(job, n)] = BuildStatus.queued()
            elif len(raw) >= window and oldest is not None and oldest > n:
                uncovered.setdefault(job, []).append(n)
            else:
                answers[(job, n)] = None  # deleted
    return answers, uncovered, (folder, len(listed))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _by_job(statuses: StatusesFn, job: JobRef, numbers: list[int]) -> _Read:
    try:
        found = statuses(job, numbers)
    except errors.NotFound:
        found = {}  # the job itself is gone: every build of it is missing
    return {(job, n): found.get(n) for n in numbers}, {}, None


def _per_job(jobs: int, size: int | None) -> bool:
    """Whether ``jobs`` jobs of a folder listing ``size`` items are cheaper to read one by one:
    a lone job always; several once the folder is known to be far bigger than them (a folder
    read makes Jenkins list every item, each with its newest builds: a controller's root may
    hold thousands of jobs)."""
    if jobs == 1:
        return True
    return size is not None and size > max(_SMALL_FOLDER, _FOLDER_FACTOR * jobs)


def confirm(
    requester: Requester,
    statuses: StatusesFn,
    candidates: Mapping[JobRef, Iterable[int]],
    newest: Mapping[tuple[str, ...], int],
    pool: ThreadPoolExecutor,
    sizes: Mapping[JobRef | None, int] | None = None,
) -> Confirmation:
    """Read the status of every candidate build, batched by folder, reads in parallel.

    ``newest``: the newest build number known of each job, by job segments (it sizes each
    folder read's window). ``sizes``: how many items earlier reads found in each folder; a
    folder far bigger than the jobs to confirm in it is read job by job instead.
    """
    out = Confirmation()
    groups: dict[JobRef | None, dict[JobRef, list[int]]] = {}
    for job, numbers in candidates.items():
        wanted = sorted(set(numbers))
        if wanted:
            groups.setdefault(job.parent, {})[job] = wanted
    futures: dict[Future[_Read], dict[JobRef, list[int]]] = {}
    for folder, jobs in groups.items():
        if _per_job(len(jobs), (sizes or {}).get(folder)):
            for job, numbers in jobs.items():
                futures[pool.submit(_by_job, statuses, job, numbers)] = {job: numbers}
        else:
            window = max(_window(n, newest.get(j.segments)) for j, n in jobs.items())
            futures[pool.submit(_read_folder, requester, folder, jobs, window)] = jobs
    _collect(out, futures, statuses, pool)
    return out


def _collect(
    out: Confirmation,
    futures: dict[Future[_Read], dict[JobRef, list[int]]],
    statuses: StatusesFn,
    pool: ThreadPoolExecutor,
) -> None:
    """Gather the reads; builds a window missed are asked for job by job (a second wave)."""
    while futures:
        later: dict[Future[_Read], dict[JobRef, list[int]]] = {}
        for future, jobs in futures.items():
            out.requests += 1
            try:
                answers, uncovered, size = future.result()
            except errors.NotFound:
                answers, uncovered, size = (
                    {(j, n): None for j, ns in jobs.items() for n in ns},
                    {},
                    None,
                )
            except errors.JenkinsError as exc:
                if not exc.retryable:
                    raise
                out.skipped.update((j, n) for j, ns in jobs.items() for n in ns)
                continue
            out.answers.update(answers)
            if size is not None:
                out.sizes[size[0]] = size[1]
            for job, numbers in uncovered.items():
                later[pool.submit(_by_job, statuses, job, numbers)] = {job: numbers}
        futures = later


def one_read_size(
    pending: Mapping[JobRef, Iterable[int]], sizes: Mapping[JobRef | None, int]
) -> int | None:
    """How many entries ONE read answering for every pending build would list: 1 for a single
    job (its builds), the folder's known item count when all jobs share a folder; ``None``
    when one read cannot do it (several folders) or the folder's size is not known yet."""
    jobs = [job for job, numbers in pending.items() if numbers]
    if len(jobs) == 1:
        return 1
    parents = {job.parent for job in jobs}
    if len(parents) != 1:
        return None
    return sizes.get(next(iter(parents)))
