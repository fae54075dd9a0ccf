"""JenkinsClient: one Session, one requester, the operation namespaces; thread-safe."""

from __future__ import annotations

import importlib
import logging
import types
from collections.abc import Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk._closing import ClosedOnExit
from jenkins_sdk._http.metrics import Metrics, MetricsSink
from jenkins_sdk._http.requester import Requester
from jenkins_sdk._http.retry import make_http_adapter
from jenkins_sdk._http.session import build_session
from jenkins_sdk.clock import Clock, ReplayAwareClock, SystemClock
from jenkins_sdk.config import JenkinsConfig
from jenkins_sdk.errors import ConfigError
from jenkins_sdk.simulation import SimulationAdapter, SimulationMode
from jenkins_sdk.simulation.store import OnExhausted

if TYPE_CHECKING:
    from jenkins_sdk.resources import (
        ArtifactOperations,
        BuildOperations,
        ConsoleOperations,
        CredentialOperations,
        JobOperations,
        NodeOperations,
        PipelineOperations,
        PluginOperations,
        QueueOperations,
        SystemOperations,
        TestReportOperations,
        UserOperations,
        ViewOperations,
    )

__all__ = ["JenkinsClient"]

log = logging.getLogger("jenkins_sdk")


def _triage() -> types.ModuleType:
    """``jenkins_sdk.triage``, imported when a diagnosis is first asked for."""
    return importlib.import_module("jenkins_sdk.triage")


class JenkinsClient(ClosedOnExit):
    """A synchronous Jenkins client, safe to share across threads.

    Build it from a :class:`~jenkins_sdk.config.JenkinsConfig`, from keyword arguments
    (``JenkinsClient(url=..., username=..., api_token=...)``, the URL may come first) or from
    the environment
    (:meth:`from_env`). It owns one ``requests.Session``, built once and never changed afterwards,
    with a keep-alive pool of ``max_connections`` connections (callers wait when all are busy), the
    retry policy, and the record/replay adapter. Use it as a context manager, or call
    :meth:`close`.

    Args:
        config: the configuration (or just the URL); keyword arguments override its fields.
        clock: the clock every wait uses (retry backoff, polling); tests pass a manual one.
        metrics_sink: also receive every metrics event (the in-memory counters stay readable
            through :attr:`metrics`).
        **config_kwargs: :class:`JenkinsConfig` fields.
    """

    def __init__(
        self,
        config: JenkinsConfig | str | None = None,
        *,
        clock: Clock | None = None,
        metrics_sink: MetricsSink | None = None,
        **config_kwargs: Any,
    ) -> None:
        if isinstance(config, str):  # JenkinsClient("https://ci.example.com", username=...)
            config_kwargs = {"url": config, **config_kwargs}
            config = None
        if config is not None and not isinstance(config, JenkinsConfig):
            raise ConfigError(
                f"config must be a JenkinsConfig or a URL string, not {type(config).__name__}"
            )
        if config is None:
            config = JenkinsConfig(**config_kwargs)
        elif config_kwargs:
            config = attrs.evolve(config, **config_kwargs)
        self._config = config
        self._metrics = Metrics(forward_to=metrics_sink)
        self._closed = False
        base_clock: Clock = clock if clock is not None else SystemClock()
        # The adapter exists before the clock can ask it whether it replays: bind late.
        self._clock = ReplayAwareClock(base_clock, lambda: self._adapter.replaying)
        real = make_http_adapter(
            config.retry,
            max_connections=config.max_connections,
            sleep=self._clock.sleep,
            on_retry=self._on_retry,
        )
        self._adapter = SimulationAdapter(
            real,
            mode=config.simulation_mode,
            path=None if config.recording_path is None else str(config.recording_path),
            base_url=config.url,
            sensitive_params=config.sensitive_params,
            max_body=config.max_response_bytes,
        )
        provider = config.credential_provider()
        self._session = build_session(config, provider, self._adapter)
        if config.verify is False:
            log.warning(
                "TLS certificate verification is OFF for %s: traffic can be intercepted",
                config.url,
            )
        self._requester = Requester(
            self._session,
            config.url,
            timeout=config.timeout,
            credentials=provider,
            clock=self._clock,
            metrics=self._metrics,
            crumb_ttl=config.crumb_ttl,
            retry=config.retry,
            response_timeout=config.response_timeout,
            wait_timeout=config.wait_timeout,
            max_response_bytes=config.max_response_bytes,
        )

    # --- operation namespaces: stateless, each sends only through the requester; created on
    # first use so that `from jenkins_sdk import JenkinsClient` stays cheap to import ---------

    @cached_property
    def system(self) -> SystemOperations:
        """Version, identity, root info, quiet-down, the script console."""
        from jenkins_sdk.resources.system import SystemOperations

        return SystemOperations(self._requester)

    @cached_property
    def jobs(self) -> JobOperations:
        """List, inspect, create, configure, copy, rename, delete, enable/disable jobs."""
        from jenkins_sdk.resources.jobs import JobOperations

        return JobOperations(self._requester)

    @cached_property
    def builds(self) -> BuildOperations:
        """Trigger, inspect, list, wait for, stop and delete builds."""
        from jenkins_sdk.resources.builds import BuildOperations

        # triage is imported on its first use only: ``client.builds`` stays cheap to reach.
        return BuildOperations(
            self._requester,
            diagnose=lambda job, build, options: _triage().diagnose(
                self, job, build, options=options
            ),
            diagnose_many=lambda builds, **kw: _triage().diagnose_many(self, builds, **kw),
        )

    @cached_property
    def queue(self) -> QueueOperations:
        """Inspect and cancel queue items; wait for a queued build to start."""
        from jenkins_sdk.resources.queue import QueueOperations

        return QueueOperations(self._requester)

    @cached_property
    def console(self) -> ConsoleOperations:
        """Whole console text, progressive streaming, lines, download to a file."""
        from jenkins_sdk.resources.console import ConsoleOperations

        return ConsoleOperations(self._requester)

    @cached_property
    def artifacts(self) -> ArtifactOperations:
        """List and download a build's artifacts."""
        from jenkins_sdk.resources.artifacts import ArtifactOperations

        return ArtifactOperations(self._requester)

    @cached_property
    def pipelines(self) -> PipelineOperations:
        """Pipeline runs, stages, node logs and input steps (the ``wfapi``)."""
        from jenkins_sdk.resources.pipelines import PipelineOperations

        return PipelineOperations(self._requester)

    @cached_property
    def tests(self) -> TestReportOperations:
        """JUnit test reports."""
        from jenkins_sdk.resources.junit import TestReportOperations

        return TestReportOperations(self._requester)

    @cached_property
    def nodes(self) -> NodeOperations:
        """Build agents: list, get, take offline, bring online."""
        from jenkins_sdk.resources.nodes import NodeOperations

        return NodeOperations(self._requester)

    @cached_property
    def views(self) -> ViewOperations:
        """Views and their jobs."""
        from jenkins_sdk.resources.views import ViewOperations

        return ViewOperations(self._requester)

    @cached_property
    def plugins(self) -> PluginOperations:
        """Installed plugins."""
        from jenkins_sdk.resources.plugins import PluginOperations

        return PluginOperations(self._requester)

    @cached_property
    def credentials(self) -> CredentialOperations:
        """Credentials in the system store or a folder's (secrets go in, never come out)."""
        from jenkins_sdk.resources.credentials import CredentialOperations

        return CredentialOperations(self._requester)

    @cached_property
    def users(self) -> UserOperations:
        """Users and their API tokens."""
        from jenkins_sdk.resources.users import UserOperations

        return UserOperations(self._requester)

    @classmethod
    def from_env(cls, *, clock: Clock | None = None, **overrides: Any) -> JenkinsClient:
        """Build a client from ``JENKINS_URL``, ``JENKINS_USER_ID`` and ``JENKINS_API_TOKEN``
        (or ``JENKINS_PASSWORD``); keyword arguments override config fields.

        Raises:
            ValueError: ``JENKINS_URL`` is not set, or a value is invalid.
        """
        return cls(JenkinsConfig.from_env(**overrides), clock=clock)

    # --- properties -----------------------------------------------------------------------------

    @property
    def config(self) -> JenkinsConfig:
        """The (immutable) configuration."""
        return self._config

    @property
    def requester(self) -> Requester:
        """The requester every operation sends through."""
        return self._requester

    @property
    def metrics(self) -> Metrics:
        """Request, error, retry and crumb counters, with latency by endpoint template."""
        return self._metrics

    @property
    def clock(self) -> Clock:
        """The clock every wait uses (skips sleeping while a recording is replayed)."""
        return self._clock

    @property
    def simulation(self) -> SimulationAdapter:
        """The record/replay adapter mounted on the Session."""
        return self._adapter

    # --- calls ----------------------------------------------------------------------------------

    def get_json(self, path: str, tree: str | None = None) -> Any:
        """GET any Jenkins JSON the SDK does not model: ``client.get_json("/api/json", tree=...)``.

        ``path`` is relative to the base URL (a leading ``/`` is allowed).

        Raises:
            JenkinsError: the usual requester errors (HTTP status, transport, not JSON).
        """
        return self._requester.get_json(path, tree=tree)

    def simulate(
        self,
        mode: SimulationMode | str,
        path: str | Path,
        *,
        on_exhausted: OnExhausted = "repeat_last",
        meta: Mapping[str, Any] | None = None,
    ) -> AbstractContextManager[SimulationAdapter]:
        """Record or replay the traffic of a ``with`` block into/from the file ``path``.

        ``on_exhausted``: in replay, what a request gets once its recorded responses are used up
        (``"repeat_last"`` or ``"raise"`` a ``SimulationMiss``). ``meta``: extra entries for the
        recording's ``meta`` block (e.g. a fixed ``date`` for reproducible files).
        """
        return self._adapter.activate(
            SimulationMode.parse(mode), str(path), on_exhausted=on_exhausted, meta=meta
        )

    def close(self) -> None:
        """Save a recording in progress and close the pooled connections (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._adapter.close()
        finally:
            self._session.close()

    def __repr__(self) -> str:
        return f"JenkinsClient(url={self._config.url!r}, user={self._config.username!r})"

    # --- hooks ----------------------------------------------------------------------------------

    def _on_retry(self, method: str, url: str, reason: str, number: int, wait: float) -> None:
        # urllib3's retries: the requester logs and counts them as it does the body re-sends.
        self._requester.note_retry(method, url, reason, number, wait)
