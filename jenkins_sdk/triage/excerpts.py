"""Bounded log reads for a diagnosis, counted in :class:`ReadStats`.

The reads themselves are the resources' (``client.console.tail``, ``client.pipelines.node_log``);
this module adds the counting (every request a diagnosis sends and every body byte it receives,
through ``client.metrics.measure``) and :class:`LogReader`, a small path-based reader kept for
callers of earlier versions.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jenkins_sdk._http.requester import requester_of
from jenkins_sdk.models import NodeLog
from jenkins_sdk.refs import JobRef, split_build_url
from jenkins_sdk.resources._logtext import LogTail, decode_tail, read_tail, strip_console_notes
from jenkins_sdk.resources.pipelines import PipelineOperations, html_to_text

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.client import JenkinsClient

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LogReader",
    "LogTail",
    "ReadStats",
    "decode_tail",
    "node_text",
]

#: The default budget of one excerpt: 64 KiB of raw log.
DEFAULT_MAX_BYTES = 64 * 1024


class ReadStats:
    """Thread-safe totals of what a diagnosis read: requests sent and body bytes received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self._bytes = 0

    def add(self, *, requests: int = 0, nbytes: int = 0) -> None:
        """Count ``requests`` more requests and ``nbytes`` more body bytes."""
        with self._lock:
            self._requests += requests
            self._bytes += nbytes

    @property
    def requests(self) -> int:
        """Requests sent."""
        return self._requests

    @property
    def bytes_read(self) -> int:
        """Response body bytes received."""
        return self._bytes


def node_text(log: NodeLog) -> str:
    """The plain text of a ``wfapi`` node log (tags and console notes removed, ``\\n`` ends)."""
    if not log.text:
        return ""
    return strip_console_notes(html_to_text(log.text)).replace("\r\n", "\n")


class LogReader:
    """Bounded reads of one client's Jenkins by build path, counted in ``stats``.

    Kept for callers of earlier versions; new code uses ``client.console.tail`` and
    ``client.pipelines.node_log``.

    Args:
        requester: a ``JenkinsClient`` or its requester.
        stats: where requests and bytes are counted (a new one by default).
    """

    def __init__(
        self, requester: JenkinsClient | Requester, stats: ReadStats | None = None
    ) -> None:
        self.requester = requester_of(requester)
        self.stats = stats if stats is not None else ReadStats()

    def json(
        self, path: str, *, tree: str | None = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        """GET ``path`` and decode its JSON (errors as ``JenkinsClient.get_json`` raises them)."""
        with self.requester.metrics.measure(self.stats):
            return self.requester.get_json(path, tree=tree, params=params)

    def console_tail(self, build_path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LogTail:
        """Read at most about ``max_bytes`` raw bytes from the end of a build's console.

        Args:
            build_path: the build's relative path (``job/a/7/``).
            max_bytes: the budget in raw log bytes (the body may be a little larger: Jenkins
                turns every LF into CRLF on this endpoint).
        """
        path = build_path + "logText/progressiveText"
        with self.requester.metrics.measure(self.stats):
            return read_tail(self.requester, path, max_bytes=max_bytes)

    def node_log(self, build_path: str, node_id: str) -> NodeLog:
        """The ``wfapi/log`` of a flow node (its last 10 KiB at most, HTML-annotated)."""
        job, build = split_build_url(self.requester.url_for(build_path))
        with self.requester.metrics.measure(self.stats):
            return PipelineOperations(self.requester).node_log(JobRef.parse(job), build, node_id)

    @staticmethod
    def node_text(log: NodeLog) -> str:
        """The plain text of a node log (tags and console notes removed, ``\\n`` line ends)."""
        return node_text(log)
