"""client.jobs.scan / scan_log / branches and triggers of branch jobs, over loopback."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.status import BuildResult
from jenkins_sdk.testing import HeadSpec, JenkinsEmulator
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]


def test_scan_and_wait_follows_the_new_heads(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.multibranch("shop", ["main", "feature/x"], scan_seconds=4)
    emu.set_branches("shop", ["main", "feature/y"])
    result = client.jobs.scan("shop", wait=True, timeout=60)
    assert (result.finished, result.result) == (True, BuildResult.SUCCESS)
    log = client.jobs.scan_log("shop")
    assert "Scheduled build for branch: feature/y" in log
    assert "Will remove feature/x" in log
    names = [(b.name, b.branch) for b in client.jobs.branches("shop")]
    assert names == [("main", "main"), ("feature%2Fy", "feature/y")]


def test_scan_waits_behind_a_running_scan(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.multibranch("shop", ["main"], scan_seconds=5)
    assert client.jobs.scan("shop").finished is False  # runs now
    emu.set_branches("shop", ["main", "late"])
    result = client.jobs.scan("shop", wait=True)  # queued "Already computing", then runs
    assert result.ok
    assert "late" in [b.branch for b in client.jobs.branches("shop")]


def test_failed_scan_and_timeout(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    emu.multibranch("shop", ["main"], scan_seconds=2)
    emu.fail_scans("shop")
    assert client.jobs.scan("shop", wait=True).result is BuildResult.FAILURE
    emu.fail_scans("shop", None)
    emu.multibranch("slow", ["main"], scan_seconds=100)
    with pytest.raises(errors.WaitTimeout):
        client.jobs.scan("slow", wait=True, timeout=10)


def test_scan_refusals(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    emu.freestyle("deploy")
    emu.folder("plain")
    emu.multibranch("empty", [])
    emu.counters.reset()
    with pytest.raises(errors.InvalidJobRef):
        client.jobs.scan("deploy")
    assert [m for m, _, _ in logged(emu)] == ["GET"]  # never POSTed: no build of 'deploy'
    assert emu.job("deploy").triggered == 0
    with pytest.raises(errors.NotFound, match="cannot be scanned"):
        client.jobs.scan("plain")
    with pytest.raises(errors.InternalError, match="cannot be recomputed"):
        client.jobs.scan("empty")


def test_organization_scan_and_its_projects(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.organization("acme", {"app": ["main"], "lib/core": ["main", "dev"]})
    assert client.jobs.scan_log("acme") == "No such file: computation.log"
    assert client.jobs.scan("acme", wait=True).ok
    projects = client.jobs.branches("acme")
    assert [(p.name, p.branch) for p in projects] == [("app", "app"), ("lib%2Fcore", "lib/core")]
    assert client.jobs.scan(["acme", "lib/core"], wait=True).ok  # by repository name
    assert [b.branch for b in client.jobs.branches("acme/lib%2Fcore")] == ["main", "dev"]


def test_branches_kinds_and_trigger_of_a_branch_job(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.multibranch(
        "shop", ["feature/x", HeadSpec("PR-3", "change-request", "Add cart"), HeadSpec("v1", "tag")]
    )
    found = {b.branch: b for b in client.jobs.branches("shop")}
    assert {k: b.kind for k, b in found.items()} == {
        "feature/x": "branch",
        "PR-3": "pull-request",
        "v1": "tag",
    }
    assert found["PR-3"].display_name == "Add cart (#3)"
    # the job name, or the branch name as a list segment: both reach the same job
    for spec in ("shop/feature%2Fx", ["shop", "feature/x"], found["feature/x"].full_name):
        queued = client.builds.trigger(spec)
        build = client.queue.wait_for_build(queued, timeout=60)
        assert build.number >= 1
    finished = client.builds.wait("shop/feature%2Fx", 1, timeout=120)
    assert finished.result == "SUCCESS"
