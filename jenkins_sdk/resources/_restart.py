"""Restarting the controller and waiting for it (``docs/protocol-admin.md`` §3).

``POST /restart`` turns the controller into ``HudsonIsRestarting`` before it answers, so a wait
started right after it cannot see the old, still-running Jenkins. While it comes back a client
meets, in order: 503 "Restarting Jenkins" pages, refused connections, 503 "Starting Jenkins"
pages, then the API. A safe restart first quiets down (the API stays up with ``quietingDown``)
until running builds end. :meth:`LifecycleOperations.wait_until_ready` rides through all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk._http.exchange import call_deadline
from jenkins_sdk.models import RootInfo, structure, tree_of

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["LifecycleOperations"]

#: Answers that mean "not yet": Jenkins' own restart/startup pages (503) and a proxy's 502/504.
_NOT_YET = (errors.TransportError, errors.UnexpectedResponse)
_PROXY_STATUSES = frozenset({502, 503, 504})
_POLL_FIRST, _POLL_MAX = 1.0, 5.0
#: The time kept before the deadline for the last probe, and the least a probe is given.
_LAST_PROBE, _MIN_BUDGET = 1.0, 0.05
#: Kept from a probe's budget for closing the abandoned connection and raising.
_MARGIN = 0.05


def _not_jenkins_404(exc: errors.HTTPStatusError) -> bool:
    """A 404 for the root API without Jenkins' headers: not Jenkins answering (yet) but the
    servlet container whose context is being redeployed, or a proxy without its backend."""
    if exc.status != 404:
        return False
    return not any(name.lower() in ("x-jenkins", "x-hudson") for name in exc.headers)


class LifecycleOperations:
    """The restart half of ``client.system``."""

    _requester: Requester

    def restart(self) -> None:
        """Restart Jenkins now (``POST /restart``; running builds are interrupted).

        Raises:
            InternalError: this Jenkins cannot restart itself (no service wrapper).
        """
        self._requester.post("restart")

    def safe_restart(self, *, message: str | None = None) -> None:
        """Restart once running builds have finished (no new build starts meanwhile)."""
        self._requester.post("safeRestart", data={"message": message} if message else None)

    def safe_exit(self) -> None:
        """Shut Jenkins down once running builds have finished (it does not come back)."""
        self._requester.post("safeExit", ok=(200,))

    def reload(self) -> None:
        """Reload the configuration from disk (``POST /reload``; the JVM keeps running)."""
        self._requester.post("reload")

    def _probe(self, budget: float | None = None) -> tuple[RootInfo | None, str]:
        """The root object if the controller answers and is not quieting down (else None), and
        what it answered.

        ``budget`` bounds the whole call, retries included (a controller that accepts the
        connection and never answers must not hold a wait past its deadline)."""
        try:
            if budget is None:
                data = self._requester.get_json("api/json", tree=tree_of(RootInfo))
            else:
                with call_deadline(max(budget, _MIN_BUDGET)):
                    data = self._requester.get_json("api/json", tree=tree_of(RootInfo))
        except errors.HTTPStatusError as exc:
            if exc.status in _PROXY_STATUSES or _not_jenkins_404(exc):
                return None, f"{exc.status} {exc.message}"
            raise
        except errors.Timeout:
            return None, "no answer in the time left (Timeout)"
        except _NOT_YET as exc:
            return None, f"{type(exc).__name__}: {exc.message}"
        if not isinstance(data, Mapping):
            return None, "the root API answered something else than an object"
        info = structure(data, RootInfo)
        if info.quieting_down:
            return None, "quieting down"
        return info, "ready"

    def is_ready(self) -> bool:
        """Whether the controller answers its API and is not quieting down (a restart, startup
        or a pending safe restart all say False). 401/403 are raised: they are real answers."""
        return self._probe()[0] is not None

    def wait_until_ready(self, *, timeout: float | None = None) -> RootInfo:
        """Wait until the controller is ready and return its root object.

        Rides through refused connections, Jenkins' 503 "Restarting"/"Starting Jenkins" pages,
        a proxy's 502/503/504, a servlet container's 404 without Jenkins' headers (its context
        redeploying) and the quiet-down of a safe restart, polling on the client's clock
        (1 s, doubling to 5 s). The wait ends within ``timeout`` seconds (default: the client's
        ``wait_timeout``): each probe gets at most the time left, and the last one is made
        shortly before the deadline rather than at it.

        Raises:
            NotReadyTimeout: not ready in time.
            Unauthorized / Forbidden: the credentials are refused (waiting would not help).
        """
        timeout = self._requester.wait_seconds(timeout)
        clock = self._requester.clock
        deadline = clock.monotonic() + timeout
        window = min(_LAST_PROBE, timeout / 4)  # kept for the probe that ends the wait
        pause = _POLL_FIRST
        while True:
            info, last = self._probe(deadline - clock.monotonic() - _MARGIN)
            if info is not None:
                return info
            left = deadline - clock.monotonic()
            if left <= window:
                raise errors.NotReadyTimeout(
                    f"Jenkins was not ready after {timeout:g} s (last answer: {last})"
                )
            clock.sleep(min(pause, left - window))
            pause = min(pause * 2, _POLL_MAX)
