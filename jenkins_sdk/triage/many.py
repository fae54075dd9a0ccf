"""``diagnose_many``: diagnose the builds a ``BuildMonitor`` sees finish, from a thread pool."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import attrs

from jenkins_sdk.models import BuildResult
from jenkins_sdk.resources.monitor import BuildMonitor
from jenkins_sdk.triage.diagnose import DiagnoseOptions, diagnose
from jenkins_sdk.triage.report import FailureReport
from jenkins_sdk.triage.sources import ClientLike, Sources

if TYPE_CHECKING:
    from jenkins_sdk.clock import Clock
    from jenkins_sdk.refs import BuildSpec, JobSpec
    from jenkins_sdk.resources.monitor import MonitoredBuild

__all__ = ["Diagnosis", "diagnose_many"]


@attrs.frozen
class Diagnosis:
    """One outcome of :func:`diagnose_many`.

    Attributes:
        build: the finished build as the monitor saw it.
        report: its report, or ``None`` when the diagnosis failed.
        error: the error that stopped the diagnosis, if any.
    """

    build: MonitoredBuild
    report: FailureReport | None
    error: Exception | None = None


_DONE = object()


class _Stopped(Exception):
    """Raised inside the monitor's thread when the consumer left ``diagnose_many``."""


class _StoppableClock:
    """A clock whose sleeps end the monitor's loop once ``stop`` is set."""

    def __init__(self, base: Clock, stop: threading.Event) -> None:
        self._base = base
        self._stop = stop

    def monotonic(self) -> float:
        """The base clock's time."""
        return self._base.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep on the base clock, unless (or until) the consumer has left."""
        if self._stop.is_set():
            raise _Stopped
        self._base.sleep(seconds)
        if self._stop.is_set():
            raise _Stopped


def diagnose_many(
    client: ClientLike,
    builds: Iterable[tuple[JobSpec, BuildSpec]],
    *,
    options: DiagnoseOptions | None = None,
    only_failed: bool = True,
    max_workers: int = 4,
    monitor_workers: int = 8,
    timeout: float | None = None,
    poll_interval: float = 2.0,
    clock: Clock | None = None,
) -> Iterator[Diagnosis]:
    """Watch ``builds`` with a ``BuildMonitor`` and diagnose each as it finishes.

    The monitor runs in a background thread; each finished build (only those not SUCCESS,
    unless ``only_failed=False``) is diagnosed on a pool of ``max_workers`` threads sharing
    the client's connections, and yielded as soon as its report is ready. A failed diagnosis
    is yielded with its ``error`` rather than stopping the stream. Builds that vanished while
    watched are skipped. Leaving the loop early stops watching without waiting for the
    builds still running (the monitor's thread ends after its current round).

    Raises:
        BuildTimeout: ``timeout`` passed with builds still running (after every diagnosis of
            the builds that did finish was yielded).
    """
    if max_workers < 1:
        raise ValueError("max_workers must be >= 1")
    sources = Sources(client)
    stop = threading.Event()
    monitor = BuildMonitor(
        sources.client,
        builds,
        max_workers=monitor_workers,
        timeout=timeout,
        poll_interval=poll_interval,
        clock=_StoppableClock(clock if clock is not None else sources.clock, stop),
    )
    fanout = _Fanout(sources, options or DiagnoseOptions(), only_failed, stop)
    yield from fanout.run(monitor, max_workers)


class _Fanout:
    """The monitor's thread feeds finished builds to a pool; the caller's thread yields."""

    def __init__(
        self, sources: Sources, options: DiagnoseOptions, only_failed: bool, stop: threading.Event
    ) -> None:
        self.sources = sources
        self.options = options
        self.only_failed = only_failed
        self.stop = stop
        self.results: queue.Queue[object] = queue.Queue()
        self.failure: list[BaseException] = []

    def run_one(self, done: MonitoredBuild) -> None:
        """Diagnose one build and queue the outcome (inside the worker, so it is queued before
        the future completes and before the producer's ``_DONE``)."""
        try:
            report = diagnose(self.sources.client, done.job, done.number, options=self.options)
        except Exception as exc:  # a notifier gets every build, failed diagnoses included
            self.results.put(Diagnosis(done, None, exc))
            return
        self.results.put(Diagnosis(done, report))

    def produce(self, monitor: BuildMonitor, pool: ThreadPoolExecutor) -> None:
        pending: list[Future[None]] = []
        try:
            for done in monitor:
                if self.stop.is_set():
                    return
                if done.missing or (self.only_failed and done.result == BuildResult.SUCCESS):
                    continue
                pending.append(pool.submit(self.run_one, done))
        except _Stopped:
            return
        except BaseException as exc:  # handed to the consumer, raised there
            self.failure.append(exc)
        finally:
            for future in pending:
                with contextlib.suppress(CancelledError):  # the consumer left early
                    future.exception()  # wait: every result is queued before _DONE
            self.results.put(_DONE)

    def run(self, monitor: BuildMonitor, max_workers: int) -> Iterator[Diagnosis]:
        pool = ThreadPoolExecutor(max_workers, thread_name_prefix="jenkins-diagnose")
        producer = threading.Thread(
            target=self.produce, args=(monitor, pool), name="jenkins-diagnose-monitor", daemon=True
        )
        producer.start()
        finished = False
        try:
            while True:
                item = self.results.get()
                if item is _DONE:
                    finished = True
                    break
                assert isinstance(item, Diagnosis)
                yield item
        finally:
            self.stop.set()
            if finished:
                producer.join()
                pool.shutdown(wait=True)
            else:
                # The caller stopped early: do not wait for the monitor's next build to finish.
                pool.shutdown(wait=False, cancel_futures=True)
        if self.failure:
            raise self.failure[0]
