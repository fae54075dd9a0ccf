"""The recorder's harness: scenarios, recording and replaying them, checking their facts.

See :mod:`tools.recorder` for what it is for. Nothing sleeps for real: the client's clock is the
emulator's :class:`~jenkins_sdk.testing.LinkedClock`, whose ``sleep(s)`` advances the emulator's
virtual time by ``s`` at once, so a build that "takes" a minute is polled to completion in
milliseconds, exactly as far as the SDK waited.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.clock import Clock
from jenkins_sdk.config import JenkinsConfig
from jenkins_sdk.models import Build, PipelineRun, unstructure
from jenkins_sdk.modes import SimulationMode
from jenkins_sdk.simulation.store import OnExhausted
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock

__all__ = [
    "MADE_BY",
    "PASSWORD_USER",
    "RECORDED_ON",
    "SCENARIOS",
    "SEED",
    "Observed",
    "Recorded",
    "Scenario",
    "Stagehand",
    "param_values",
    "plain",
    "record",
    "record_all",
    "replay",
    "scenario",
    "select",
    "sha256",
    "stage_statuses",
    "value_of",
]

#: The emulator seed every scenario runs with.
SEED = 1
#: The fixed date written to every recording's ``meta`` (re-recording must not change files).
RECORDED_ON = "2026-01-01"
#: How the files were made, written to ``meta.made_by``.
MADE_BY = "make record (python -m tools.recorder) against JenkinsEmulator"
#: The password of the user the crumb scenario logs in with (API tokens are exempt from crumbs).
PASSWORD_USER = ("alice", "alice-Passw0rd!")


class Stagehand:
    """What a scenario may do to the server between calls; a no-op when replaying.

    During recording it acts on the emulator; during replay there is no server, and the
    recorded responses already hold the effect.
    """

    def __init__(self, emulator: JenkinsEmulator | None = None) -> None:
        self._emulator = emulator

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of server time pass (builds progress, quiet periods end)."""
        if self._emulator is not None:
            self._emulator.advance(seconds)

    def expire_crumbs(self) -> None:
        """End every web session on the server, so every crumb issued so far is refused."""
        if self._emulator is not None:
            self._emulator.expire_crumbs()


@attrs.frozen
class Observed:
    """What a scenario saw: plain ``facts`` (checked against ``expected``) and SDK ``models``."""

    facts: dict[str, Any]
    models: dict[str, Any] = attrs.field(factory=dict)


Drive = Callable[[JenkinsClient, Stagehand, Path], Observed]


@attrs.frozen
class Scenario:
    """A scripted session: emulator setup, the client calls, and the facts they must yield.

    Attributes:
        area: the recordings sub-directory (``builds``, ``queue`` ...).
        name: the file name without ``.json``.
        summary: one line for ``recordings/README.md`` and the file's ``meta``.
        setup: declares jobs, folders and builds on a fresh emulator.
        drive: the client calls (see the module docstring).
        expected: the facts ``drive`` must return, live and replayed.
        auth: ``"token"`` (API token, no crumbs) or ``"password"`` (crumbs and a session cookie).
    """

    area: str
    name: str
    summary: str
    setup: Callable[[JenkinsEmulator], None]
    drive: Drive
    expected: Mapping[str, Any]
    auth: str = "token"

    @property
    def key(self) -> str:
        """``area/name``."""
        return f"{self.area}/{self.name}"

    def path_in(self, root: Path) -> Path:
        """The recording file below ``root``."""
        return root / self.area / f"{self.name}.json"

    def meta(self, emulator: JenkinsEmulator) -> dict[str, Any]:
        """The ``meta`` block written to the recording (fixed values only)."""
        return {
            "date": RECORDED_ON,
            "made_by": MADE_BY,
            "scenario": self.key,
            "summary": self.summary,
            "jenkins_version": emulator.version,
            "emulator_seed": SEED,
        }


SCENARIOS: list[Scenario] = []


def scenario(
    area: str,
    name: str,
    summary: str,
    *,
    setup: Callable[[JenkinsEmulator], None],
    expected: Mapping[str, Any],
    auth: str = "token",
) -> Callable[[Drive], Drive]:
    """Register the decorated drive function as a :class:`Scenario` in :data:`SCENARIOS`."""

    def register(drive: Drive) -> Drive:
        SCENARIOS.append(Scenario(area, name, summary, setup, drive, dict(expected), auth))
        return drive

    return register


# --- recording and replaying ---------------------------------------------------------------------


def _emulator_for(item: Scenario) -> JenkinsEmulator:
    emulator = JenkinsEmulator(seed=SEED)
    if item.auth == "password":
        emulator.user(PASSWORD_USER[0], PASSWORD_USER[1])
    item.setup(emulator)
    return emulator


def _config(item: Scenario, emulator: JenkinsEmulator) -> JenkinsConfig:
    if item.auth == "password":
        return JenkinsConfig(url=emulator.url, username=PASSWORD_USER[0], password=PASSWORD_USER[1])
    user, token = emulator.credentials
    return JenkinsConfig(url=emulator.url, username=user, api_token=token)


@attrs.frozen
class Recorded:
    """The outcome of recording one scenario: the file, what was seen live, the live base URL."""

    path: Path
    observed: Observed
    url: str


def record(
    item: Scenario,
    root: Path,
    *,
    prepare: Callable[[JenkinsClient, JenkinsEmulator], None] | None = None,
) -> Recorded:
    """Run one scenario against a fresh emulator, recording into ``root``.

    ``prepare`` is called with the client and the emulator before the scenario runs (tests use
    it to watch the live traffic).

    Raises:
        AssertionError: the live facts differ from ``item.expected`` (nothing is written), or
            the emulator raised inside a server thread.
    """
    target = item.path_in(root)
    with _emulator_for(item) as emulator, tempfile.TemporaryDirectory() as scratch:
        with JenkinsClient(_config(item, emulator), clock=LinkedClock(emulator)) as client:
            if prepare is not None:
                prepare(client, emulator)
            staging = Path(scratch) / "recording.json"
            with client.simulation.activate(
                SimulationMode.RECORD, str(staging), meta=item.meta(emulator)
            ):
                observed = item.drive(client, Stagehand(emulator), Path(scratch))
        emulator.check_errors()
        _check(item, observed, "recorded live")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(staging.read_bytes())
        return Recorded(target, observed, emulator.url)


def replay(
    item: Scenario,
    root: Path,
    *,
    url: str = "http://jenkins.replay.invalid:8080/ci/",
    workdir: Path | None = None,
    clock: Clock | None = None,
    on_exhausted: OnExhausted = "repeat_last",
    after: Callable[[JenkinsClient], None] | None = None,
) -> Observed:
    """Replay one scenario's recording below ``root`` offline, through a REPLAY-mode client.

    ``url`` may be any base URL and the credentials are made up: a recording depends on neither.
    The client logs in the way the scenario did (a password makes it use crumbs, as recorded).
    With the default ``on_exhausted`` the client is put in REPLAY by its configuration (the
    one setting a user changes); ``"raise"`` replays through ``client.simulation.activate`` so
    that asking for more responses than were recorded fails. ``after`` is called with the client
    once the scenario has run.
    """
    path = item.path_in(root)
    by_config = on_exhausted == "repeat_last"
    config = JenkinsConfig(
        url=url,
        username="replay-user",
        password="not-the-recorded-password" if item.auth == "password" else None,
        api_token=None if item.auth == "password" else "not-the-recorded-token",
        simulation_mode=SimulationMode.REPLAY if by_config else SimulationMode.DISABLED,
        recording_path=path if by_config else None,
    )
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        client = stack.enter_context(JenkinsClient(config, clock=clock))
        if not by_config:
            stack.enter_context(
                client.simulation.activate(
                    SimulationMode.REPLAY, str(path), on_exhausted=on_exhausted
                )
            )
        observed = item.drive(client, Stagehand(), workdir)
        if after is not None:
            after(client)
        return observed


def _check(item: Scenario, observed: Observed, how: str) -> None:
    if observed.facts != dict(item.expected):
        lines = [f"scenario {item.key} ({how}) differs from what it expects:"]
        for key in sorted(set(observed.facts) | set(item.expected)):
            got, want = observed.facts.get(key, "<missing>"), item.expected.get(key, "<missing>")
            if got != want:
                lines.append(f"  {key}: got {got!r}, expected {want!r}")
        raise AssertionError("\n".join(lines))


def select(only: Sequence[str] = ()) -> list[Scenario]:
    """The scenarios named in ``only`` (``area/name`` or ``area``), or all of them.

    Raises:
        ValueError: a name matches no scenario (the message lists the valid ones).
    """
    if not only:
        return list(SCENARIOS)
    chosen = [s for s in SCENARIOS if s.key in only or s.area in only]
    known = {s.key for s in SCENARIOS} | {s.area for s in SCENARIOS}
    unknown = [name for name in only if name not in known]
    if unknown:
        valid = ", ".join(s.key for s in SCENARIOS)
        raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; valid ones are: {valid}")
    return chosen


def record_all(root: Path, only: Sequence[str] = ()) -> list[Path]:
    """Record every scenario (or those in ``only``) into ``root``; returns the files written."""
    return [record(item, root).path for item in select(only)]


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def stage_statuses(run: PipelineRun) -> list[list[str]]:
    """``[name, status]`` of every stage of a run."""
    return [[stage.name, value_of(stage.status)] for stage in run.stages]


def value_of(status: Any) -> str:
    """An enum's value, or the value itself as text."""
    return str(status.value) if hasattr(status, "value") else str(status)


def param_values(build: Build) -> dict[str, Any]:
    """The parameter values a build ran with."""
    values: dict[str, Any] = {}
    for action in build.actions:
        for parameter in getattr(action, "parameters", None) or []:
            values[parameter.name] = parameter.value
    return values


def plain(value: Any) -> Any:
    """``value`` with SDK models unstructured (for printing or comparing as JSON)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return unstructure(value)
    return value
