"""Failure triage: "why did this build fail?" as one call.

>>> report = diagnose(client, "team/app", 42)        # doctest: +SKIP
>>> print(report.render_text())                       # doctest: +SKIP

:func:`diagnose` returns a :class:`FailureReport` (failed stages with their errors and log
excerpts, failing tests, culprits, links); :func:`diagnose_many` does it for the builds a
``BuildMonitor`` sees finish. Logs are read by bounded excerpts, never whole
(:mod:`jenkins_sdk.triage.excerpts`); the lines kept are chosen by an overridable
:class:`PatternSet` (:mod:`jenkins_sdk.triage.patterns`).
"""

from typing import TYPE_CHECKING

from jenkins_sdk._lazy import lazy_exports

# ``diagnose`` also names a submodule: importing it binds the package's attribute to the module,
# so the function is bound here at once, after it (every other name loads on first use).
from jenkins_sdk.triage.diagnose import diagnose as diagnose

if TYPE_CHECKING:
    from jenkins_sdk.triage.diagnose import DEFAULT_SENSITIVE_NAMES as DEFAULT_SENSITIVE_NAMES
    from jenkins_sdk.triage.diagnose import DiagnoseOptions as DiagnoseOptions
    from jenkins_sdk.triage.excerpts import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
    from jenkins_sdk.triage.excerpts import LogReader as LogReader
    from jenkins_sdk.triage.excerpts import LogTail as LogTail
    from jenkins_sdk.triage.excerpts import ReadStats as ReadStats
    from jenkins_sdk.triage.many import Diagnosis as Diagnosis
    from jenkins_sdk.triage.many import diagnose_many as diagnose_many
    from jenkins_sdk.triage.patterns import DEFAULT_PATTERN_SET as DEFAULT_PATTERN_SET
    from jenkins_sdk.triage.patterns import DEFAULT_PATTERNS as DEFAULT_PATTERNS
    from jenkins_sdk.triage.patterns import LinePattern as LinePattern
    from jenkins_sdk.triage.patterns import PatternSet as PatternSet
    from jenkins_sdk.triage.patterns import Selection as Selection
    from jenkins_sdk.triage.report import CauseInfo as CauseInfo
    from jenkins_sdk.triage.report import ChangeInfo as ChangeInfo
    from jenkins_sdk.triage.report import FailureReport as FailureReport
    from jenkins_sdk.triage.report import LogExcerpt as LogExcerpt
    from jenkins_sdk.triage.report import ParameterInfo as ParameterInfo
    from jenkins_sdk.triage.report import ReportLinks as ReportLinks
    from jenkins_sdk.triage.report import StageFailure as StageFailure
    from jenkins_sdk.triage.report import TestFailure as TestFailure
    from jenkins_sdk.triage.report import TestSummary as TestSummary

if not TYPE_CHECKING:  # the type checker reads the imports above instead
    __getattr__, __dir__ = lazy_exports(globals())
