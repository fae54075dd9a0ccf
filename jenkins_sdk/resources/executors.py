"""The executors view (``computer/api/json``): every running build of the controller in one read.

Freestyle builds run on a regular executor of their node; pipelines on a one-off executor
(usually on the built-in node), and each active ``node {}`` block of a pipeline on a regular
executor as a ``PlaceholderExecutable`` naming the same build (see
``docs/protocol-monitoring.md``). Entries are read from the raw JSON here, without the model
converter: the monitor reads this view every round.
"""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from collections.abc import Iterator
from typing import Any

import attrs

from jenkins_sdk import errors
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources import _shapes

__all__ = [
    "RUNNING_TREE",
    "RunningBuild",
    "Seen",
    "executors_tree",
    "iter_seen",
    "running_builds",
]

#: Where the view lives.
PATH = "computer/api/json"
_VIEW = "executors view"
_PLACEHOLDER = "ExecutorStepExecution$PlaceholderTask$PlaceholderExecutable"
_RUNNING_EXECUTABLE = "_class,url,number,timestamp,estimatedDuration"
_RUNNING_EXECUTOR = f"number,progress,likelyStuck,currentExecutable[{_RUNNING_EXECUTABLE}]"
#: The ``tree=`` of :func:`running_builds`: what ``RunningBuild`` holds.
RUNNING_TREE = (
    f"computer[_class,displayName,executors[{_RUNNING_EXECUTOR}],"
    f"oneOffExecutors[{_RUNNING_EXECUTOR}]]"
)


def executors_tree(*, timing: bool = False, queue_ids: bool = False) -> str:
    """The monitor's ``tree=``: each running build's ``url`` and ``number``; with ``timing``
    also its start, estimate and the executor's progress; with ``queue_ids`` its queue item."""
    fields = "url,number"
    if timing:
        fields += ",timestamp,estimatedDuration"
    if queue_ids:
        fields += ",queueId"
    executor = f"progress,currentExecutable[{fields}]" if timing else f"currentExecutable[{fields}]"
    return f"computer[executors[{executor}],oneOffExecutors[{executor}]]"


@attrs.frozen
class Seen:
    """One executable on one executor, as the view showed it.

    Attributes:
        key: ``(job segments, build number)``: what the SDK watches.
        executable: the ``currentExecutable`` object (``url``, ``number``, ...).
        executor: the executor object (``progress``, ``likelyStuck``, ``number``).
        computer: the computer object holding the executor (``displayName``, ``_class``).
        one_off: whether it sits on a one-off executor.
    """

    key: tuple[tuple[str, ...], int]
    executable: dict[str, Any]
    executor: dict[str, Any]
    computer: dict[str, Any]
    one_off: bool

    @property
    def placeholder(self) -> bool:
        """True for a pipeline's ``node {}`` block (not the build itself)."""
        cls = self.executable.get("_class")
        return isinstance(cls, str) and cls.endswith(_PLACEHOLDER)

    @property
    def part(self) -> bool:
        """True for work done on behalf of the build rather than the build itself: a pipeline's
        ``node {}`` block, or a matrix configuration's run (``job/m/label=x/5/``: its URL has
        a segment between the job and the number; it shares the number of the parent build)."""
        if self.placeholder:
            return True
        path = urllib.parse.urlsplit(str(self.executable.get("url"))).path
        parts = [p for p in path.split("/") if p]
        return len(parts) >= 3 and parts[-3] != "job"


@functools.lru_cache(maxsize=8192)
def _segments_of(url: str) -> tuple[str, ...] | None:
    """The job segments of a build URL (cached: the same running builds come back each round)."""
    try:
        return JobRef.from_url(url).segments
    except errors.InvalidJobRef:
        return None  # not a job's build (an executable of some plugin): not ours to watch


def iter_seen(data: Any) -> Iterator[Seen]:
    """Every executable in an executors view, in Jenkins' order (computers by name).

    Idle executors, executables hidden from the caller (``null``) and executables that are not
    builds of a job are skipped.

    Raises:
        ResponseShapeError: the answer is not the executors view.
    """
    computers = _shapes.entries(data, "computer", _VIEW)
    for at, computer in _shapes.objects(computers, _VIEW, path="$.computer"):
        for one_off, key in ((False, "executors"), (True, "oneOffExecutors")):
            executors = _shapes.member_list(computer, key, _VIEW, path=at)
            for here, executor in _shapes.objects(executors, _VIEW, path=f"{at}.{key}"):
                run = _shapes.member_object(executor, "currentExecutable", _VIEW, path=here)
                if run is None:
                    continue
                where = f"{here}.currentExecutable"
                url = _shapes.string(run.get("url"), _VIEW, path=f"{where}.url")
                number = _shapes.integer(run.get("number"), _VIEW, path=f"{where}.number")
                if not url or number is None or number < 1:
                    continue
                segments = _segments_of(url)
                if segments is not None:
                    yield Seen((segments, number), run, executor, computer, one_off)


def _int_or_none(value: Any, *, floor: int = 0) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= floor:
        return value
    return None


def node_name(computer: dict[str, Any]) -> str:
    """A computer's node name; the built-in node is ``"(built-in)"`` (its URL name)."""
    if str(computer.get("_class", "")).endswith("$MasterComputer"):
        return "(built-in)"
    name = computer.get("displayName")
    return name if isinstance(name, str) else ""


@attrs.frozen
class RunningBuild:
    """A build running now, as the controller's executors show it.

    Attributes:
        job: the build's job.
        number: the build number.
        url: the build's URL as Jenkins gives it (from its configured root URL).
        node: the node doing the work: a freestyle build's node, or the node of a pipeline's
            ``node {}`` block (the built-in node, ``"(built-in)"``, while it has none).
        nodes: every node the build occupies an executor on.
        timestamp: when the build started (Jenkins' clock, epoch milliseconds).
        estimated_duration: Jenkins' estimate in milliseconds (``None``: no estimate yet).
        progress: percent of the estimate elapsed, 0-99 (``None``: no estimate).
        likely_stuck: Jenkins thinks the build takes far longer than estimated.
        class_: the build's Java class (``hudson.model.FreeStyleBuild``, ``...WorkflowRun``).
    """

    job: JobRef
    number: int
    url: str
    node: str
    nodes: tuple[str, ...] = ()
    timestamp: int | None = None
    estimated_duration: int | None = None
    progress: int | None = None
    likely_stuck: bool = False
    class_: str | None = None

    @property
    def started(self) -> dt.datetime | None:
        """The start time as an aware UTC datetime."""
        if self.timestamp is None:
            return None
        return dt.datetime.fromtimestamp(self.timestamp / 1000.0, tz=dt.timezone.utc)


def _build_from(group: list[Seen]) -> RunningBuild:
    """Fold every executor entry of one build (the run and its placeholders) into one value."""
    main = next((s for s in group if not s.part), group[0])
    workers = [node_name(s.computer) for s in group if s.part]
    nodes = tuple(dict.fromkeys([*workers, *(node_name(s.computer) for s in group)]))
    run, executor = main.executable, main.executor
    cls = run.get("_class")
    return RunningBuild(
        job=JobRef(main.key[0]),
        number=main.key[1],
        url=str(run.get("url")),
        node=workers[0] if workers else node_name(main.computer),
        nodes=nodes,
        timestamp=_int_or_none(run.get("timestamp")),
        estimated_duration=_int_or_none(run.get("estimatedDuration"), floor=1),
        progress=_int_or_none(executor.get("progress")),
        likely_stuck=executor.get("likelyStuck") is True,
        class_=cls if isinstance(cls, str) else None,
    )


def running_builds(data: Any, folder: JobRef | None = None) -> list[RunningBuild]:
    """The running builds of an executors view read with :data:`RUNNING_TREE`, oldest first;
    only those under ``folder`` when given."""
    groups: dict[tuple[tuple[str, ...], int], list[Seen]] = {}
    prefix = folder.segments if folder is not None else ()
    for seen in iter_seen(data):
        if seen.key[0][: len(prefix)] == prefix and len(seen.key[0]) > len(prefix):
            groups.setdefault(seen.key, []).append(seen)
    builds = [_build_from(group) for group in groups.values()]
    builds.sort(key=lambda b: (b.timestamp or 0, b.job.segments, b.number))
    return builds
