"""``artifacts``, ``tests``, ``queue``, ``nodes`` and ``why`` against the demo controller."""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.cli import commands_misc
from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def test_artifacts_ls(jcli: RunCli) -> None:
    r = jcli("artifacts", "ls", "team/deploy", "2")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["PATH", "dist/app-1.4.2.tar.gz", "reports/junit.xml"]


def test_artifacts_ls_json(jcli: RunCli) -> None:
    r = jcli("artifacts", "ls", "team/backend/api-tests", "lastBuild", "--json")
    assert r.code == 0, r.err
    paths = sorted(a["relativePath"] for a in r.json())
    assert paths == ["dist/app.tar.gz", "target/surefire-reports/TEST-OrderServiceTest.xml"]
    assert {a["fileName"] for a in r.json()} == {"app.tar.gz", "TEST-OrderServiceTest.xml"}


def test_artifacts_get_with_a_pattern_into_a_directory(jcli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = jcli("artifacts", "get", "team/deploy", "2", "reports/*", "-o", str(out))
    assert r.code == 0, r.err
    target = out / "reports" / "junit.xml"
    assert r.out == f"downloaded reports/junit.xml -> {target}\n"
    assert target.read_bytes() == b"<testsuite name='deploy'/>\n"
    assert not (out / "dist").exists()


def test_artifacts_get_everything_by_default(jcli: RunCli, tmp_path: Path) -> None:
    r = jcli("artifacts", "get", "team/deploy", "2", "--output", str(tmp_path / "all"))
    assert r.code == 0, r.err
    assert (tmp_path / "all" / "dist" / "app-1.4.2.tar.gz").stat().st_size == 8 * 1024 * 1024
    assert (tmp_path / "all" / "reports" / "junit.xml").exists()


def test_artifacts_get_with_a_progress_bar_on_a_terminal(
    jcli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands_misc, "is_tty", lambda stream=None: True)
    r = jcli("artifacts", "get", "team/deploy", "2", "dist/*", "-o", str(tmp_path))
    assert r.code == 0, r.err
    assert "dist/app-1.4.2.tar.gz" in r.out
    assert (tmp_path / "dist" / "app-1.4.2.tar.gz").stat().st_size == 8 * 1024 * 1024


def test_artifacts_get_nothing_matching_is_an_error(jcli: RunCli, tmp_path: Path) -> None:
    r = jcli("artifacts", "get", "team/deploy", "2", "*.exe", "-o", str(tmp_path / "x"))
    assert r.code == 6
    assert "no artifact of team/deploy #2 matches '*.exe'" in r.err
    assert not (tmp_path / "x").exists()


def test_tests_summary_lists_failures(jcli: RunCli) -> None:
    r = jcli("tests", "team/backend/api-tests")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "tests: 3 total, 2 passed, 1 failed, 0 skipped"
    assert lines[1:] == [
        "  FAILED com.company.OrderServiceTest.computeTotals: expected 42 but was 41"
    ]


def test_tests_json(jcli: RunCli) -> None:
    r = jcli("tests", "team/deploy", "2", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert (data["passCount"], data["failCount"]) == (4, 0)
    cases = [c["name"] for s in data["suites"] for c in s["cases"]]
    assert cases == ["healthEndpoint", "loginPage", "checkoutFlow", "searchIndex"]


def test_tests_of_a_build_without_a_report_is_error_6(jcli: RunCli) -> None:
    r = jcli("tests", "hello-world", "1")
    assert r.code == 6
    assert "404" in r.err


def test_queue_ls_and_cancel(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    assert jcli("queue", "ls").out.splitlines() == ["ID  JOB  WHY"]
    item = jenkins_env.trigger("team/app")
    r = jcli("queue", "ls")
    assert r.code == 0, r.err
    row = r.out.splitlines()[1].split()
    assert row[:2] == [str(item.id), "team/app"]  # the full name, not just "app"
    data = jcli("queue", "ls", "--json").json()
    assert [(i["id"], i["task"]["name"]) for i in data] == [(item.id, "app")]
    r = jcli("queue", "cancel", str(item.id))
    assert r.code == 0, r.err
    assert r.out == f"cancelled queue item {item.id}\n"
    assert jcli("queue", "ls", "--json").json() == []


def test_queue_cancel_needs_a_number(jcli: RunCli) -> None:
    r = jcli("queue", "cancel", "seventeen")
    assert r.code == 2
    assert "seventeen" in r.err


def test_nodes_ls(jcli: RunCli) -> None:
    r = jcli("nodes", "ls")
    assert r.code == 0, r.err
    rows = [line.split() for line in r.out.splitlines()]
    assert rows[0] == ["NAME", "STATE", "EXECUTORS"]
    assert ["agent-1", "online", "2"] in rows
    assert ["Built-In", "Node", "online", "2"] in rows
    data = jcli("nodes", "ls", "--json").json()
    assert sorted(n["displayName"] for n in data) == ["Built-In Node", "agent-1"]
    assert all(n["offline"] is False for n in data)


def test_nodes_ls_shows_offline_agents(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.agent("agent-2", offline=True)
    rows = [line.split() for line in jcli("nodes", "ls").out.splitlines()]
    assert ["agent-2", "offline", "1"] in rows


def test_why_explains_a_failed_build(jcli: RunCli) -> None:
    r = jcli("why", "team/flaky")
    assert r.code == 1, r.err
    assert r.out.startswith("team/flaky #1: FAILURE")
    assert "FAILED in stage 'Deploy to staging'" in r.out
    assert "Discount table is empty for region EU" in r.out


def test_why_json(jcli: RunCli) -> None:
    r = jcli("why", "team/flaky", "1", "--json")
    assert r.code == 1, r.err
    data = r.json()
    assert (data["job"], data["number"], data["result"]) == ("team/flaky", 1, "FAILURE")
    [stage] = data["stages"]
    assert stage["name"] == "Deploy to staging" and stage["status"] == "FAILED"
    assert "Discount table is empty" in stage["excerpt"]["headline"]


def test_why_of_a_successful_build_exits_0(jcli: RunCli) -> None:
    r = jcli("why", "hello-world", "4")
    assert r.code == 0, r.err
    assert "SUCCESS" in r.out
