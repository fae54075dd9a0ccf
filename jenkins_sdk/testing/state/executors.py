"""Executors of the emulated nodes (``hudson.model.Executor`` / ``OneOffExecutor``).

What runs where, as in Jenkins (``docs/protocol-monitoring.md``): a freestyle build takes a
regular executor of a node its label allows (``Executor.run``); a pipeline runs on a one-off
executor of the built-in node (``Queue.makeFlyWeightTaskBuildable``: the built-in node when it
is online, else the first online agent); a pipeline whose job has an ``agent`` label also holds
a regular executor for its ``node {}`` block (``ExecutorStepExecution.PlaceholderTask``).

Approximations: nodes are tried built-in first, then agents by name (Jenkins hashes the task
name over the nodes); a ``node {}`` block takes a free executor when the build starts and runs
without one if none is free (Jenkins would queue the block as a ``PlaceholderTask`` item); label
expressions are single atoms (a node label or a node name).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jenkins_sdk.testing.state.builds import Build
from jenkins_sdk.testing.state.items import FREESTYLE
from jenkins_sdk.testing.state.labels import node_matches
from jenkins_sdk.testing.state.nodes import is_online

__all__ = [
    "BUILT_IN",
    "assign",
    "busy_slots",
    "can_start",
    "computer_order",
    "free_slot",
    "label_matches",
    "waiting_why",
]

BUILT_IN = "(built-in)"


def computer_order(nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Node names as ``ComputerSet.getComputers`` sorts them: by name, the built-in node
    (whose name is ``""``) first."""
    return sorted(nodes, key=lambda n: "" if n == BUILT_IN else n)


def label_matches(name: str, info: dict[str, Any], label: str | None) -> bool:
    """Whether a node can take work restricted to ``label`` (``None``: any node)."""
    if label is None or label in ("", "any"):
        return True
    return (
        label == name
        or label in info.get("labels", ())
        or (name == BUILT_IN and label in ("built-in", "master"))
        or node_matches(label, name, info)  # label expressions (emu, issue 19)
    )


def busy_slots(running: Iterable[Build]) -> dict[str, set[int]]:
    """Regular executor numbers in use, by node (freestyle builds and ``node {}`` blocks)."""
    busy: dict[str, set[int]] = {}
    for build in running:
        if build.node is not None and build.executor is not None:
            busy.setdefault(build.node, set()).add(build.executor)
    return busy


def _free_slot(
    nodes: dict[str, dict[str, Any]], busy: dict[str, set[int]], label: str | None
) -> tuple[str, int] | None:
    for name in computer_order(nodes):
        info = nodes[name]
        if not is_online(info) or not label_matches(name, info, label):
            continue
        used = busy.get(name, set())
        for number in range(int(info.get("executors", 0))):
            if number not in used:
                return name, number
    return None


def free_slot(
    nodes: dict[str, dict[str, Any]], busy: dict[str, set[int]], label: str | None
) -> tuple[str, int] | None:
    """A free regular executor ``(node, number)`` on an online node matching ``label``."""
    return _free_slot(nodes, busy, label)


def _flyweight_node(nodes: dict[str, dict[str, Any]]) -> str | None:
    for name in computer_order(nodes):
        if is_online(nodes[name]):
            return name
    return None


def can_start(
    build_kind: str, label: str | None, nodes: dict[str, Any], running: list[Build]
) -> bool:
    """Whether a buildable item of this kind could start now."""
    if build_kind == FREESTYLE:
        return _free_slot(nodes, busy_slots(running), label) is not None
    return _flyweight_node(nodes) is not None


def assign(build: Build, nodes: dict[str, dict[str, Any]], running: list[Build]) -> None:
    """Give a starting build its executor(s)."""
    job = build.job
    busy = busy_slots(running)
    if job.kind == FREESTYLE:
        slot = _free_slot(nodes, busy, job.label)
        build.node, build.executor = slot if slot is not None else (None, None)
        return
    build.flyweight_node = _flyweight_node(nodes)
    if job.agent is not None:
        slot = _free_slot(nodes, busy, job.agent)
        build.node, build.executor = slot if slot is not None else (None, None)


def waiting_why(nodes: dict[str, dict[str, Any]], label: str | None) -> str:
    """A buildable item's ``why`` (``Queue.BuildableItem.getCauseOfBlockage`` messages)."""
    if label is None or label in ("", "any"):
        return "Waiting for next available executor"
    matching = [n for n in computer_order(nodes) if label_matches(n, nodes[n], label)]
    if not matching:
        return f"There are no nodes with the label ‘{label}’"
    online = [n for n in matching if is_online(nodes[n])]
    if not online:
        if len(matching) == 1:
            return f"‘{_display(matching[0])}’ is offline"
        return f"All nodes of label ‘{label}’ are offline"
    if len(matching) == 1:
        return f"Waiting for next available executor on ‘{_display(matching[0])}’"
    return f"Waiting for next available executor on ‘{label}’"


def _display(name: str) -> str:
    return "Built-In Node" if name == BUILT_IN else name
