"""client.jobs over loopback against the emulator: listing, odd names, config, create/copy/..."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources import jobs as jobs_module
from jenkins_sdk.testing.emulator import JenkinsEmulator
from jenkins_sdk.testing.model import ParamDef
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]

ODD_NAMES = ["a b", "#", "%", "+", "ünïcödé ✓", "q?x", "semi;colon"]


def _api_reads(emu: JenkinsEmulator) -> list[str]:
    return [p for m, p, _ in logged(emu, "GET") if p.endswith("api/json")]


def test_recursive_listing_of_a_deep_tree_is_one_request(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    for f in range(5):
        for j in range(4):
            emu.freestyle(f"f{f}/sub/j{j}")
        emu.pipeline(f"f{f}/p")
    emu.freestyle("top")
    emu.multibranch("mb", ["main", "feature/x"])
    emu.counters.reset()
    found = client.jobs.list(recursive=True)
    names = {j.full_name for j in found}
    assert len(_api_reads(emu)) == 1
    assert "f3/sub/j2" in names and "f0/p" in names and "top" in names
    assert "mb/feature%2Fx" in names and "mb/main" in names
    assert "f1" in names and "f1/sub" in names  # folders are entries too
    assert len(found) == 5 * (1 + 1 + 4 + 1) + 1 + 3


def test_listing_deeper_than_one_request_continues_per_folder(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs_module, "MAX_LEVELS_PER_REQUEST", 2)
    jenkins_emulator.freestyle("a/b/c/d/leaf")
    jenkins_emulator.freestyle("a/x")
    jenkins_emulator.counters.reset()
    names = [j.full_name for j in client.jobs.list(recursive=True)]
    assert names == ["a", "a/b", "a/x", "a/b/c", "a/b/c/d", "a/b/c/d/leaf"]
    assert len(_api_reads(jenkins_emulator)) == 3  # root (2 levels), a/b (2 levels), a/b/c/d


def test_listing_a_folder_and_depth(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("team/app")
    jenkins_emulator.freestyle("team/libs/core")
    assert [j.full_name for j in client.jobs.list("team")] == ["team/app", "team/libs"]
    assert [j.full_name for j in client.jobs.list("team", depth=2)] == [
        "team/app",
        "team/libs",
        "team/libs/core",
    ]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_round_trip(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, name: str
) -> None:
    jenkins_emulator.freestyle(f"folder/{name}")
    ref = JobRef.parse(["folder", name])
    assert client.jobs.exists(ref)
    assert client.jobs.get(ref).name == name
    assert [j.name for j in client.jobs.list("folder")] == [name]
    client.jobs.disable(ref)
    assert client.jobs.get(ref).color == "disabled"
    client.jobs.enable(ref)
    assert client.jobs.get(ref).color != "disabled"


def test_multibranch_branch_job_by_its_encoded_name(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.multibranch("shop", ["feature/x"])
    (branch,) = client.jobs.list("shop")
    assert branch.full_name == "shop/feature%2Fx"
    assert client.jobs.exists(branch.full_name)
    assert client.jobs.get(JobRef.from_url(branch.url)).name == "feature%2Fx"
    assert not client.jobs.exists("shop/feature/x")


def test_exists_is_false_for_missing_jobs(client: JenkinsClient) -> None:
    assert client.jobs.exists("nope") is False
    with pytest.raises(errors.NotFound):
        client.jobs.get("nope")


def test_parameters_with_defaults_and_choices(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle(
        "app",
        params=[
            ParamDef("BRANCH", default="main"),
            ParamDef("ENV", type="choice", choices=["dev", "prod"]),
            ParamDef("DEBUG", type="boolean", default=True),
            ParamDef("UPLOAD", type="file"),
        ],
    )
    params = {p.name: p for p in client.jobs.parameters("app")}
    assert list(params) == ["BRANCH", "ENV", "DEBUG", "UPLOAD"]
    branch = params["BRANCH"].default_parameter_value
    assert branch is not None and branch.value == "main"
    assert params["ENV"].choices == ["dev", "prod"]
    debug = params["DEBUG"].default_parameter_value
    assert debug is not None and debug.value is True
    assert client.jobs.parameters("app") == client.jobs.parameters(JobRef.parse("app"))


def test_config_round_trip(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("app", description="before")
    xml = client.jobs.get_config("app")
    assert "<description>before</description>" in xml
    client.jobs.update_config("app", xml.replace("before", "after ✓"))
    assert "after ✓" in client.jobs.get_config("app")
    assert jenkins_emulator.job("app").description == "after ✓"


def test_create_in_missing_folder_is_a_clear_error_unless_asked(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("template")
    xml = client.jobs.get_config("template")
    with pytest.raises(errors.NotFound, match="create_parents=True"):
        client.jobs.create("new/deep/app", xml)
    ref = client.jobs.create("new/deep/app", xml, create_parents=True)
    assert client.jobs.exists(ref)
    kinds = {j.full_name: j.class_ for j in client.jobs.list("new", recursive=True)}
    assert kinds["new/deep"] == "com.cloudbees.hudson.plugins.folder.Folder"
    with pytest.raises(errors.BadRequest):
        client.jobs.create("new/deep/app", xml)  # already exists


def test_create_folder_copy_rename_delete(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.freestyle("src/app", description="original")
    client.jobs.create_folder("dst")
    copied = client.jobs.copy("src/app", "dst/app copy")
    assert client.jobs.get(copied).description == "original"
    renamed = client.jobs.rename(copied, "renamed")
    assert renamed.full_name == "dst/renamed"
    assert client.jobs.exists("dst/renamed") and not client.jobs.exists("dst/app copy")
    client.jobs.delete("dst/renamed")
    assert not client.jobs.exists("dst/renamed")
    client.jobs.delete("src")  # a folder with everything in it
    assert not client.jobs.exists("src/app")
