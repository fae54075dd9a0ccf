"""Exactly-once triggers: after a trigger whose outcome is unknown, find what it queued.

A POST to ``build``/``buildWithParameters`` can fail after Jenkins acted on it: the connection
broke after the request was sent, the answer timed out, or a proxy answered 502/503/504 after it
had forwarded the request. Sending it again could start a second build; giving up loses the one
that was queued. So the SDK looks for the queue item or build that this very POST created: same
job, same parameters, caused by this user, queued since the call began (Jenkins merges identical
items waiting in the queue, which helps). It checks again for a few seconds (a slow handler may
still be at work); then:

* exactly one candidate: it is the call's result;
* none, and Jenkins' handler is known to have ended (the connection broke, or a proxy answered
  500/502/503): the POST queued nothing, so it is sent again (a bounded number of times);
* none while the handler may still be at work (the answer timed out, or a proxy gave up with
  504), more than one, or the queue and builds cannot be read:
  :class:`~jenkins_sdk.errors.TriggerOutcomeUnknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk import errors
from jenkins_sdk._http.parse import http_date_epoch
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources import _shapes

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock

__all__ = ["Candidate", "Trigger", "handler_ended", "is_ambiguous"]

#: Seconds between the checks for what an ambiguous POST queued (a slow handler may lag).
CHECKS = (0.0, 1.0, 2.0, 4.0)
#: How often a POST that provably queued nothing is sent again.
RESENDS = 5
#: The most reads of the queue one reconciliation makes (when they keep failing).
_MAX_READS = 20
#: Clock slack between the client and Jenkins' 1-second ``Date``, in milliseconds.
_SLACK_MS = 2000
_QUEUE_TREE = "items[id,inQueueSince,task[url],actions[causes[userId],parameters[name,value]]]"
_BUILDS_TREE = (
    "builds[number,queueId,timestamp,actions[causes[userId],parameters[name,value]]]{0,20}"
)


@attrs.frozen
class Candidate:
    """A queue item or build that may be what an ambiguous trigger started."""

    queue_id: int
    number: int | None = None


def is_ambiguous(error: errors.JenkinsError) -> bool:
    """Whether a trigger that failed with ``error`` may still have queued a build."""
    if error.acted_on is False:
        return False
    return isinstance(error, errors.TransportError | errors.ServerError)


def handler_ended(error: errors.JenkinsError) -> bool:
    """Whether Jenkins' handler of the failed POST is known to be over (so what it queued, if
    anything, is visible now): not after a timeout, nor a proxy's 504 (it gave up waiting)."""
    if isinstance(error, errors.Timeout):
        return False
    return error.status != 504


class Trigger:
    """One trigger call: post, and reconcile when the outcome is unknown."""

    def __init__(
        self,
        requester: Requester,
        job: JobRef,
        fields: Sequence[tuple[str, str]],
        *,
        clock: Clock,
    ) -> None:
        self.requester = requester
        self.job = job
        self.fields = [(name, value) for name, value in fields]
        self.clock = clock
        self.user = requester.username

    def run(self, post: Callable[[], int]) -> int:
        """``post()`` returns the queue id; the queue id this call started is returned.

        Everything, re-sends and reconciliation included, ends within two
        ``response_timeout`` (one for the POST, one for finding out what it did).
        """
        with self.requester.deadline(2.0):
            return self._run(post)

    def _run(self, post: Callable[[], int]) -> int:
        attempt = 0
        refused = 0
        while True:
            started = self.clock.monotonic()
            try:
                return post()
            except errors.JenkinsError as exc:
                if exc.acted_on is False and exc.retryable and self._pause(refused):
                    refused += 1  # provably not acted on (a restart, a refused crumb): again
                    continue
                if not is_ambiguous(exc):
                    raise
                found = self.reconcile(started, exc)
                if found is not None:
                    return found.queue_id
                if not handler_ended(exc):
                    raise self._unknown(
                        exc, "nothing was queued yet, but Jenkins may still be handling the request"
                    ) from exc
                if attempt >= RESENDS:
                    raise
                attempt += 1

    def _pause(self, refused: int) -> bool:
        """Wait 1, 2, 4 ... s before sending a refused POST again; False when the call's
        deadline leaves no time for the wait and another try (or after many tries)."""
        wait = min(2.0**refused, 8.0)
        left = self.requester.time_left()
        if refused >= _MAX_READS or (left is not None and left <= wait + 1.0):
            return False
        self.clock.sleep(wait)
        return True

    def reconcile(self, started: float, error: errors.JenkinsError) -> Candidate | None:
        """The one item or build the failed POST created, or None when it created none.

        Every check in :data:`CHECKS` must read the queue and builds; a read that fails (Jenkins
        restarting, a proxy) is tried again a second later, as long as time is left.
        """
        pauses = list(CHECKS)
        pause = pauses.pop(0)
        why = "no time was left to finish looking"
        for _ in range(_MAX_READS):
            if pause:
                left = self.requester.time_left()
                if left is not None and left <= pause:
                    raise self._unknown(error, why)
                self.clock.sleep(pause)
            try:
                found = self.candidates(started)
            except (errors.TransportError, errors.ServerError) as exc:
                why = f"the queue and builds could not be read in time ({exc.message})"
                pause = max(pause, 1.0)  # not a look: read again
                continue
            except errors.JenkinsError as exc:
                raise self._unknown(error, f"reading the queue and builds failed: {exc}") from exc
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                numbers = ", ".join(f"queue item {c.queue_id}" for c in found)
                raise self._unknown(error, f"several matching builds were queued ({numbers})")
            if not pauses:
                return None
            pause = pauses.pop(0)
        raise self._unknown(error, why)

    def candidates(self, started: float) -> list[Candidate]:
        """Queue items and builds of the job with this call's parameters and user, queued since
        the call began (in Jenkins' time, from its ``Date`` header)."""
        reply = self.requester.request(
            "GET", "queue/api/json", params={"tree": _QUEUE_TREE}, ok=(200,)
        )
        server_now = http_date_epoch(reply.headers.get("Date"))
        since_ms = None
        if server_now is not None:
            elapsed = self.clock.monotonic() - started
            since_ms = int((server_now - elapsed) * 1000) - _SLACK_MS
        found = [
            Candidate(int(item["id"]))
            for item in _objects(reply.json(), "items")
            if _is_int(item.get("id"))
            and self._same_job(item)
            and self._is_ours(item, "inQueueSince", since_ms)
        ]
        builds = self.requester.get_json(f"{self.job.path}api/json", tree=_BUILDS_TREE)
        queued = {c.queue_id for c in found}
        for build in _objects(builds, "builds"):
            queue_id = build.get("queueId")
            if not isinstance(queue_id, int) or queue_id in queued or since_ms is None:
                continue  # without Jenkins' time an older build cannot be told from ours
            if self._is_ours(build, "timestamp", since_ms):
                number = build.get("number")
                found.append(Candidate(queue_id, number if isinstance(number, int) else None))
        return found

    def _is_ours(self, entry: dict[str, Any], time_key: str, since_ms: int | None) -> bool:
        at = entry.get(time_key)
        if since_ms is not None and not (isinstance(at, int) and at >= since_ms):
            return False
        actions = _dicts(entry, "actions")
        if self.user is not None:
            users = {
                cause.get("userId") for action in actions for cause in _dicts(action, "causes")
            }
            if self.user not in users:
                return False
        values: dict[str, list[str]] = {}
        for action in actions:
            for param in _dicts(action, "parameters"):
                if isinstance(param.get("name"), str):
                    values.setdefault(param["name"], []).append(_text(param.get("value")))
        return all(
            value in values.get(name, [value])  # a value Jenkins does not export matches
            for name, value in self.fields
        )

    def _same_job(self, item: dict[str, Any]) -> bool:
        task = item.get("task")
        url = task.get("url") if isinstance(task, dict) else None
        if not isinstance(url, str):
            return False
        try:
            return JobRef.from_url(url) == self.job
        except errors.InvalidRef:
            return False

    def _unknown(self, error: errors.JenkinsError, why: str) -> errors.TriggerOutcomeUnknown:
        return errors.TriggerOutcomeUnknown(
            f"the trigger of {self.job.full_name!r} failed ({error.message}) and whether it "
            f"queued a build cannot be told: {why}",
            method="POST",
            url=error.url,
            status=error.status,
            hint="look at the job's queue and builds before triggering it again",
        )


def _objects(data: Any, key: str) -> list[dict[str, Any]]:
    """The objects listed under ``key`` of the object ``data`` (other entries are skipped)."""
    return _dicts(_shapes.as_object(data, "reconciliation read"), key)


def _dicts(owner: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The objects of the list under ``key`` (absent: none; a non-list: ResponseShapeError)."""
    return [
        item
        for item in _shapes.member_list(owner, key, "reconciliation read")
        if type(item) is dict
    ]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
