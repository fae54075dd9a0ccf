"""The one-line summary of a failure report, from what the diagnosis found."""

from __future__ import annotations

from jenkins_sdk.models import Build
from jenkins_sdk.triage.report import LogExcerpt, StageFailure, TestFailure, TestSummary

__all__ = ["BAD_STAGE", "LIVE_STAGE", "aborted_from_log", "summarize"]

#: Stage statuses that explain a failure.
BAD_STAGE = frozenset({"FAILED", "UNSTABLE", "ABORTED"})
#: Stage statuses of a run still going.
LIVE_STAGE = frozenset({"IN_PROGRESS", "PAUSED_PENDING_INPUT"})


def _value(status: object) -> str:
    return str(getattr(status, "value", status))


def aborted_from_log(console: LogExcerpt) -> str | None:
    for line in console.text.splitlines():
        if line.startswith("Aborted by "):
            return line.removeprefix("Aborted by ").strip() or None
    return None


def summarize(
    build: Build,
    stages: list[StageFailure],
    console: LogExcerpt | None,
    tests: TestSummary | None,
    failed_tests: list[TestFailure],
    aborted_by: str | None,
) -> str:
    result = _value(build.result) if build.result is not None else None
    if build.building:
        live = next((s for s in stages if s.status in LIVE_STAGE), None)
        where = f" (stage '{live.name}' {live.status})" if live else ""
        names = [s.name for s in stages if s.status in BAD_STAGE]
        extra = f"; failed so far: {', '.join(names)}" if names else ""
        return f"Still running{where}{extra}: this report is partial."
    if result == "SUCCESS":
        return "The build succeeded: nothing to diagnose."
    parts: list[str] = []
    if result == "ABORTED":
        parts.append(f"Aborted by {aborted_by}" if aborted_by else "Aborted")
    rank = {"FAILED": 0, "ABORTED": 1, "UNSTABLE": 2}
    bad = sorted((s for s in stages if s.status in BAD_STAGE), key=lambda s: rank[s.status])
    if bad:
        first = bad[0]
        what = f"{first.status} in stage '{first.name}'"
        reason = first.error_message or (first.excerpt.headline if first.excerpt else None)
        parts.append(f"{what}: {reason}" if reason else what)
    elif (
        console is not None
        and console.headline
        and console.headline_pattern != "finished"
        and result != "ABORTED"
    ):
        parts.append(f"{result}: {console.headline}")
    elif console is not None and result != "ABORTED" and not failed_tests:
        where = "the last part of the console" if console.truncated else "the console"
        parts.append(f"{result}: no error line found in {where}")
    if failed_tests and tests is not None:
        regressions = sum(1 for t in failed_tests if t.kind == "regression")
        new = sum(1 for t in failed_tests if t.kind == "new")
        detail = ", ".join(
            x
            for x in (
                f"{regressions} regression(s)" if regressions else "",
                f"{new} new" if new else "",
            )
            if x
        )
        first_test = failed_tests[0]
        first_error = (first_test.error_message or "").splitlines()
        message = f" — {first_error[0]}" if first_error else ""
        parts.append(
            f"{tests.failed} failing test(s){f' ({detail})' if detail else ''}: "
            f"{first_test.full_name}{message}"
        )
    if not parts:
        parts.append(f"{result or 'Unknown result'}: no failing stage, test or error line found")
    return "; ".join(parts)
