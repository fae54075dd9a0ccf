"""``/queue/api/json``, ``/queue/item/N/``, ``/queue/item/N/api/json``, ``/queue/cancelItem`` and
``/queue/item/N/cancelQueue`` (``hudson.model.Queue``, ``Queue.Item.doIndex``/``doCancelQueue``)."""

from __future__ import annotations

from jenkins_sdk.testing.routes.branches import queued_scans
from jenkins_sdk.testing.routes.common import (
    Ctx,
    error_page,
    json_response,
    not_found,
    require_post,
    text,
)
from jenkins_sdk.testing.server import Response


def queue_routes(ctx: Ctx, rest: list[str]) -> Response:
    """Dispatch the queue URLs."""
    st = ctx.state
    user = ctx.ident.user
    with st.lock:
        st.tick()
        if not rest or rest[:2] == ["api", "json"] or rest[:2] == ["api", "python"]:
            items = [
                ctx.render.queue_item(i)
                for i in sorted(st.queue.values(), key=lambda i: i.id)
                if i.job.readable_by(user)
            ]
            items = sorted([*items, *queued_scans(ctx)], key=lambda i: int(i["id"]))
            return json_response(
                ctx, {"_class": "hudson.model.Queue", "discoverableItems": [], "items": items}
            )
        if rest[0] == "cancelItem":
            bad = require_post(ctx)
            if bad:
                return bad
            raw = ctx.req.param("id") or ""
            if not raw.isdigit():
                return error_page(404, f"Provided id ({raw}) not found")
            item = st.queue.get(int(raw))
            if item is None or not item.job.readable_by(user):
                return error_page(404, f"Provided id ({raw}) not found")
            st.cancel(item.id)
            return Response(204, b"")
        if rest[0] == "item" and len(rest) >= 2 and rest[1].isdigit():
            item = st.find_item(int(rest[1]))
            if item is None or not item.job.readable_by(user):
                return not_found()
            tail = rest[2:]
            if tail[:2] in (["api", "json"], ["api", "python"]):
                return json_response(ctx, ctx.render.queue_item(item))
            if not tail:  # Queue.Item.doIndex
                return text(
                    "Queue item exists. For details check, for example, "
                    f"{ctx.req.raw_path}api/json?tree=cancelled,executable[url]"
                )
            if tail[0] == "cancelQueue":  # Queue.Item.doCancelQueue (deprecated): 204
                bad = require_post(ctx)
                if bad:
                    return bad
                st.cancel(item.id)
                return Response(204, b"")
        return not_found()


ROUTES = {"queue": queue_routes}
