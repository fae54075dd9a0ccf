"""The one place the command line turns a failure into a line on stderr and an exit code.

By default one line: ``error: no build 9999 of params-freestyle``. With ``-v`` the library's full
message follows (method, URL, status, body excerpt, hint); with ``--debug`` the traceback too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import ssl
import sys
import traceback
import urllib.parse
from typing import TYPE_CHECKING

import click

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.schema import job_kind
from jenkins_sdk.errors import (
    Conflict,
    Forbidden,
    InvalidRef,
    JenkinsError,
    NetworkError,
    NotFound,
    SimulationError,
    Timeout,
    Unauthorized,
    WaitTimeout,
)
from jenkins_sdk.refs import BuildRef

if TYPE_CHECKING:
    from jenkins_sdk.cli.state import CliState

__all__ = ["is_broken_pipe", "report", "silence_stdout"]


def is_broken_pipe(exc: BaseException) -> bool:
    """True for a write to a closed pipe (``jenkins-sdk logs ... | head -1``)."""
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno == errno.EPIPE
    )


def silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush cannot fail on the closed pipe."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _say(text: str) -> None:
    with contextlib.suppress(OSError):  # stderr closed too: nothing left to tell
        click.echo(text, err=True)


def report(exc: BaseException, state: CliState | None, verbosity: int) -> int:
    """Print ``exc`` on stderr (one line, more with ``-v``) and return the exit code."""
    if isinstance(exc, KeyboardInterrupt | click.Abort):
        _say("interrupted")
        return exitcodes.INTERRUPTED
    if isinstance(exc, click.ClickException):
        _say(_click_line(exc))
        return exc.exit_code if exc.exit_code != 1 else exitcodes.ERROR
    if isinstance(exc, InvalidRef):  # a bad job or build reference typed by the user
        _say(f"error: {exc.message}")
        return exitcodes.USAGE
    if isinstance(exc, Timeout | WaitTimeout):
        _say(f"timeout: {_short(exc)}")
        code = exitcodes.TIMEOUT
    elif isinstance(exc, JenkinsError):
        _say(f"error: {describe(exc, state)}")
        code = exitcodes.ERROR
    elif isinstance(exc, OSError) and exc.strerror:  # e.g. stdout on a full disk
        where = f": {exc.filename}" if exc.filename else ""
        _say(f"error: {exc.strerror}{where}")
        code = exitcodes.ERROR
    else:
        _say(f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        code = exitcodes.ERROR
    if verbosity >= 1 and isinstance(exc, JenkinsError):
        _say(f"  details: {exc}")
    if verbosity >= 2:
        _say("".join(traceback.format_exception(exc)).rstrip())
    return code


def _click_line(exc: click.ClickException) -> str:
    message = exc.format_message()
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        return f"error: {message} (see: {exc.ctx.command_path} --help)"
    return f"error: {message}"


def describe(exc: JenkinsError, state: CliState | None) -> str:
    """One line for a library error, worded for the command that failed."""
    if isinstance(exc, NotFound):
        return _not_found(exc, state)
    if isinstance(exc, Conflict) and _is_trigger(exc) and state and state.subject:
        # ParameterizedJobMixIn.doBuild/doBuildWithParameters: 409 "<job> is not buildable"
        return f"{state.subject.job} is not buildable (disabled?): Jenkins refused the build"
    if isinstance(exc, Unauthorized | Forbidden):
        return _auth_failure(exc, state)
    if isinstance(exc, NetworkError) and not isinstance(exc, SimulationError):
        return _unreachable(exc)
    return _short(exc)


def _is_trigger(exc: JenkinsError) -> bool:
    path = urllib.parse.urlsplit(exc.url or "").path
    return exc.method == "POST" and path.endswith(("/build", "/buildWithParameters"))


def _short(exc: JenkinsError) -> str:
    status = f"{exc.status} " if exc.status is not None else ""
    where = _where(exc)
    return f"{status}{exc.message}" + (f" ({where})" if where else "")


def _where(exc: JenkinsError) -> str:
    if not exc.url:
        return ""
    parts = urllib.parse.urlsplit(exc.url)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return f"{exc.method} {url}" if exc.method else url


def _origin(url: str | None) -> str:
    if not url:
        return "Jenkins"
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _auth_failure(exc: Unauthorized | Forbidden, state: CliState | None) -> str:
    word = "unauthorized" if isinstance(exc, Unauthorized) else "forbidden"
    text = f"{exc.status} {word}: {_origin(exc.url)} refused "
    settings = state.settings if state is not None else None
    token_used = "token=" in urllib.parse.urlsplit(exc.url or "").query
    if isinstance(exc, Forbidden) and token_used:  # a remote trigger: the library says why
        return text + f"the trigger: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")
    if settings is None or not settings.user:
        text += "an anonymous request (give --user and --token, a profile, or JENKINS_USER_ID"
        text += " and JENKINS_API_TOKEN)"
        if settings is not None and settings.ignored:
            text += f"; credentials of {', '.join(settings.ignored)} go with another URL"
        return text
    if isinstance(exc, Forbidden):
        return text + f"user {settings.user!r}: {exc.hint or exc.message} ({_where(exc)})"
    return text + (
        f"user {settings.user!r} (credentials from {settings.credentials_source}): "
        "check the user id and API token"
    )


_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, "connection refused"),
    (socket.gaierror, "host name not found"),
    (ssl.SSLCertVerificationError, "TLS certificate not trusted (see --ca-bundle)"),
    (ssl.SSLError, "TLS handshake failed (see --ca-bundle, --insecure)"),
    (ConnectionResetError, "connection reset"),
    (TimeoutError, "connection timed out"),
)


def _unreachable(exc: NetworkError) -> str:
    reason = _root_reason(exc)
    if reason is None:
        reason = exc.message.split(":", 1)[0] if len(exc.message) > 80 else exc.message
    return f"cannot reach {_origin(exc.url)}: {reason}"


def _root_reason(exc: BaseException) -> str | None:
    """Walk the cause chain (``__cause__``, ``__context__``, urllib3's ``reason``) for an OS or
    TLS error with a well-known meaning."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for kind, text in _REASONS:
            if isinstance(current, kind):
                return text
        for link in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(link, BaseException):
                todo.append(link)
        todo.extend(a for a in current.args if isinstance(a, BaseException))
    return None


def _not_found(exc: NotFound, state: CliState | None) -> str:
    subject = state.subject if state is not None else None
    generic = f"not found: {_where(exc)}"
    if state is None or subject is None:
        return generic
    try:
        client = state.client()
        if not client.jobs.exists(subject.job):
            return f"no job {subject.job} (jenkins-sdk jobs ls -r lists them)"
        if subject.build is None:
            return generic
        kind = job_kind(client.jobs.get(subject.job).class_)
        if kind in _CONTAINERS:
            return f"{subject.job} is a {kind}, not a job (jenkins-sdk jobs ls {subject.job})"
        missing_build = _build_missing(state, subject.job, subject.build)
    except JenkinsError:
        return generic
    if missing_build:
        if _is_permalink(subject.build):
            return f"{subject.job} has no {subject.build}"
        return f"no build {subject.build} of {subject.job}"
    if "/wfapi/" in (exc.url or ""):
        return _no_stage_view(subject.job, kind)
    if subject.thing:
        return f"build {subject.build} of {subject.job} has no {subject.thing}"
    return generic


_CONTAINERS = frozenset({"folder", "multibranch", "org-folder"})


def _no_stage_view(job: str, kind: str) -> str:
    """A 404 under ``wfapi/`` of a build that exists: not a pipeline, or no stage-view plugin
    (Jenkins' setup wizard suggests pipeline-graph-view instead since 2024)."""
    if kind != "pipeline":
        return f"{job} is a {kind} job: stages and input steps belong to pipelines"
    return (
        "this Jenkins has no Pipeline: Stage View plugin (pipeline-stage-view, which serves "
        "wfapi/): install it for stages, or answer an input with --id ID"
    )


def _build_missing(state: CliState, job: str, build: str) -> bool:
    try:
        state.client().builds.status(job, build)
    except NotFound:
        return True
    return False


def _is_permalink(build: str) -> bool:
    try:
        return BuildRef.parse(build).number is None
    except JenkinsError:
        return False
