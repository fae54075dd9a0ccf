"""Regenerate every file in ``recordings/`` from scripted scenarios (``make record``).

A maintainer tool, outside the installed package.

Run: ``python -m tools.recorder [DIR] [--only AREA/NAME ...]`` (``DIR`` defaults
to ``recordings``). Each :class:`Scenario` declares a small controller on an in-process
:class:`~jenkins_sdk.testing.JenkinsEmulator` (fixed seed, manual clock at a fixed epoch), then
drives the real :class:`~jenkins_sdk.client.JenkinsClient` through it in RECORD mode and writes
``DIR/<area>/<name>.json``.

Nothing sleeps for real: the client's clock is an :class:`EmulatorTime`, whose ``sleep(s)``
advances the emulator's virtual time by ``s`` at once, so a build that "takes" a minute is
polled to completion in milliseconds, exactly as far as the SDK waited.

Re-recording is deterministic: the emulator's seed, clock and issued secrets are fixed, the
``meta`` block carries a fixed date, the server's origin (its random port) is rewritten by the
simulation layer, and secrets are scrubbed with numbered placeholders. Running this twice yields
byte-identical files (the test suite checks it).

A scenario's ``drive`` function takes the client, a :class:`Stagehand` (which moves the
emulator during recording and does nothing during replay) and a scratch directory, and returns
an :class:`Observed`: plain ``facts`` compared with the scenario's hand-written ``expected``
values, and the ``models`` the SDK returned (for record/replay equivalence). The same function
replays a recording offline, which is how the test suite checks every committed file.
"""

from __future__ import annotations

from tools.recorder import scenarios_builds, scenarios_more
from tools.recorder.harness import (
    MADE_BY,
    PASSWORD_USER,
    RECORDED_ON,
    SCENARIOS,
    SEED,
    Observed,
    Recorded,
    Scenario,
    Stagehand,
    plain,
    record,
    record_all,
    replay,
    scenario,
    select,
)
from tools.recorder.scenarios_builds import BINARY_ARTIFACT, TEXT_ARTIFACT

__all__ = [
    "BINARY_ARTIFACT",
    "MADE_BY",
    "PASSWORD_USER",
    "RECORDED_ON",
    "SCENARIOS",
    "SEED",
    "TEXT_ARTIFACT",
    "Observed",
    "Recorded",
    "Scenario",
    "Stagehand",
    "plain",
    "record",
    "record_all",
    "replay",
    "scenario",
    "scenarios_builds",
    "scenarios_more",
    "select",
]
