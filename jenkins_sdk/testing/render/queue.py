"""Queue items as Jenkins exports them: WaitingItem, BlockedItem, BuildableItem, LeftItem."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.render.builds import BuildRenderer
from jenkins_sdk.testing.state import ITEM_CLASSES, QueueItem


class QueueRenderer(BuildRenderer):
    """Queue items (they refer to builds once they left the queue)."""

    def queue_item(self, item: QueueItem) -> dict[str, Any]:
        """A queue item: WaitingItem, BlockedItem, BuildableItem or LeftItem."""
        job = item.job
        actions: list[dict[str, Any]] = []
        if item.params:
            actions.append(
                {
                    "_class": "hudson.model.ParametersAction",
                    "parameters": self.param_values(item.params),
                }
            )
        actions.append({"_class": "hudson.model.CauseAction", "causes": list(item.causes)})
        cls = {
            "waiting": "hudson.model.Queue$WaitingItem",
            "blocked": "hudson.model.Queue$BlockedItem",
            "buildable": "hudson.model.Queue$BuildableItem",
            "left": "hudson.model.Queue$LeftItem",
        }[item.state]
        params = "".join(
            f"\n{d.name}=****" if d.type == "password" else f"\n{d.name}={v}"
            for d, v in item.params
            if d.type != "file"
        )
        stuck = False
        if item.state == "buildable" and item.buildable_since is not None:
            est = job.estimated_duration_ms()
            limit = max(60_000, 10 * est) if est > 0 else 24 * 3600 * 1000
            stuck = self.now - item.buildable_since > limit
        out: dict[str, Any] = {
            "_class": cls,
            "actions": actions,
            "blocked": item.state == "blocked",
            "buildable": item.state == "buildable",
            "id": item.id,
            "inQueueSince": item.in_queue_since,
            "params": params,
            "stuck": stuck,
            "task": {
                "_class": ITEM_CLASSES[job.kind],
                "name": job.name,
                "url": self.item_url(job),
                "color": job.color(),
            },
            "url": f"queue/item/{item.id}/",
            "why": item.why,
        }
        if item.state == "waiting":
            out["timestamp"] = item.timestamp
        elif item.state in ("blocked", "buildable"):
            out["buildableStartMilliseconds"] = item.buildable_since or item.timestamp
            if item.state == "buildable":
                out["pending"] = False
        else:
            out["cancelled"] = item.cancelled
            out["executable"] = self.build_ref(item.build) if item.build is not None else None
        return out
