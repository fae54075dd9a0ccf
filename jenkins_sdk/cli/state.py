"""The command line's shared state: connection settings, what the command is about, one client."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from jenkins_sdk._polling import Clock
from jenkins_sdk.cli.exitcodes import USAGE
from jenkins_sdk.cli.profiles import ConnectionSettings
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.config import RetrySettings

__all__ = [
    "LAST_BUILD",
    "REPLAY_URL",
    "CliState",
    "ConfigError",
    "Subject",
    "job_and_build",
    "parse_pairs",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The base URL a replay uses when none is configured (a recording ignores the host).
REPLAY_URL = "http://replay.invalid/"


#: The build a command reads when none is named.
LAST_BUILD = "lastBuild"


def job_and_build(command: F) -> F:
    """The ``JOB [BUILD]`` arguments: a job, then a build number or permalink (the last build
    when left out)."""
    build = click.argument("build", required=False, default=LAST_BUILD)
    return click.argument("job")(build(command))


class ConfigError(click.ClickException):
    """A configuration error (bad URL, a user without a token, ...): one line, exit code 2."""

    exit_code = USAGE


@attrs.frozen
class Subject:
    """What a command reads, so an error can say ``no build 9999 of team/app``.

    Attributes:
        job: the job's full name.
        build: the build (number or permalink), if the command reads one.
        thing: what of the build it reads (``"test report"``), if not the build itself.
    """

    job: str
    build: str | None = None
    thing: str | None = None


@attrs.define
class CliState:
    """Settings from flags/profile/environment, plus the client built from them on first use."""

    settings: ConnectionSettings
    timeout: float = 600.0
    retries: int = 2
    simulation: tuple[str, Path] | None = None
    clock: Clock | None = None
    verbosity: int = 0
    subject: Subject | None = None
    _client: JenkinsClient | None = None

    def about(self, job: str, build: str | int | None = None, thing: str | None = None) -> None:
        """Say what the command reads (used to word a 404)."""
        self.subject = Subject(job, None if build is None else str(build), thing)

    def client(self) -> JenkinsClient:
        """Return the client, creating it on first use.

        Raises:
            ConfigError: no URL, or settings the client refuses (bad URL, user without token).
        """
        if self._client is None:
            try:
                self._client = JenkinsClient(clock=self.clock, **self._client_kwargs())
            except ValueError as exc:
                raise ConfigError(_config_message(exc, self.settings)) from exc
            if self.settings.insecure and self._client.config.url.startswith("https:"):
                # one line instead of urllib3's warning on every request
                warnings.filterwarnings("ignore", message="Unverified HTTPS request")
                click.echo(
                    f"warning: TLS certificates are not verified for {self._client.config.url}",
                    err=True,
                )
        return self._client

    def _client_kwargs(self) -> dict[str, Any]:
        s = self.settings
        replaying = self.simulation is not None and self.simulation[0] == "replay"
        url = s.url or (REPLAY_URL if replaying else None)
        if not url:
            raise ConfigError("no Jenkins URL: pass --url, set JENKINS_URL, or select a profile")
        kwargs: dict[str, Any] = {"url": url}
        complete = bool(s.user and (s.token or s.password))
        # A replay sends nothing anywhere: incomplete credentials are simply not needed.
        if s.user and (complete or not replaying):
            kwargs["username"] = s.user
        if s.token and (complete or not replaying):
            kwargs["api_token"] = s.token
        elif s.password and (complete or not replaying):
            kwargs["password"] = s.password
        if s.insecure:
            kwargs["verify"] = False
        elif s.ca_bundle:
            kwargs["verify"] = s.ca_bundle
        kwargs["retry"] = RetrySettings(total=self.retries, backoff_initial=0.5)
        if self.simulation is not None:
            kwargs["simulation_mode"] = self.simulation[0]
            kwargs["recording_path"] = str(self.simulation[1])
        return kwargs

    def close(self) -> None:
        """Close the client (saving a recording, if one is being made)."""
        if self._client is not None:
            self._client.close()
            self._client = None


def _config_message(exc: ValueError, settings: ConnectionSettings) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "without api_token or password" in text and settings.ignored:
        text += f" (not used: credentials from {', '.join(settings.ignored)}, another URL's)"
    if settings.url_source:
        text += f" [URL from {settings.url_source}]"
    return f"configuration: {text}"


def parse_pairs(pairs: tuple[str, ...], what: str) -> dict[str, str]:
    """Parse repeated ``K=V`` options into a dict (a missing ``=`` is a usage error)."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint=what)
        result[key] = value
    return result
