"""``jobs ls`` and ``jobs show`` against the demo controller."""

from __future__ import annotations

from jenkins_sdk.testing import JenkinsEmulator, ParamDef
from tests.cli.conftest import RunCli


def test_jobs_ls_root_lists_only_top_level_items(jcli: RunCli) -> None:
    r = jcli("jobs", "ls")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "STATUS"]
    names = [line.split("  ")[0].strip() for line in lines[1:]]
    assert "hello-world" in names and "team" in names and "big-log" in names
    assert not any("/" in n for n in names)
    row = next(line for line in lines if line.startswith("hello-world"))
    assert row.split() == ["hello-world", "freestyle", "blue"]


def test_jobs_ls_recursive_walks_the_whole_tree(jcli: RunCli) -> None:
    for flag in ("-r", "--recursive"):
        r = jcli("jobs", "ls", flag)
        assert r.code == 0, r.err
        assert "team/backend/api-tests" in r.out
        assert "odd names/ünïcødé" in r.out
        row = next(line for line in r.out.splitlines() if line.startswith("team/flaky "))
        assert row.split() == ["team/flaky", "pipeline", "red"]


def test_jobs_ls_of_a_folder(jcli: RunCli) -> None:
    r = jcli("jobs", "ls", "team", "--json")
    assert r.code == 0, r.err
    names = sorted(j["name"] for j in r.items())
    assert names == ["app", "backend", "deploy", "flaky", "release"]
    r = jcli("jobs", "ls", "team", "-r", "--json")
    full = {j["full_name"] for j in r.items()}
    assert "team/backend/api-tests" in full


def test_jobs_ls_json_is_the_versioned_schema(jcli: RunCli) -> None:
    r = jcli("jobs", "ls", "--json")
    assert r.code == 0, r.err
    assert r.json()["kind"] == "job_summary_list"
    hello = next(j for j in r.items() if j["name"] == "hello-world")
    assert hello == {
        "name": "hello-world",
        "full_name": "hello-world",
        "type": "freestyle",
        "color": "blue",
        "url": hello["url"],
    }
    assert hello["url"].endswith("/job/hello-world/")


def test_jobs_ls_raw_is_jenkins_own_json(jcli: RunCli) -> None:
    r = jcli("jobs", "ls", "--raw")
    assert r.code == 0, r.err
    hello = next(j for j in r.json() if j["name"] == "hello-world")
    assert hello["_class"] == "hudson.model.FreeStyleProject"
    assert jcli("jobs", "ls", "--raw", "--json").code == 2


def test_jobs_ls_of_an_unknown_folder_is_an_error(jcli: RunCli) -> None:
    r = jcli("jobs", "ls", "nope")
    assert r.code == 6
    assert r.out == ""
    assert r.err.startswith("error: no job nope")


def test_jobs_show_prints_parameters_and_last_build(jcli: RunCli) -> None:
    r = jcli("jobs", "show", "team/deploy")
    assert r.code == 0, r.err
    assert r.out.splitlines()[0] == "team/deploy  (pipeline)"
    assert "The demo tour's job" in r.out
    assert "last build: 2" in r.out and "next build: 3" in r.out
    assert "param TARGET (choice) default='staging' choices=staging,production" in r.out
    assert "param VERSION (string) default='1.0.0'" in r.out


def test_jobs_show_json(jcli: RunCli) -> None:
    r = jcli("jobs", "show", "team/app", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert (data["kind"], data["full_name"]) == ("job", "team/app")
    assert data["last_build"] == 3 and data["next_build_number"] == 4
    assert data["type"] == "pipeline"
    params = {p["name"]: p for p in data["parameters"]}
    assert sorted(params) == ["BRANCH", "DEPLOY", "ENV"]
    assert params["ENV"] == {
        "name": "ENV",
        "type": "choice",
        "default": "staging",
        "choices": ["staging", "production"],
        "description": params["ENV"]["description"],
    }
    assert params["DEPLOY"]["type"] == "boolean" and params["DEPLOY"]["default"] is False


def test_jobs_show_unknown_job_is_error_6_with_a_clear_message(jcli: RunCli) -> None:
    r = jcli("jobs", "show", "team/no-such-job")
    assert r.code == 6
    assert r.err == "error: no job team/no-such-job (jenkins-sdk jobs ls -r lists them)\n"


def test_jobs_show_masks_the_defaults_of_sensitive_parameters(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    """One secrets policy (jenkins_sdk/_secrets.py) for the CLI too: a parameter the policy
    calls sensitive shows no default, in text or JSON."""
    jenkins_env.freestyle(
        "secretive",
        params=[
            ParamDef("DB_PASSWORD", "string", "hunter2-secret"),
            ParamDef("API_TOKEN", "string", "tok-9f8e7d"),
            ParamDef("REGION", "string", "eu-west"),
        ],
    )
    text = jcli("jobs", "show", "secretive")
    data = jcli("jobs", "show", "secretive", "--json")
    for leak in ("hunter2-secret", "tok-9f8e7d"):
        assert leak not in text.out and leak not in data.out
    assert "default='eu-west'" in text.out
    defaults = {p["name"]: p["default"] for p in data.json()["parameters"]}
    assert defaults == {"DB_PASSWORD": "***", "API_TOKEN": "***", "REGION": "eu-west"}
