"""Every step (and symbol) a script can call, by name."""

from __future__ import annotations

from jenkins_sdk.testing.pipeline import (
    declarative,
    steps_basic,
    steps_blocks,
    steps_build,
    steps_credentials,
    steps_params,
    steps_reports,
)
from jenkins_sdk.testing.pipeline.interp import StepImpl

__all__ = ["STEPS"]

#: Every step (and symbol) a script can call, by name.
STEPS: dict[str, StepImpl] = {
    **steps_basic.STEPS,
    **steps_blocks.STEPS,
    **steps_reports.STEPS,
    **steps_params.STEPS,
    **steps_build.STEPS,
    **steps_credentials.STEPS,
    **declarative.STEPS,
}
