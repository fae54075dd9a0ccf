"""The serving process: builds one workload's scenario on a ``JenkinsEmulator`` and serves it.

Run as ``python -m bench.serve WORKLOAD SIZE``. It prints one JSON line ``{"url", "user",
"token"}`` once serving, then answers JSON-line commands on stdin (one JSON answer per line on
stdout). The emulator has no HTTP admin endpoint, so this side channel is how the parent reads
its in-process counters:

``prepare``  per-run state (the clock is frozen meanwhile); answers the client's parameters
``reset``    zero the counters (requests, connections, bytes)
``go``       start the clock at the workload's speed factor
``counters`` stop the clock; answer requests, connections, bytes sent, requests by status
``check``    ``{"answer": ...}`` -> ``{"error": null | "why"}``
``measure``  ``{"answer": ...}`` -> the workload's extra figures (``{}`` if it has none)
``cleanup``  undo the run's leftovers so every run starts from the same state
``quit``     stop serving and exit
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from typing import Any

from bench.workloads import load
from jenkins_sdk.testing import JenkinsEmulator


def main(argv: list[str]) -> int:
    """Serve ``argv[0]`` at size ``argv[1]`` until ``quit``."""
    workload = load(argv[0])
    size = workload.SIZES[argv[1]]
    emu = JenkinsEmulator(quiet_period=0.0, executors=4)
    emu.start()
    workload.build(emu, size)
    user, token = emu.credentials
    _send({"url": emu.url, "user": user, "token": token})
    params: dict[str, Any] = {}
    go = (time.time(), emu.clock.now_ms())
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        op = cmd["cmd"]
        try:
            if op == "prepare":
                emu.clock.set_speed(0)
                params = workload.prepare(emu, size)
                _send({"params": params})
            elif op == "reset":
                emu.counters.reset()
                _send({"ok": True})
            elif op == "go":
                go = (time.time(), emu.clock.now_ms())
                emu.clock.set_speed(workload.SPEED)
                _send({"ok": True})
            elif op == "counters":
                emu.clock.set_speed(0)
                _quiesce(emu)
                c = emu.counters
                _send(
                    {
                        "requests": c.total_requests,
                        "connections": c.connections,
                        "bytes": c.bytes_sent,
                        "statuses": {str(k): v for k, v in c.statuses.items()},
                        "errors": list(emu.errors),
                    }
                )
            elif op == "check":
                _send({"error": workload.check(emu, size, params, cmd["answer"])})
            elif op == "measure":
                fn = getattr(workload, "measure", None)
                _send({"metrics": fn(emu, size, params, cmd["answer"], go) if fn else {}})
            elif op == "cleanup":
                workload.cleanup(emu, size, params)
                _send({"ok": True})
            elif op == "quit":
                _send({"ok": True})
                break
            else:
                _send({"failed": f"unknown command {op!r}"})
        except Exception as exc:  # report to the parent, keep serving
            _send({"failed": f"{exc!r}\n{traceback.format_exc()}"})
    emu.stop()
    return 0


def _quiesce(emu: JenkinsEmulator, settle: float = 0.05, limit: float = 5.0) -> None:
    """Wait until the counters stop moving: a server thread adds a response's bytes only after
    its last ``sendall``, which can be after the client has read it and exited."""
    c = emu.counters
    last = (-1, -1)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        now = (c.total_requests, c.bytes_sent)
        if now == last:
            return
        last = now
        time.sleep(settle)


def _send(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
