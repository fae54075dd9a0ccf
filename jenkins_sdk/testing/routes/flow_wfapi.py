"""Stage View (``wfapi``) of a script-driven build, read from its flow graph.

pipeline-stage-view ``RunExt``/``StageNodeExt``/``AtomFlowNodeExt``/``FlowNodeLogExt`` with
``ChunkVisitor``: a stage is a ``stage`` body with its label (workflow-api ``StageChunkFinder``;
parallel branch bodies are not stages), its id is that node's, its ``stageFlowNodes`` are the atom
steps run in it (nested stages have their own), its status and error come from how its body
ended, and a step's log is what it printed.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, cast

from jenkins_sdk.testing.pipeline.flow import ATOM, FlowNode
from jenkins_sdk.testing.routes.common import Ctx, build_base, not_found, plain_json
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state.builds import Build

if TYPE_CHECKING:  # the interpreter loads with the first scripted build, not with the routes
    from jenkins_sdk.testing.state.script_build import ScriptBuild

MAX_LOG = 10 * 1024


def as_scripted(build: Build) -> ScriptBuild | None:
    """The build as a :class:`ScriptBuild` when it interprets a script."""
    return cast("ScriptBuild", build) if build.scripted else None


def _error(node: FlowNode) -> dict[str, Any] | None:
    error = node.error
    if error is None:
        return None
    return {"message": error.message or "", "type": error.java_class}


def _span(node: FlowNode, now: int) -> int:
    end = node.end_ms if node.end_ms is not None else now
    return max(0, end - node.start_ms)


def step_json(ctx: Ctx, build: ScriptBuild, node: FlowNode, now: int) -> dict[str, Any]:
    """``AtomFlowNodeExt`` of one step."""
    base = build_base(ctx, build)
    out: dict[str, Any] = {
        "_links": {
            "self": {"href": f"{base}execution/node/{node.id}/wfapi/describe"},
            "log": {"href": f"{base}execution/node/{node.id}/wfapi/log"},
        },
        "id": str(node.id),
        "name": node.display_name,
        "execNode": node.exec_node,
        "status": node.status(),
    }
    error = _error(node)
    if error is not None:
        out["error"] = error
    out["parameterDescription"] = node.description or ""
    out["startTimeMillis"] = node.start_ms
    out["durationMillis"] = _span(node, now)
    paused = node.pause_ms + (now - node.paused_since if node.paused_since is not None else 0)
    out["pauseDurationMillis"] = paused
    out["parentNodes"] = [str(_previous(build, node))]
    return out


def _previous(build: ScriptBuild, node: FlowNode) -> int:
    """The node before ``node`` in its block (``FlowNode.getParents`` of a step)."""
    before = [
        n.id
        for n in build.run.flow.nodes
        if n.id < node.id and n.enclosing is node.enclosing and n.kind in (ATOM, "end")
    ]
    if before:
        return max(before)
    return node.enclosing.id if node.enclosing is not None else node.id - 1


def stage_json(
    ctx: Ctx, build: ScriptBuild, stage: FlowNode, now: int, full: bool
) -> dict[str, Any]:
    """``StageNodeExt`` of one stage (``stageFlowNodes`` when ``full``)."""
    flow = build.run.flow
    status = flow.stage_status(stage)
    out: dict[str, Any] = {
        "_links": {
            "self": {"href": f"{build_base(ctx, build)}execution/node/{stage.id}/wfapi/describe"}
        },
        "id": str(stage.id),
        "name": stage.label or "",
        "execNode": stage.exec_node,
        "status": status,
    }
    error = _error(stage) if status in ("FAILED", "ABORTED") else None
    if error is not None:
        out["error"] = error
    out["startTimeMillis"] = stage.start_ms
    out["durationMillis"] = 0 if status == "NOT_EXECUTED" else _span(stage, now)
    out["pauseDurationMillis"] = flow.pause_of(stage, now)
    if full:
        out["stageFlowNodes"] = [step_json(ctx, build, n, now) for n in flow.atoms_of(stage)][:100]
    return out


def stages_json(ctx: Ctx, build: ScriptBuild, now: int, full: bool) -> list[dict[str, Any]]:
    """Every stage of the run, in order."""
    return [stage_json(ctx, build, s, now, full) for s in build.run.flow.stages()]


def node_routes(ctx: Ctx, build: ScriptBuild, node_id: str, rest: list[str]) -> Response:
    """``execution/node/ID/wfapi/describe``, ``.../wfapi/log`` and ``.../log``."""
    now = ctx.state.clock.now_ms()
    node = build.run.flow.find(node_id)
    if node is None:
        return not_found()
    if rest[:2] == ["wfapi", "describe"] or rest == ["wfapi"]:
        if node.is_stage:
            return plain_json(stage_json(ctx, build, node, now, full=True))
        return plain_json(step_json(ctx, build, node, now))
    if rest[:2] == ["wfapi", "log"]:
        if node.is_stage:
            status = build.run.flow.stage_status(node)
            return plain_json(
                {
                    "nodeId": node_id,
                    "nodeStatus": status,
                    "length": 0,
                    "hasMore": False,
                    "consoleUrl": None,
                }
            )
        data = bytes(node.log)
        text = data[max(0, len(data) - MAX_LOG) :].decode("utf-8", "ignore")
        return plain_json(
            {
                "nodeId": node_id,
                "nodeStatus": node.status(),
                "length": len(data),
                "hasMore": len(data) > MAX_LOG,
                "text": html.escape(text, quote=False),
                "consoleUrl": f"{build_base(ctx, build)}execution/node/{node_id}/log",
            }
        )
    if rest[:1] == ["log"]:
        return Response(200, bytes(node.log), "text/plain;charset=utf-8")
    return not_found()
