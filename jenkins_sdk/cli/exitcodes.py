"""Exit codes of the ``jenkins-sdk`` command line, for CI scripts.

===  ======================================================
 0   success (a build that was waited for ended SUCCESS)
 1   the build ended FAILURE (``tests``: at least one test failed)
 2   usage or configuration error (bad flags, arguments, URL, profile, unknown parameter)
 3   the build ended UNSTABLE
 4   the build ended ABORTED
 5   timeout (queue, build or console deadline)
 6   any other error (HTTP, network, bad response, nothing to act on)
 7   the build ended NOT_BUILT
130  interrupted (Ctrl-C)
===  ======================================================
"""

from __future__ import annotations

from jenkins_sdk.status import BuildResult

__all__ = [
    "ABORTED",
    "ERROR",
    "FAILURE",
    "INTERRUPTED",
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
