"""BuildMonitor: watch many builds from a thread pool, one request per job per round."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING, TypeAlias

import attrs

from jenkins_sdk import errors
from jenkins_sdk._http.requester import requester_of
from jenkins_sdk.refs import BuildRef, BuildSpec, JobRef, JobSpec
from jenkins_sdk.resources.builds import BuildOperations
from jenkins_sdk.status import BuildResult, BuildStatus

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.client import JenkinsClient
    from jenkins_sdk.clock import Clock

__all__ = ["BuildMonitor", "MonitoredBuild"]

ClientLike: TypeAlias = "JenkinsClient | Requester"


@attrs.frozen
class MonitoredBuild:
    """One build the monitor finished watching.

    Attributes:
        job: the build's job.
        number: the build number.
        status: the final status, or ``None`` when the build (or its job) no longer exists.
    """

    job: JobRef
    number: int
    status: BuildStatus | None

    @property
    def result(self) -> BuildResult | None:
        """The build's result (``None`` if it vanished)."""
        return self.status.result if self.status is not None else None

    @property
    def missing(self) -> bool:
        """True when the build was deleted (or its job removed) while being watched."""
        return self.status is None


class BuildMonitor:
    """Watch many builds at once and yield each as it completes.

    One round asks every job that still has running builds for all of them in ONE request
    (``client.builds.statuses``), the jobs spread over a ``ThreadPoolExecutor`` of
    ``max_workers`` threads sharing the client's pooled connections. Reads need no crumb.

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
    ) -> None:
        """Prepare to watch ``builds`` (``(job, build)`` pairs; permalinks resolved on start).

        Args:
            client: the shared ``JenkinsClient`` (or its requester).
            builds: the builds to watch.
            max_workers: threads polling jobs in parallel (keep <= the client's pool size).
            timeout: overall deadline in seconds (``None``: wait as long as it takes).
            poll_interval: seconds between the starts of two rounds.
            clock: the clock to sleep on (the client's by default).
        """
        if max_workers < 1:
            raise ValueError("max_workers must be >= 1")
        if poll_interval < 0:
            raise ValueError("poll_interval must be >= 0")
        self._builds = BuildOperations(requester_of(client), clock=clock)
        self._targets = [(JobRef.parse(job), BuildRef.parse(build)) for job, build in builds]
        self._max_workers = max_workers
        self._timeout = timeout
        self._poll_interval = poll_interval
        self._pending: dict[JobRef, set[int]] = {}
        self._rounds: builtins.list[int] = []

    @property
    def pending(self) -> dict[JobRef, frozenset[int]]:
        """The builds still running, by job (what was left when a deadline passed)."""
        return {job: frozenset(numbers) for job, numbers in self._pending.items() if numbers}

    @property
    def requests_per_round(self) -> builtins.list[int]:
        """How many status requests each finished round sent (one per job with running builds)."""
        return builtins.list(self._rounds)

    def __iter__(self) -> Iterator[MonitoredBuild]:
        """Yield every watched build as it completes, in completion order.

        Raises:
            BuildTimeout: the deadline passed with builds still running (see :attr:`pending`).
        """
        clock = self._builds.clock
        deadline = None if self._timeout is None else clock.monotonic() + self._timeout
        with ThreadPoolExecutor(self._max_workers, thread_name_prefix="jenkins-monitor") as pool:
            yield from self._resolve(pool)
            while self._pending:
                started = clock.monotonic()
                yield from self._round(pool)
                if not self._pending:
                    return
                now = clock.monotonic()
                if deadline is not None and now >= deadline:
                    left = sum(len(n) for n in self._pending.values())
                    raise errors.BuildTimeout(
                        f"{left} build(s) in {len(self._pending)} job(s) still running after "
                        f"{self._timeout:g} s"
                    )
                wait = max(0.0, self._poll_interval - (now - started))
                if deadline is not None:
                    wait = min(wait, deadline - now)
                if wait > 0:
                    clock.sleep(wait)

    def _resolve(self, pool: ThreadPoolExecutor) -> Iterator[MonitoredBuild]:
        """Turn permalinks into numbers (one read each) and register every build as pending."""
        self._pending = {}
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
        """Poll every job with running builds once; yield the builds found finished."""
        futures = {
            pool.submit(self._builds.statuses, job, sorted(numbers)): job
            for job, numbers in self._pending.items()
            if numbers
        }
        self._rounds.append(len(futures))
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    found = future.result()
                except errors.NotFound:
                    found = {}  # the job itself is gone: every build of it is missing
                except errors.JenkinsError as exc:
                    if exc.retryable:
                        continue  # the next round asks again
                    raise
                for number in sorted(self._pending[job]):
                    status = found.get(number)
                    if status is None or status.done:
                        self._pending[job].discard(number)
                        yield MonitoredBuild(job, number, status)
                if not self._pending[job]:
                    del self._pending[job]
        finally:
            for future in futures:
                future.cancel()
