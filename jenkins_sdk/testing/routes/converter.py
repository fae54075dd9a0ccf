"""``/pipeline-model-converter/validate`` and ``/validateJenkinsfile`` (pipeline-model-definition
``endpoints/ModelConverterAction.java``): POST only, Overall/Read, exempt from CSRF crumbs.

``validateJenkinsfile`` answers ``{"status":"ok","data":{...}}`` (core ``HttpResponses.okJSON``)
whatever the outcome; ``validate`` answers plain text in Groovy's ``SyntaxErrorMessage`` form.
The checks are :mod:`jenkins_sdk.testing.declarative`'s (structure and syntax, not steps).
"""

from __future__ import annotations

import json
from typing import Any

from jenkins_sdk.testing.declarative import LintError, validate_jenkinsfile
from jenkins_sdk.testing.routes.common import Ctx, not_found, require_post, text
from jenkins_sdk.testing.server import Response

__all__ = ["CRUMB_EXEMPT", "ROUTES"]

#: ``ModelConverterActionCrumbExclusion``: POSTs under this root need no crumb.
CRUMB_EXEMPT = frozenset({"pipeline-model-converter"})


def _errors_json(errors: list[LintError]) -> list[dict[str, Any]]:
    """``reportFailure``: several compilation errors accumulate into ONE object's ``error`` list."""
    messages = [e.text for e in errors]
    return [{"error": messages[0] if len(messages) == 1 else messages}]


def _validate_json(script: str | None) -> dict[str, Any]:
    if not script:
        return {
            "result": "failure",
            "errors": [{"error": "No content found for 'jenkinsfile' parameter"}],
        }
    verdict = validate_jenkinsfile(script)
    if verdict.errors:
        return {"result": "failure", "errors": _errors_json(verdict.errors)}
    if not verdict.pipeline:
        message = f"Jenkinsfile content '{script}' did not contain the 'pipeline' step"
        return {"result": "failure", "errors": [{"error": message}]}
    return {"result": "success"}


def _sample(script: str, error: LintError) -> str:
    """``SyntaxErrorMessage.write``: ``WorkflowScript: L: msg``, the line and a caret under it."""
    lines = script.split("\n")
    out = f"WorkflowScript: {error.line}: {error.text}"
    if 0 < error.line <= len(lines):
        out += f"\n   {lines[error.line - 1]}\n   {' ' * (error.column - 1)}^\n"
    return out


def _validate_text(script: str | None) -> str:
    if script is None:
        return "No Jenkinsfile specified"
    verdict = validate_jenkinsfile(script)
    if verdict.errors:
        shown = [_sample(script, e) for e in verdict.errors]
        return "\n".join(["Errors encountered validating Jenkinsfile:", *shown])
    if not verdict.pipeline:
        return f"Jenkinsfile content '{script}' did not contain the 'pipeline' step"
    return "Jenkinsfile successfully validated."


def converter(ctx: Ctx, rest: list[str]) -> Response:
    """Dispatch ``/pipeline-model-converter/<endpoint>``."""
    endpoint = rest[0] if len(rest) == 1 else ""
    if endpoint not in ("validate", "validateJenkinsfile"):
        return not_found()
    bad = require_post(ctx)
    if bad:
        return bad
    script = ctx.req.param("jenkinsfile")
    if endpoint == "validate":
        return text(_validate_text(script) + "\n")
    body = json.dumps({"status": "ok", "data": _validate_json(script)}).encode()
    return Response(200, body, "application/json; charset=UTF-8")


ROUTES = {"pipeline-model-converter": converter}
