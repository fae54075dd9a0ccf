"""Which one read should a monitoring round make? The executors view or a common folder's tree.

``python bench/bench_monitor_views.py`` builds controllers on the emulator where 200 watched
builds run (one per job) in a folder, and varies what else the controller holds: more idle jobs
in that folder, unrelated builds running elsewhere. For each it measures one read of

* the executors view (``computer/api/json?tree=computer[executors[currentExecutable[url,number]],
  oneOffExecutors[...]]``): answers "still running?" for every build of the controller;
* the folder's tree (``job/F/api/json?tree=jobs[name,builds[number,building,result]{0,1}]``):
  answers "running, and how did it end?" for every job of the folder (its newest build only);

bytes on the wire and the client's wall time per read (median of 20, loopback). Jenkins' own
cost differs by kind, not only by size (``docs/protocol-monitoring.md``): the executors view
walks in-memory executors and the runs they hold; a folder tree asks every job of the folder for
its builds, which loads build records from disk when they are not cached.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from jenkins_sdk.resources.executors import executors_tree  # noqa: E402
from jenkins_sdk.testing import JenkinsEmulator, StageSpec  # noqa: E402

WATCHED = 200
FOLDER_TREE = "jobs[name,builds[number,building,result]{0,1}]"


def _measure(session: requests.Session, url: str, tree: str, n: int = 20) -> tuple[int, float]:
    sizes, times = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        r = session.get(url, params={"tree": tree})
        times.append(time.perf_counter() - t0)
        r.raise_for_status()
        sizes.append(len(r.content))
    return sizes[-1], statistics.median(times) * 1000


def scenario(idle_jobs: int, other_running: int) -> tuple[str, int, float, int, float]:
    """One controller: 200 watched running builds in folder ``watched`` with ``idle_jobs`` more
    jobs there, and ``other_running`` builds running in another folder."""
    with JenkinsEmulator(executors=4) as emu:
        long = [StageSpec("Build", 3600.0)]
        for i in range(WATCHED):
            emu.pipeline(f"watched/svc-{i:03d}", quiet_period=0, stages=long)
            emu.trigger(f"watched/svc-{i:03d}")
        for i in range(idle_jobs):
            emu.pipeline(f"watched/idle-{i:04d}", quiet_period=0)
            emu.history(f"watched/idle-{i:04d}", ["SUCCESS"])
        for i in range(other_running):
            emu.pipeline(f"elsewhere/job-{i:03d}", quiet_period=0, stages=long)
            emu.trigger(f"elsewhere/job-{i:03d}")
        emu.advance(1)
        with requests.Session() as s:
            s.auth = emu.credentials
            view = _measure(s, emu.url + "computer/api/json", executors_tree())
            folder = _measure(s, emu.url + "job/watched/api/json", FOLDER_TREE)
    label = (
        f"{WATCHED} watched + {idle_jobs} idle jobs in the folder, {other_running} others running"
    )
    return label, view[0], view[1], folder[0], folder[1]


def main() -> int:
    """Print the comparison table."""
    rows = [scenario(0, 0), scenario(800, 0), scenario(1800, 0), scenario(0, 200), scenario(0, 800)]
    print("| controller | executors view: bytes | ms | folder tree: bytes | ms |")
    print("|---|---:|---:|---:|---:|")
    for label, vb, vms, fb, fms in rows:
        print(f"| {label} | {vb:,} | {vms:.1f} | {fb:,} | {fms:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
