"""Builder API for faults: restart windows, proxy errors, resets, slow and truncated answers."""

from __future__ import annotations

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.faults import Fault


class FaultBuilders(EmulatorParts):
    """``restart``, ``proxy_error``, ``reset_connection``, ``slow``, ``truncate``, ``html_error``,
    ``expire_crumbs``, ``session_ttl``, ``clear_faults``."""

    def restart(
        self, seconds: float | None = 30.0, *, requests: int | None = None, starting: bool = False
    ) -> Fault:
        """Open a restart window: 503 "Restarting Jenkins" pages (no Retry-After) until ``seconds``
        of virtual time pass or ``requests`` requests were refused; sessions are dropped."""
        self.auth.expire_sessions()
        until = self.clock.now_ms() + int(seconds * 1000) if seconds is not None else None
        return self.faults.arm(
            Fault("restart", times=requests, until_ms=until, starting=starting, status=503)
        )

    def proxy_error(
        self,
        status: int = 503,
        *,
        retry_after: str | None = "1",
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
        after: bool = False,
    ) -> Fault:
        """A reverse proxy's 503/429/502 page with ``Retry-After``; with ``after=True`` the
        proxy first forwarded the request (Jenkins acted on it) and then answered its page."""
        return self.faults.arm(
            Fault(
                "http_after" if after else "http",
                path=path,
                method=method,
                times=times,
                probability=probability,
                status=status,
                retry_after=retry_after,
            )
        )

    def reset_connection(
        self,
        *,
        after: bool = False,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """Reset the TCP connection before the request is acted on, or (``after=True``) after it
        was handled but before the response is sent."""
        kind = "reset_after" if after else "reset_before"
        return self.faults.arm(
            Fault(kind, path=path, method=method, times=times, probability=probability)
        )

    def slow(
        self,
        delay: float,
        *,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """Delay responses by ``delay`` real seconds."""
        return self.faults.arm(
            Fault(
                "slow", path=path, method=method, times=times, probability=probability, delay=delay
            )
        )

    def truncate(
        self,
        *,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        keep_fraction: float = 0.5,
        probability: float = 1.0,
    ) -> Fault:
        """Announce the full length but send only part of the body, then close."""
        return self.faults.arm(
            Fault(
                "truncate",
                path=path,
                method=method,
                times=times,
                probability=probability,
                keep_fraction=keep_fraction,
            )
        )

    def html_error(
        self, status: int = 500, *, times: int | None = 1, path: str | None = None
    ) -> Fault:
        """Answer with Jenkins' "Oops!" HTML error page."""
        return self.faults.arm(Fault("html_error", path=path, times=times, status=status))

    def expire_crumbs(self) -> None:
        """Invalidate every web session now, so every crumb is refused."""
        self.auth.expire_sessions()

    def session_ttl(self, seconds: float | None) -> None:
        """Expire sessions (and their crumbs) ``seconds`` of virtual time after creation."""
        self.auth.session_ttl_s = seconds

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self.faults.clear()
