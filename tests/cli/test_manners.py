"""CLI manners (issue 17): --version, one-line errors with the documented exit codes, a closed
pipe, ``logs --json``, last-build defaults."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from jenkins_sdk import __version__
from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def test_version(run_cli: RunCli) -> None:
    for flag in ("--version", "-V"):
        r = run_cli(flag)
        assert (r.code, r.out) == (0, f"jenkins-sdk {__version__}\n")


def test_a_bare_host_name_is_a_one_line_configuration_error(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JENKINS_URL", "localhost:8080")
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "none.toml"))
    r = run_cli("jobs", "ls")
    assert r.code == 2
    assert r.err.startswith("error: configuration: url must start with http:// or https://")
    assert "[URL from the environment]" in r.err
    assert len(r.err.splitlines()) == 1 and "Traceback" not in r.err


def test_a_user_without_a_token_is_a_configuration_error(
    jcli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JENKINS_API_TOKEN")
    r = jcli("jobs", "ls")
    assert r.code == 2
    assert r.err.startswith("error: configuration: username 'admin' given without api_token")
    assert len(r.err.splitlines()) == 1


def test_a_user_without_a_token_does_not_stop_a_replay(
    jcli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recording = tmp_path / "nodes.json"
    assert jcli("record", str(recording), "--", "nodes", "ls").code == 0
    monkeypatch.delenv("JENKINS_API_TOKEN")
    r = jcli("replay", str(recording), "--", "nodes", "ls")
    assert r.code == 0, r.err
    assert "agent-1" in r.out


def test_unknown_command_is_one_line_exit_2(jcli: RunCli) -> None:
    r = jcli("jobz")
    assert r.code == 2
    assert (
        r.err == "error: No such command 'jobz'. Did you mean 'jobs'? (see: jenkins-sdk --help)\n"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("status", "hello-world", "9999"), "error: no build 9999 of hello-world\n"),
        (("status", "nope"), "error: no job nope (jenkins-sdk jobs ls -r lists them)\n"),
        (
            ("logs", "team/release", "lastSuccessfulBuild"),
            "error: team/release has no lastSuccessfulBuild\n",
        ),
        (("artifacts", "ls", "hello-world", "77"), "error: no build 77 of hello-world\n"),
        (("status", "team"), "error: team is a folder, not a job (jenkins-sdk jobs ls team)\n"),
        (("tests", "hello-world", "1"), "error: build 1 of hello-world has no test report\n"),
    ],
    ids=["build", "job", "permalink", "artifacts", "folder", "thing"],
)
def test_not_found_says_what_is_missing_in_one_line(
    jcli: RunCli, argv: tuple[str, ...], expected: str
) -> None:
    r = jcli(*argv)
    assert (r.code, r.err) == (6, expected)


def test_verbose_adds_the_request_details(jcli: RunCli) -> None:
    r = jcli("-v", "status", "hello-world", "9999")
    first, details = r.err.splitlines()[:2]
    assert first == "error: no build 9999 of hello-world"
    assert details.startswith("  details: 404 GET http://127.0.0.1:")
    r = jcli("--debug", "status", "hello-world", "9999")
    assert "Traceback (most recent call last)" in r.err
    assert "DEBUG jenkins_sdk" in r.err  # the request log, on stderr


def test_401_names_the_credentials_source_once(jcli: RunCli) -> None:
    r = jcli("--token", "wrong-token", "jobs", "ls")
    assert r.code == 6
    assert len(r.err.splitlines()) == 1
    assert r.err.startswith("error: 401 unauthorized: http://127.0.0.1:")
    assert "user 'admin' (credentials from the command line and the environment)" in r.err
    assert r.err.count("check the user id") == 1
    assert "wrong-token" not in r.err


def test_unreachable_host_is_one_short_line(run_cli: RunCli, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "empty.toml"
    config.touch()
    r = run_cli("--config", str(config), "--url", f"http://127.0.0.1:{port}/", "jobs", "ls")
    assert r.code == 6
    assert r.err == f"error: cannot reach http://127.0.0.1:{port}/: connection refused\n"


def test_a_config_file_given_by_flag_must_exist(run_cli: RunCli, tmp_path: Path) -> None:
    r = run_cli(
        "--config", str(tmp_path / "typo.toml"), "--url", "http://127.0.0.1:9/", "jobs", "ls"
    )
    assert r.code == 2
    assert len(r.err.splitlines()) == 1 and "typo.toml" in r.err and "does not exist" in r.err


def test_logs_json_is_json_lines(jcli: RunCli) -> None:
    r = jcli("logs", "hello-world", "1", "--json")
    assert r.code == 0, r.err
    lines = r.lines()
    assert lines[0] == {
        "schema_version": 1,
        "kind": "console_line",
        "job": "hello-world",
        "build": "1",
        "line": 1,
        "text": lines[0]["text"],
    }
    texts = [line["text"] for line in lines]
    assert "ünïcødé ✓ 日本語" in texts
    assert texts[-1] == "Finished: SUCCESS"
    assert [line["line"] for line in lines] == list(range(1, len(lines) + 1))
    plain = jcli("logs", "hello-world", "1").out
    assert "\n".join(texts) + "\n" == plain


def test_artifacts_ls_defaults_to_the_last_build(jcli: RunCli) -> None:
    r = jcli("artifacts", "ls", "team/deploy")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["PATH", "dist/app-1.4.2.tar.gz", "reports/junit.xml"]


def test_json_and_raw_exclude_each_other(jcli: RunCli) -> None:
    r = jcli("status", "hello-world", "--json", "--raw")
    assert r.code == 2 and "--json and --raw exclude each other" in r.err


def test_a_closed_pipe_exits_0_quietly(jenkins_env: JenkinsEmulator) -> None:
    # big-log's console is megabytes: `head -1` closes the pipe long before the end.
    script = (
        f"{sys.executable} -m jenkins_sdk.cli logs big-log 1 | head -1; "
        'echo "exit=${PIPESTATUS[0]}" >&2'
    )
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=dict(os.environ), timeout=60
    )
    assert proc.stdout.count("\n") == 1
    assert proc.stderr.strip() == "exit=0", proc.stderr


def test_logger_has_a_null_handler() -> None:
    code = (
        "import logging, jenkins_sdk\n"
        "logging.getLogger('jenkins_sdk._http').warning('should not print')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""


def test_every_json_document_is_versioned_and_snake_case(jcli: RunCli) -> None:
    runs = [
        ("jobs", "ls", "-r", "--json"),
        ("jobs", "show", "team/deploy", "--json"),
        ("status", "hello-world", "--json"),
        ("queue", "ls", "--json"),
        ("nodes", "ls", "--json"),
        ("artifacts", "ls", "team/deploy", "--json"),
        ("tests", "team/backend/api-tests", "--json"),
        ("stages", "team/flaky", "--json"),
        ("why", "team/flaky", "--json"),
    ]
    for argv in runs:
        document = json.loads(jcli(*argv).out)
        assert document["schema_version"] == 1, argv
        _assert_snake_case(document, argv)


def _assert_snake_case(value: object, where: object) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            assert key == key.lower() and not key.startswith("_"), (where, key)
            assert key != "class_", where
            _assert_snake_case(inner, where)
    elif isinstance(value, list):
        for inner in value:
            _assert_snake_case(inner, where)


def test_jenkins_minus_one_estimate_is_null_not_a_negative_duration(jcli: RunCli) -> None:
    """core Run.getEstimatedDuration / Job.getEstimatedDuration: -1 when no build can tell
    (team/flaky has only failed builds)."""
    data = jcli("status", "team/flaky", "--json").json()
    assert data["estimated_duration_s"] is None
    assert data["duration_s"] == 4.0
    assert jcli("status", "hello-world", "--json").json()["estimated_duration_s"] > 0


def test_insecure_on_plain_http_warns_about_nothing(jcli: RunCli) -> None:
    r = jcli("--insecure", "jobs", "ls")
    assert r.code == 0 and r.err == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_an_output_error_is_one_line_not_an_internal_error(jenkins_env: JenkinsEmulator) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "jenkins_sdk.cli", "jobs", "ls", "-r"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 6
    assert proc.stderr == "error: No space left on device\n"
