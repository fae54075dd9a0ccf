"""The client process: runs one workload with one library, timed, and reports as JSON.

Run as ``python -m bench.client``. It reads one JSON line (workload, client, url, user, token,
params, tmp), imports the library, prints ``{"ready": true}``, waits for a ``go`` line, then
runs the workload and prints ``{"wall", "rss_growth_kib", "answer", "extra"}``. Peak RSS growth is
``ru_maxrss`` after the run minus ``ru_maxrss`` after the imports (KiB on Linux).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
import traceback
from pathlib import Path

from bench.workloads import BEFORE, CLIENT_IMPORTS, ClientCtx, load


def main() -> int:
    """One timed run."""
    spec = json.loads(sys.stdin.readline())
    if spec["client"].endswith("@before") and BEFORE:
        sys.path.insert(0, BEFORE)  # ahead of this checkout (the cwd of ``python -m``)
    workload = load(spec["workload"])
    # jenkins_sdk@before runs jenkins_sdk's workload code on another checkout (PYTHONPATH).
    fn = workload.CLIENTS[spec["client"].split("@", 1)[0]]
    for module in CLIENT_IMPORTS[spec["client"]]:
        importlib.import_module(module)
    ctx = ClientCtx(
        url=spec["url"],
        user=spec["user"],
        token=spec["token"],
        params=spec["params"],
        tmp=Path(spec["tmp"]),
    )
    _send({"ready": True})
    if sys.stdin.readline().strip() != "go":
        return 1
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    try:
        answer = fn(ctx)
    except Exception as exc:
        _send({"failed": f"{exc!r}", "trace": traceback.format_exc()})
        return 0
    wall = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finalize = getattr(workload, "finalize", None)
    if finalize is not None:
        answer = finalize(ctx, answer)
    _send({"wall": wall, "rss_growth_kib": rss1 - rss0, "answer": answer, "extra": ctx.extra})
    return 0


def _send(obj: object) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
