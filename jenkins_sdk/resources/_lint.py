"""Jenkinsfile validation through the declarative Pipeline's converter endpoint.

``POST /pipeline-model-converter/validateJenkinsfile`` with the form field ``jenkinsfile``
(pipeline-model-definition ``ModelConverterAction.doValidateJenkinsfile``; crumb-exempt, Overall/
Read). Jenkins answers ``{"status": "ok", "data": {"result": "success"}}`` or ``"failure"`` with
``errors: [{"error": msg | [msg, ...]}]``; each message ends in ``@ line L, column C.``. A file
without a ``pipeline`` block (a scripted Pipeline) is not validated: Jenkins says it "did not
contain the 'pipeline' step", which becomes ``declarative=False`` here, never a false "ok".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs

from jenkins_sdk import errors
from jenkins_sdk.resources import _shapes

__all__ = ["VALIDATE_PATH", "ValidationError", "ValidationResult", "parse_validation"]

VALIDATE_PATH = "pipeline-model-converter/validateJenkinsfile"
_AT = re.compile(r"\s*@ line (\d+), column (\d+)\.\s*$")
_NO_PIPELINE = "did not contain the 'pipeline' step"
_NO_MESSAGE = "Jenkins reported the Jenkinsfile invalid without an error message"
SCRIPTED = (
    "not a Declarative Pipeline (no pipeline { } block): Jenkins validates only Declarative "
    "Pipelines"
)


@attrs.frozen
class ValidationError:
    """One problem Jenkins found: 1-based ``line`` and ``column`` when it named them."""

    line: int | None
    column: int | None
    message: str


@attrs.frozen
class ValidationResult:
    """The verdict on a Jenkinsfile.

    Attributes:
        ok: Jenkins validated it as a Declarative Pipeline without errors.
        errors: what is wrong, in Jenkins' words, with positions.
        declarative: ``False`` when the file has no ``pipeline`` block (a scripted Pipeline,
            which Jenkins cannot validate: ``ok`` is then ``False`` too).
    """

    ok: bool
    errors: list[ValidationError] = attrs.field(factory=list)
    declarative: bool = True


def _error(message: str) -> ValidationError:
    found = _AT.search(message)
    if found is None:
        return ValidationError(None, None, message.strip())
    return ValidationError(int(found.group(1)), int(found.group(2)), message[: found.start()])


def parse_validation(answer: Any) -> ValidationResult:
    """Turn ``validateJenkinsfile``'s JSON into a :class:`ValidationResult`.

    Raises:
        ResponseShapeError: the answer is not the converter's (``status``/``data``) shape.
    """
    data = answer.get("data") if isinstance(answer, dict) else None
    result = data.get("result") if isinstance(data, dict) else None
    if result == "success":
        return ValidationResult(True)
    if result != "failure" or not isinstance(data, dict):
        raise errors.ResponseShapeError(f"not a pipeline-model-converter answer: {answer!r:.120}")
    found: list[ValidationError] = []
    entries = _shapes.member_list(data, "errors", "pipeline-model-converter answer", path="$.data")
    for message in _messages(entries):
        if _NO_PIPELINE in message:
            return ValidationResult(False, [ValidationError(None, None, SCRIPTED)], False)
        found.append(_error(message))
    if not found:
        # A compilation failure without syntax messages (``reportFailure`` keeps only
        # ``SyntaxErrorMessage`` causes) or an exception without a message: still a failure.
        found.append(ValidationError(None, None, _NO_MESSAGE))
    return ValidationResult(False, found)


def _messages(value: Any) -> Iterator[str]:
    """Every error message under ``errors``: ``{"error": msg | [msg, ...]}`` objects (nested
    lists and bare strings accepted; ``null`` messages skipped)."""
    if isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)
    elif isinstance(value, dict):
        yield from _messages(value.get("error"))
