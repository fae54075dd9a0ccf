"""Queue: read, list and cancel queue items, and wait for an item to become a build."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, TypeAlias

from jenkins_sdk import _polling, errors
from jenkins_sdk.models import Queue, QueueItem
from jenkins_sdk.refs import BuildRef, JobRef, JobSpec, QueueRef
from jenkins_sdk.resources import _shapes, _statuses, _timing

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock

__all__ = ["QueueOperations", "QueueSpec"]

#: Anything naming a queue item: a ``QueueRef``, its id, or its URL.
QueueSpec: TypeAlias = QueueRef | int | str

# Only what ``wait_for_build`` reads: the build number, cancellation, the job's URL (to find the
# build again after the item expired), and when a waiting item's quiet period ends.
_ITEM_TREE = "cancelled,executable[number],task[url],inQueueSince,timestamp"


class QueueOperations:
    """Operations on the build queue, reached as ``client.queue``."""

    def __init__(self, requester: Requester, *, clock: Clock | None = None) -> None:
        """Bind the operations to the client's requester (and, for tests, another clock)."""
        self._requester = requester
        self._clock = clock

    @property
    def clock(self) -> Clock:
        """The clock waits sleep on (the client's, unless one was given)."""
        return self._clock if self._clock is not None else self._requester.clock

    def get(self, ref: QueueSpec) -> QueueItem:
        """Return one queue item, still waiting or recently left (Jenkins keeps those ~5 min).

        Raises:
            NotFound: no such item, or it left the queue more than ~5 minutes ago.
        """
        return self._requester.get_model(f"{QueueRef.parse(ref).path}api/json", QueueItem)

    def list(self) -> builtins.list[QueueItem]:
        """Return the items waiting in the queue now (items that left are not listed)."""
        queue = self._requester.get_model("queue/api/json", Queue)
        return builtins.list(queue.items or [])

    def cancel(self, ref: QueueSpec) -> None:
        """Cancel a waiting queue item.

        Raises:
            NotFound: the item does not exist or already left the queue (stop its build instead).
        """
        item = QueueRef.parse(ref)
        self._requester.post("queue/cancelItem", data={"id": str(item.id)})

    def wait_for_build(
        self,
        ref: QueueSpec,
        *,
        timeout: float,
        job: JobSpec | None = None,
        poll: float = 1.0,
        max_poll: float = 5.0,
    ) -> BuildRef:
        """Wait until a queue item has become a build and return the build's reference.

        While the item waits out its quiet period, the next look is just after it ends (the
        item's ``timestamp``); otherwise looks come every ``poll`` seconds, doubling up to
        ``max_poll`` (never more than ``max_poll`` apart). An item that left the queue and
        expired (404) is found again among the job's builds by ``queueId``; the job comes from
        ``job=``, from the ``QueueRef`` a trigger returned, or from an earlier poll.

        Raises:
            QueueCancelled: the item was cancelled before it started.
            QueueTimeout: the item was still waiting after ``timeout`` seconds.
            NotFound: the item expired and its job is unknown, or no build has its ``queueId``.
        """
        queued = QueueRef.parse(ref)
        timeout = self._requester.wait_seconds(timeout)
        state: dict[str, Any] = {"job": _job_of(queued, job), "item": None}
        created = getattr(queued, "queued_at", None)

        def check() -> int | None:
            state["item"] = None
            try:
                raw = self._requester.get_json(f"{queued.path}api/json", tree=_ITEM_TREE)
            except errors.NotFound:
                return self._find_left(queued, state["job"])
            what = f"queue item {queued.id}"
            item = _shapes.as_object(raw, what)
            state["item"] = item
            task = _shapes.member_object(item, "task", what) or {}
            task_url = _shapes.string(task.get("url"), what, path="$.task.url")
            if state["job"] is None and task_url:
                state["job"] = _job_from_url(task_url)
            if _shapes.boolean(item.get("cancelled"), what, path="$.cancelled"):
                raise errors.QueueCancelled(f"queue item {queued.id} was cancelled")
            return _executable_number(item, what)

        def quiet_left(_: int | None) -> float | None:
            raw = state["item"]
            if raw is None:
                return None
            waited = None if not isinstance(created, float) else self.clock.monotonic() - created
            return _timing.quiet_remaining(
                raw.get("timestamp"), raw.get("inQueueSince"), waited=waited
            )

        def timed_out(last: int | None) -> errors.QueueTimeout:
            return errors.QueueTimeout(
                f"queue item {queued.id} did not start a build within {timeout:g} s"
            )

        number = _polling.poll(
            check,
            lambda found: found is not None,
            hint=quiet_left,
            timeout=timeout,
            initial=poll,
            max_interval=max(max_poll, poll),
            clock=self.clock,
            timeout_error=timed_out,
        )
        assert number is not None  # poll returns only a value for which done() is true
        return BuildRef.parse(number)

    def _find_left(self, queued: QueueRef, job: JobRef | None) -> int:
        """Find the build an expired queue item became, by ``queueId`` among the job's builds."""
        if job is None:
            raise errors.NotFound(
                f"queue item {queued.id} has left the queue and expired; pass job= to find its "
                "build among the job's builds",
                status=404,
            )
        number = _statuses.build_of_item(self._requester, job, queued.id)
        if number is not None:
            return number
        raise errors.NotFound(
            f"queue item {queued.id} expired and no recent build of {job.full_name!r} came from it "
            "(it was probably cancelled)",
            status=404,
        )


def _executable_number(item: dict[str, Any], what: str) -> int | None:
    """The build number in a queue item's ``executable`` (``None`` while it has not started).

    Raises:
        ResponseShapeError: ``executable`` is present but not an object, or its number is not
            an integer.
    """
    executable = _shapes.member_object(item, "executable", what)
    if executable is None:
        return None
    number = _shapes.integer(executable.get("number"), what, path="$.executable.number")
    return number if number is not None and number > 0 else None


def _job_of(queued: QueueRef, job: JobSpec | None) -> JobRef | None:
    """The job a queue item belongs to, if the caller or the reference knows it."""
    if job is not None:
        return JobRef.parse(job)
    carried = getattr(queued, "job", None)
    return carried if isinstance(carried, JobRef) else None


def _job_from_url(url: str) -> JobRef | None:
    """The job of a queue item's ``task.url``; ``None`` for tasks that are not jobs."""
    try:
        return JobRef.from_url(url)
    except errors.InvalidJobRef:
        return None
