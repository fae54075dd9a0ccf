"""The build queue and its scheduler (``hudson.model.Queue``): quiet periods, blocked and buildable
items, executors, LeftItems; events are replayed in time order by :meth:`Scheduler.run_events`."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.model import Outcome, ParamDef
from jenkins_sdk.testing.state import executors
from jenkins_sdk.testing.state.builds import Build
from jenkins_sdk.testing.state.items import FREESTYLE, EmulatorError, Job
from jenkins_sdk.testing.state.nodes import NodeStore
from jenkins_sdk.testing.state.scripted import new_build
from jenkins_sdk.testing.state.stores import StoreHost
from jenkins_sdk.testing.timefmt import time_span

#: LeftItems stay readable this long after leaving the queue (``Queue.leftItems``, 5 minutes).
LEFT_ITEM_TTL_MS = 5 * 60 * 1000


@dataclass
class QueueItem:
    """A queued trigger of a job."""

    id: int
    job: Job
    params: list[tuple[ParamDef, Any]]
    causes: list[dict[str, Any]]
    in_queue_since: int
    timestamp: int
    files: dict[str, bytes] = field(default_factory=dict)
    state: str = "waiting"  # waiting, blocked, buildable, left
    why: str | None = None
    buildable_since: int | None = None
    left_at: int | None = None
    cancelled: bool = False
    build: Build | None = None
    #: A declarative restart: the stage the new build restarts at.
    restart_stage: str | None = None

    def param_key(self) -> tuple[tuple[str, str], ...]:
        """What makes two triggers identical (Jenkins merges identical queued items)."""
        return tuple((d.name, repr(v)) for d, v in self.params)


class Scheduler(StoreHost):
    """The queue half of :class:`~jenkins_sdk.testing.state.ControllerState`."""

    lock: threading.RLock
    clock: EmulatorClock
    seed: int

    @property
    def nodes(self) -> dict[str, dict[str, Any]]:
        """Nodes by name (``(built-in)`` first): executors, labels, offline, cause."""
        return self.store(NodeStore).nodes

    @property
    def executors(self) -> int:
        """The built-in node's number of executors."""
        return int(self.nodes[executors.BUILT_IN]["executors"])

    @executors.setter
    def executors(self, count: int) -> None:
        self.nodes[executors.BUILT_IN]["executors"] = count

    def _init_queue(self) -> None:
        self.queue: dict[int, QueueItem] = {}
        self.left: dict[int, QueueItem] = {}
        self._ids = itertools.count(1)
        self.quiet_period = 5.0
        self.dispatch_delay = 0.0
        self.quieting_down = False
        self.quiet_down_reason: str | None = None
        self._cursor_ms = 0
        self.active: list[Build] = []

    def new_id(self) -> int:
        """The next queue id (never reused)."""
        return next(self._ids)

    def schedule(
        self,
        job: Job,
        params: list[tuple[ParamDef, Any]],
        causes: list[dict[str, Any]],
        *,
        delay_s: float | None = None,
        files: dict[str, bytes] | None = None,
        restart_stage: str | None = None,
    ) -> tuple[QueueItem, bool]:
        """Queue a build; returns (item, created). Identical queued triggers merge into one.

        ``restart_stage``: a declarative restart (the new build skips the stages before it)."""
        now = self.clock.now_ms()
        self.tick(now)
        if job.disabled:
            raise EmulatorError(409, f"{job.full_name} is not buildable")
        item, created = self._enqueue(job, params, causes, now, delay_s, files)
        if created and restart_stage is not None:
            item.restart_stage = restart_stage
        self.tick(now)
        return item, created

    def enqueue(
        self,
        job: Job,
        params: list[tuple[ParamDef, Any]],
        causes: list[dict[str, Any]],
        *,
        at_ms: int,
    ) -> bool:
        """Queue a build from inside the scheduler (a downstream trigger at ``at_ms``, while
        events are being replayed); True when a new item was created."""
        return self._enqueue(job, params, causes, at_ms, None, None)[1]

    def _enqueue(
        self,
        job: Job,
        params: list[tuple[ParamDef, Any]],
        causes: list[dict[str, Any]],
        now: int,
        delay_s: float | None,
        files: dict[str, bytes] | None,
    ) -> tuple[QueueItem, bool]:
        quiet = delay_s if delay_s is not None else job.quiet_period
        if quiet is None:
            quiet = self.quiet_period
        job.triggered += 1
        probe = QueueItem(0, job, params, causes, now, now + int(quiet * 1000))
        for item in self.queue.values():
            if item.job is job and item.param_key() == probe.param_key() and not files:
                for cause in causes:
                    if cause not in item.causes:
                        item.causes.append(cause)
                if item.state == "waiting":
                    item.timestamp = min(item.timestamp, probe.timestamp)
                return item, False
        probe.id = self.new_id()
        probe.files = dict(files or {})
        self.queue[probe.id] = probe
        return probe, True

    def cancel(self, item_id: int) -> bool:
        """Cancel a queued item (False when it is not in the queue)."""
        self.tick(self.clock.now_ms())
        item = self.queue.pop(item_id, None)
        if item is None:
            return False
        now = self.clock.now_ms()
        item.state = "left"
        item.cancelled = True
        item.left_at = now
        item.why = None
        self.left[item.id] = item
        return True

    def find_item(self, item_id: int) -> QueueItem | None:
        """A queued item or a LeftItem that has not yet expired."""
        now = self.clock.now_ms()
        self.tick(now)
        item = self.queue.get(item_id)
        if item is not None:
            return item
        left = self.left.get(item_id)
        if left is not None and left.left_at is not None:
            if now - left.left_at >= LEFT_ITEM_TTL_MS:
                del self.left[item_id]
                return None
            return left
        return None

    # ---------------------------------------------------------- scheduler
    def _running(self) -> list[Build]:
        self.active = [b for b in self.active if b.building and b.job.builds.get(b.number) is b]
        return list(self.active)

    def _can_start(self, job: Job, running: list[Build]) -> bool:
        return executors.can_start(job.kind, job.label, self.nodes, running)

    def _evaluate(self, t: int) -> None:
        running = self._running()
        busy = {id(b.job) for b in running}
        for item in sorted(self.queue.values(), key=lambda i: i.id):
            if item.state == "waiting" and t < item.timestamp:
                span = time_span(item.timestamp - t)
                item.why = f"In the quiet period. Expires in {span}"
                continue
            if self.quieting_down:
                item.state = "blocked"
                item.why = "Jenkins is about to shut down"
                continue
            if not item.job.concurrent and id(item.job) in busy:
                item.state = "blocked"
                active = max((b for b in running if b.job is item.job), key=lambda b: b.number)
                item.why = f"Build #{active.number} is already in progress{_eta(active, t)}"
                continue
            if item.state != "buildable":
                item.state = "buildable"
                item.buildable_since = t
            label = item.job.label if item.job.kind == FREESTYLE else None
            item.why = executors.waiting_why(self.nodes, label)

    def _next_event(self, now: int) -> tuple[int, object] | None:
        best: tuple[int, object] | None = None
        running = self._running()
        busy = {id(b.job) for b in running}
        for item in self.queue.values():
            when: int | None = None
            if item.state == "waiting":
                when = item.timestamp
            elif item.state == "buildable" and item.buildable_since is not None:
                can = self._can_start(item.job, running)
                if can and (item.job.concurrent or id(item.job) not in busy):
                    when = item.buildable_since + int(self.dispatch_delay * 1000)
            if when is not None:
                when = max(when, self._cursor_ms)
            if when is not None and when <= now and (best is None or when < best[0]):
                best = (when, item)
        for build in running:
            when = build.next_event_ms()
            if when is not None and when <= now and (best is None or when < best[0]):
                best = (when, build)
        return best

    def tick(self, now: int | None = None) -> None:
        """Apply every time-driven change up to ``now`` (default: the clock's time), in order."""
        if now is None:
            now = self.clock.now_ms()
        with self.lock:
            for _ in range(1_000_000):
                event = self._next_event(now)
                if event is None:
                    break
                t, obj = event
                self._cursor_ms = max(self._cursor_ms, t)
                if isinstance(obj, Build):
                    obj.on_event(t)
                elif isinstance(obj, QueueItem) and obj.state == "buildable":
                    self._start(obj, t)
                self._evaluate(t)
            self._evaluate(now)
            self._cursor_ms = max(self._cursor_ms, now)
            expired = [
                k for k, v in self.left.items() if now - (v.left_at or 0) >= LEFT_ITEM_TTL_MS
            ]
            for key in expired:
                del self.left[key]

    def _start(self, item: QueueItem, t: int) -> None:
        job = item.job
        self.queue.pop(item.id, None)
        outcome = job.outcomes.popleft() if job.outcomes else Outcome(result=None)
        if outcome.result is None and job.result != "SUCCESS":
            outcome.result = job.result
        number = job.next_build_number
        job.next_build_number += 1
        build = self.new_build(job, number, item, t, outcome)
        executors.assign(build, self.nodes, self._running())
        job.builds[number] = build
        self.active.append(build)
        item.state = "left"
        item.left_at = t
        item.why = None
        item.build = build
        self.left[item.id] = item

    def new_build(self, job: Job, number: int, item: QueueItem, t: int, outcome: Outcome) -> Build:
        """A build of ``job`` starting at ``t`` (script-driven when the job has a script)."""
        return new_build(self, job, number, item, t, outcome, self.seed + number * 7919)  # type: ignore[arg-type]

    def start_now(self, job: Job, causes: list[dict[str, Any]], outcome: Outcome) -> Build:
        """Run a build immediately, bypassing the queue (replay / restart from stage)."""
        now = self.clock.now_ms()
        item = QueueItem(self.new_id(), job, [], causes, now, now)
        job.outcomes.appendleft(outcome)
        self._start(item, now)
        return job.builds[job.next_build_number - 1]


def _eta(build: Build, now: int) -> str:
    """``BlockedBecauseOfBuildInProgress``'s `` (ETA: ...)`` from the running build's executor."""
    est = build.estimated_ms
    left = est - (now - build.start_ms) if est >= 0 else -1
    return f" (ETA: {time_span(left)})" if left > 0 else " (ETA: N/A)"
