"""The emulated controller's state: folders, jobs, builds and the queue, advanced by the clock.

All mutation happens under :attr:`ControllerState.lock`. Time-driven changes (quiet periods ending,
builds starting on free executors, stages finishing, builds completing) are applied lazily by
:meth:`ControllerState.tick`, which replays every event up to the clock's current time in order, so
results do not depend on how often anyone looks.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.logs import GeneratedPart, Log, Part, TextPart, text_lines
from jenkins_sdk.testing.model import (
    ArtifactSpec,
    InputSpec,
    Outcome,
    ParamDef,
    StageSpec,
    TestReportSpec,
)

#: LeftItems stay readable this long after leaving the queue (``Queue.leftItems``, 5 minutes).
LEFT_ITEM_TTL_MS = 5 * 60 * 1000
FREESTYLE = "freestyle"
PIPELINE = "pipeline"
FOLDER = "folder"
MULTIBRANCH = "multibranch"

ITEM_CLASSES = {
    FREESTYLE: "hudson.model.FreeStyleProject",
    PIPELINE: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
    FOLDER: "com.cloudbees.hudson.plugins.folder.Folder",
    MULTIBRANCH: "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject",
}
BUILD_CLASSES = {
    FREESTYLE: "hudson.model.FreeStyleBuild",
    PIPELINE: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
}
_BAD_NAME_CHARS = set("?*/\\%!@#$^&|<>[]:;")


class EmulatorError(Exception):
    """A request the emulated Jenkins refuses: carries the HTTP status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def check_good_name(name: str) -> None:
    """``Jenkins.checkGoodName``: raise a 400 :class:`EmulatorError` for a bad item name."""
    if not name.strip():
        raise EmulatorError(400, "No name is specified")
    if name in (".", ".."):
        raise EmulatorError(400, f"“{name}” is not an allowed name")
    for ch in name:
        if ord(ch) < 32 or ch in _BAD_NAME_CHARS:
            raise EmulatorError(400, f"‘{ch}’ is an unsafe character")
    if name.endswith("."):
        raise EmulatorError(400, "A name cannot end with ‘.’")


class Item:
    """A top-level item or an item inside a folder."""

    kind: str = FOLDER

    def __init__(self, name: str, parent: Folder | None) -> None:
        self.name = name
        self.parent = parent
        self.description: str | None = ""
        self.display_name: str | None = None
        self.readers: frozenset[str] | None = None
        self.config_xml: str | None = None

    @property
    def segments(self) -> list[str]:
        """Names from the root down to this item."""
        out: list[str] = []
        node: Item | None = self
        while node is not None and node.parent is not None:
            out.append(node.name)
            node = node.parent
        return out[::-1]

    @property
    def full_name(self) -> str:
        """``a/b/c``."""
        return "/".join(self.segments)

    @property
    def full_display_name(self) -> str:
        """``A » B » C``."""
        names: list[str] = []
        node: Item | None = self
        while node is not None and node.parent is not None:
            names.append(node.display_name or node.name)
            node = node.parent
        return " » ".join(names[::-1])

    def readable_by(self, user: str | None) -> bool:
        """Whether ``user`` (None = anonymous) has Item/Read here and on every parent."""
        node: Item | None = self
        while node is not None:
            if node.readers is not None and (user is None or user not in node.readers):
                return False
            node = node.parent
        return True


class Folder(Item):
    """A folder, a multibranch project, or the root (``parent is None``)."""

    def __init__(self, name: str, parent: Folder | None, kind: str = FOLDER) -> None:
        super().__init__(name, parent)
        self.kind = kind
        self.children: dict[str, Item] = {}


@dataclass
class StageRun:
    """A stage as it runs in one build."""

    spec: StageSpec
    node_id: int
    status: str = "NOT_EXECUTED"
    start_ms: int | None = None
    end_ms: int | None = None
    pause_ms: int = 0
    log: Log = field(default_factory=lambda: Log(()))
    head_size: int = 0
    input_state: str | None = None  # pending, proceeded, aborted
    input_values: dict[str, Any] = field(default_factory=dict)
    input_by: str | None = None

    @property
    def step_node_id(self) -> int:
        """The id of the stage's single step node (its log lives there)."""
        return self.node_id + 1


class Job(Item):
    """A buildable job (freestyle or pipeline) and the script its builds follow."""

    def __init__(self, name: str, parent: Folder | None, kind: str) -> None:
        super().__init__(name, parent)
        self.kind = kind
        self.params: list[ParamDef] = []
        self.disabled = False
        self.concurrent = kind == PIPELINE
        self.quiet_period: float | None = None
        self.token: str | None = None
        self.duration = 10.0
        self.result = "SUCCESS"
        self.stages: list[StageSpec] = []
        self.log_text: str | None = None
        self.log_lines = 20
        self.artifacts: list[ArtifactSpec] = []
        self.test_report: TestReportSpec | None = None
        self.outcomes: deque[Outcome] = deque()
        self.builds: dict[int, Build] = {}
        self.next_build_number = 1
        self.triggered = 0
        self.changes: list[tuple[str, str]] = []
        #: Builds check out from git (a ``BuildData`` action) unless this is False.
        self.git = True
        #: The remote URL; None means ``https://git.example.com/<full name>.git``.
        self.git_remote: str | None = None

    def last_builds(self) -> list[Build]:
        """Builds newest first (numbers only grow, so insertion order is ascending)."""
        return list(reversed(self.builds.values()))

    def permalink(self, name: str) -> Build | None:
        """Resolve ``lastBuild``, ``lastSuccessfulBuild``... (PermalinkProjectAction rules)."""
        tests: dict[str, Callable[[Build], bool]] = {
            "lastBuild": lambda b: True,
            "lastCompletedBuild": lambda b: not b.building,
            "lastSuccessfulBuild": lambda b: not b.building and b.result in ("SUCCESS", "UNSTABLE"),
            "lastStableBuild": lambda b: not b.building and b.result == "SUCCESS",
            "lastFailedBuild": lambda b: not b.building and b.result == "FAILURE",
            "lastUnstableBuild": lambda b: not b.building and b.result == "UNSTABLE",
            "lastUnsuccessfulBuild": lambda b: not b.building and b.result != "SUCCESS",
        }
        test = tests.get(name)
        if test is None:
            return None
        for build in reversed(self.builds.values()):
            if test(build):
                return build
        return None

    def estimated_duration_ms(self) -> int:
        """Average of the last three successful-ish durations, -1 when unknown."""
        done: list[int] = []
        for b in reversed(self.builds.values()):
            if not b.building and b.result in ("SUCCESS", "UNSTABLE"):
                done.append(b.duration_ms)
                if len(done) == 3:
                    break
        return int(sum(done) / len(done)) if done else -1

    def color(self) -> str:
        """The BallColor name (``blue``, ``red_anime``...)."""
        if self.disabled:
            return "disabled"
        done = next((b for b in reversed(self.builds.values()) if not b.building), None)
        base = (
            {
                "SUCCESS": "blue",
                "UNSTABLE": "yellow",
                "FAILURE": "red",
                "ABORTED": "aborted",
            }.get(done.result or "", "notbuilt")
            if done
            else "notbuilt"
        )
        if self.builds and next(reversed(self.builds.values())).building:
            return base + "_anime"
        return base


class Build:
    """One run of a job, advancing through its stages on the clock."""

    def __init__(
        self,
        job: Job,
        number: int,
        item: QueueItem,
        start_ms: int,
        outcome: Outcome,
        seed: int,
    ) -> None:
        self.job = job
        self.number = number
        self.queue_id = item.id
        self.params = list(item.params)
        self.causes = list(item.causes)
        self.files = dict(item.files)
        self.in_queue_since = item.in_queue_since
        self.start_ms = start_ms
        # TimeInQueueAction: time waiting (quiet period), buildable, and blocked (the rest)
        queuing = max(0, start_ms - item.in_queue_since)
        self.waiting_ms = max(0, min(queuing, min(item.timestamp, start_ms) - item.in_queue_since))
        since = item.buildable_since
        self.buildable_ms = max(0, min(queuing - self.waiting_ms, start_ms - since)) if since else 0
        self.blocked_ms = max(0, queuing - self.waiting_ms - self.buildable_ms)
        self.end_ms: int | None = None
        self.result: str | None = None
        self.building = True
        self.description: str | None = None
        self.keep_log = False
        self.seed = seed
        self.aborted_by: str | None = None
        #: Set when a user stopped the build (``jenkins.model.InterruptedBuildAction``).
        self.interrupted_by: str | None = None
        self.hard_killed = False
        self.artifacts = list(job.artifacts)
        self.test_report = (
            outcome.test_report if outcome.test_report is not None else job.test_report
        )
        self.estimated_ms = job.estimated_duration_ms()
        self.forced_result = outcome.result
        self.replay_of: int | None = None
        self.restarted_from: str | None = None
        self._header = self._make_header()
        self.footer: TextPart | None = None
        specs = outcome.stages if outcome.stages is not None else list(job.stages)
        if job.kind == FREESTYLE or not specs:
            duration = outcome.duration if outcome.duration is not None else job.duration
            text = outcome.log if outcome.log is not None else job.log_text
            lines = outcome.log_lines if outcome.log_lines is not None else job.log_lines
            specs = [StageSpec(name="main", duration=duration, log=text, log_lines=lines)]
            self.has_stages = False
        else:
            self.has_stages = True
            if outcome.duration is not None and specs:
                each = outcome.duration / len(specs)
                specs = [StageSpec(**{**s.__dict__, "duration": each}) for s in specs]
        self.stages = [StageRun(spec=s, node_id=6 + 5 * i) for i, s in enumerate(specs)]
        self.current = 0
        self.phase_clock_ms = start_ms
        self._begin_stage(start_ms)

    # ------------------------------------------------------------------ log
    def _make_header(self) -> TextPart:
        cause = self.causes[0]["shortDescription"] if self.causes else "Started by user admin"
        if self.job.kind == PIPELINE:
            lines = [cause, "[Pipeline] Start of Pipeline", "[Pipeline] node", "Running on Jenkins"]
        else:
            lines = [
                cause,
                "Running as SYSTEM",
                f"Building in workspace /var/jenkins_home/workspace/{self.job.full_name}",
            ]
        return text_lines(lines)

    def _stage_log(self, run: StageRun) -> Log:
        spec = run.spec
        head: list[Part] = []
        if self.has_stages:
            head.append(text_lines(["[Pipeline] stage", f"[Pipeline] {{ ({spec.name})"]))
        if spec.input is not None:
            head.append(text_lines(["[Pipeline] input", spec.input.message, "Proceed or Abort"]))
            if run.input_state == "proceeded":
                head.append(text_lines([f"Approved by {run.input_by or 'admin'}"]))
        run.head_size = sum(p.size for p in head)
        body: list[Part] = []
        if spec.log is not None:
            text = spec.log if spec.log.endswith("\n") or not spec.log else spec.log + "\n"
            body.append(TextPart(text))
        elif spec.log_lines:
            body.append(GeneratedPart(self.seed * 1000 + run.node_id, spec.log_lines))
        if spec.error:
            body.append(text_lines([f"ERROR: {spec.error}"]))
        if self.has_stages:
            body.append(text_lines(["[Pipeline] }", "[Pipeline] // stage"]))
        return Log(head + body)

    def visible_log(self, now_ms: int) -> tuple[Log, int, bool]:
        """(whole log so far, visible byte count, complete?)."""
        parts: list[Part] = [self._header]
        visible = self._header.size
        for i, run in enumerate(self.stages):
            if run.start_ms is None:
                break
            parts.extend(run.log.parts)
            if run.end_ms is not None or i != self.current or not self.building:
                visible += run.log.size
            else:
                visible += self._partial(run, now_ms)
        if self.footer is not None:
            parts.append(self.footer)
            visible += self.footer.size
        log = Log(parts)
        return log, min(visible, log.size), not self.building

    def _partial(self, run: StageRun, now_ms: int) -> int:
        if run.input_state == "pending":
            return run.head_size
        dur = max(1.0, run.spec.duration * 1000.0)
        frac = (now_ms - self.phase_clock_ms) / dur
        target = run.head_size + int((run.log.size - run.head_size) * max(0.0, min(1.0, frac)))
        return max(run.head_size, run.log.line_floor(target))

    # ------------------------------------------------------------ progress
    def _begin_stage(self, t: int) -> None:
        run = self.stages[self.current]
        run.start_ms = t
        run.status = "IN_PROGRESS"
        self.phase_clock_ms = t
        if run.spec.input is not None:
            run.input_state = "pending"
            run.status = "PAUSED_PENDING_INPUT"
        run.log = self._stage_log(run)

    def next_event_ms(self) -> int | None:
        """When the current stage ends, or None while paused or finished."""
        if not self.building:
            return None
        run = self.stages[self.current]
        if run.input_state == "pending":
            return None
        return self.phase_clock_ms + int(run.spec.duration * 1000)

    def on_event(self, t: int) -> None:
        """The current stage reached its end at ``t``."""
        run = self.stages[self.current]
        run.end_ms = t
        run.status = run.spec.status
        if self.forced_result and self.current == len(self.stages) - 1:
            run.status = {"FAILURE": "FAILED", "UNSTABLE": "UNSTABLE", "ABORTED": "ABORTED"}.get(
                self.forced_result, run.status
            )
        if run.status in ("FAILED", "ABORTED"):
            for rest in self.stages[self.current + 1 :]:
                rest.start_ms = t
                rest.end_ms = t
                rest.status = "NOT_EXECUTED"
                rest.log = Log(())
            self._finish(t, "FAILURE" if run.status == "FAILED" else "ABORTED")
            return
        self.current += 1
        if self.current >= len(self.stages):
            self.current = len(self.stages) - 1
            self._finish(t, None)
            return
        self._begin_stage(t)

    def _finish(self, t: int, result: str | None) -> None:
        statuses = {r.status for r in self.stages}
        if result is None:
            result = self.forced_result or (
                "FAILURE"
                if "FAILED" in statuses
                else "UNSTABLE"
                if "UNSTABLE" in statuses
                else "SUCCESS"
            )
        self.result = result
        self.end_ms = t
        self.building = False
        lines = ["[Pipeline] // node", "[Pipeline] End of Pipeline"] if self.has_stages else []
        if self.hard_killed:
            lines.append("Hard kill!")
        if self.aborted_by:
            lines.append(f"Aborted by {self.aborted_by}")
        lines.append(f"Finished: {result}")
        self.footer = text_lines(lines)

    def abort(self, t: int, by: str, *, hard: bool = False, interruption: bool = True) -> None:
        """stop/term/kill, or an input abort: the build ends ABORTED at ``t``.

        ``interruption`` records a ``CauseOfInterruption$UserInterruption`` by ``by`` (an input
        abort is a rejection instead, which Jenkins records elsewhere)."""
        if not self.building:
            return
        if interruption:
            self.interrupted_by = by
        run = self.stages[self.current]
        keep = self._partial(run, t) if run.end_ms is None else run.log.size
        run.log = _truncate(run.log, keep)
        run.end_ms = t
        run.status = "ABORTED"
        if run.input_state == "pending":
            run.input_state = "aborted"
            run.pause_ms += t - self.phase_clock_ms
        self.aborted_by = by
        self.hard_killed = hard
        self.stages = self.stages[: self.current + 1]
        self._finish(t, "ABORTED")

    def answer_input(self, t: int, proceed: bool, by: str, values: dict[str, Any]) -> None:
        """Proceed or abort the pending input of the current stage."""
        run = self.stages[self.current]
        if not proceed:
            self.abort(t, by, interruption=False)
            return
        run.input_state = "proceeded"
        run.input_by = by
        run.input_values = values
        run.pause_ms += t - self.phase_clock_ms
        run.status = "IN_PROGRESS"
        self.phase_clock_ms = t
        run.log = self._stage_log(run)

    def pending_input(self) -> tuple[StageRun, InputSpec] | None:
        """The stage waiting on input and its spec, if any."""
        if not self.building:
            return None
        run = self.stages[self.current]
        if run.input_state == "pending" and run.spec.input is not None:
            return run, run.spec.input
        return None

    @property
    def duration_ms(self) -> int:
        """0 while building (as Jenkins), then end - start."""
        return 0 if self.end_ms is None else self.end_ms - self.start_ms

    @property
    def pause_ms(self) -> int:
        """Time spent waiting for input."""
        return sum(r.pause_ms for r in self.stages)


def _truncate(log: Log, n: int) -> Log:
    parts: list[Part] = []
    left = n
    for p in log.parts:
        if left <= 0:
            break
        if p.size <= left:
            parts.append(p)
        elif isinstance(p, TextPart):
            parts.append(TextPart(p.data[:left]))
        else:
            parts.append(GeneratedPart(p.seed, left // 128))
        left -= p.size
    return Log(parts)


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

    def param_key(self) -> tuple[tuple[str, str], ...]:
        """What makes two triggers identical (Jenkins merges identical queued items)."""
        return tuple((d.name, repr(v)) for d, v in self.params)


class ControllerState:
    """Everything the emulated controller holds, plus the scheduler."""

    def __init__(self, clock: EmulatorClock, *, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.seed = seed
        self.root = Folder("", None)
        self.queue: dict[int, QueueItem] = {}
        self.left: dict[int, QueueItem] = {}
        self._ids = itertools.count(1)
        self.executors = 2
        self.quiet_period = 5.0
        self.dispatch_delay = 0.0
        self.quieting_down = False
        self.quiet_down_reason: str | None = None
        self.nodes: dict[str, dict[str, Any]] = {
            "(built-in)": {"executors": 2, "labels": ["built-in"], "offline": False},
        }
        self.views: dict[str, list[str]] = {}
        self._cursor_ms = 0
        self.active: list[Build] = []
        self.description: str | None = None

    # -------------------------------------------------------------- items
    def resolve(self, segments: list[str]) -> Item | None:
        """Find an item by its names from the root."""
        node: Item = self.root
        for name in segments:
            if not isinstance(node, Folder):
                return None
            child = node.children.get(name)
            if child is None:
                return None
            node = child
        return node

    def all_jobs(self, folder: Folder | None = None) -> list[Job]:
        """Every job, depth first."""
        out: list[Job] = []
        for child in (folder or self.root).children.values():
            if isinstance(child, Job):
                out.append(child)
            elif isinstance(child, Folder):
                out.extend(self.all_jobs(child))
        return out

    def add_item(self, parent: Folder, item: Item) -> Item:
        """Insert ``item`` under ``parent`` (400 if it exists)."""
        if item.name in parent.children:
            raise EmulatorError(400, f"A job already exists with the name ‘{item.name}’")
        item.parent = parent
        parent.children[item.name] = item
        return item

    # -------------------------------------------------------------- queue
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
    ) -> tuple[QueueItem, bool]:
        """Queue a build; returns (item, created). Identical queued triggers merge into one."""
        now = self.clock.now_ms()
        self.tick(now)
        if job.disabled:
            raise EmulatorError(409, f"{job.full_name} is not buildable")
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
        self.tick(now)
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

    def _free_executors(self, running: list[Build]) -> int:
        used = sum(1 for b in running if b.job.kind == FREESTYLE)
        if self.nodes.get("(built-in)", {}).get("offline"):
            return 0
        return max(0, self.executors - used)

    def _evaluate(self, t: int) -> None:
        running = self._running()
        busy = {id(b.job) for b in running}
        for item in sorted(self.queue.values(), key=lambda i: i.id):
            if item.state == "waiting" and t < item.timestamp:
                remaining = (item.timestamp - t) / 1000.0
                item.why = f"In the quiet period. Expires in {remaining:.1f} sec"
                continue
            if self.quieting_down:
                item.state = "blocked"
                item.why = "Jenkins is about to shut down"
                continue
            if not item.job.concurrent and id(item.job) in busy:
                item.state = "blocked"
                active = max(b.number for b in running if b.job is item.job)
                item.why = f"Build #{active} is already in progress (ETA:N/A)"
                continue
            if item.state != "buildable":
                item.state = "buildable"
                item.buildable_since = t
            if item.job.kind == FREESTYLE and self._free_executors(running) == 0:
                item.why = "Waiting for next available executor"
            else:
                item.why = "Waiting for next available executor on ‘Built-In Node’"

    def _next_event(self, now: int) -> tuple[int, object] | None:
        best: tuple[int, object] | None = None
        running = self._running()
        free = self._free_executors(running)
        busy = {id(b.job) for b in running}
        for item in self.queue.values():
            when: int | None = None
            if item.state == "waiting":
                when = item.timestamp
            elif item.state == "buildable" and item.buildable_since is not None:
                can = item.job.kind == PIPELINE or free > 0
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
        build = Build(job, number, item, t, outcome, seed=self.seed + number * 7919)
        job.builds[number] = build
        self.active.append(build)
        item.state = "left"
        item.left_at = t
        item.why = None
        item.build = build
        self.left[item.id] = item

    def start_now(self, job: Job, causes: list[dict[str, Any]], outcome: Outcome) -> Build:
        """Run a build immediately, bypassing the queue (replay / restart from stage)."""
        now = self.clock.now_ms()
        item = QueueItem(self.new_id(), job, [], causes, now, now)
        job.outcomes.appendleft(outcome)
        self._start(item, now)
        return job.builds[job.next_build_number - 1]
