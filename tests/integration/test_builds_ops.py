"""client.builds over loopback against the emulator: trigger, read, wait, stop, delete, replay."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import BuildRef, JobRef
from jenkins_sdk.resources.builds import QueuedBuild
from jenkins_sdk.status import BuildResult, BuildState
from jenkins_sdk.testing import LinkedClock
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import Outcome, ParamDef, StageSpec
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]


def _parameters_of(client: JenkinsClient, job: str, number: int) -> dict[str, object]:
    raw = client.get_json(
        f"{JobRef.parse(job).path}{number}/api/json", tree="actions[parameters[name,value]]"
    )
    return {
        p["name"]: p.get("value")
        for action in raw["actions"]
        for p in (action or {}).get("parameters") or []
    }


def test_trigger_wait_and_read_a_freestyle_build(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    jenkins_emulator.freestyle("team/app", duration=30, result="UNSTABLE")
    queued = client.builds.trigger("team/app")
    assert isinstance(queued, QueuedBuild) and queued.job == JobRef.parse("team/app")
    build_ref = client.queue.wait_for_build(queued, timeout=60)
    assert client.builds.status("team/app", build_ref).state is BuildState.BUILDING
    build = client.builds.wait("team/app", build_ref, timeout=120)
    assert build.number == build_ref.number == 1
    assert build.result == BuildResult.UNSTABLE and not build.building
    assert client.builds.status("team/app", "last").result is BuildResult.UNSTABLE
    assert client.builds.get("team/app", BuildRef.LAST_SUCCESSFUL).number == 1  # UNSTABLE counts
    assert emu_time.monotonic() < 60  # no real time passed: waits advanced the emulator


def test_parameters_travel_in_the_body_never_the_url(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle(
        "app",
        params=[
            ParamDef("BRANCH", default="main"),
            ParamDef("DEBUG", type="boolean", default=False),
            ParamDef("ENV", type="choice", choices=["dev", "prod"]),
        ],
    )
    ref = client.builds.trigger("app", {"BRANCH": "fix/ü & co", "DEBUG": True, "ENV": "prod"})
    number = client.queue.wait_for_build(ref, timeout=60).number
    assert number is not None
    assert _parameters_of(client, "app", number) == {
        "BRANCH": "fix/ü & co",
        "DEBUG": True,
        "ENV": "prod",
    }
    (trigger,) = [e for e in logged(jenkins_emulator, "POST") if "buildWithParameters" in e[1]]
    assert trigger[2] == ""  # nothing in the query string


def test_parameterised_job_without_params_builds_with_defaults(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app", params=[ParamDef("BRANCH", default="main")])
    number = client.queue.wait_for_build(client.builds.trigger("app"), timeout=60).number
    assert number is not None
    assert _parameters_of(client, "app", number) == {"BRANCH": "main"}


def test_file_parameters_go_as_multipart(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, tmp_path: Path
) -> None:
    job = jenkins_emulator.freestyle(
        "app", params=[ParamDef("MODE", default="slow"), ParamDef("DATA", type="file")]
    )
    upload = tmp_path / "payload.bin"
    upload.write_bytes(bytes(range(256)) * 4)
    ref = client.builds.trigger("app", {"MODE": "fast"}, files={"DATA": upload})
    number = client.queue.wait_for_build(ref, timeout=60).number
    assert number is not None
    assert _parameters_of(client, "app", number)["MODE"] == "fast"
    assert job.builds[number].files["DATA"] == upload.read_bytes()
    ref2 = client.builds.trigger("app", files={"DATA": ("notes.txt", io.BytesIO(b"hello"))})
    assert client.queue.wait_for_build(ref2, timeout=60).number == number + 1
    assert job.builds[number + 1].files["DATA"] == b"hello"


def test_trigger_of_disabled_job_is_conflict(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app", disabled=True)
    with pytest.raises(errors.Conflict):
        client.builds.trigger("app")


def test_list_statuses_and_permalinks(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("app", duration=100)
    jenkins_emulator.history("app", ["SUCCESS", "FAILURE", "ABORTED"] * 50)
    assert [b.number for b in client.builds.list("app", limit=3)] == [150, 149, 148]
    everything = client.builds.list("app", limit=500)
    assert len(everything) == 150 and everything[-1].number == 1
    jenkins_emulator.trigger("app")
    jenkins_emulator.advance(10)  # quiet period over: #151 is running
    jenkins_emulator.counters.reset()
    before = len(logged(jenkins_emulator))
    found = client.builds.statuses("app", [1, 149, 150, 151, 152])
    assert len(logged(jenkins_emulator)) - before == 1  # one request for all of them
    assert found[1].result is BuildResult.SUCCESS
    assert found[149].result is BuildResult.FAILURE
    assert found[150].result is BuildResult.ABORTED
    assert found[151].state is BuildState.BUILDING
    assert found[152].state is BuildState.QUEUED
    assert client.builds.get("app", "lastFailed").number == 149
    assert client.builds.get("app", "lastCompleted").number == 150


def test_wait_times_out(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("app", duration=1000)
    jenkins_emulator.trigger("app")
    jenkins_emulator.advance(10)
    with pytest.raises(errors.BuildTimeout):
        client.builds.wait("app", 1, timeout=30)


@pytest.mark.parametrize("action", ["stop", "term", "kill"])
def test_stop_term_kill_abort_a_pipeline(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, action: str
) -> None:
    jenkins_emulator.pipeline("pipe", stages=[StageSpec("Long", 1000)])
    number = client.queue.wait_for_build(client.builds.trigger("pipe"), timeout=60).number
    assert number is not None
    getattr(client.builds, action)("pipe", number)
    assert client.builds.wait("pipe", number, timeout=60).result == BuildResult.ABORTED


def test_delete_a_build(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("app")
    jenkins_emulator.history("app", ["SUCCESS", "FAILURE"])
    client.builds.delete("app", 1)
    with pytest.raises(errors.NotFound):
        client.builds.get("app", 1)
    assert [b.number for b in client.builds.list("app")] == [2]


def test_env_vars(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("team/app")
    jenkins_emulator.history("team/app", ["SUCCESS"])
    env = client.builds.env_vars("team/app", 1)
    assert env["BUILD_NUMBER"] == "1"
    assert env["JOB_NAME"] == "team/app"


def test_replay_with_a_script_and_restart_from_stage(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.pipeline("pipe", stages=[StageSpec("Build", 2), StageSpec("Deploy", 2)])
    jenkins_emulator.then("pipe", Outcome(result="FAILURE"))
    first = client.queue.wait_for_build(client.builds.trigger("pipe"), timeout=60).number
    assert first is not None
    assert client.builds.wait("pipe", first, timeout=60).result == BuildResult.FAILURE
    client.builds.replay("pipe", first, script="pipeline { agent any; stages { } }")
    client.builds.restart_from_stage("pipe", first, "Deploy")
    jenkins_emulator.settle()
    causes = client.get_json("job/pipe/api/json", tree="builds[number,actions[causes[_class]]]")
    by_number = {
        b["number"]: {c["_class"] for a in b["actions"] for c in (a or {}).get("causes") or []}
        for b in causes["builds"]
    }
    assert any(any("ReplayCause" in c for c in v) for v in by_number.values())
    assert any(any("RestartDeclarativePipelineCause" in c for c in v) for v in by_number.values())
    with pytest.raises(errors.BadRequest):
        client.builds.restart_from_stage("pipe", first, "No Such Stage")
