"""Builds of the emulated controller: a build advances through its stages on the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.logs import GeneratedPart, Log, Part, TextPart, text_lines
from jenkins_sdk.testing.model import InputSpec, Outcome, StageSpec
from jenkins_sdk.testing.state.items import FREESTYLE, PIPELINE, Job

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.queue import QueueItem


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


class Build:
    """One run of a job, advancing through its stages on the clock."""

    #: Whether the build interprets a script (``ScriptBuild``: console, stages, inputs from it).
    scripted = False

    def __init__(
        self, job: Job, number: int, item: QueueItem, start_ms: int, outcome: Outcome, seed: int
    ) -> None:
        """What every build has (identity, queue timings, result, executors), then
        :meth:`_begin` starts it."""
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
        #: ``Run.getDisplayName``: None means ``#N``.
        self.display_name: str | None = None
        self.keep_log = False
        #: ``AbstractBuild.getWhyKeepLog``'s other reasons (a downstream job keeping its
        #: dependencies): ``keepLog`` is true whatever the toggled flag says.
        self.kept_because: str | None = None
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
        #: The regular executor it holds: a freestyle build, or a pipeline's ``node {}`` block.
        self.node: str | None = None
        self.executor: int | None = None
        #: The node of a pipeline's one-off executor.
        self.flyweight_node: str | None = None
        #: Off every executor until then, as a pipeline resuming after a restart.
        self.resumes_at_ms: int | None = None
        self.has_stages = job.kind == PIPELINE
        self.stages: list[StageRun] = []
        self._begin(item, outcome)

    def _begin(self, item: QueueItem, outcome: Outcome) -> None:
        """A build that follows declared stages (no script): its header, stages and first one."""
        job = self.job
        start_ms = self.start_ms
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

    @property
    def shown_name(self) -> str:
        """``Run.getDisplayName``: the custom display name, else ``#N``."""
        return self.display_name or f"#{self.number}"

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
            if self.job.kind != PIPELINE:  # Run.execute catching the executor's interruption
                lines.append("Build was aborted")
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

    def answer_input(
        self, t: int, proceed: bool, by: str, values: dict[str, Any], input_id: str = ""
    ) -> None:
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

    def pending_input(self) -> tuple[object, InputSpec] | None:
        """The stage waiting on input and its spec, if any."""
        if not self.building:
            return None
        run = self.stages[self.current]
        if run.input_state == "pending" and run.spec.input is not None:
            return run, run.spec.input
        return None

    def last_event_ms(self) -> int:
        """When the build last changed (where an answer to a paused build happens)."""
        return self.phase_clock_ms

    def pending_inputs(self) -> list[InputSpec]:
        """Every input waiting for an answer (``wfapi/pendingInputActions``)."""
        pending = self.pending_input()
        return [pending[1]] if pending is not None else []

    def input_state(self, input_id: str) -> str | None:
        """``pending``, ``answered``, or None for an input this build never reached."""
        for run in self.stages:
            if run.spec.input is not None and run.spec.input.input_id == input_id:
                if run.input_state is None:
                    return None
                return "pending" if run.input_state == "pending" else "answered"
        return None

    def input_spec(self, input_id: str) -> InputSpec | None:
        """The spec of an input by id."""
        for run in self.stages:
            if run.spec.input is not None and run.spec.input.input_id == input_id:
                return run.spec.input
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
