"""Failure triage: "why did this build fail?" as one call.

>>> report = diagnose(client, "team/app", 42)        # doctest: +SKIP
>>> print(report.render_text())                       # doctest: +SKIP

:func:`diagnose` returns a :class:`FailureReport` (failed stages with their errors and log
excerpts, failing tests, culprits, links); :func:`diagnose_many` does it for the builds a
``BuildMonitor`` sees finish. Logs are read by bounded excerpts, never whole
(:mod:`jenkins_sdk.triage.excerpts`); the lines kept are chosen by an overridable
:class:`PatternSet` (:mod:`jenkins_sdk.triage.patterns`).
"""

from jenkins_sdk.triage.diagnose import DEFAULT_SENSITIVE_NAMES, DiagnoseOptions, diagnose
from jenkins_sdk.triage.excerpts import DEFAULT_MAX_BYTES, LogReader, LogTail, ReadStats
from jenkins_sdk.triage.many import Diagnosis, diagnose_many
from jenkins_sdk.triage.patterns import (
    DEFAULT_PATTERN_SET,
    DEFAULT_PATTERNS,
    LinePattern,
    PatternSet,
    Selection,
)
from jenkins_sdk.triage.report import (
    CauseInfo,
    ChangeInfo,
    FailureReport,
    LogExcerpt,
    ParameterInfo,
    ReportLinks,
    StageFailure,
    TestFailure,
    TestSummary,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PATTERNS",
    "DEFAULT_PATTERN_SET",
    "DEFAULT_SENSITIVE_NAMES",
    "CauseInfo",
    "ChangeInfo",
    "DiagnoseOptions",
    "Diagnosis",
    "FailureReport",
    "LinePattern",
    "LogExcerpt",
    "LogReader",
    "LogTail",
    "ParameterInfo",
    "PatternSet",
    "ReadStats",
    "ReportLinks",
    "Selection",
    "StageFailure",
    "TestFailure",
    "TestSummary",
    "diagnose",
    "diagnose_many",
]
