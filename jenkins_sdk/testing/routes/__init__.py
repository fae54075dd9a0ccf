"""URL dispatch for the emulated controller: one module per area, joined in one table.

An area module declares its handlers in dicts named after the tables of
:mod:`jenkins_sdk.testing.routes.table` (``ROUTES``, ``JOB_ACTIONS``, ``BUILD_ACTIONS``...) and is
listed once in :data:`AREAS`; that is the whole registration.
"""

from __future__ import annotations

from jenkins_sdk.testing.routes import (
    agents,
    artifacts,
    branches,
    builds,
    computers,
    console,
    converter,
    create,
    credentials,
    inputs,
    items,
    job_admin,
    jobs,
    lifecycle,
    pipelines,
    plugins,
    queue,
    reports,
    root,
    system,
    users,
    views,
)
from jenkins_sdk.testing.routes.common import Ctx, not_found
from jenkins_sdk.testing.routes.table import TABLE
from jenkins_sdk.testing.server import Response

__all__ = ["AREAS", "TABLE", "Ctx", "route"]

#: Every area, registered in this order (a segment may be routed by one area only).
AREAS = (
    root,
    users,
    system,
    items,
    create,
    jobs,
    builds,
    console,
    artifacts,
    reports,
    pipelines,
    inputs,
    queue,
    branches,
    job_admin,
    converter,
    computers,
    agents,
    views,
    plugins,
    lifecycle,
    credentials,
)
for _area in AREAS:
    TABLE.add(_area)


def route(ctx: Ctx) -> Response:
    """Serve one request (authentication and CSRF are already checked)."""
    segs = ctx.req.segments
    handler = TABLE.root.get(segs[0] if segs else "")
    return handler(ctx, segs[1:]) if handler is not None else not_found()
