"""Turn measurements into the results tables, the PASS/FAIL target list and RESULTS.md."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from bench.harness import Measured
from bench.workloads import CLIENT_NAMES, PEERS

MIB = 1024 * 1024
RSS_LIMIT_MIB = 64.0
PACKAGES = (
    "jenkins-sdk",
    "requests",
    "urllib3",
    "attrs",
    "cattrs",
    "python-jenkins",
    "api4jenkins",
    "httpx",
    "jenkinsapi",
)


@dataclass
class Target:
    """One PASS/FAIL line."""

    workload: str
    text: str
    passed: bool | None  # None: could not be judged
    detail: str

    def line(self) -> str:
        """``PASS  w  text  (detail)``."""
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[self.passed]
        return f"{mark}  {self.workload:<9} {self.text} ({self.detail})"


def _bytes(n: float) -> str:
    if math.isnan(n):
        return "-"
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    return f"{n / 1024:.1f} KiB"


def _num(n: float) -> str:
    return "-" if math.isnan(n) else f"{n:.0f}"


def _status(m: Measured) -> str:
    if m.na is not None:
        return m.na
    if m.errors:
        first = m.errors[0].strip().splitlines()[0]
        return "FAILED: " + first[:160]
    return "ok"


def table(workload: str, title: str, results: dict[str, Measured], runs: int) -> str:
    """A markdown table for one workload."""
    sdk = results.get("jenkins_sdk")
    base = sdk.median("walls") if sdk is not None and sdk.ok else float("nan")
    head = (
        f"### {title}\n\n"
        "| client | wall (median) | vs jenkins_sdk | requests | new TCP conns | bytes received "
        "| peak RSS growth | correct |\n|---|---:|---:|---:|---:|---:|---:|---|\n"
    )
    rows = []
    for name in CLIENT_NAMES:
        m = results.get(name)
        if m is None:
            continue
        if not m.ok:
            rows.append(f"| {name} | n/a | | | | | | {_status(m)} |")
            continue
        wall = m.median("walls")
        ratio = f"{wall / base:.2f}x" if not math.isnan(base) and base > 0 else "-"
        extra = ""
        if "per_call_median_us" in m.extra:
            extra = f" ({m.extra['per_call_median_us']:.0f} µs/call median)"
        if m.metrics and "latency_max_s" in m.metrics[0]:
            extra = (
                f" (latency {m.metric('latency_median_s'):.2f}/{m.metric('latency_max_s'):.2f} s)"
            )
        rows.append(
            f"| {name} | {wall:.3f} s{extra} | {ratio} | {_num(m.median('requests'))} "
            f"| {_num(m.median('connections'))} | {_bytes(m.median('bytes'))} "
            f"| {m.median('rss_kib') / 1024:.1f} MiB | ok ({len(m.walls)}/{runs} runs) |"
        )
    return head + "\n".join(rows) + "\n"


def imports_table(results: dict[str, Measured], runs: int) -> str:
    """The table of workload 8."""
    floor = results.get("requests")
    base = floor.median("walls") if floor is not None and floor.ok else float("nan")
    out = (
        "### 8. import time (fresh interpreter each, median)\n\n"
        "| import | time (median) | vs `import requests, attrs, cattrs` | peak RSS of the process "
        "|\n|---|---:|---:|---:|\n"
    )
    from bench.harness import IMPORTS

    for name in CLIENT_NAMES:
        m = results.get(name)
        if m is None:
            continue
        stmt = f"`{IMPORTS[name.split('@')[0]]}`" + (f" ({name})" if "@" in name else "")
        if not m.ok:
            out += f"| {stmt} | n/a | | {_status(m)} |\n"
            continue
        wall = m.median("walls")
        out += (
            f"| {stmt} | {wall * 1000:.1f} ms | {wall / base:.2f}x "
            f"| {m.median('rss_kib') / 1024:.1f} MiB |\n"
        )
    return out


def _peers_ok(results: dict[str, Measured]) -> list[Measured]:
    return [results[p] for p in PEERS if p in results and results[p].ok]


def targets(workload: str, results: dict[str, Measured], size: dict[str, Any]) -> list[Target]:
    """Evaluate the issue's targets for one workload."""
    out: list[Target] = []
    sdk = results.get("jenkins_sdk")
    bare = results.get("requests")
    if sdk is None:
        return out
    if not sdk.ok:
        return [Target(workload, "jenkins_sdk finishes correctly", False, _status(sdk))]
    if workload in (
        "listing",
        "builds",
        "monitor",
        "trigger",
        "console",
        "artifact",
        "monitor_spread",
        "quiet",
    ):
        peers = _peers_ok(results)
        if not peers:
            out.append(Target(workload, "ahead of every peer", None, "no peer finished"))
        for key, label, fmt in (
            ("walls", "wall <= fastest peer", lambda v: f"{v:.3f} s"),
            ("requests", "requests <= fewest of any peer", _num),
            ("bytes", "bytes <= fewest of any peer", _bytes),
        ):
            if not peers:
                break
            best = min(peers, key=lambda m: m.median(key))
            mine = sdk.median(key)
            out.append(
                Target(
                    workload,
                    label,
                    mine <= best.median(key),
                    f"jenkins_sdk {fmt(mine)}, {best.client} {fmt(best.median(key))}",
                )
            )
    if workload == "listing":
        n = sdk.median("requests")
        out.append(Target(workload, "a single request", n == 1, f"{n:.0f} requests"))
    out += _issue14_targets(workload, results, size)
    if workload == "builds" and bare is not None and bare.ok:
        out.append(
            Target(
                workload,
                "fewer bytes than the bare unfiltered floor (tree=)",
                sdk.median("bytes") < bare.median("bytes"),
                f"{_bytes(sdk.median('bytes'))} vs {_bytes(bare.median('bytes'))}",
            )
        )
        out.append(
            Target(
                workload,
                "wall <= the bare floor's",
                sdk.median("walls") <= bare.median("walls"),
                f"{sdk.median('walls'):.3f} s vs {bare.median('walls'):.3f} s",
            )
        )
    if workload in ("console", "artifact"):
        rss = sdk.median("rss_kib") / 1024
        out.append(
            Target(workload, "peak RSS growth <= 64 MiB", rss <= RSS_LIMIT_MIB, f"{rss:.1f} MiB")
        )
        if bare is not None and bare.ok:
            mine = sdk.median("bytes") / sdk.median("walls")
            floor = bare.median("bytes") / bare.median("walls")
            out.append(
                Target(
                    workload,
                    "throughput >= 0.8x the bare floor",
                    mine >= 0.8 * floor,
                    f"{mine / MIB:.0f} MiB/s vs {floor / MIB:.0f} MiB/s = {mine / floor:.2f}x",
                )
            )
    if workload == "overhead" and bare is not None and bare.ok:
        mine = sdk.extra.get("per_call_median_us", float("nan"))
        floor = bare.extra.get("per_call_median_us", float("nan"))
        out.append(
            Target(
                workload,
                "median per-call time <= 1.25x the bare floor",
                mine <= 1.25 * floor,
                f"{mine:.0f} µs vs {floor:.0f} µs = {mine / floor:.2f}x",
            )
        )
    return out


def _ratio_target(
    workload: str, text: str, mine: float, theirs: float, limit: float, unit: str
) -> Target:
    ratio = mine / theirs if theirs else float("nan")
    return Target(
        workload,
        text,
        ratio <= limit,
        f"{mine:.3f}{unit} vs {theirs:.3f}{unit} = {ratio:.2f}x",
    )


def _issue14_targets(
    workload: str, results: dict[str, Measured], size: dict[str, Any]
) -> list[Target]:
    """Issue 14: monitor requests <= 0.5x python-jenkins' on both spreads with a detection
    latency within the poll interval; the quiet-period wait within 1.05x the bare loop with no
    more requests; ``builds.get`` within 1.1x python-jenkins."""
    sdk, bare, pj = (results.get(n) for n in ("jenkins_sdk", "requests", "python-jenkins"))
    if sdk is None or not sdk.ok:
        return []
    out: list[Target] = []
    pj_ok = pj is not None and pj.ok
    if workload in ("monitor", "monitor_spread"):
        if pj_ok and pj is not None:
            mine, theirs = sdk.median("requests"), pj.median("requests")
            out.append(
                _ratio_target(workload, "requests <= 0.5x python-jenkins", mine, theirs, 0.5, "")
            )
        latency = sdk.metric("latency_max_s")
        out.append(
            Target(
                workload,
                "detection latency <= the poll interval",
                latency <= size["poll"],
                f"max {latency:.3f} s (median {sdk.metric('latency_median_s'):.3f} s), "
                f"poll {size['poll']:g} s",
            )
        )
    if workload == "quiet" and bare is not None and bare.ok:
        mine, floor = sdk.median("walls"), bare.median("walls")
        out.append(_ratio_target(workload, "wall <= 1.05x the bare loop", mine, floor, 1.05, " s"))
        out.append(
            Target(
                workload,
                "requests <= the bare loop's",
                sdk.median("requests") <= bare.median("requests"),
                f"{sdk.median('requests'):.0f} vs {bare.median('requests'):.0f}",
            )
        )
    if workload == "builds" and pj_ok and pj is not None:
        mine, theirs = sdk.median("walls"), pj.median("walls")
        out.append(_ratio_target(workload, "wall <= 1.1x python-jenkins", mine, theirs, 1.1, " s"))
    return out


def import_targets(results: dict[str, Measured]) -> list[Target]:
    """Workload 8's target."""
    sdk, floor = results.get("jenkins_sdk"), results.get("requests")
    if sdk is None or floor is None or not (sdk.ok and floor.ok):
        return [Target("imports", "import <= 1.5x the floor", None, "not measured")]
    mine, base = sdk.median("walls"), floor.median("walls")
    return [
        Target(
            "imports",
            "from jenkins_sdk import JenkinsClient <= 1.5x import requests, attrs, cattrs",
            mine <= 1.5 * base,
            f"{mine * 1000:.1f} ms vs {base * 1000:.1f} ms = {mine / base:.2f}x",
        )
    ]


def machine() -> str:
    """Date, machine and library versions, as markdown."""
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return (
        f"- date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}\n"
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} "
        f"{platform.release()}\n"
        f"- Python {sys.version.split()[0]} ({platform.python_implementation()})\n"
        f"- libraries: {', '.join(versions)}\n"
    )
