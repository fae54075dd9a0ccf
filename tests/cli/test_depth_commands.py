"""``scan``, ``branches``, ``jobs find``, ``describe``, ``keep``, ``lint``, ``logs --tail`` and
``build --token/--delay/--cause`` against the demo controller (``shop`` is a multibranch project,
``big-log`` a build with a 1 GiB console log)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli

GOOD = "pipeline {\n  agent any\n  stages { stage('a') { steps { echo 'x' } } }\n}\n"
BROKEN = "pipeline {\n  agent any\n  stages {\n    stage('a') { echo 'x' }\n  }\n  foo { }\n}\n"


def test_scan_wait_log_and_json(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("scan", "shop")
    assert (r.code, r.out) == (0, "scan scheduled: shop\n"), r.err
    jenkins_env.set_branches("shop", ["main", "feature/y"])  # the running scan will not see it
    r = jcli("scan", "shop", "--wait", "--log")  # waits behind the running scan, then runs
    assert r.code == 0, r.err
    assert "Scheduled build for branch: feature/y" in r.out
    assert r.out.endswith("Finished: SUCCESS\nscanned: shop SUCCESS\n")
    r = jcli("scan", "shop", "--wait", "--json")
    assert r.json() == {
        "schema_version": 1,
        "kind": "scan",
        "job": "shop",
        "finished": True,
        "result": "SUCCESS",
    }
    jenkins_env.fail_scans("shop")
    assert jcli("scan", "shop", "--wait").code == 1
    r = jcli("scan", "team/deploy")
    assert r.code == 2 and "not a folder" in r.err  # a job is never built by `scan`


def test_branches(jcli: RunCli) -> None:
    r = jcli("branches", "shop")
    assert r.code == 0, r.err
    rows = [line.split() for line in r.out.splitlines()]
    assert rows[0] == ["NAME", "BRANCH", "KIND", "STATUS"]
    assert ["feature%2Fx", "feature/x", "branch", "yellow"] in rows
    items = jcli("branches", "shop", "--json").items()
    assert {i["branch"]: i["name"] for i in items} == {"main": "main", "feature/x": "feature%2Fx"}


def test_jobs_find(jcli: RunCli) -> None:
    r = jcli("jobs", "find", "deploy")
    assert r.code == 0, r.err
    assert [line.split()[0] for line in r.out.splitlines()[1:]] == ["team/deploy"]
    items = jcli("jobs", "find", "--regex", "^team/.*a", "--json").items()
    assert {i["full_name"] for i in items} >= {"team/app", "team/backend/api-tests"}
    assert jcli("jobs", "find", "*", "--folder", "odd names").out.count("freestyle") == 3


def test_describe_and_keep(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    assert jcli("describe", "hello-world", "Says hello").code == 0
    assert jenkins_env.job("hello-world").description == "Says hello"
    r = jcli("describe", "hello-world", "2", "flaky network")
    assert (r.code, r.out) == (0, "described: hello-world #2\n"), r.err
    assert jenkins_env.job("hello-world").builds[2].description == "flaky network"
    assert jcli("describe", "hello-world", "2", "x", "y").code == 2
    r = jcli("keep", "hello-world", "2")
    assert (r.code, r.out) == (0, "kept forever: hello-world #2\n"), r.err
    assert jenkins_env.job("hello-world").builds[2].keep_log is True
    r = jcli("keep", "hello-world", "2", "--off")
    assert (r.code, r.out) == (0, "not kept: hello-world #2\n")


def test_lint_prints_editor_jumpable_errors(jcli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "Jenkinsfile").write_text(BROKEN, encoding="utf-8")
    r = jcli("lint")
    assert r.code == 1
    assert r.out.splitlines() == [
        'Jenkinsfile:4:5: Unknown stage section "echo". Starting with version 0.5, steps in a'
        " stage must be in a ‘steps’ block.",
        'Jenkinsfile:6:3: Undefined section "foo"',
        'Jenkinsfile:4:5: Expected one of "steps", "stages", or "parallel" for stage "a"',
    ]
    (tmp_path / "good.groovy").write_text(GOOD, encoding="utf-8")
    r = jcli("lint", "good.groovy")
    assert (r.code, r.out) == (0, "good.groovy: valid Declarative Pipeline\n")
    (tmp_path / "scripted").write_text("node { echo 'x' }\n", encoding="utf-8")
    r = jcli("lint", "scripted")
    assert r.code == 1 and r.out.startswith("scripted: not a Declarative Pipeline")
    data = jcli("lint", "Jenkinsfile", "--json").json()
    assert data["kind"] == "lint_result" and data["ok"] is False
    assert data["errors"][1] == {"line": 6, "column": 3, "message": 'Undefined section "foo"'}
    assert jcli("lint", "missing").code == 2


def test_lint_ignores_a_byte_order_mark(jcli: RunCli, tmp_path: Path) -> None:
    """Some Windows editors save UTF-8 with a BOM; the positions must still be the file's."""
    (tmp_path / "Jenkinsfile").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    r = jcli("lint")
    assert (r.code, r.out) == (0, "Jenkinsfile: valid Declarative Pipeline\n"), r.out
    (tmp_path / "Jenkinsfile").write_bytes(b"\xef\xbb\xbf" + BROKEN.encode())
    assert jcli("lint").out.splitlines()[1] == 'Jenkinsfile:6:3: Undefined section "foo"'


@pytest.mark.parametrize("flag", ["--tail", "-n"])
def test_logs_tail_of_a_1_gib_log(jcli: RunCli, jenkins_env: JenkinsEmulator, flag: str) -> None:
    jenkins_env.counters.reset()
    r = jcli("logs", "big-log", "1", flag, "3")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == 3 and lines[-1] == "Finished: SUCCESS"
    assert jcli("logs", "big-log", "1", "--tail", "2", "--from", "5").code == 2


def test_build_with_token_delay_and_cause(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.freestyle("hook", token="s3cret")
    r = jcli("build", "hook", "--token", "s3cret", "--cause", "push", "--delay", "30")
    assert r.code == 0, r.err
    (item,) = [q for q in jenkins_env.state.queue.values() if q.job.name == "hook"]
    assert item.causes[0]["shortDescription"] == "Started by remote host 127.0.0.1 with note: push"
    assert item.timestamp - item.in_queue_since == 30_000
    r = jcli("build", "hook", "--cause", "why")
    assert r.code == 2 and "needs token" in r.err


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "user"])
def test_build_with_a_wrong_token_says_so(
    jcli: RunCli, jenkins_env: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, anonymous: bool
) -> None:
    """core ``hudson/model/BuildAuthorizationToken.java`` ``checkPermission``: a wrong ``token``
    is a 403 "Invalid token provided." whoever asks; the CLI must not turn it into "give --user
    and --token"."""
    jenkins_env.freestyle("hook2", token="s3cret")
    jenkins_env.auth.anonymous_read = True
    if anonymous:
        monkeypatch.delenv("JENKINS_USER_ID")
        monkeypatch.delenv("JENKINS_API_TOKEN")
    r = jcli("build", "hook2", "--token", "wrong")
    assert r.code != 0 and "refused the trigger of 'hook2' with this token" in r.err, r.err
    assert "wrong" not in r.err.replace("a wrong token", "")  # the token itself never shows
    r = jcli("build", "hook2", "--token", "s3cret")
    assert r.code == 0 and r.out.startswith("queued: hook2"), r.err
