"""The flow graph of a running script and its console, as workflow-cps records them.

Node ids are consecutive from 2 (``FlowStartNode``), one per atom step and four per block step
(start, body start ``{``, body end ``}``, end ``// name``), so a script gets the ids Jenkins would
give it. Every new node prints ``[Pipeline] <display function name>`` to the console
(workflow-job ``NewNodeConsoleNote.print``; names from workflow-api ``FlowNode`` and workflow-cps
``StepStartNode``/``StepEndNode``); a step's own output also lands in its node's log, which
``wfapi`` serves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jenkins_sdk.testing.pipeline.errors import Interrupted, PipelineError

ATOM = "atom"
BLOCK_START = "start"
BODY_START = "body"
BODY_END = "body-end"
BLOCK_END = "end"
FLOW_START = "flow-start"
FLOW_END = "flow-end"

#: ``StepDescriptor.getDisplayName`` of each step (what wfapi calls a step node).
STEP_NAMES = {
    "echo": "Print Message",
    "sh": "Shell Script",
    "bat": "Windows Batch Script",
    "sleep": "Sleep",
    "error": "Error signal",
    "unstable": "Set stage result to unstable",
    "input": "Wait for interactive input",
    "writeFile": "Write file to workspace",
    "readFile": "Read file from workspace",
    "fileExists": "Verify if file exists in workspace",
    "deleteDir": "Recursively delete the current directory from the workspace",
    "pwd": "Determine current directory",
    "isUnix": "Checks if running on a Unix-like node",
    "stash": "Stash some files to be used later in the build",
    "unstash": "Restore files previously stashed",
    "archiveArtifacts": "Archive the artifacts",
    "junit": "Archive JUnit-formatted test results",
    "stage": "Stage",
    "node": "Allocate node",
    "parallel": "Execute in parallel",
    "timeout": "Enforce time limit",
    "retry": "Retry the body up to N times",
    "catchError": "Catch error and set build result to failure",
    "warnError": "Catch error and set build and stage result to unstable",
    "withEnv": "Set environment variables",
    "dir": "Change current directory",
    "script": "Run arbitrary Pipeline script",
    "properties": "Set job properties",
}


@dataclass(eq=False)
class FlowNode:
    """One node of the graph (see the module doc for the kinds)."""

    id: int
    kind: str
    function: str
    label: str | None
    enclosing: FlowNode | None
    start_ms: int
    start: FlowNode | None = None
    end_ms: int | None = None
    error: PipelineError | None = None
    #: ``WarningAction``: the result a caught error or ``unstable`` left on this node.
    warning: str | None = None
    description: str | None = None
    log: bytearray = field(default_factory=bytearray)
    pause_ms: int = 0
    paused_since: int | None = None
    #: Secrets a ``withCredentials`` body masks in what its steps print (``****``).
    masks: tuple[str, ...] = ()
    not_executed: bool = False
    #: A parallel branch's body (``ThreadNameAction``): not a stage.
    branch: bool = False
    exec_node: str = ""

    @property
    def display_function_name(self) -> str:
        """``FlowNode.getDisplayFunctionName``: ``sh``, ``{ (Build)``, ``// stage``..."""
        if self.kind == FLOW_START:
            return "Start of Pipeline"
        if self.kind == FLOW_END:
            return "End of Pipeline"
        if self.kind == BODY_START:
            return "{" + (f" ({self.label})" if self.label else "")
        if self.kind == BODY_END:
            return "}"
        if self.kind == BLOCK_END:
            return "// " + self.function
        return self.function

    @property
    def display_name(self) -> str:
        """``FlowNode.getDisplayName``: the label, else the step's display name."""
        if self.label:
            return self.label
        return STEP_NAMES.get(self.function, self.function)

    @property
    def is_stage(self) -> bool:
        """A stage's body start: what the stage view calls a stage (``StageChunkFinder``)."""
        return self.kind == BODY_START and self.function == "stage" and not self.branch

    def status(self) -> str:
        """An atom node's ``StatusExt``."""
        if self.not_executed:
            return "NOT_EXECUTED"
        if self.paused_since is not None:
            return "PAUSED_PENDING_INPUT"
        if self.end_ms is None:
            return "IN_PROGRESS"
        if self.error is not None:
            return error_status(self.error)
        return {"UNSTABLE": "UNSTABLE", "FAILURE": "FAILED"}.get(self.warning or "", "SUCCESS")


#: ``GenericStatus.fromResult`` (pipeline-graph-analysis).
_STATUS_OF_RESULT = {
    "SUCCESS": "SUCCESS",
    "UNSTABLE": "UNSTABLE",
    "FAILURE": "FAILED",
    "NOT_BUILT": "NOT_EXECUTED",
    "ABORTED": "ABORTED",
}


def error_status(error: PipelineError) -> str:
    """The status of a node that ended with ``error``: an interruption carries its result (a
    downstream ``build`` that failed is FAILED), any other error is FAILED."""
    if isinstance(error, Interrupted):
        return _STATUS_OF_RESULT.get(error.result, "ABORTED")
    return "FAILED"


class FlowGraph:
    """The nodes of one run and the console they print to."""

    def __init__(self, now: Callable[[], int]) -> None:
        self.now = now
        self.nodes: list[FlowNode] = []
        self.console = bytearray()
        self._next_id = 2

    def write(self, text: str, node: FlowNode | None = None) -> None:
        """Append ``text`` to the console (and to ``node``'s own log), with the secrets of the
        ``withCredentials`` blocks around ``node`` masked (credentials-binding
        ``SecretPatterns.MaskingOutputStream``: ``****``, secrets of 3 characters or more)."""
        secrets: list[str] = []
        walk = node
        while walk is not None:
            secrets.extend(walk.masks)
            walk = walk.enclosing
        for secret in sorted({s for s in secrets if len(s) >= 3}, key=len, reverse=True):
            text = text.replace(secret, "****")
        data = text.encode("utf-8")
        self.console += data
        if node is not None:
            node.log += data

    def line(self, text: str, node: FlowNode | None = None) -> None:
        """Append one line."""
        self.write(text + "\n", node)

    def add(
        self,
        kind: str,
        function: str,
        enclosing: FlowNode | None,
        *,
        label: str | None = None,
        start: FlowNode | None = None,
        description: str | None = None,
    ) -> FlowNode:
        """Create a node (printing its ``[Pipeline]`` line)."""
        node = FlowNode(self._next_id, kind, function, label, enclosing, self.now(), start=start)
        node.description = description
        self._next_id += 1
        self.nodes.append(node)
        self.line("[Pipeline] " + node.display_function_name)
        if kind in (BODY_END, BLOCK_END, FLOW_START, FLOW_END):
            node.end_ms = node.start_ms
        return node

    def finish(self, node: FlowNode, error: PipelineError | None = None) -> None:
        """Mark a node (an atom, or a block's body start) done at the current time."""
        if node.end_ms is None:
            node.end_ms = self.now()
        if error is not None and node.error is None:
            node.error = error

    def stages(self) -> list[FlowNode]:
        """Stage body starts in id order."""
        return [n for n in self.nodes if n.is_stage]

    def stage_of(self, node: FlowNode) -> FlowNode | None:
        """The innermost stage a node runs in."""
        walk = node.enclosing
        while walk is not None:
            if walk.is_stage:
                return walk
            walk = walk.enclosing
        return None

    def atoms_of(self, stage: FlowNode) -> list[FlowNode]:
        """The atom steps run directly in ``stage`` (not in a nested stage)."""
        return [n for n in self.nodes if n.kind == ATOM and self.stage_of(n) is stage]

    def find(self, node_id: str) -> FlowNode | None:
        """A node by its id."""
        for node in self.nodes:
            if str(node.id) == node_id:
                return node
        return None

    def stage_status(self, stage: FlowNode) -> str:
        """A stage's ``StatusExt`` (``StatusAndTiming.computeChunkStatus`` simplified)."""
        if stage.not_executed:
            return "NOT_EXECUTED"
        inside = self.atoms_of(stage)
        if stage.end_ms is None:
            if any(n.paused_since is not None for n in inside):
                return "PAUSED_PENDING_INPUT"
            return "IN_PROGRESS"
        if stage.error is not None:
            return error_status(stage.error)
        # WarningAction on any node of the stage: unstable, junit, a catchError/warnError block
        marked = [n for n in self.nodes if n.warning and (n is stage or self.stage_of(n) is stage)]
        warnings = {n.warning for n in marked}
        if "FAILURE" in warnings:
            return "FAILED"
        if "UNSTABLE" in warnings:
            return "UNSTABLE"
        return "SUCCESS"

    def pause_of(self, stage: FlowNode, now: int) -> int:
        """Time a stage's steps spent waiting for input (still growing while paused)."""
        total = 0
        for node in self.atoms_of(stage):
            total += node.pause_ms
            if node.paused_since is not None:
                total += now - node.paused_since
        return total
