"""Where a diagnosis reads from: the client's operation namespaces, never the wire itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from jenkins_sdk._http.requester import Requester, requester_of
from jenkins_sdk.resources.builds import BuildOperations
from jenkins_sdk.resources.console import ConsoleOperations
from jenkins_sdk.resources.junit import TestReportOperations
from jenkins_sdk.resources.pipelines import PipelineOperations

if TYPE_CHECKING:
    from jenkins_sdk._http.metrics import Metrics
    from jenkins_sdk.client import JenkinsClient
    from jenkins_sdk.clock import Clock

__all__ = ["ClientLike", "Sources"]

#: What the triage functions accept: a client, or (for earlier callers) its requester.
ClientLike: TypeAlias = "JenkinsClient | Requester"


class Sources:
    """The namespaces a diagnosis uses (the client's own, or new ones over a bare requester)."""

    def __init__(self, client: ClientLike) -> None:
        requester = requester_of(client)
        self.requester = requester
        if not isinstance(client, Requester):
            self.builds: BuildOperations = client.builds
            self.pipelines: PipelineOperations = client.pipelines
            self.console: ConsoleOperations = client.console
            self.tests: TestReportOperations = client.tests
        else:
            self.builds = BuildOperations(requester)
            self.pipelines = PipelineOperations(requester)
            self.console = ConsoleOperations(requester)
            self.tests = TestReportOperations(requester)
        self.client = client

    @property
    def base_url(self) -> str:
        """The client's base URL (links are rebuilt on it)."""
        return self.requester.base_url

    @property
    def metrics(self) -> Metrics:
        """The client's metrics (a diagnosis counts its reads through ``measure``)."""
        return self.requester.metrics

    @property
    def clock(self) -> Clock:
        """The client's clock."""
        return self.requester.clock
