"""The fault soak: many threads, one shared client, a faulty emulator, strict bookkeeping.

The harness drives :class:`jenkins_sdk.JenkinsClient` the way an unattended monitor would (one
client shared by a thread pool) against :class:`jenkins_sdk.testing.JenkinsEmulator` with every
fault switch on, and keeps the books needed to judge the run afterwards:

* every trigger carries a unique ``MARK`` parameter, so the emulator's own builds tell whether any
  trigger started two builds (or none);
* every watched build must be seen finished through the SDK;
* every exception that escapes an SDK call is classified: a documented ``JenkinsError`` that
  surfaced only after its retry budget (read from the SDK's own "retrying ... (retry n of N)"
  log records of that thread), a POST the SDK rightly refused to re-send, a broken streamed body
  (documented for downloads), or a violation;
* every artifact download is checked byte for byte, and the download directories are searched
  for partial or stray temporary files at the end.

Time is virtual: the client's clock is the emulator's clock, and a sleep advances it by
``seconds / threads`` (the threads wait in parallel), so nothing really sleeps except the
emulator's "slow response" fault.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jenkins_sdk import errors
from jenkins_sdk._http.requester import endpoint_template
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import QueueRef
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.faults import Fault
from jenkins_sdk.testing.model import ArtifactSpec, InputSpec, ParamDef, StageSpec

T = TypeVar("T")

USER = "soak"
PASSWORD = "soak-password-5f1c"  # password auth: every mutation needs a session-bound crumb
RETRY_TOTAL = 3
FREESTYLE_JOBS = ("soak/app-1", "soak/app-2", "soak/folder/app-3")
PIPELINE_JOBS = ("soak/pipe-1", "soak/pipe-2")
APP_ATTEMPTS = 25  # attempts of one step by the application before the soak gives up on it


def artifact_bytes(name: str, size: int) -> bytes:
    """Deterministic artifact content (so a download can be checked byte for byte)."""
    seed = hashlib.sha256(name.encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


ARTIFACTS = (
    ArtifactSpec("dist/app.tar.gz", content=artifact_bytes("dist/app.tar.gz", 48_000)),
    ArtifactSpec("reports/summary.txt", content=b"all good\n" * 200),
)
EXPECTED = {a.path: a.content for a in ARTIFACTS}


class SoakClock:
    """The client's clock: the emulator's virtual time; ``sleep(s)`` advances it by ``s/share``."""

    def __init__(self, emulator: JenkinsEmulator, share: int) -> None:
        self._emu = emulator
        self._share = max(1, share)
        self.slept = 0.0
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        return self._emu.clock.now_ms() / 1000.0

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._lock:
            self.slept += seconds
        self._emu.advance(max(seconds / self._share, 0.001))


class ThreadRecords(logging.Handler):
    """Keeps the SDK's retry / request-outcome log records per thread (the retry-budget books)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self._local = threading.local()
        self.retries: Counter[str] = Counter()
        self.crumb_refusals = 0
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.msg if isinstance(record.msg, str) else ""
        if msg.startswith("retrying"):
            method, template, reason, number, total = record.args[:5]  # type: ignore[index,misc]
            self.mine().append(("retry", f"{method} {template}", int(number), int(total)))
            with self._lock:
                self.retries[str(reason)] += 1
        elif "crumb refused" in msg:
            with self._lock:
                self.crumb_refusals += 1
        elif msg.startswith("%s %s -> "):
            method, template = record.args[:2]  # type: ignore[index,misc]
            self.mine().append(("done", f"{method} {template}", 0, 0))
        # The records are also a secret-hygiene sample: formatting must never fail.
        record.getMessage()

    def mine(self) -> list[tuple[str, str, int, int]]:
        records: list[tuple[str, str, int, int]] | None = getattr(self._local, "records", None)
        if records is None:
            records = []
            self._local.records = records
        return records

    def mark(self) -> int:
        return len(self.mine())

    def retries_before_failure(self, since: int) -> tuple[str | None, int, int]:
        """For the request that failed last in this thread: (endpoint, retries, budget)."""
        records = self.mine()[since:]
        index = len(records) - 1
        while index >= 0 and records[index][0] != "done":
            index -= 1
        if index < 0:
            return None, 0, RETRY_TOTAL
        endpoint = records[index][1]
        count = 0
        budget = RETRY_TOTAL
        back = index - 1
        while back >= 0 and records[back][0] == "retry" and records[back][1] == endpoint:
            count = max(count, records[back][2])
            budget = records[back][3]
            back -= 1
        return endpoint, count, budget


@dataclass
class SoakReport:
    """Everything the soak measured (read by the test's assertions and printed as a table)."""

    threads: int
    operations: Counter[str] = field(default_factory=Counter)
    surfaced: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    triggered_marks: set[str] = field(default_factory=set)
    watched: dict[tuple[str, int], bool] = field(default_factory=dict)
    artifact_files: int = 0
    artifact_bytes: int = 0
    partial_files: list[str] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    merged: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    sdk_retries: Counter[str] = field(default_factory=Counter)
    crumb_fetches: int = 0
    crumb_refreshes: int = 0
    requests: int = 0
    virtual_seconds: float = 0.0
    wall_seconds: float = 0.0
    restart_fired: int = 0
    unretried_body_bug: bool = False
    #: trigger() calls, and how each ended: "returned" or the error class it raised.
    trigger_calls: Counter[str] = field(default_factory=Counter)
    #: raised triggers whose mark was found queued or built anyway (must be 0 for exactly-once).
    raised_but_started: int = 0

    @property
    def trigger_success(self) -> float:
        """Percent of trigger() calls that returned the build they started."""
        calls = sum(self.trigger_calls.values())
        return 100.0 * self.trigger_calls["returned"] / max(calls, 1)

    @property
    def total_operations(self) -> int:
        return sum(self.operations.values())

    def table(self) -> str:
        """The faults injected vs what absorbed them, and the pass criteria."""
        rows = [
            ("503 + Retry-After (proxy)", self.faults.get("http", 0)),
            ("503 after forwarding (proxy)", self.faults.get("http_after", 0)),
            ("reset before request read", self.faults.get("reset_before", 0)),
            ("reset after request handled", self.faults.get("reset_after", 0)),
            ("slow response", self.faults.get("slow", 0)),
            ("truncated body", self.faults.get("truncate", 0)),
            ("controller restart (503 page)", self.faults.get("restart", 0)),
        ]
        injected = sum(n for _, n in rows)
        surfaced = sum(self.surfaced.values())
        lines = [
            "",
            f"fault soak: {self.threads} threads, {self.total_operations} operations, "
            f"{self.requests} HTTP requests, {self.wall_seconds:.1f} s wall, "
            f"{self.virtual_seconds:.0f} s emulator time",
            "  operations: " + ", ".join(f"{k}={v}" for k, v in sorted(self.operations.items())),
            f"  {'fault':34} {'injected':>9}",
        ]
        lines += [f"  {name:34} {count:9d}" for name, count in rows]
        lines += [
            f"  {'total injected':34} {injected:9d}",
            f"  {'crumb fetches (sessions expire 10 s)':34} {self.crumb_fetches:9d}",
            "  absorbed by the SDK:   "
            + ", ".join(f"retry after {k}={v}" for k, v in sorted(self.sdk_retries.items()))
            + f", crumb refreshes={self.crumb_refreshes}",
            f"  surfaced to the caller (documented, recovered by the application): {surfaced}",
        ]
        lines += [f"      {v:6d}  {k}" for k, v in sorted(self.surfaced.items())]
        recovered = injected - surfaced
        lines += [
            f"  recovered inside the SDK: {recovered} of {injected} "
            f"({100.0 * recovered / max(injected, 1):.1f} %)",
            f"  trigger calls: {sum(self.trigger_calls.values())}, returned their build: "
            f"{self.trigger_calls['returned']} ({self.trigger_success:.1f} %), "
            + ", ".join(
                f"{k}={v}" for k, v in sorted(self.trigger_calls.items()) if k != "returned"
            )
            + f"; raised but had started one: {self.raised_but_started}",
            f"  builds triggered: {len(self.triggered_marks)}, twice: {len(self.duplicates)}, "
            f"never: {len(self.missing)}, merged: {self.merged}",
            f"  watched builds: {len(self.watched)}, seen finished: {sum(self.watched.values())}",
            f"  artifact files: {self.artifact_files} ({self.artifact_bytes} bytes), partial: "
            f"{len(self.partial_files)}",
            f"  violations: {len(self.violations)}",
        ]
        return "\n".join(lines)


class Soak:
    """One soak run: build the controller, arm the faults, run the workers, judge."""

    def __init__(
        self,
        emulator: JenkinsEmulator,
        workdir: Path,
        *,
        threads: int,
        operations: int,
        slow_delay: float,
        seed: int = 20240601,
        restart_after: float = 0.4,
    ) -> None:
        self.emu = emulator
        self.workdir = workdir
        self.threads = threads
        self.target = operations
        self.slow_delay = slow_delay
        self.seed = seed
        self.restart_after = restart_after
        self.report = SoakReport(threads=threads)
        self.records = ThreadRecords()
        self.clock = SoakClock(emulator, threads)
        self._lock = threading.Lock()
        self._issued = 0
        self._done_builds: dict[str, list[int]] = {job: [] for job in FREESTYLE_JOBS}
        self._restarted = threading.Event()
        self.client: JenkinsClient | None = None

    # --- setup ---------------------------------------------------------------------------------

    def build_controller(self) -> None:
        emu = self.emu
        emu.user(USER, PASSWORD)
        emu.state.executors = 64
        emu.state.nodes["(built-in)"]["executors"] = 64
        for job in FREESTYLE_JOBS:
            emu.freestyle(
                job,
                params=[ParamDef("MARK"), ParamDef("FLAVOUR", default="plain")],
                duration=6.0,
                log_lines=40,
                artifacts=list(ARTIFACTS),
                concurrent=True,
                quiet_period=0,
            )
            history = emu.history(job, ["SUCCESS", "FAILURE", "SUCCESS", "UNSTABLE"])
            self._done_builds[job] = [b.number for b in history]
        for job in PIPELINE_JOBS:
            emu.pipeline(
                job,
                params=[ParamDef("MARK")],
                stages=[
                    StageSpec("Build", 3.0),
                    StageSpec("Approve", 1.0, input=InputSpec("Ship it?", id="ship")),
                    StageSpec("Deploy", 2.0),
                ],
                concurrent=True,
                quiet_period=0,
            )

    def arm_faults(self) -> None:
        """10 % proxy 503 + Retry-After (2 % after the proxy forwarded the request), 2.5 % +
        2.5 % resets, 5 % slow, 2 % truncated bodies, sessions (so crumbs) expiring every 10 s
        of emulator time."""
        plan = self.emu.faults
        plan.clear(self.seed)
        plan.arm(Fault("http_after", times=None, probability=0.02, status=503, retry_after="1"))
        plan.arm(Fault("http", times=None, probability=0.08, status=503, retry_after="1"))
        plan.arm(Fault("reset_before", times=None, probability=0.025))
        plan.arm(Fault("slow", times=None, probability=0.05, delay=self.slow_delay))
        plan.arm(Fault("reset_after", times=None, probability=0.025))
        plan.arm(Fault("truncate", times=None, probability=0.02, keep_fraction=0.5))
        self.emu.session_ttl(10.0)

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> SoakReport:
        self.build_controller()
        logger = logging.getLogger("jenkins_sdk")
        old_level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(self.records)
        started = time.perf_counter()
        virtual0 = self.clock.monotonic()
        self.client = JenkinsClient(
            url=self.emu.url,
            username=USER,
            password=PASSWORD,
            clock=self.clock,
            max_connections=self.threads,
            retry={"total": RETRY_TOTAL},
            read_timeout=30.0,
        )
        try:
            self.report.unretried_body_bug = not self._truncated_get_is_retried()
            self.arm_faults()
            workers = [
                threading.Thread(target=self._worker, args=(i,), name=f"soak-{i}", daemon=True)
                for i in range(self.threads)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(timeout=900)
                if worker.is_alive():
                    self.report.violations.append(f"{worker.name} did not finish (deadlock?)")
            self.report.faults = dict(self.emu.faults.fired)
            self.emu.faults.clear()
            self.emu.session_ttl(None)
            self.emu.settle()
            self._judge()
            self.report.crumb_refreshes = self.records.crumb_refusals
        finally:
            self.client.close()
            logger.removeHandler(self.records)
            logger.setLevel(old_level)
        self.report.wall_seconds = time.perf_counter() - started
        self.report.virtual_seconds = self.clock.monotonic() - virtual0
        return self.report

    def _truncated_get_is_retried(self) -> bool:
        """Probe: does a GET whose body breaks off get retried inside the retry budget?"""
        assert self.client is not None
        self.emu.truncate(times=1, path="/whoAmI/api/json")
        try:
            self.client.get_json("whoAmI/api/json")
        except errors.NetworkError:
            return False
        finally:
            self.emu.clear_faults()
        return True

    def _next_op(self) -> int | None:
        with self._lock:
            if self._issued >= self.target:
                return None
            self._issued += 1
            number = self._issued
        if number >= self.target * self.restart_after and not self._restarted.is_set():
            self._restarted.set()
            # "Restart" the controller: 503 pages for a few seconds of emulator time, sessions
            # (and so crumbs) dropped.
            fault = self.emu.restart(4.0)
            self._restart_fault = fault
        return number

    def _worker(self, index: int) -> None:
        rng = random.Random(self.seed * 1000 + index)
        ops: list[tuple[str, Callable[[random.Random, str], None], int]] = [
            ("trigger+wait", self.op_trigger_wait, 25),
            ("builds.get/status", self.op_read, 30),
            ("console stream", self.op_console, 15),
            ("artifact download", self.op_artifacts, 15),
            ("pipeline input", self.op_pipeline_input, 15),
        ]
        names = [o[0] for o in ops]
        weights = [o[2] for o in ops]
        funcs = {o[0]: o[1] for o in ops}
        while True:
            number = self._next_op()
            if number is None:
                return
            name = rng.choices(names, weights)[0]
            tag = f"w{index}-{number}"
            try:
                funcs[name](rng, tag)
            except _GaveUp as exc:
                self._violation(f"{name} {tag}: gave up: {exc}")
            except Exception as exc:  # the soak's own bookkeeping must see everything
                self._violation(
                    f"{name} {tag}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"
                )
            with self._lock:
                self.report.operations[name] += 1

    # --- bookkeeping ---------------------------------------------------------------------------

    def _violation(self, text: str) -> None:
        with self._lock:
            self.report.violations.append(text)

    def _surfaced(self, category: str) -> None:
        with self._lock:
            self.report.surfaced[category] += 1

    def _classify(self, exc: BaseException, since: int, what: str, *, stream: bool) -> None:
        """Judge an exception that escaped an SDK call; violations are recorded."""
        if not isinstance(exc, errors.JenkinsError):
            self._violation(f"{what}: non-SDK exception {type(exc).__name__}: {exc}")
            return
        if "Traceback" in str(exc):
            self._violation(f"{what}: traceback text inside an error message: {exc}")
        method = exc.method or "GET"
        endpoint, retries, budget = self.records.retries_before_failure(since)
        name = type(exc).__name__
        if isinstance(exc, errors.ServerError | errors.TransportError) and retries >= budget:
            self._surfaced(f"{name} after {budget} retries ({endpoint})")
            return
        if isinstance(exc, errors.TriggerOutcomeUnknown):
            self._surfaced("TriggerOutcomeUnknown: the SDK could not tell (documented)")
            return
        if method == "POST" and isinstance(exc, errors.NetworkError | errors.ServerError):
            # Not re-sent: the server may have acted on it (documented POST safety).
            self._surfaced(f"{name} on POST, not re-sent ({_template(exc)})")
            return
        broken_body = isinstance(exc, errors.NetworkError) and (
            "broke" in exc.message or "incomplete" in exc.message
        )
        if broken_body and stream:
            self._surfaced(f"NetworkError: streamed body broke off ({_template(exc)})")
            return
        if broken_body and self.report.unretried_body_bug:
            self._surfaced(f"NetworkError: body broke off, NOT retried [BUG-1] ({_template(exc)})")
            return
        if isinstance(exc, errors.Forbidden) and exc.hint and "crumb" in exc.hint:
            # The fresh crumb's session expired again before the re-send (10 s sessions).
            self._surfaced(f"Forbidden: crumb refused twice ({_template(exc)})")
            return
        self._violation(
            f"{what}: {name} surfaced after {retries} of {budget} retries ({endpoint}): {exc}"
        )

    def _call(self, what: str, fn: Callable[[], T], *, stream: bool = False) -> T:
        """Call ``fn`` until it succeeds, as a careful application would; judge each failure."""
        last: BaseException | None = None
        for _ in range(APP_ATTEMPTS):
            since = self.records.mark()
            try:
                return fn()
            except Exception as exc:
                self._classify(exc, since, what, stream=stream)
                last = exc
        raise _GaveUp(f"{what}: still failing after {APP_ATTEMPTS} attempts: {last!r}")

    # --- operations ----------------------------------------------------------------------------

    @property
    def c(self) -> JenkinsClient:
        assert self.client is not None
        return self.client

    def _trigger(self, job: str, mark: str) -> QueueRef | int:
        """Trigger once and only once: after a POST that broke, look for the mark first."""
        with self._lock:
            self.report.triggered_marks.add(mark)
        for _ in range(APP_ATTEMPTS):
            since = self.records.mark()
            try:
                queued = self.c.builds.trigger(job, {"MARK": mark})
            except Exception as exc:
                with self._lock:
                    self.report.trigger_calls[type(exc).__name__] += 1
                self._classify(exc, since, f"trigger {job}", stream=False)
                found = self._call(f"find {mark}", lambda: self._find_mark(job, mark))
                if found is not None:
                    if not isinstance(exc, errors.TriggerOutcomeUnknown):
                        with self._lock:  # the SDK said it queued nothing, yet it had
                            self.report.raised_but_started += 1
                    return found
            else:
                with self._lock:
                    self.report.trigger_calls["returned"] += 1
                return queued
        raise _GaveUp(f"trigger {job} {mark}")

    def _find_mark(self, job: str, mark: str) -> QueueRef | int | None:
        queue = self.c.get_json("queue/api/json", tree="items[id,params,task[name]]")
        for item in queue.get("items") or []:
            if f"MARK={mark}" in (item.get("params") or "").split("\n"):
                return QueueRef(int(item["id"]))
        path = "/".join(f"job/{urllib.parse.quote(s, safe='')}" for s in job.split("/"))
        data = self.c.get_json(
            f"{path}/api/json", tree="builds[number,actions[parameters[name,value]]]{0,60}"
        )
        for build in data.get("builds") or []:
            for action in build.get("actions") or []:
                for param in (action or {}).get("parameters") or []:
                    if param.get("name") == "MARK" and param.get("value") == mark:
                        return int(build["number"])
        return None

    def _start(self, job: str, tag: str) -> int:
        found = self._trigger(job, tag)
        if isinstance(found, int):
            return found
        ref = found
        build = self._call(
            "queue.wait_for_build",
            lambda: self.c.queue.wait_for_build(ref, timeout=3600, job=job),
        )
        assert build.number is not None
        return build.number

    def _watched(self, job: str, number: int, finished: bool) -> None:
        with self._lock:
            key = (job, number)
            self.report.watched[key] = self.report.watched.get(key, False) or finished

    def op_trigger_wait(self, rng: random.Random, tag: str) -> None:
        job = rng.choice(FREESTYLE_JOBS)
        number = self._start(job, tag)
        self._watched(job, number, False)
        if rng.random() < 0.3:
            self._stream_and_check(job, number)
        build = self._call("builds.wait", lambda: self.c.builds.wait(job, number, timeout=3600))
        if build.building or build.result is None:
            self._violation(f"builds.wait returned an unfinished build {job} #{number}")
            return
        self._watched(job, number, True)
        with self._lock:
            self._done_builds[job].append(number)

    def _known(self, rng: random.Random) -> tuple[str, int]:
        job = rng.choice(FREESTYLE_JOBS)
        with self._lock:
            return job, rng.choice(self._done_builds[job])

    def op_read(self, rng: random.Random, tag: str) -> None:
        job, number = self._known(rng)
        if rng.random() < 0.5:
            build = self._call("builds.get", lambda: self.c.builds.get(job, number))
            if build.number != number or build.building:
                self._violation(f"builds.get {job} #{number} answered {build.number}")
        else:
            status = self._call("builds.status", lambda: self.c.builds.status(job, number))
            if not status.done:
                self._violation(f"builds.status {job} #{number}: not done")

    def _stream_and_check(self, job: str, number: int) -> None:
        def follow() -> str:
            return "".join(self.c.console.stream(job, number, follow=True, timeout=3600))

        streamed = self._call("console.stream", follow, stream=True)
        whole = self._call("console.text", lambda: self.c.console.text(job, number))
        if streamed.replace("\r\n", "\n") != whole.replace("\r\n", "\n"):
            self._violation(
                f"console of {job} #{number}: streamed {len(streamed)} chars != "
                f"consoleText {len(whole)} chars"
            )

    def op_console(self, rng: random.Random, tag: str) -> None:
        job, number = self._known(rng)
        self._stream_and_check(job, number)

    def op_artifacts(self, rng: random.Random, tag: str) -> None:
        job, number = self._known(rng)
        listed = self._call("artifacts.list", lambda: self.c.artifacts.list(job, number))
        dest = self.workdir / tag
        for artifact in listed:
            target = dest / artifact.relative_path

            def fetch(artifact: Any = artifact, target: Path = target) -> None:
                try:
                    self.c.artifacts.download(
                        job, number, artifact, dest, hash="sha256", keep_tree=True
                    )
                except errors.JenkinsError:
                    if target.exists():
                        self._violation(f"partial artifact left at {target} after an error")
                    raise

            self._call("artifacts.download", fetch, stream=True)
            data = target.read_bytes()
            expected = EXPECTED.get(artifact.relative_path)
            if data != expected:
                self._violation(f"artifact {target}: {len(data)} bytes, content differs")
            with self._lock:
                self.report.artifact_files += 1
                self.report.artifact_bytes += len(data)

    def op_pipeline_input(self, rng: random.Random, tag: str) -> None:
        job = rng.choice(PIPELINE_JOBS)
        number = self._start(job, tag)
        self._watched(job, number, False)

        def watch_and_answer() -> str:
            status = ""
            for run in self.c.pipelines.watch(job, number, timeout=3600):
                status = str(getattr(run.status, "value", run.status))
                if status == "PAUSED_PENDING_INPUT":
                    self._answer(job, number)
            return status

        final = self._call("pipelines.watch", watch_and_answer)
        build = self._call("builds.wait", lambda: self.c.builds.wait(job, number, timeout=3600))
        if build.building or str(getattr(build.result, "value", build.result)) != "SUCCESS":
            self._violation(f"pipeline {job} #{number} ended {build.result} (watch: {final})")
            return
        self._watched(job, number, True)

    def _answer(self, job: str, number: int) -> None:
        # The watch yields a paused run once: after a broken POST that was not acted on, the
        # input is still pending and nobody would look again. Look until none is pending.
        for _ in range(APP_ATTEMPTS):
            pending = self._call(
                "pending_inputs", lambda: self.c.pipelines.pending_inputs(job, number)
            )
            if not pending:
                return
            for item in pending:
                since = self.records.mark()
                try:
                    self.c.pipelines.submit_input(job, number, item)
                except Exception as exc:
                    # A broken POST may or may not have been acted on: look again.
                    if isinstance(exc, errors.BadRequest | errors.NotFound):
                        self._surfaced("input already answered after a broken POST")
                    else:
                        self._classify(exc, since, "submit_input", stream=False)

    # --- judging -------------------------------------------------------------------------------

    def _judge(self) -> None:
        rep = self.report
        marks: Counter[str] = Counter()
        for job in self.emu.state.all_jobs():
            for build in job.builds.values():
                for definition, value in build.params:
                    if definition.name == "MARK" and value:
                        marks[str(value)] += 1
        rep.duplicates = {m: n for m, n in marks.items() if n > 1}
        rep.missing = sorted(rep.triggered_marks - set(marks))
        rep.merged = sum(self.emu.counters.merged.values())
        rep.sdk_retries = Counter(self.records.retries)
        rep.crumb_fetches = self.c.requester.crumbs.fetches
        rep.requests = self.emu.counters.total_requests
        for path in self.workdir.rglob("*"):
            if path.is_file() and (path.name.endswith(".part") or path.name.startswith(".")):
                rep.partial_files.append(str(path))


class _GaveUp(Exception):
    """The application-level retry loop of one step was exhausted."""


def _template(exc: errors.JenkinsError) -> str:
    url = exc.url or ""
    path = urllib.parse.urlsplit(url).path if "://" in url else url
    return endpoint_template(path.lstrip("/"))
