"""BuildMonitor: watch many builds at once, one request per round whatever their number.

A round reads the controller's executors view once (``computer/api/json``): every watched build
still on an executor is still running. A watched build no longer there has normally finished; the
builds that left are confirmed together, one read per folder holding them (``_confirm``), and a
build that still says ``building`` (a pipeline resuming after a restart) stays watched. Queued
builds are followed through one ``queue/api/json`` read (``_queued``). Rounds are paced so a
build is reported at most ``poll_interval`` after it ended, and move earlier when a build's
expected end (Jenkins' ``timestamp`` + ``estimatedDuration``) falls before the next round.
Jenkins' sources behind each step: ``docs/protocol-monitoring.md``; the measured choice of the
executors view: ``docs/guides/monitoring.md``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING, TypeAlias

import attrs

from jenkins_sdk import errors
from jenkins_sdk._http.requester import requester_of
from jenkins_sdk.refs import BuildRef, BuildSpec, JobRef, JobSpec, QueueRef
from jenkins_sdk.resources import _confirm, _timing
from jenkins_sdk.resources import builds as _builds
from jenkins_sdk.resources._queued import Left, QueueFollower
from jenkins_sdk.resources.executors import PATH, Seen, executors_tree, iter_seen
from jenkins_sdk.status import BuildResult, BuildStatus

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.client import JenkinsClient
    from jenkins_sdk.clock import Clock
    from jenkins_sdk.resources.queue import QueueSpec

__all__ = ["BuildMonitor", "MonitoredBuild", "WatchedBuild"]

ClientLike: TypeAlias = "JenkinsClient | Requester"
#: Rounds start this fraction of ``poll_interval`` apart (less their cost), so a report is never
#: later than ``poll_interval`` after a build's end even when sleeps wake up late.
_SLACK = 0.8
_Key: TypeAlias = "tuple[JobRef, int]"
#: Rounds in a row the executors view may fail transiently before the monitor stops using it.
_VIEW_ATTEMPTS = 3


@attrs.frozen
class MonitoredBuild:
    """One build the monitor finished watching.

    Attributes:
        job: the build's job.
        number: the build number (``0`` for a queue item cancelled before it became a build).
        status: the final status, or ``None`` when the build (or its job) no longer exists or
            never existed.
        queue_id: the queue item it was followed from, when it was watched while queued.
        cancelled: the queue item was cancelled before it started a build.
    """

    job: JobRef
    number: int
    status: BuildStatus | None
    queue_id: int | None = None
    cancelled: bool = False

    @property
    def result(self) -> BuildResult | None:
        """The build's result (``None`` if it vanished or never ran)."""
        return self.status.result if self.status is not None else None

    @property
    def missing(self) -> bool:
        """True when the build was deleted (or its job removed) while being watched, or never
        existed (see :attr:`cancelled`)."""
        return self.status is None


@attrs.frozen
class WatchedBuild:
    """A build still being watched, as the last round saw it (see ``on_round``).

    Attributes:
        job: its job (``None`` for a queue item whose job is not known yet).
        number: the build number (``None`` while it is queued).
        queue_id: the queue item it is followed from, if any.
        progress: percent of Jenkins' estimate elapsed (``None``: queued, or no estimate).
    """

    job: JobRef | None
    number: int | None
    queue_id: int | None = None
    progress: int | None = None


class _SkipRound(Exception):
    """The queue or the executors view failed transiently: this round learns nothing."""


class BuildMonitor:
    """Watch many builds at once and yield each as it completes.

    Each round costs one request for all running builds (the executors view), plus, in rounds
    where builds finish, one read per folder holding them; with queued builds, one queue read.
    Reads run on a ``ThreadPoolExecutor`` of ``max_workers`` threads sharing the client's pooled
    connections. Reads need no crumb.

    Example::

        monitor = BuildMonitor(client, [("team/app", 41), ("team/lib", 7)], timeout=3600)
        for done in monitor:
            print(done.job, done.number, done.result)
    """

    def __init__(
        self,
        client: ClientLike,
        builds: Iterable[tuple[JobSpec, BuildSpec]],
        *,
        max_workers: int = 8,
        timeout: float | None = None,
        poll_interval: float = 2.0,
        clock: Clock | None = None,
        queued: Iterable[QueueSpec] = (),
        on_round: Callable[[builtins.list[WatchedBuild]], None] | None = None,
    ) -> None:
        """Prepare to watch ``builds`` (``(job, build)`` pairs; permalinks resolved on start).

        Args:
            client: the shared ``JenkinsClient`` (or its requester).
            builds: the builds to watch.
            max_workers: threads for the reads of one round (keep <= the client's pool size).
            timeout: overall deadline in seconds (``None``: the client's ``wait_timeout``,
                finite).
            poll_interval: the most seconds between a build's end and its report: rounds
                start this often, less what their reads take (and 20 % for late wake-ups).
            clock: the clock to sleep on (the client's by default).
            queued: queue items (``QueueRef``s a trigger returned, ids or URLs) to follow until
                they become builds, then watch like ``builds``.
            on_round: called after every round with the builds still watched (e.g. to draw a
                live table); each round then also reads every build's progress.
        """
        if max_workers < 1:
            raise ValueError("max_workers must be >= 1")
        if poll_interval < 0:
            raise ValueError("poll_interval must be >= 0")
        requester = requester_of(client)
        self._builds = _builds.BuildOperations(requester, clock=clock)
        self._requester = requester
        self._targets = [(JobRef.parse(job), BuildRef.parse(build)) for job, build in builds]
        self._queued_refs = [QueueRef.parse(ref) for ref in queued]
        self._queued_jobs = [getattr(ref, "job", None) for ref in queued]
        self._max_workers = max_workers
        # A watch never lasts forever: without a timeout it ends at the client's wait_timeout.
        self._timeout = requester.wait_seconds(timeout)
        self._poll_interval = poll_interval
        self._on_round = on_round
        self._pending: dict[JobRef, set[int]] = {}
        self._queue_ids: dict[_Key, int] = {}
        self._ends: dict[_Key, float | None] = {}
        self._progress: dict[_Key, int | None] = {}
        self._view_ok = True
        self._view_failures = 0
        self._view_size: int | None = None
        self._sizes: dict[JobRef | None, int] = {}
        #: The newest build number known of each job (watched, or seen running).
        self._newest: dict[tuple[str, ...], int] = {}
        self._looked_at = 0.0
        self._cost = 0.0
        self._follower = QueueFollower(requester, self._builds.clock)
        self._rounds: builtins.list[int] = []

    @property
    def pending(self) -> dict[JobRef, frozenset[int]]:
        """The builds still running, by job (what was left when a deadline passed)."""
        return {job: frozenset(numbers) for job, numbers in self._pending.items() if numbers}

    @property
    def pending_queue_items(self) -> frozenset[int]:
        """The watched queue items that have not started a build yet (by queue id)."""
        return frozenset(self._follower.waiting)

    @property
    def requests_per_round(self) -> builtins.list[int]:
        """How many requests each finished round sent (the executors view included)."""
        return builtins.list(self._rounds)

    def __iter__(self) -> Iterator[MonitoredBuild]:
        """Yield every watched build as it completes, in completion order.

        Raises:
            BuildTimeout: the deadline passed with builds still running or queued (see
                :attr:`pending` and :attr:`pending_queue_items`).
        """
        clock = self._builds.clock
        deadline = clock.monotonic() + self._timeout
        with ThreadPoolExecutor(self._max_workers, thread_name_prefix="jenkins-monitor") as pool:
            yield from self._resolve(pool)
            while self._pending or self._follower.waiting:
                started = clock.monotonic()
                yield from self._round(pool)
                if not (self._pending or self._follower.waiting):
                    return
                now = clock.monotonic()
                if now >= deadline:
                    raise errors.BuildTimeout(self._timeout_message())
                wait = min(self._next_wait(started, now), deadline - now)
                if wait > 0:
                    clock.sleep(wait)

    def _timeout_message(self) -> str:
        left = sum(len(n) for n in self._pending.values())
        queued = len(self._follower.waiting)
        return (
            f"{left} build(s) in {len(self.pending)} job(s) still running"
            + (f" and {queued} queue item(s) still queued" if queued else "")
            + f" after {self._timeout:g} s"
        )

    def _resolve(self, pool: ThreadPoolExecutor) -> Iterator[MonitoredBuild]:
        """Turn permalinks into numbers (one read each) and register every build as pending."""
        self._pending = {}
        for ref, job in zip(self._queued_refs, self._queued_jobs, strict=True):
            known = getattr(ref, "queued_at", None)
            self._follower.add(ref, job, known if isinstance(known, float) else None)
        lookups: dict[Future[BuildStatus], JobRef] = {}
        for job, build in self._targets:
            if build.number is not None:
                self._pending.setdefault(job, set()).add(build.number)
            else:
                lookups[pool.submit(self._builds.status, job, build)] = job
        for future in as_completed(lookups):
            job = lookups[future]
            status = future.result()
            if status.number is None:
                raise errors.ResponseShapeError(f"a permalink of {job.full_name} has no number")
            if status.done:
                yield MonitoredBuild(job, status.number, status)
            else:
                self._pending.setdefault(job, set()).add(status.number)

    def _round(self, pool: ThreadPoolExecutor) -> Iterator[MonitoredBuild]:
        """One look at everything; yield the builds found finished (and cancelled items)."""
        sent = 0
        try:
            if self._follower.waiting:
                sent += 1
                queued = self._read_queue()
            else:
                queued = set()
            self._looked_at = self._builds.clock.monotonic()
            if not self._view_ok or self._one_read_is_cheaper():
                running = None
            else:
                sent += 1
                running = self._read_view()
        except _SkipRound:
            self._rounds.append(sent)
            return
        gone = [i for i in self._follower.waiting if i not in queued]
        if gone:
            lefts, requests = self._follower.resolve(gone, pool)
            sent += requests
            yield from self._take_left(lefts)
        candidates = {
            job: {n for n in numbers if running is None or n not in running.get(job.segments, ())}
            for job, numbers in self._pending.items()
        }
        outcome = _confirm.confirm(
            self._requester, self._statuses, candidates, self._newest, pool, self._sizes
        )
        sent += outcome.requests
        self._sizes.update(outcome.sizes)
        for (job, number), status in outcome.answers.items():
            if status is None or status.done:
                yield self._finish(job, number, status)
        self._rounds.append(sent)
        if self._on_round is not None:
            self._on_round(self._watched())

    def _read_queue(self) -> set[int]:
        try:
            return self._follower.read_queue()
        except errors.JenkinsError as exc:
            if exc.retryable:
                raise _SkipRound from exc
            raise

    def _statuses(self, job: JobRef, numbers: builtins.list[int]) -> dict[int, BuildStatus]:
        return self._builds.statuses(job, numbers)

    def _read_view(self) -> dict[tuple[str, ...], set[int]] | None:
        """Read the executors view: running build numbers by job (``None``: view unavailable)."""
        if not self._view_ok:
            return None
        timing = self._on_round is not None or any(
            (job, n) not in self._ends for job, ns in self._pending.items() for n in ns
        )
        tree = executors_tree(timing=timing, queue_ids=bool(self._follower.waiting))
        try:
            data = self._requester.get_json(PATH, tree=tree)
            seen = builtins.list(iter_seen(data))
        except errors.JenkinsError as exc:
            self._view_failures += 1
            if exc.retryable and self._view_failures < _VIEW_ATTEMPTS:
                raise _SkipRound from exc
            if isinstance(exc, errors.Unauthorized):
                raise  # the credentials are wrong: every other read would fail too
            # No usable executors view (403 without Overall/Read, 404/405 from a proxy or a
            # plugin, a page or shape that is not the view, too big, or a transient error
            # three rounds in a row, e.g. a computer whose export keeps failing with a 500):
            # confirm the watched builds by folder from now on, batched as before.
            self._view_ok = False
            return None
        self._view_failures = 0
        running: dict[tuple[str, ...], set[int]] = {}
        started: dict[int, tuple[tuple[str, ...], int]] = {}
        newest = self._newest
        for one in seen:
            running.setdefault(one.key[0], set()).add(one.key[1])
            if one.key[1] > newest.get(one.key[0], 0):
                newest[one.key[0]] = one.key[1]
            if not one.placeholder:
                queue_id = one.executable.get("queueId")
                if type(queue_id) is int:
                    started[queue_id] = one.key
                if timing:
                    self._note_timing(one)
        for left in self._follower.started(started):
            self._watch(left)
        self._view_size = sum(len(numbers) for numbers in running.values())
        return running

    def _one_read_is_cheaper(self) -> bool:
        """Whether one read of the watched builds' job (or their common folder) lists fewer
        entries than the executors view did last time: then it replaces the view (it says how
        builds ended, too). Only with no queued items, no ``on_round`` and a view seen."""
        if self._follower.waiting or self._on_round is not None or self._view_size is None:
            return False
        size = _confirm.one_read_size(self._pending, self._sizes)
        return size is not None and size < self._view_size

    def _note_timing(self, seen: Seen) -> None:
        """Remember when a watched build is expected to end, and its progress."""
        key = (JobRef(seen.key[0]), seen.key[1])
        if seen.key[1] not in self._pending.get(key[0], ()):
            return
        run, executor = seen.executable, seen.executor
        progress = executor.get("progress")
        left = _timing.run_remaining(run.get("timestamp"), run.get("estimatedDuration"), progress)
        self._ends[key] = None if left is None else self._looked_at + left
        ok = isinstance(progress, int) and not isinstance(progress, bool) and progress >= 0
        self._progress[key] = progress if ok else None

    def _watch(self, left: Left) -> None:
        """A followed queue item became build ``left.number``: watch it like the others."""
        assert left.number is not None
        self._pending.setdefault(left.job, set()).add(left.number)
        self._queue_ids[(left.job, left.number)] = left.item.id

    def _take_left(self, lefts: builtins.list[Left]) -> Iterator[MonitoredBuild]:
        for left in lefts:
            if left.number is None:
                yield MonitoredBuild(left.job, 0, None, queue_id=left.item.id, cancelled=True)
            else:
                self._watch(left)

    def _finish(self, job: JobRef, number: int, status: BuildStatus | None) -> MonitoredBuild:
        self._newest[job.segments] = max(number, self._newest.get(job.segments, 0))
        numbers = self._pending.get(job)
        if numbers is not None:
            numbers.discard(number)
            if not numbers:
                del self._pending[job]
        key = (job, number)
        self._ends.pop(key, None)
        self._progress.pop(key, None)
        return MonitoredBuild(job, number, status, queue_id=self._queue_ids.pop(key, None))

    def _next_wait(self, started: float, now: float) -> float:
        """Seconds until the next round, so a build is reported at most ``poll_interval``
        after it ended: the next look comes ``poll_interval`` after this one started, minus
        what this round took (its reads after the look delay the report too); or just after the
        earliest expected end before that (never sooner than a quarter interval)."""
        interval = self._poll_interval
        # a slowly decaying maximum of the rounds' cost, and 20 % for late wake-ups under load
        self._cost = max(now - started, self._cost * 0.75)
        at = started + max(interval / 4, interval * _SLACK - self._cost)
        upcoming = [e for e in self._ends.values() if e is not None and e > self._looked_at]
        if upcoming:
            soonest = min(upcoming) + _timing.MARGIN
            at = min(at, max(started + interval / 4, soonest))
        return max(0.0, at - now)

    def _watched(self) -> builtins.list[WatchedBuild]:
        out = [
            WatchedBuild(job, n, self._queue_ids.get((job, n)), self._progress.get((job, n)))
            for job, numbers in self._pending.items()
            for n in sorted(numbers)
        ]
        out += [WatchedBuild(w.job, None, w.id) for w in self._follower.waiting.values()]
        return out
