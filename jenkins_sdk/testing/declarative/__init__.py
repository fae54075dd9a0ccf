"""The declarative Pipeline validator behind the emulator's ``pipeline-model-converter``."""

from jenkins_sdk.testing.declarative.validator import LintError, Verdict, validate_jenkinsfile

__all__ = ["LintError", "Verdict", "validate_jenkinsfile"]
