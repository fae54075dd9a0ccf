"""JSON kinds of the branch, search and lint commands (``scan``, ``branches``, ``lint``).

Same rules as :mod:`jenkins_sdk.cli.kinds` (schema version 1); listed in its ``KINDS``.
"""

from __future__ import annotations

from jenkins_sdk.cli.schema import Field, Kind, attr, ctx

__all__ = ["BRANCH", "LINT_RESULT", "SCAN"]

SCAN = Kind(
    "scan",
    "`scan --json`: a branch scan (multibranch indexing or organization scan).",
    (
        Field("job", "string", "the scanned project's full name", ctx("job")),
        Field("finished", "bool", "whether the scan was waited for to its end", attr("finished")),
        Field(
            "result",
            "string|null",
            "SUCCESS, FAILURE, ABORTED... (null unless finished)",
            attr("result"),
        ),
    ),
)

BRANCH = Kind(
    "branch",
    "One job of a multibranch project (`branches`).",
    (
        Field(
            "name", "string", "Jenkins' job name (`feature%2Fx`), for job references", attr("name")
        ),
        Field("branch", "string", "the branch it builds (`feature/x`)", attr("branch")),
        Field("type", "string", "branch, pull-request or tag", attr("kind")),
        Field("full_name", "string", "project path and job name", attr("full_name")),
        Field("display_name", "string|null", "what Jenkins shows", attr("display_name")),
        Field("color", "string|null", "Jenkins' status ball", attr("color")),
        Field(
            "buildable", "bool|null", "false for a disabled (e.g. dead) branch", attr("buildable")
        ),
        Field("url", "string", "the job's URL", attr("url")),
    ),
)

LINT_RESULT = Kind(
    "lint_result",
    "`lint --json`: the verdict on a Jenkinsfile.",
    (
        Field("file", "string", "the file checked (`-` for stdin)", ctx("file")),
        Field("ok", "bool", "valid Declarative Pipeline", attr("ok")),
        Field(
            "declarative",
            "bool",
            "false for a scripted Pipeline (not validated)",
            attr("declarative"),
        ),
        Field(
            "errors",
            "list",
            "`{line, column, message}` each (line/column null when Jenkins named none)",
            lambda r, c: [
                {"line": e.line, "column": e.column, "message": e.message} for e in r.errors
            ],
        ),
    ),
)
