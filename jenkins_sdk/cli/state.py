"""The command line's shared state: connection settings and one lazily created client."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from jenkins_sdk._polling import Clock
from jenkins_sdk.cli.profiles import ConnectionSettings

if TYPE_CHECKING:
    from jenkins_sdk.client import JenkinsClient

__all__ = ["REPLAY_URL", "CliState", "parse_pairs"]

#: The base URL a replay uses when none is configured (a recording ignores the host).
REPLAY_URL = "http://replay.invalid/"


@attrs.define
class CliState:
    """Settings from flags/environment/profile, plus the client built from them on first use."""

    settings: ConnectionSettings
    timeout: float = 600.0
    simulation: tuple[str, Path] | None = None
    clock: Clock | None = None
    _client: JenkinsClient | None = None

    def client(self) -> JenkinsClient:
        """Return the client, creating it on first use (a missing URL is a usage error)."""
        if self._client is None:
            from jenkins_sdk.client import JenkinsClient

            url = self.settings.url
            if not url and self.simulation is not None and self.simulation[0] == "replay":
                url = REPLAY_URL  # a recording replays against any base URL
            if not url:
                raise click.UsageError(
                    "no Jenkins URL: pass --url, set JENKINS_URL, or select a profile"
                )
            kwargs: dict[str, Any] = {"url": url}
            if self.settings.user:
                kwargs["username"] = self.settings.user
            if self.settings.token:
                kwargs["api_token"] = self.settings.token
            elif self.settings.password:
                kwargs["password"] = self.settings.password
            if self.simulation is not None:
                kwargs["simulation_mode"] = self.simulation[0]
                kwargs["recording_path"] = str(self.simulation[1])
            self._client = JenkinsClient(clock=self.clock, **kwargs)
        return self._client

    def close(self) -> None:
        """Close the client (saving a recording, if one is being made)."""
        if self._client is not None:
            self._client.close()
            self._client = None


def parse_pairs(pairs: tuple[str, ...], what: str) -> dict[str, str]:
    """Parse repeated ``K=V`` options into a dict (a missing ``=`` is a usage error)."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint=what)
        result[key] = value
    return result
