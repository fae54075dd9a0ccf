"""Build statuses read small: one build (with when it should end), or many builds of one job in
one request (``builds.statuses``, the monitor's per-job confirmation)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jenkins_sdk import errors
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path, job_path
from jenkins_sdk.resources import _shapes, _timing
from jenkins_sdk.status import BuildResult, BuildStatus

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["STATUS_TREE", "build_of_item", "status_of", "statuses", "with_end_hint"]

STATUS_TREE = "number,building,result"
# ``builds.wait`` also reads when the build is expected to end.
_WAIT_TREE = f"{STATUS_TREE},timestamp,estimatedDuration,executor[progress]"
# Jenkins caps the exported ``builds`` list at 100; ``allBuilds`` takes a range instead.
_BUILDS_CAP = 100
# How far back a job's builds are searched for an expired queue item's ``queueId``.
_LEFT_SEARCH = 100


def _is_int(value: object) -> bool:
    """Whether ``value`` is a JSON integer (``bool`` is not one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def status_of(data: Any, *, path: str = "$") -> BuildStatus:
    """A ``BuildStatus`` from a build's ``number``, ``building`` and ``result``.

    Raises:
        ResponseShapeError: no integer ``number``, a ``building`` that is not a boolean, or a
            ``result`` that is not one of Jenkins' results.
    """
    what = "build status"
    build = _shapes.as_object(data, what, path=path)
    number = _shapes.integer(build.get("number"), what, path=f"{path}.number")
    if number is None:
        raise errors.ResponseShapeError(f"not a build status: {str(data)[:120]!r}")
    building = _shapes.boolean(build.get("building"), what, path=f"{path}.building")
    result = _shapes.choice(build.get("result"), BuildResult, what, path=f"{path}.result")
    return BuildStatus.from_build(number, bool(building), result)


def with_end_hint(
    requester: Requester, job: JobSpec, build: BuildSpec
) -> tuple[BuildStatus, float | None]:
    """A build's status and the seconds until its expected end (``None``: unknown or done)."""
    data = requester.get_json(f"{build_path(job, build)}api/json", tree=_WAIT_TREE)
    status = status_of(data)
    executor = data.get("executor")
    progress = executor.get("progress") if isinstance(executor, dict) else None
    left = _timing.run_remaining(data.get("timestamp"), data.get("estimatedDuration"), progress)
    return status, None if status.done else left


def statuses(requester: Requester, job: JobSpec, numbers: Iterable[int]) -> dict[int, BuildStatus]:
    """The status of many builds of one job, in one request in the usual case (see
    ``BuildOperations.statuses``)."""
    wanted = sorted({int(n) for n in numbers})
    if not wanted:
        return {}
    # Builds come newest first and numbers only grow, so build N sits at an index no larger
    # than next - 1 - N. Guess a window from the span asked for; widen it once if needed.
    window = max(_BUILDS_CAP, wanted[-1] - wanted[0] + 1 + len(wanted))
    next_number, builds = _read(requester, job, window)
    oldest_seen = builds[-1]["number"] if builds else None
    covered = len(builds) < window or (oldest_seen is not None and oldest_seen <= wanted[0])
    if not covered and next_number:
        wider = max(window, next_number - wanted[0])
        newer, builds = _read(requester, job, wider)
        next_number = newer or next_number
    found = {b["number"]: status_of(b) for b in builds if b["number"] in wanted}
    result: dict[int, BuildStatus] = {}
    for number in wanted:
        if number in found:
            result[number] = found[number]
        elif next_number and number >= next_number:
            result[number] = BuildStatus.queued()
    return result


def _read(
    requester: Requester, job: JobSpec, window: int
) -> tuple[int, builtins.list[dict[str, Any]]]:
    """Read ``nextBuildNumber`` and the newest ``window`` builds' statuses.

    Entries that are not objects with an integer ``number`` are skipped (a build being deleted
    may show up half-written); a ``nextBuildNumber`` that is not an integer is a
    :class:`ResponseShapeError`.
    """
    tree = f"nextBuildNumber,allBuilds[{STATUS_TREE}]{{0,{window}}}"
    what = "job JSON"
    data = _shapes.as_object(requester.get_json(f"{job_path(job)}api/json", tree=tree), what)
    next_number = _shapes.integer(data.get("nextBuildNumber"), what, path="$.nextBuildNumber")
    raw_builds = _shapes.member_list(data, "allBuilds", what)
    builds = [b for b in raw_builds if type(b) is dict and _is_int(b.get("number"))]
    return next_number or 0, builds


def build_of_item(requester: Requester, job: JobSpec, queue_id: int) -> int | None:
    """The number of the build queue item ``queue_id`` became, found by ``queueId`` among the
    job's newest builds (after Jenkins forgot the item, ~5 minutes after it left the queue);
    ``None`` when no recent build came from it (it was cancelled)."""
    tree = f"builds[number,queueId]{{0,{_LEFT_SEARCH}}}"
    what = "job JSON"
    builds = _shapes.entries(
        requester.get_json(f"{job_path(job)}api/json", tree=tree), "builds", what
    )
    for at, build in _shapes.objects(builds, what, path="$.builds"):
        if _shapes.integer(build.get("queueId"), what, path=f"{at}.queueId") == queue_id:
            number = _shapes.integer(build.get("number"), what, path=f"{at}.number")
            if number is not None:
                return number
    return None
