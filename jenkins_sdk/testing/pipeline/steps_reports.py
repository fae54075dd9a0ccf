"""Recorders over the virtual workspace: ``archiveArtifacts`` (core ``ArtifactArchiver``, also a
freestyle publisher) and ``junit`` (junit-plugin ``JUnitResultArchiver``), with their messages
(``ArtifactArchiver.ARCHIVING_ARTIFACTS``/``NoMatchFound``, ``JUnitResultArchiver.Recording``/
``NoTestReportFound``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from jenkins_sdk.testing.model import ArtifactSpec, TestCaseSpec, TestReportSpec
from jenkins_sdk.testing.pipeline.errors import AbortError
from jenkins_sdk.testing.pipeline.flow import FlowNode
from jenkins_sdk.testing.pipeline.interp import Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.steps_common import atom_step, files, need_node
from jenkins_sdk.testing.pipeline.values import ant_select, to_str

Printer = Callable[[str], None]


def archive(
    build: Any, ws: dict[str, bytes], includes: str, excludes: str, allow_empty: bool, say: Printer
) -> None:
    """``ArtifactArchiver.perform``: copy matching workspace files into the build's artifacts."""
    if not includes.strip():
        raise AbortError("No artifacts are configured for archiving.")
    say("Archiving artifacts")
    chosen = ant_select(list(ws), includes, excludes)
    if not chosen:
        message = (
            f'No artifacts found that match the file pattern "{includes}". Configuration error?'
        )
        if not allow_empty:
            raise AbortError(message)
        say(message)
        return
    known = {a.path: i for i, a in enumerate(build.artifacts)}
    for path in chosen:
        spec = ArtifactSpec(path, content=ws[path])
        if path in known:
            build.artifacts[known[path]] = spec
        else:
            build.artifacts.append(spec)


def parse_junit(data: bytes) -> tuple[str | None, list[TestCaseSpec]]:
    """The suite name and cases of one JUnit XML report (``<testsuite>`` or ``<testsuites>``)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise AbortError(f"Failed to read test report file: {exc}") from None
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    name = suites[0].get("name") if suites else None
    cases: list[TestCaseSpec] = []
    for suite in suites:
        for case in suite.iter("testcase"):
            failure = case.find("failure")
            if failure is None:
                failure = case.find("error")
            status = "PASSED"
            if failure is not None:
                status = "FAILED"
            elif case.find("skipped") is not None:
                status = "SKIPPED"
            cases.append(
                TestCaseSpec(
                    case.get("classname") or suite.get("name") or "",
                    case.get("name") or "",
                    status=status,
                    duration=float(case.get("time") or 0),
                    error_details=failure.get("message") if failure is not None else None,
                    error_stack_trace=(failure.text or "").strip() or None
                    if failure is not None
                    else None,
                )
            )
    return name, cases


def record_tests(
    build: Any, ws: dict[str, bytes], pattern: str, allow_empty: bool, say: Printer
) -> int:
    """``JUnitResultArchiver``: read matching reports into the build's test report; returns the
    number of failed cases (the caller makes the build UNSTABLE when there are any)."""
    say("Recording test results")
    chosen = ant_select(list(ws), pattern)
    if not chosen:
        if allow_empty:
            return 0
        raise AbortError("No test report files were found. Configuration error?")
    suite: str | None = None
    cases: list[TestCaseSpec] = []
    for path in chosen:
        name, found = parse_junit(ws[path])
        suite = suite or name
        cases.extend(found)
    if not cases and not allow_empty:
        raise AbortError("None of the test reports contained any result")
    previous = build.test_report.cases if build.test_report is not None else []
    build.test_report = TestReportSpec(cases=[*previous, *cases], suite=suite or "junit")
    return sum(1 for c in cases if c.status == "FAILED")


def archive_artifacts(interp: Interp, inv: Invocation) -> Gen:
    """``archiveArtifacts artifacts: 'dist/**', allowEmptyArchive: false``."""
    need_node(interp, inv)
    includes = to_str(inv.arg("artifacts", ""))

    def body(node: FlowNode) -> Gen:
        if inv.named.get("onlyIfSuccessful") and interp.run.current_result() not in (
            "SUCCESS",
            "UNSTABLE",
        ):
            interp.run.flow.line("Skipped archiving because build is not successful", node)
            return None
        archive(
            interp.run.build,
            files(interp),
            includes,
            to_str(inv.named.get("excludes") or ""),
            bool(inv.named.get("allowEmptyArchive")),
            lambda text: interp.run.flow.line(text, node),
        )
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, includes))


def junit(interp: Interp, inv: Invocation) -> Gen:
    """``junit 'reports/*.xml'``: failures make the build and the stage UNSTABLE."""
    need_node(interp, inv)
    pattern = to_str(inv.arg("testResults", ""))

    def body(node: FlowNode) -> Gen:
        failed = record_tests(
            interp.run.build,
            files(interp),
            pattern,
            bool(inv.named.get("allowEmptyResults")),
            lambda text: interp.run.flow.line(text, node),
        )
        if failed:
            node.warning = "UNSTABLE"
            interp.run.set_result("UNSTABLE")
        report = interp.run.build.test_report
        cases = report.cases if report is not None else []
        skipped = sum(1 for c in cases if c.status == "SKIPPED")
        failing = sum(1 for c in cases if c.status == "FAILED")
        return {
            "totalCount": len(cases),
            "failCount": failing,
            "skipCount": skipped,
            "passCount": len(cases) - failing - skipped,
        }
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, pattern))


STEPS = {"archiveArtifacts": archive_artifacts, "junit": junit}
