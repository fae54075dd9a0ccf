"""Operations (pipelines): runs, stages, step logs and input steps over the stage-view ``wfapi``."""

from __future__ import annotations

import builtins
import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jenkins_sdk import errors
from jenkins_sdk.errors import BuildTimeout
from jenkins_sdk.models import (
    NodeLog,
    PendingInputAction,
    PipelineRun,
    StageDetail,
    structure,
)
from jenkins_sdk.refs import BuildSpec, JobRef, JobSpec, build_path
from jenkins_sdk.resources import _shapes
from jenkins_sdk.resources._input_action import INPUT_TREE, pending_from_build
from jenkins_sdk.resources._lint import VALIDATE_PATH, ValidationResult, parse_validation
from jenkins_sdk.resources._reconcile import RESENDS, handler_ended, is_ambiguous

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester
    from jenkins_sdk.clock import Clock

__all__ = ["PipelineOperations", "html_to_text"]

#: Run statuses after which a run changes no more (``wfapi`` StatusExt values).
FINISHED_STATUSES = frozenset({"SUCCESS", "FAILED", "ABORTED", "UNSTABLE"})
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _value(status: object) -> str:
    """Return an enum's value or the string itself (statuses may be either)."""
    return str(getattr(status, "value", status))


def _normal_id(input_id: PendingInputAction | str) -> str:
    """The id Jenkins uses: given ids get their first letter a-z upper-cased."""
    value = input_id if isinstance(input_id, str) else input_id.id
    if value[:1].isascii() and value[:1].islower():
        value = value[0].upper() + value[1:]
    return value


def _input_id(input_id: PendingInputAction | str) -> str:
    """The id Jenkins uses, as a URL path segment."""
    return quote(_normal_id(input_id), safe="")


def html_to_text(text: str) -> str:
    """Turn the HTML-annotated text of a ``wfapi`` node log into plain text."""
    return html.unescape(_TAG.sub("", text))


class PipelineOperations:
    """Pipeline runs, stages and input steps, reached as ``client.pipelines``.

    Needs the ``pipeline-stage-view`` plugin on the controller; without it every call raises
    :class:`~jenkins_sdk.errors.NotFound`.
    """

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def runs(self, job: JobSpec, *, since: int | None = None) -> builtins.list[PipelineRun]:
        """Return the job's recent runs, newest first (the plugin returns at most 10).

        Args:
            job: the pipeline job.
            since: stop after the run with this build number (``since=#N`` in ``wfapi``).
        """
        params = None if since is None else {"since": f"#{since}"}
        data = self._requester.get_json(JobRef.parse(job).path + "wfapi/runs", params=params)
        return [structure(item, PipelineRun) for item in _shapes.as_list(data, "wfapi runs")]

    def get_run(self, job: JobSpec, build: BuildSpec) -> PipelineRun:
        """Return one run with its (flattened) stages."""
        data = self._requester.get_json(build_path(job, build) + "wfapi/describe")
        return structure(data, PipelineRun)

    def get_stage(self, job: JobSpec, build: BuildSpec, stage_id: str) -> StageDetail:
        """Return a stage with its step nodes (``stageFlowNodes``)."""
        path = f"{build_path(job, build)}execution/node/{quote(str(stage_id), safe='')}/"
        return structure(self._requester.get_json(path + "wfapi/describe"), StageDetail)

    def node_log(self, job: JobSpec, build: BuildSpec, node_id: str) -> NodeLog:
        """Return the log of one flow node (the plugin sends only its last 10 KiB, as HTML)."""
        path = f"{build_path(job, build)}execution/node/{quote(str(node_id), safe='')}/"
        return structure(self._requester.get_json(path + "wfapi/log"), NodeLog)

    def stage_logs(self, job: JobSpec, build: BuildSpec, stage_id: str) -> builtins.list[NodeLog]:
        """Return the log of every step node of a stage, in the stage's order."""
        detail = self.get_stage(job, build, stage_id)
        return [self.node_log(job, build, node.id) for node in detail.stage_flow_nodes]

    def stage_log(self, job: JobSpec, build: BuildSpec, stage_id: str) -> str:
        """Return all step logs of a stage as plain text, one step after another.

        Each step's part is at most its last 10 KiB (``NodeLog.has_more`` tells when it was cut);
        read the whole console with ``client.console`` when you need everything.
        """
        parts: builtins.list[str] = []
        for log in self.stage_logs(job, build, stage_id):
            if not log.text:
                continue
            text = html_to_text(log.text)
            parts.append(text if text.endswith("\n") else text + "\n")
        return "".join(parts)

    def pending_inputs(self, job: JobSpec, build: BuildSpec) -> builtins.list[PendingInputAction]:
        """Return the input steps the run is waiting on (empty when none).

        Read from the stage view's ``wfapi/pendingInputActions``; on a controller without that
        plugin (``wfapi/`` answers 404) from the build's own ``InputAction``, where the entries
        carry no ``proceed_url``/``abort_url`` (answer them with :meth:`submit_input` /
        :meth:`abort_input`, which never need those).

        Raises:
            NotFound: no such job or build.
        """
        path = build_path(job, build)
        try:
            data = self._requester.get_json(path + "wfapi/pendingInputActions")
        except errors.NotFound:  # no pipeline-stage-view plugin, or no such build
            data = pending_from_build(self._requester.get_json(path + "api/json", tree=INPUT_TREE))
        inputs = _shapes.as_list(data, "wfapi pendingInputActions")
        return [structure(item, PendingInputAction) for item in inputs]

    def submit_input(
        self,
        job: JobSpec,
        build: BuildSpec,
        input_id: PendingInputAction | str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Answer an input step: proceed, with parameter values if it asks for any.

        Without ``params`` this posts ``input/ID/proceedEmpty``; with them, ``input/ID/submit``
        with the form fields ``json`` (``{"parameter": [{"name", "value"}, ...]}``) and
        ``proceed``. Like Jenkins' own ``proceedEmpty``, no params means the input's parameters
        get no values (not their defaults). An id written in lower case in the Jenkinsfile is
        upper-cased as Jenkins does.

        Exactly once: when the POST fails in a way that may have been acted on (the connection
        broke, a proxy answered), the run's pending inputs are read: an input no longer pending
        was answered; one still pending is answered again.

        Raises:
            NotFound: no pending input with this id.
            BadRequest: the input was already answered, or the user may not submit it.
        """
        base = f"{build_path(job, build)}input/{_input_id(input_id)}/"
        if not params:
            self._answer_once(
                job, build, input_id, lambda: self._requester.post(base + "proceedEmpty")
            )
            return
        parameter = [{"name": name, "value": value} for name, value in params.items()]
        form = {"json": json.dumps({"parameter": parameter}), "proceed": "Proceed"}
        self._answer_once(
            job, build, input_id, lambda: self._requester.post(base + "submit", data=form)
        )

    def abort_input(
        self, job: JobSpec, build: BuildSpec, input_id: PendingInputAction | str
    ) -> None:
        """Abort an input step; the run ends ABORTED.

        Exactly once, as :meth:`submit_input`.

        Raises:
            NotFound: no pending input with this id.
            BadRequest: the input was already answered, or the user may not cancel it.
        """
        path = f"{build_path(job, build)}input/{_input_id(input_id)}/abort"
        self._answer_once(job, build, input_id, lambda: self._requester.post(path))

    def _answer_once(
        self,
        job: JobSpec,
        build: BuildSpec,
        input_id: PendingInputAction | str,
        send: Callable[[], object],
    ) -> None:
        """``send()`` the answer; after an ambiguous failure, send again only while the input is
        still pending (within two ``response_timeout``)."""
        wanted = _normal_id(input_id)
        with self._requester.deadline(2.0):
            for attempt in range(RESENDS + 1):
                try:
                    send()
                    return
                except errors.JenkinsError as exc:
                    if not is_ambiguous(exc):
                        raise
                    pending = {p.id for p in self.pending_inputs(job, build)}
                    if wanted not in pending:
                        return  # the answer was taken
                    if not handler_ended(exc) or attempt == RESENDS:
                        raise

    def validate(self, jenkinsfile: str) -> ValidationResult:
        """Validate a Declarative Jenkinsfile on the controller (no job needed).

        Returns ``ValidationResult(ok, errors=[ValidationError(line, column, message)])`` in
        Jenkins' words; a scripted Pipeline is ``ok=False, declarative=False`` (Jenkins validates
        only Declarative Pipelines). Needs the Pipeline: Declarative plugin (else ``NotFound``).
        """
        reply = self._requester.post(VALIDATE_PATH, data={"jenkinsfile": jenkinsfile}, ok=(200,))
        return parse_validation(reply.json())

    def watch(
        self,
        job: JobSpec,
        build: BuildSpec,
        *,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_interval: float = 5.0,
        clock: Clock | None = None,
    ) -> Iterator[PipelineRun]:
        """Yield a run snapshot each time its status or a stage's status changes, until it ends.

        A run waiting for input (``PAUSED_PENDING_INPUT``) is yielded and watching goes on, so
        the caller can answer it with :meth:`submit_input` inside the loop.

        Without ``timeout`` the watch ends after the client's ``wait_timeout`` (finite).

        Raises:
            BuildTimeout: the run had not finished when ``timeout`` seconds had passed.
        """
        clock = clock if clock is not None else self._requester.clock
        timeout = self._requester.wait_seconds(timeout)
        deadline = clock.monotonic() + timeout
        last: tuple[object, ...] | None = None
        wait = poll_interval
        while True:
            run = self.get_run(job, build)
            key = (_value(run.status), *((s.id, _value(s.status)) for s in run.stages))
            if key != last:
                last = key
                wait = poll_interval
                yield run
            if self._finished(job, build, run):
                return
            remaining = deadline - clock.monotonic()
            if remaining <= 0:
                raise BuildTimeout(
                    f"the pipeline run was still {_value(run.status)} when the "
                    f"{timeout:g} s deadline passed",
                    url=build_path(job, build),
                )
            clock.sleep(min(wait, remaining))
            wait = min(wait * 2, max_interval)

    def _finished(self, job: JobSpec, build: BuildSpec, run: PipelineRun) -> bool:
        status = _value(run.status)
        if status in FINISHED_STATUSES:
            return True
        if status != "NOT_EXECUTED":
            return False
        # NOT_EXECUTED is both "not started yet" and "ended NOT_BUILT": ask the build itself.
        data = self._requester.get_json(build_path(job, build) + "api/json", tree="building")
        building = _shapes.as_object(data, "build JSON").get("building")
        return _shapes.boolean(building, "build JSON", path="$.building") is False
