"""Process orchestration: the emulator in one process, each client run in another.

For every run the parent asks the serving process to ``prepare`` (clock frozen), starts a client
process and lets it import its library, zeroes the counters, starts the clock, lets the client go,
then reads the client's wall time, peak RSS growth and answer, and the emulator's counters, has
the server check the answer and undo the run's leftovers. Runs are interleaved (run 1 of every
client, then run 2...) so drift on the machine hits every client alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bench.workloads import BEFORE, CLIENT_NAMES, load

ROOT = Path(__file__).resolve().parent.parent


def client_env(name: str) -> dict[str, str] | None:
    """The environment of a client's process: ``jenkins_sdk@before`` imports the checkout named
    by ``JENKINS_SDK_BENCH_BEFORE`` first (the bench package itself still comes from here)."""
    if not name.endswith("@before") or not BEFORE:
        return None
    return {**os.environ, "PYTHONPATH": os.pathsep.join([BEFORE, str(ROOT)])}


class ProcessFailed(RuntimeError):
    """A child process died, timed out or answered garbage."""


class _Child:
    """A child process speaking JSON lines on stdin/stdout."""

    def __init__(self, args: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.timeout = timeout
        self._stderr: list[str] = []
        assert self.proc.stderr is not None
        self._drain = threading.Thread(target=self._read_err, args=(self.proc.stderr,), daemon=True)
        self._drain.start()

    def _read_err(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr.append(line)
            del self._stderr[:-40]

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self, timeout: float | None = None) -> dict[str, Any]:
        assert self.proc.stdout is not None
        timer = threading.Timer(timeout or self.timeout, self.proc.kill)
        timer.start()
        try:
            line = self.proc.stdout.readline()
        finally:
            timer.cancel()
        if not line:
            self.proc.kill()
            raise ProcessFailed(
                f"child exited (rc={self.proc.poll()}): {''.join(self._stderr)[-1500:]}"
            )
        data: dict[str, Any] = json.loads(line)
        if "failed" in data:
            raise ProcessFailed(str(data["failed"]) + "\n" + str(data.get("trace", ""))[-1500:])
        return data

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


class Server:
    """The serving process of one workload (``python -m bench.serve``)."""

    def __init__(self, workload: str, size: str, timeout: float = 600) -> None:
        self.child = _Child(["-m", "bench.serve", workload, size], timeout)
        self.info = self.child.read()

    def call(self, cmd: str, **kwargs: Any) -> dict[str, Any]:
        self.child.send(json.dumps({"cmd": cmd, **kwargs}))
        return self.child.read()

    def close(self) -> None:
        with contextlib.suppress(ProcessFailed, OSError, ValueError):
            self.call("quit")
        self.child.close()


@dataclass
class Measured:
    """Every run of one client on one workload, and their medians."""

    client: str
    walls: list[float] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)
    connections: list[int] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    na: str | None = None

    @property
    def ok(self) -> bool:
        """Every run finished with the right answer."""
        return self.na is None and not self.errors and bool(self.walls)

    def median(self, name: str) -> float:
        """The median of a measured list (``walls``, ``requests``...)."""
        values = getattr(self, name)
        return float(statistics.median(values)) if values else float("nan")

    def metric(self, name: str) -> float:
        """The median over runs of one of the workload's extra figures (``nan`` if none)."""
        values = [m[name] for m in self.metrics if name in m]
        return float(statistics.median(values)) if values else float("nan")


def run_client(
    server: Server, workload: str, client: str, tmp: Path, timeout: float, into: Measured
) -> None:
    """One timed run of ``client`` against ``server``; results appended to ``into``."""
    params = server.call("prepare")["params"]
    child = _Child(["-m", "bench.client"], timeout, env=client_env(client))
    try:
        child.send(
            json.dumps(
                {
                    "workload": workload,
                    "client": client,
                    "url": server.info["url"],
                    "user": server.info["user"],
                    "token": server.info["token"],
                    "params": params,
                    "tmp": str(tmp),
                }
            )
        )
        child.read(120)
        server.call("reset")
        server.call("go")
        child.send("go")
        try:
            result = child.read()
        finally:
            counters = server.call("counters")
        if counters["errors"]:
            into.errors.append("emulator error: " + counters["errors"][0][:300])
        error = server.call("check", answer=result["answer"])["error"]
        if error:
            into.errors.append(error)
            return
        into.walls.append(result["wall"])
        into.rss_kib.append(result["rss_growth_kib"])
        into.requests.append(counters["requests"])
        into.connections.append(counters["connections"])
        into.bytes.append(counters["bytes"])
        into.extra = result.get("extra") or {}
        into.metrics.append(server.call("measure", answer=result["answer"])["metrics"])
    except ProcessFailed as exc:
        into.errors.append(str(exc).strip()[:2000])
    finally:
        child.close()
        server.call("cleanup")


def measure(
    workload: str,
    size: str,
    runs: int,
    clients: tuple[str, ...] = CLIENT_NAMES,
    timeout: float = 600,
    log: Any = None,
) -> dict[str, Measured]:
    """Measure ``clients`` on ``workload`` at ``size``, ``runs`` times each (interleaved)."""
    module = load(workload)
    results = {name: Measured(name) for name in clients}
    for name in clients:
        fn = module.CLIENTS.get(name.split("@", 1)[0])
        if isinstance(fn, str) or fn is None:
            results[name].na = fn or "not implemented for this workload"
    active = [n for n in clients if results[n].na is None]
    server = Server(workload, size)
    try:
        with tempfile.TemporaryDirectory(prefix="jenkins-bench-") as tmp:
            for r in range(runs):
                for name in active:
                    if results[name].errors:
                        continue  # a client that failed once is reported failed; skip the rest
                    run_client(server, workload, name, Path(tmp), timeout, results[name])
                    if log is not None:
                        m = results[name]
                        state = f"{m.walls[-1]:.3f} s" if len(m.walls) > r else "FAILED"
                        log(f"  {workload:<9} run {r + 1}/{runs} {name:<15} {state}")
    finally:
        server.close()
    return results


# ------------------------------------------------------------------------------- imports
IMPORTS = {
    # What a user pays: the package itself is lazy (PEP 562), so `import jenkins_sdk` alone
    # would measure almost nothing; the client class brings requests, attrs, cattrs and the core.
    "jenkins_sdk": "from jenkins_sdk import JenkinsClient",
    "requests": "import requests, attrs, cattrs",
    "python-jenkins": "import jenkins",
    "api4jenkins": "import api4jenkins",
    "jenkinsapi": "import jenkinsapi.jenkins",
}
_IMPORT_PROBE = (
    "import time, resource, json; t = time.perf_counter(); {stmt}; "
    "print(json.dumps([time.perf_counter() - t, "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))"
)


def measure_imports(runs: int, clients: tuple[str, ...] = CLIENT_NAMES) -> dict[str, Measured]:
    """Workload 8: import time in a fresh interpreter each run (one warm-up run discarded)."""
    results = {name: Measured(name) for name in clients}
    for r in range(runs + 1):
        for name in clients:
            stmt = IMPORTS[name.split("@", 1)[0]]
            if name.endswith("@before") and BEFORE:
                stmt = f"import sys; sys.path.insert(0, {BEFORE!r}); {stmt}"
            proc = subprocess.run(
                [sys.executable, "-c", _IMPORT_PROBE.format(stmt=stmt)],
                cwd=ROOT,
                env=client_env(name),
                capture_output=True,
                text=True,
                timeout=120,
            )
            if proc.returncode != 0:
                results[name].errors.append(proc.stderr.strip()[-500:])
                continue
            seconds, rss = json.loads(proc.stdout.strip().splitlines()[-1])
            if r > 0:
                results[name].walls.append(seconds)
                results[name].rss_kib.append(rss)
    return results
