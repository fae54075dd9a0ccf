"""``build -p``: parameters checked against the job's definitions before anything is queued."""

from __future__ import annotations

import pytest

from jenkins_sdk.testing import JenkinsEmulator, ParamDef
from tests.cli.conftest import RunCli

# team/app: BRANCH (string, main), DEPLOY (boolean), ENV (choice: staging, production)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-p", "NOPE=1"],
            "error: unknown parameter NOPE — team/app takes: BRANCH (string), "
            "DEPLOY (boolean), ENV (choice)",
        ),
        (["-p", "ENV=moon"], "error: 'moon' is not a choice of ENV (staging, production)"),
        (["-p", "DEPLOY=yes"], "error: DEPLOY is a boolean: true or false, not 'yes'"),
        (
            ["-p", "NOPE=1", "-p", "ENV=moon"],
            "error: unknown parameter NOPE; 'moon' is not a choice of ENV",
        ),
        (
            ["--file", "BRANCH=x.txt"],
            "error: BRANCH is a string parameter: give it with -p BRANCH=VALUE, not --file",
        ),
    ],
    ids=["unknown", "bad-choice", "bad-boolean", "both", "file-for-string"],
)
def test_bad_parameters_exit_2_naming_them_and_queue_nothing(
    jcli: RunCli, jenkins_env: JenkinsEmulator, args: list[str], message: str
) -> None:
    before = jenkins_env.job("team/app").next_build_number
    r = jcli("build", "team/app", *args)
    assert r.code == 2, r.err
    assert r.err.startswith(message), r.err
    assert len(r.err.splitlines()) == 1
    assert not jenkins_env.state.queue
    assert jenkins_env.job("team/app").next_build_number == before


def test_a_job_without_parameters_takes_none(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("build", "hello-world", "-p", "X=1")
    assert r.code == 2
    assert r.err.startswith("error: hello-world takes no parameters (given: X)")
    assert not jenkins_env.state.queue


def test_a_file_parameter_must_come_with_file(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.freestyle("upload", params=[ParamDef("CONFIG", type="file")])
    r = jcli("build", "upload", "-p", "CONFIG=x")
    assert r.code == 2
    assert r.err.startswith("error: CONFIG is a file parameter: give it with --file CONFIG=PATH")


def test_good_parameters_are_queued(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("build", "team/app", "-p", "ENV=production", "-p", "DEPLOY=TRUE", "--wait-start")
    assert r.code == 0, r.err
    build = jenkins_env.job("team/app").builds[4]
    assert {d.name: v for d, v in build.params}["ENV"] == "production"


def test_no_check_sends_them_as_they_are(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("build", "team/app", "-p", "NOPE=1", "--no-check", "--wait-start")
    assert r.code == 0, r.err  # Jenkins itself drops an unknown name silently
    assert "NOPE" not in {d.name for d, _ in jenkins_env.job("team/app").builds[4].params}
