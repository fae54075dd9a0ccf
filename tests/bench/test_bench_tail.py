"""Quick variant of ``bench/bench_tail.py``: the tail of a 1 GiB log reads under 1 MiB.

A byte count, not a timing: the emulator generates the log on the fly, so this runs in moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_tail  # noqa: E402


def test_tail_of_a_1_gib_log_reads_less_than_1_mib() -> None:
    assert bench_tail.main(["--size-mb", "1024", "--lines", "100", "--repeat", "1"]) == 0
