"""Following queued builds for the monitor: one ``queue/api/json`` read for every waiting item.

An item still listed is still queued (its ``timestamp`` says when a quiet period ends). An item
no longer listed has left: the executors view (read right after, with ``queueId``) names the
build it started; only an item found in neither is read alone (``queue/item/<id>/``, kept ~5
minutes by Jenkins), and once that has expired, its job's builds are searched by ``queueId``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk import errors
from jenkins_sdk.refs import JobRef, QueueRef
from jenkins_sdk.resources import _shapes, _statuses, _timing

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock

__all__ = ["Left", "QueueFollower", "Waiting"]

QUEUE_TREE = "items[id,inQueueSince,timestamp,task[url]]"
_ITEM_TREE = "cancelled,executable[number,url],task[url]"


@attrs.define
class Waiting:
    """A watched queue item not yet seen as a build."""

    id: int
    job: JobRef | None = None
    since: float | None = None
    """Our clock's reading when the item was created, if we know it (we triggered it)."""
    due: float | None = None
    """Our clock's reading when its quiet period ends, from the last queue read."""


@attrs.frozen
class Left:
    """What became of an item that left the queue: a build, or nothing (cancelled)."""

    item: Waiting
    job: JobRef
    number: int | None


def _job_from_task(item: dict[str, Any], what: str) -> JobRef | None:
    task = _shapes.member_object(item, "task", what) or {}
    url = _shapes.string(task.get("url"), what, path="$.task.url")
    if not url:
        return None
    try:
        return JobRef.from_url(url)
    except errors.InvalidJobRef:
        return None


class QueueFollower:
    """The queued part of a monitor's watch list."""

    def __init__(self, requester: Requester, clock: Clock) -> None:
        """Follow items with ``requester``; times are ``clock`` readings."""
        self._requester = requester
        self._clock = clock
        self.waiting: dict[int, Waiting] = {}

    def add(self, ref: QueueRef, job: JobRef | None, since: float | None) -> None:
        """Watch queue item ``ref`` (``job``: its job, when known)."""
        self.waiting[ref.id] = Waiting(ref.id, job, since)

    def read_queue(self) -> set[int]:
        """One ``queue/api/json`` read: the watched ids still queued (their due times noted)."""
        what = "queue/api/json"
        items = _shapes.entries(self._requester.get_json(what, tree=QUEUE_TREE), "items", what)
        now = self._clock.monotonic()
        queued: set[int] = set()
        for at, item in _shapes.objects(items, what, path="$.items"):
            wid = _shapes.integer(item.get("id"), what, path=f"{at}.id")
            watched = self.waiting.get(wid) if wid is not None else None
            if watched is None:
                continue
            queued.add(watched.id)
            watched.job = watched.job or _job_from_task(item, what)
            waited = None if watched.since is None else now - watched.since
            left = _timing.quiet_remaining(
                item.get("timestamp"), item.get("inQueueSince"), waited=waited
            )
            watched.due = None if left is None else now + left
        return queued

    def started(self, queue_ids: Mapping[int, tuple[tuple[str, ...], int]]) -> list[Left]:
        """Items the executors view shows running (by ``queueId``): they leave the watch (the
        view is read after the queue, so it wins over an item still listed there)."""
        out = []
        for wid, key in queue_ids.items():
            watched = self.waiting.get(wid)
            if watched is not None:
                out.append(Left(watched, JobRef(key[0]), key[1]))
                del self.waiting[wid]
        return out

    def resolve(self, ids: Iterable[int], pool: ThreadPoolExecutor) -> tuple[list[Left], int]:
        """Read each item that left unseen; returns what became of them and the request count."""
        futures: dict[Future[tuple[Left | None, int]], int] = {
            pool.submit(self._resolve_one, self.waiting[i]): i for i in ids
        }
        found: list[Left] = []
        requests = 0
        for future, wid in futures.items():
            try:
                left, sent = future.result()
            except errors.JenkinsError as exc:
                if not exc.retryable:
                    raise
                requests += 1
                continue  # asked again next round
            requests += sent
            if left is not None:
                found.append(left)
                self.waiting.pop(wid, None)
        return found, requests

    def _resolve_one(self, item: Waiting) -> tuple[Left | None, int]:
        ref = QueueRef(item.id)
        try:
            raw = self._requester.get_json(f"{ref.path}api/json", tree=_ITEM_TREE)
        except errors.NotFound:
            return self._find_expired(item), 2
        what = f"queue item {item.id}"
        found = _shapes.as_object(raw, what)
        job = item.job or _job_from_task(found, what)
        executable = _shapes.member_object(found, "executable", what) or {}
        number = _shapes.integer(executable.get("number"), what, path="$.executable.number")
        if job is not None and number is not None and number > 0:
            return Left(item, job, number), 1
        cancelled = _shapes.boolean(found.get("cancelled"), what, path="$.cancelled")
        if cancelled and job is not None:
            return Left(item, job, None), 1
        return None, 1  # a build is being created: look again next round

    def _find_expired(self, item: Waiting) -> Left:
        if item.job is None:
            raise errors.NotFound(
                f"queue item {item.id} has left the queue and expired; its job is unknown "
                "(watch the QueueRef a trigger returned, which remembers its job)",
                status=404,
            )
        number = _statuses.build_of_item(self._requester, item.job, item.id)
        return Left(item, item.job, number)  # no build came from it: it was cancelled

    def next_due(self) -> float | None:
        """The earliest known end of a quiet period among the waiting items."""
        dues = [w.due for w in self.waiting.values() if w.due is not None]
        return min(dues, default=None)
