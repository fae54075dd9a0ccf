"""Builds: trigger, inspect, wait for, stop, delete and replay builds (``client.builds``)."""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

import attrs

from jenkins_sdk import _polling, errors
from jenkins_sdk.models import Build, BuildSummary, structure, tree_of
from jenkins_sdk.refs import BuildRef, BuildSpec, JobRef, JobSpec, QueueRef, build_path, job_path
from jenkins_sdk.resources import _shapes, _statuses, executors
from jenkins_sdk.resources import monitor as _monitor
from jenkins_sdk.resources._build_admin import (
    BuildAdminOperations,
    ParamValue,
    encode_params,
    token_refusals,
    trigger_query,
)
from jenkins_sdk.resources._files import FileParam, open_file_params
from jenkins_sdk.resources._reconcile import Trigger
from jenkins_sdk.resources.executors import RunningBuild
from jenkins_sdk.status import BuildStatus

if TYPE_CHECKING:
    from jenkins_sdk._http.reply import Reply
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock
    from jenkins_sdk.triage import DiagnoseOptions, Diagnosis, FailureReport

__all__ = [
    "BuildOperations",
    "BuildSpec",
    "FileParam",
    "JobSpec",
    "ParamValue",
    "QueuedBuild",
]


# Jenkins caps the exported ``builds`` list at 100; ``allBuilds`` takes a range instead.
_BUILDS_CAP = 100

_QUEUE_ITEM = "queue/item/"

#: What :meth:`BuildOperations.diagnose` calls (wired by the client; triage sits above).
DiagnoseFn = Callable[[JobSpec, BuildSpec, "DiagnoseOptions | None"], "FailureReport"]
#: What :meth:`BuildOperations.diagnose_many` calls (wired by the client).
DiagnoseManyFn = Callable[..., Iterator["Diagnosis"]]


@attrs.frozen(eq=False)
class QueuedBuild(QueueRef):
    """The queue item a trigger created, remembering its job.

    It is a ``QueueRef`` everywhere one is accepted; ``client.queue.wait_for_build`` uses ``job``
    to find the build even after the left item expired from Jenkins' queue cache.
    """

    job: JobRef | None = None
    queued_at: float | None = None
    """The client clock's reading when Jenkins created the item (mid-request), so a wait can
    tell how much of its quiet period is left without comparing wall clocks."""

    def __eq__(self, other: object) -> bool:
        """Equal to any queue reference with the same id (the job is extra knowledge)."""
        if isinstance(other, QueueRef):
            return self.id == other.id
        return NotImplemented

    def __hash__(self) -> int:
        """Hash like the plain ``QueueRef`` of the same id."""
        return hash(QueueRef(self.id))


class BuildOperations(BuildAdminOperations):
    """Operations on builds, reached as ``client.builds``.

    Every ``job`` accepts a ``JobRef``, ``"folder/job"`` or a job URL; every ``build`` a
    ``BuildRef``, a number or a permalink name (``"lastSuccessfulBuild"``, ``BuildRef.LAST``...).
    """

    def __init__(
        self,
        requester: Requester,
        *,
        clock: Clock | None = None,
        diagnose: DiagnoseFn | None = None,
        diagnose_many: DiagnoseManyFn | None = None,
    ) -> None:
        """Bind the operations to the client's requester (and, for tests, another clock); the
        client wires ``diagnose``/``diagnose_many`` from :mod:`jenkins_sdk.triage`."""
        self._requester = requester
        self._clock = clock
        self._diagnose = diagnose
        self._diagnose_many = diagnose_many

    @property
    def clock(self) -> Clock:
        """The clock waits sleep on (the client's, unless one was given)."""
        return self._clock if self._clock is not None else self._requester.clock

    # --- trigger ----------------------------------------------------------------------------

    def trigger(
        self,
        job: JobSpec,
        params: Mapping[str, ParamValue] | None = None,
        *,
        files: Mapping[str, FileParam] | None = None,
        token: str | None = None,
        delay: float | None = None,
        cause: str | None = None,
    ) -> QueueRef:
        """Queue a build of ``job`` and return its queue item.

        Parameters always travel in the POST body (form fields, or multipart with ``files``),
        never in the URL. Without parameters, a parameterised job is built with its defaults.
        ``token`` is the job's remote trigger token (no user credentials needed where anonymous
        may read the job; the build's cause is then "Started by remote host ..." with ``cause``
        as its note); ``delay`` replaces the quiet period (seconds).

        Exactly once: when the POST fails in a way that may still have queued a build (the
        connection broke after sending, a proxy answered 502/503/504), the queue and the job's
        newest builds are searched for the one this call started (same parameters, same user,
        since the call began), and it is returned; when provably nothing was queued the POST
        is sent again.

        Raises:
            NoQueueLocation: Jenkins accepted the request without naming a queue item.
            Conflict: the job is disabled or not buildable.
            TriggerOutcomeUnknown: the POST failed and whether it queued a build cannot be told.
            Forbidden: ``token`` is wrong ("Invalid token provided.").
            InvalidRef: ``cause`` without ``token``, or a negative ``delay``.
        """
        ref = JobRef.parse(job)
        before = self.clock.monotonic()
        query = trigger_query(token, delay, cause)
        attempt = Trigger(self._requester, ref, encode_params(params), clock=self.clock)
        if token is not None:
            attempt.user = None  # a token-triggered build's cause names no user
        with token_refusals(ref.full_name, token):
            queue_id = attempt.run(lambda: self._post_trigger(ref, params, files, query))
        created = (before + self.clock.monotonic()) / 2
        return QueuedBuild(queue_id, job=ref, queued_at=created)

    def _post_trigger(
        self,
        ref: JobRef,
        params: Mapping[str, ParamValue] | None,
        files: Mapping[str, FileParam] | None,
        query: Mapping[str, str] | None,
    ) -> int:
        """POST once and return the queue item id Jenkins named."""
        if params or files:
            location, reply = self._post_with_params(ref, params, files, query)
        else:
            try:
                location, reply = self._requester.post_for_location(
                    f"{ref.path}build", params=query, contains=_QUEUE_ITEM
                )
            except errors.BadRequest:
                # A parameterised job refuses ``build`` without the form's ``json`` field (nothing
                # was queued); ``buildWithParameters`` without fields builds with the defaults.
                location, reply = self._post_with_params(ref, None, None, query)
        if location is None:
            raise errors.NoQueueLocation(
                f"Jenkins accepted the build of {ref.full_name!r} but named no queue item "
                "(the queue refused the task, or a proxy dropped the Location header)",
                method="POST",
                url=reply.url,
                status=reply.status,
            )
        return QueueRef.from_location(location).id

    def _post_with_params(
        self,
        ref: JobRef,
        params: Mapping[str, ParamValue] | None,
        files: Mapping[str, FileParam] | None,
        query: Mapping[str, str] | None,
    ) -> tuple[str | None, Reply]:
        fields = encode_params(params)
        path = f"{ref.path}buildWithParameters"
        post = self._requester.post_for_location
        if not files:
            return post(path, data=fields, params=query, contains=_QUEUE_ITEM)
        with ExitStack() as stack:
            parts = open_file_params(stack, files)
            return post(path, data=fields, files=parts, params=query, contains=_QUEUE_ITEM)

    # --- read -------------------------------------------------------------------------------

    def get(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> Build:
        """Return one build of ``job`` (the last one by default)."""
        return self._requester.get_model(f"{build_path(job, build)}api/json", Build)

    def status(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> BuildStatus:
        """Return whether a build is building or completed (and its result), in one small read."""
        data = self._requester.get_json(
            f"{build_path(job, build)}api/json", tree=_statuses.STATUS_TREE
        )
        return _statuses.status_of(data)

    def list(self, job: JobSpec, *, limit: int = 100) -> builtins.list[BuildSummary]:
        """Return the newest ``limit`` builds of ``job``, newest first (one request, a range)."""
        if limit <= 0:
            return []
        key = "builds" if limit <= _BUILDS_CAP else "allBuilds"
        tree = f"{key}[{tree_of(BuildSummary)}]{{0,{limit}}}"
        data = self._requester.get_json(f"{job_path(job)}api/json", tree=tree)
        return [structure(item, BuildSummary) for item in _shapes.entries(data, key, "job JSON")]

    def statuses(self, job: JobSpec, numbers: Iterable[int]) -> dict[int, BuildStatus]:
        """Return the status of many builds of one job, in one request in the usual case.

        Builds not started yet (number >= the job's next build number) are reported queued.
        Numbers that no longer exist (deleted builds) are left out of the result.
        """
        return _statuses.statuses(self._requester, job, numbers)

    def env_vars(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> dict[str, str]:
        """Return the environment variables a build ran with (needs the EnvInject plugin).

        Raises:
            NotFound: the build does not exist, or the EnvInject plugin is not installed.
        """
        path = f"{build_path(job, build)}injectedEnvVars/api/json"
        # The object holds only ``envMap``; no ``tree=``: a map is exported whole at depth 0.
        what = "injectedEnvVars JSON"
        data = _shapes.as_object(self._requester.get_json(path), what, null=True)
        env = _shapes.member_object(data, "envMap", what) or {}
        return {str(k): _shapes.string(v, what, path=f"$.envMap.{k}") or "" for k, v in env.items()}

    # --- wait -------------------------------------------------------------------------------

    def wait(
        self,
        job: JobSpec,
        build: BuildSpec = BuildRef.LAST,
        *,
        timeout: float,
        poll: float = 1.0,
        max_poll: float = 5.0,
    ) -> Build:
        """Wait until a build has finished and return it.

        Looks come every ``poll`` seconds, doubling up to ``max_poll``, on the client's clock;
        one is placed just after the build's expected end (Jenkins' ``timestamp`` +
        ``estimatedDuration``, checked against its executor's progress), never later than
        ``max_poll`` after the previous one. A permalink is resolved once, so a newer build
        cannot replace it.

        Raises:
            BuildTimeout: the build was still running after ``timeout`` seconds.
        """
        ref = JobRef.parse(job)
        timeout = self._requester.wait_seconds(timeout)
        first, hint = _statuses.with_end_hint(self._requester, ref, build)
        number = first.number if first.number is not None else BuildRef.parse(build).number
        target: BuildSpec = number if number is not None else build
        if not first.done:
            hints = {"next": hint}

            def look() -> BuildStatus:
                status, hints["next"] = _statuses.with_end_hint(self._requester, ref, target)
                return status

            def timed_out(last: BuildStatus) -> errors.BuildTimeout:
                return errors.BuildTimeout(
                    f"build {ref.full_name} #{target} still running after {timeout:g} s"
                )

            _polling.poll(
                look,
                lambda status: status.done,
                hint=lambda status: hints["next"],
                timeout=timeout,
                initial=poll,
                max_interval=max(max_poll, poll),
                clock=self.clock,
                timeout_error=timed_out,
                first=first,
            )
        return self.get(ref, target)

    # --- watch ------------------------------------------------------------------------------

    def running(self, *, folder: JobSpec | None = None) -> builtins.list[RunningBuild]:
        """Return every build running on the controller now, in ONE request (the executors
        view): job, number, node, start time, estimate and progress; oldest first.

        ``folder`` keeps only the builds of jobs inside that folder (still one request).
        """
        data = self._requester.get_json(executors.PATH, tree=executors.RUNNING_TREE)
        inside = JobRef.parse(folder) if folder is not None else None
        return executors.running_builds(data, inside)

    def monitor(
        self, builds: Iterable[tuple[JobSpec, BuildSpec]], **kwargs: Any
    ) -> _monitor.BuildMonitor:
        """A :class:`~jenkins_sdk.resources.monitor.BuildMonitor` of ``builds`` on this client
        (keywords as ``BuildMonitor``: ``timeout``, ``poll_interval``, ``queued``...)."""
        kwargs.setdefault("clock", self._clock)
        return _monitor.BuildMonitor(self._requester, builds, **kwargs)

    # --- act --------------------------------------------------------------------------------

    def stop(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> None:
        """Abort a running build (``stop``: interrupts the executor; the build ends ABORTED)."""
        self._requester.post(f"{build_path(job, build)}stop")

    def term(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> None:
        """Interrupt every running step of a pipeline build (for when ``stop`` did not work)."""
        self._requester.post(f"{build_path(job, build)}term")

    def kill(self, job: JobSpec, build: BuildSpec = BuildRef.LAST) -> None:
        """Hard-kill a pipeline build at once (the last resort after ``stop`` and ``term``)."""
        self._requester.post(f"{build_path(job, build)}kill")

    def delete(self, job: JobSpec, build: BuildSpec) -> None:
        """Delete a build and its records."""
        self._requester.post(f"{build_path(job, build)}doDelete")

    def replay(self, job: JobSpec, build: BuildSpec, script: str | None = None) -> None:
        """Run a pipeline build again, with its own script or with ``script`` instead.

        Jenkins answers with the job page, not a queue item: find the new build with
        :meth:`list` or the job's ``lastBuild``.
        """
        path = build_path(job, build)
        if script is None:
            self._requester.post(f"{path}replay/rebuild")
        else:
            form = {"mainScript": script, "json": json.dumps({"mainScript": script})}
            self._requester.post(f"{path}replay/run", data=form)

    def restart_from_stage(self, job: JobSpec, build: BuildSpec, stage: str) -> None:
        """Start a new run of a finished declarative pipeline from the stage named ``stage``.

        Raises:
            BadRequest: the stage cannot be restarted (unknown, or skipped in that run).
        """
        form = {"stageName": stage, "json": json.dumps({"stageName": stage})}
        self._requester.post(f"{build_path(job, build)}restart/restart", data=form)

    # --- triage -----------------------------------------------------------------------------

    def diagnose(
        self,
        job: JobSpec,
        build: BuildSpec = BuildRef.LAST,
        *,
        options: DiagnoseOptions | None = None,
    ) -> FailureReport:
        """Say why a build failed: failed stages with errors and log excerpts, failing tests,
        culprits and links, reading logs by bounded excerpts only (see :mod:`jenkins_sdk.triage`).

        A SUCCESS build gives an empty report; a running build a partial one that says so.
        """
        if self._diagnose is None:
            raise RuntimeError("diagnose is wired by JenkinsClient: use client.builds.diagnose")
        return self._diagnose(job, build, options)

    def diagnose_many(
        self, builds: Iterable[tuple[JobSpec, BuildSpec]], **kwargs: Any
    ) -> Iterator[Diagnosis]:
        """Watch ``builds`` with a ``BuildMonitor`` and diagnose each as it finishes (from a
        thread pool, for notifiers); keyword arguments as :func:`jenkins_sdk.triage.diagnose_many`.
        """
        if self._diagnose_many is None:
            raise RuntimeError("diagnose_many is wired by JenkinsClient: use client.builds")
        return self._diagnose_many(builds, **kwargs)
