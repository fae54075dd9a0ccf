"""``running`` and ``watch``: what runs on the controller now, and many builds followed to
their end with one request per round (``client.builds.running``, ``client.builds.monitor``)."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Sequence

import click

from jenkins_sdk.cli import exitcodes, kinds
from jenkins_sdk.cli.output import emit_event, is_tty, json_option, plain, show_list
from jenkins_sdk.cli.state import CliState
from jenkins_sdk.errors import InvalidJobRef
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources.executors import RunningBuild
from jenkins_sdk.resources.monitor import MonitoredBuild, WatchedBuild
from jenkins_sdk.status import BuildResult

__all__ = ["COMMANDS", "running", "watch"]

#: Worst last: the exit code of ``watch`` is the worst result's (``hudson.model.Result`` order),
#: a build that vanished counting as an error.
_SEVERITY = ("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED", None)


def _duration(seconds: float | None) -> str:
    if seconds is None or seconds < 0:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _row(build: RunningBuild, now_ms: float) -> list[object]:
    started = build.started
    elapsed = None if build.timestamp is None else (now_ms - build.timestamp) / 1000
    estimate = None if build.estimated_duration is None else build.estimated_duration / 1000
    progress = "" if build.progress is None else f"{build.progress}%"
    if build.likely_stuck:
        progress += " (stuck?)"
    return [
        build.job.full_name,
        build.number,
        build.node,
        started.strftime("%Y-%m-%d %H:%M:%S") if started else "",
        _duration(elapsed),
        _duration(estimate),
        progress,
    ]


@click.command("running")
@click.option("--folder", help="Only builds of jobs inside this folder.")
@json_option
@click.pass_obj
def running(state: CliState, folder: str | None, as_json: bool) -> None:
    """List every build running on the controller now (one request), oldest first."""
    builds = state.client().builds.running(folder=folder)
    now = time.time() * 1000
    show_list(
        builds,
        kinds.RUNNING_BUILD,
        as_json=as_json,
        headers=["JOB", "#", "NODE", "STARTED", "ELAPSED", "ESTIMATE", "PROGRESS"],
        row=lambda b: _row(b, now),
    )


def _target(text: str) -> tuple[str, str]:
    """``team/app:41`` -> ``("team/app", "41")``; no ``:N`` means the last build (Jenkins item
    names cannot contain ``:``). A job or build URL copied from a browser works too."""
    if text.startswith(("http://", "https://")):
        return _url_target(text)
    job, sep, build = text.rpartition(":")
    if not sep:
        return text, "lastBuild"
    if not job or not build:
        raise click.BadParameter(f"{text!r} is not JOB or JOB:N", param_hint="BUILDS")
    return job, build


def _url_target(url: str) -> tuple[str, str]:
    """``https://ci/job/team/job/app/41/`` -> ``(job URL, "41")``; a job URL -> its last build."""
    try:
        JobRef.from_url(url)
    except InvalidJobRef as exc:
        raise click.BadParameter(str(exc), param_hint="BUILDS") from exc
    parts = [p for p in urllib.parse.urlsplit(url).path.split("/") if p]
    if len(parts) >= 2 and parts[-2] != "job" and parts[-1].isdigit():
        return url, parts[-1]
    return url, "lastBuild"


class _LiveTable:
    """The watched builds, redrawn in place on a terminal after every round."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], str] = {}
        self._drawn = 0

    def update(self, watched: list[WatchedBuild]) -> None:
        for w in watched:
            if w.job is not None and w.number is not None:
                pct = "" if w.progress is None else f" {w.progress}%"
                self.rows[(w.job.full_name, w.number)] = f"running{pct}"
        self.draw()

    def finish(self, done: MonitoredBuild) -> None:
        self.rows[(done.job.full_name, done.number)] = plain(done.result) or "missing"
        self.draw()

    def draw(self) -> None:
        lines = [f"{job} #{number}  {state}" for (job, number), state in sorted(self.rows.items())]
        prefix = f"\x1b[{self._drawn}F" if self._drawn else ""
        click.echo(prefix + "".join(f"\x1b[2K{line}\n" for line in lines), nl=False, color=True)
        self._drawn = len(lines)


def _worst(results: Sequence[str | None]) -> int:
    if not results:
        return exitcodes.SUCCESS
    worst = max(results, key=_SEVERITY.index)
    return exitcodes.ERROR if worst is None else exitcodes.for_result(BuildResult(worst))


@click.command("watch")
@click.argument("builds", nargs=-1, required=True, metavar="JOB[:N]...")
@click.option(
    "--poll",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds between looks: the most a finished build waits to be reported.",
)
@json_option
@click.pass_context
def watch(ctx: click.Context, builds: tuple[str, ...], poll: float, as_json: bool) -> None:
    """Follow builds (the last one of JOB without :N) until all end; exit with the worst result.

    One request per round answers for every running build. On a terminal a table is redrawn in
    place; with --json, one JSON line per finished build; otherwise one line per finished build.
    """
    state: CliState = ctx.obj
    targets = [_target(text) for text in builds]
    state.about(targets[0][0], targets[0][1])
    live = _LiveTable() if is_tty() and not as_json else None
    monitor = state.client().builds.monitor(
        targets,
        poll_interval=poll,
        timeout=state.timeout,
        on_round=live.update if live is not None else None,
    )
    results: list[str | None] = []
    for done in monitor:
        result = plain(done.result) or None
        results.append(result)
        if as_json:
            emit_event(kinds.WATCHED_BUILD, done, {"job": done.job.full_name})
        elif live is not None:
            live.finish(done)
        else:
            click.echo(f"{done.job.full_name} #{done.number} {result or 'missing'}")
    ctx.exit(_worst(results))


COMMANDS = [running, watch]
