"""Exit codes of the ``jenkins-sdk`` command line, for CI scripts.

0 success, 1 the build failed (or, for ``tests``, a test failed), 2 usage or configuration
error, 3 unstable, 4 aborted, 5 timeout, 6 any other error, 7 not built, 130 interrupted.
:data:`MEANINGS` says each in full (the documentation's table is generated from it).
"""

from __future__ import annotations

from jenkins_sdk.status import BuildResult

__all__ = [
    "ABORTED",
    "ERROR",
    "FAILURE",
    "INTERRUPTED",
    "MEANINGS",
    "NOT_BUILT",
    "SUCCESS",
    "TESTS_FAILED",
    "TIMEOUT",
    "UNSTABLE",
    "USAGE",
    "for_result",
]

SUCCESS = 0
FAILURE = 1
USAGE = 2
UNSTABLE = 3
ABORTED = 4
TIMEOUT = 5
ERROR = 6
NOT_BUILT = 7
INTERRUPTED = 130
#: ``tests`` when at least one test failed: the FAILURE code, as a CI step would want.
TESTS_FAILED = FAILURE

#: Every exit code and what it means.
MEANINGS: dict[int, str] = {
    SUCCESS: "success (a build that was waited for ended SUCCESS; for `tests`: no test failed)",
    FAILURE: "the build ended FAILURE; for `tests`: at least one test failed",
    USAGE: "usage or configuration error: a bad flag or argument, a bad URL or profile, an "
    "unknown build parameter or a bad choice (one line on stderr)",
    UNSTABLE: "the build ended UNSTABLE",
    ABORTED: "the build ended ABORTED",
    TIMEOUT: "a wait passed its deadline (`--timeout`): queue, build, console or stages",
    ERROR: "any other error: HTTP, network, an unexpected answer, nothing to act on",
    NOT_BUILT: "the build ended NOT_BUILT",
    INTERRUPTED: "interrupted (Ctrl-C)",
}

_BY_RESULT = {
    BuildResult.SUCCESS: SUCCESS,
    BuildResult.FAILURE: FAILURE,
    BuildResult.UNSTABLE: UNSTABLE,
    BuildResult.ABORTED: ABORTED,
    BuildResult.NOT_BUILT: NOT_BUILT,
}


def for_result(result: BuildResult | str | None) -> int:
    """Map a finished build's result to the exit code; ``None`` (still running) is success."""
    if result is None:
        return SUCCESS
    return _BY_RESULT.get(BuildResult(result), ERROR)
