"""Builds driven by a script: a pipeline's Jenkinsfile or a freestyle job's build steps.

A :class:`ScriptBuild` keeps the :class:`~jenkins_sdk.testing.state.builds.Build` interface the
scheduler, renderer and routes use, but its console, stages, inputs and result come from a
:class:`~jenkins_sdk.testing.pipeline.script_run.ScriptRun` replaying the script on the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.logs import Log, TextPart
from jenkins_sdk.testing.model import InputSpec, Outcome
from jenkins_sdk.testing.pipeline.env import node_env, workspace
from jenkins_sdk.testing.pipeline.errors import Interrupted
from jenkins_sdk.testing.pipeline.freestyle import freestyle_program, matrix_program
from jenkins_sdk.testing.pipeline.programs import pipeline_program
from jenkins_sdk.testing.pipeline.script_run import Placement, ScriptRun
from jenkins_sdk.testing.pipeline.steps import STEPS
from jenkins_sdk.testing.pipeline.steps_params import rejected
from jenkins_sdk.testing.state import executors
from jenkins_sdk.testing.state.builds import Build
from jenkins_sdk.testing.state.items import MATRIX, PIPELINE, Job
from jenkins_sdk.testing.state.scripted import downstream_jobs

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState
    from jenkins_sdk.testing.state.queue import QueueItem


class ScriptBuild(Build):
    """A build whose behaviour comes from interpreting the job's script."""

    scripted = True

    def __init__(
        self,
        state: ControllerState,
        job: Job,
        number: int,
        item: QueueItem,
        start_ms: int,
        outcome: Outcome,
        seed: int,
    ) -> None:
        self.state = state
        super().__init__(job, number, item, start_ms, outcome, seed)

    def _begin(self, item: QueueItem, outcome: Outcome) -> None:
        """Start the script (the job's Jenkinsfile, or its freestyle or matrix steps)."""
        job, state = self.job, self.state
        self.artifacts = []
        self.test_report = outcome.test_report
        self.restart_stage = item.restart_stage
        self._held: list[Placement] = []
        #: A matrix build's configuration results, by combination (``x=1,y=a``).
        self.matrix_results: dict[str, str] = {}
        self.run = ScriptRun(self, state, STEPS)
        if job.kind == PIPELINE:
            assert job.script is not None
            self.run.start(pipeline_program(job.script))
        elif job.kind == MATRIX:
            self.run.start(matrix_program(job))
        else:
            self.run.start(freestyle_program(job))

    # ---------------------------------------------------------------- clock
    def next_event_ms(self) -> int | None:
        """When the script next has something to do (None while it waits for input)."""
        return self.run.runner.next_event_ms() if self.building else None

    def on_event(self, t: int) -> None:
        """Run the script up to ``t``; finish the build when it returns."""
        self.run.runner.run_until(t)
        if self.run.runner.done and self.building:
            self._complete(t)

    def _complete(self, t: int) -> None:
        root = self.run.runner.root
        assert root is not None
        result = root.result if isinstance(root.result, str) else self.run.current_result()
        if root.error is not None:
            result = "FAILURE"
        if self.forced_result:
            result = self.forced_result
        self.result = result
        self.end_ms = t
        self.building = False
        for placed in list(self._held):
            self.release_node(placed)
        self.run.flow.line(f"Finished: {result}")

    def last_event_ms(self) -> int:
        """The time the script last ran at."""
        return self.run.now

    # ------------------------------------------------------------------ log
    def visible_log(self, now_ms: int) -> tuple[Log, int, bool]:
        """(the console so far, its size, complete?): a script's console is written as it runs."""
        data = bytes(self.run.flow.console)
        return Log([TextPart(data)]), len(data), not self.building

    # ------------------------------------------------------------- control
    def abort(self, t: int, by: str, *, hard: bool = False, interruption: bool = True) -> None:
        """``stop`` interrupts the running steps (a script may catch that); ``kill`` ends it."""
        if not self.building:
            return
        if interruption:
            self.interrupted_by = by
        self.aborted_by = by
        self.run.runner.now = max(self.run.runner.now, t)
        if hard:
            self.hard_killed = True
            self.run.set_result("ABORTED")
            self.run.flow.line("Hard kill!")
            self._complete_aborted(t)
            return
        root = self.run.runner.root
        if root is not None:
            self.run.runner.interrupt(root, Interrupted("ABORTED", (f"Aborted by {by}",)))
        self.on_event(t)

    def _complete_aborted(self, t: int) -> None:
        killed = Interrupted("ABORTED", ("Hard kill!",))
        for node in self.run.flow.nodes:  # the steps still running end with the build
            if node.end_ms is None:
                self.run.flow.finish(node, killed)
            node.paused_since = None
        self.result = "ABORTED"
        self.end_ms = t
        self.building = False
        for placed in list(self._held):
            self.release_node(placed)
        self.run.flow.line("Finished: ABORTED")

    def pending_input(self) -> tuple[object, InputSpec] | None:
        """The first input waiting for an answer."""
        if not self.building or not self.run.inputs:
            return None
        spec, node = next(iter(self.run.inputs.values()))
        return node, spec

    def pending_inputs(self) -> list[InputSpec]:
        """Every input waiting for an answer."""
        return [spec for spec, _node in self.run.inputs.values()] if self.building else []

    def input_state(self, input_id: str) -> str | None:
        """``pending``, ``answered`` or None."""
        if input_id in self.run.inputs:
            return "pending"
        return "answered" if input_id in self.run.answered else None

    def input_spec(self, input_id: str) -> InputSpec | None:
        """The spec of a pending input."""
        found = self.run.inputs.get(input_id)
        return found[0] if found is not None else None

    def answer_input(
        self, t: int, proceed: bool, by: str, values: dict[str, Any], input_id: str = ""
    ) -> None:
        """Resume the script: the input step returns, or fails with a ``Rejection``."""
        key = input_id or next(iter(self.run.inputs), "")
        self.run.runner.now = max(self.run.runner.now, t)
        self.run.answered.add(key)
        if proceed:
            self.run.runner.resume(key, (by, values))
        else:
            self.run.runner.resume(key, error=rejected(by))
        self.on_event(t)

    @property
    def pause_ms(self) -> int:
        """Time spent waiting for input."""
        total = 0
        for node in self.run.flow.nodes:
            total += node.pause_ms
            if node.paused_since is not None:
                total += self.run.now - node.paused_since
        return total

    # -------------------------------------------------------------- nodes
    def node_labels(self, node: str) -> list[str]:
        """The labels of a node."""
        info = self.state.nodes.get(node, {})
        return list(info.get("labels", [])) or [node]

    def allocate_node(self, label: str | None) -> Placement | None:
        """An executor for a ``node(label)`` block (None: no online node matches)."""
        nodes = self.state.nodes
        slot = executors.free_slot(nodes, executors.busy_slots(self.state.active), label)
        if slot is None:
            online = [
                n
                for n in executors.computer_order(nodes)
                if not nodes[n].get("offline") and executors.label_matches(n, nodes[n], label)
            ]
            if not online:
                return None
            slot = (online[0], 0)
        name, number = slot
        ws = workspace(self.job, name)
        placed = Placement(
            name,
            "Jenkins" if name == executors.BUILT_IN else name,
            number,
            ws,
            node_env(name, self.node_labels(name), number, ws),
        )
        if not self._held:
            self.node, self.executor = name, number
        self._held.append(placed)
        return placed

    def release_node(self, placed: Placement) -> None:
        """Give the block's executor back."""
        if placed in self._held:
            self._held.remove(placed)
        if not self._held:
            self.node, self.executor = None, None

    def blockage(self, label: str | None) -> str:
        """Why a ``node`` block cannot start (``CauseOfBlockage``)."""
        return executors.waiting_why(self.state.nodes, label)

    # ------------------------------------------------------------- history
    def previous_completed_result(self) -> str | None:
        """The result of the newest earlier build that completed."""
        for number in sorted((n for n in self.job.builds if n < self.number), reverse=True):
            prev = self.job.builds[number]
            if not prev.building:
                return prev.result
        return None

    def trigger_downstream(
        self, fields: dict[str, str], result: str, say: Callable[[str], None]
    ) -> None:
        """``BuildTrigger``: queue each child project when ``result`` meets the threshold."""
        order = ("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED")
        threshold = fields.get("threshold", "SUCCESS") or "SUCCESS"
        if order.index(result) > order.index(threshold if threshold in order else "SUCCESS"):
            return
        for child in downstream_jobs(self.state, self.job, fields.get("childProjects", "")):
            if child.disabled:
                say(f"{child.full_name} is disabled. Triggering skipped")
                continue
            cause = {
                "_class": "hudson.model.Cause$UpstreamCause",
                "shortDescription": f'Started by upstream project "{self.job.full_name}" '
                f"build number {self.number}",
                "upstreamBuild": self.number,
                "upstreamProject": self.job.full_name,
                "upstreamUrl": "".join(f"job/{n}/" for n in self.job.segments),
            }
            defaults = [(d, d.default) for d in child.params if d.type != "file"]
            created = self.state.enqueue(child, defaults, [cause], at_ms=self.run.now)
            say(
                f"Triggering a new build of {child.full_name}"
                if created
                else f"{child.full_name} is already in the queue"
            )
