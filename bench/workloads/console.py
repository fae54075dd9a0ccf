"""Workload 5: stream the console log of a running build (progressive), counting lines.

The build's single stage writes ``mib`` MiB of 128-byte lines over ``duration`` virtual seconds
(clock at ``SPEED``), so the first polls see a growing log and the last one its end. Every client
waits ``poll`` seconds between polls (api4jenkins always sleeps 1 s: that is built in).
"""

from __future__ import annotations

import time
from typing import Any

from bench.workloads import ClientCtx

NAME = "console"
TITLE = "5. stream a {mib} MiB console log of a running build (progressive), counting lines"
SIZES = {
    "full": {"mib": 200, "duration": 1.0, "poll": 0.25},
    "quick": {"mib": 20, "duration": 0.5, "poll": 0.1},
    "smoke": {"mib": 1, "duration": 0.1, "poll": 0.02},
}
SPEED = 1.0
JOB = "biglog"
LINE = 128
TIMEOUT = 600.0


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return dict(size)


def build(emu: Any, size: dict[str, Any]) -> None:
    """A pipeline job."""
    emu.pipeline(JOB)


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """Start a build whose one stage logs ``mib`` MiB."""
    from jenkins_sdk.testing import Outcome, StageSpec

    lines = size["mib"] * 1024 * 1024 // LINE
    emu.then(JOB, Outcome(stages=[StageSpec("Build", size["duration"], log_lines=lines)]))
    item = emu.trigger(JOB)
    emu.state.tick()
    assert item.build is not None and item.build.building
    return {"number": item.build.number, "poll": size["poll"]}


def _line_count(emu: Any, number: int) -> tuple[int, bool]:
    from jenkins_sdk.testing.logs import TextPart

    build = emu.job(JOB).builds[number]
    log, visible, done = build.visible_log(emu.clock.now_ms())
    assert visible == log.size
    count = sum(p.data.count(b"\n") if isinstance(p, TextPart) else p.lines for p in log.parts)
    return count, done


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """The line count of the whole, finished log."""
    count, done = _line_count(emu, params["number"])
    if not done:
        return "the build was still running"
    return None if answer == count else f"{answer} lines, the log has {count}"


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Forget the run's build."""
    emu.settle()
    with emu.state.lock:
        emu.job(JOB).builds.clear()


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> int:
    """``console.stream(...)``: streamed bodies, incremental UTF-8 decoding, constant memory;
    newlines counted in its text chunks (as for jenkinsapi and the floor). Iterating
    ``stream.lines()`` instead costs one Python object per line (see RESULTS.md)."""
    poll = ctx.params["poll"]
    with ctx.sdk() as client:
        stream = client.console.stream(
            JOB, ctx.params["number"], poll_interval=poll, max_interval=poll, timeout=TIMEOUT
        )
        return sum(chunk.count("\n") for chunk in stream)


def run_requests(ctx: ClientCtx) -> int:
    """``progressiveText?start=N`` with ``stream=True``, counting ``\\n`` in 1 MiB chunks."""
    s = ctx.session()
    url = f"{ctx.url}job/{JOB}/{ctx.params['number']}/logText/progressiveText"
    start, count = 0, 0
    while True:
        with s.get(url, params={"start": start}, stream=True) as r:
            r.raise_for_status()
            for chunk in r.iter_content(1 << 20):
                count += chunk.count(b"\n")
            start = int(r.headers["X-Text-Size"])
            more = r.headers.get("X-More-Data") == "true"
        if not more:
            return count
        time.sleep(ctx.params["poll"])


def run_api4jenkins(ctx: ClientCtx) -> int:
    """``build.progressive_output()`` (it sleeps 1 s after every poll, whatever happens)."""
    from api4jenkins.build import WorkflowRun

    j = ctx.api4jenkins()
    build = WorkflowRun(j, f"{ctx.url}job/{JOB}/{ctx.params['number']}/")
    return sum(1 for _ in build.progressive_output())


def run_jenkinsapi(ctx: ClientCtx) -> int:
    """``build.stream_logs(interval=poll)`` (each poll's whole body held in memory)."""
    from jenkinsapi.build import Build

    j = ctx.jenkinsapi()
    job = j.get_job(JOB)
    n = ctx.params["number"]
    build = Build(f"{job.baseurl}/{n}", n, job)
    return sum(chunk.count("\n") for chunk in build.stream_logs(interval=ctx.params["poll"]))


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": "n/a: no progressive console API (get_build_console_output reads the "
    "whole consoleText into memory, once)",
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
