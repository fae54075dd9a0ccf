"""``artifacts ls`` and ``artifacts get`` against the demo controller."""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.cli import artifacts
from tests.cli.conftest import RunCli


def test_artifacts_ls(jcli: RunCli) -> None:
    r = jcli("artifacts", "ls", "team/deploy", "2")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["PATH", "dist/app-1.4.2.tar.gz", "reports/junit.xml"]


def test_artifacts_ls_json(jcli: RunCli) -> None:
    r = jcli("artifacts", "ls", "team/backend/api-tests", "lastBuild", "--json")
    assert r.code == 0, r.err
    paths = sorted(a["path"] for a in r.items())
    assert paths == ["dist/app.tar.gz", "target/surefire-reports/TEST-OrderServiceTest.xml"]
    assert {a["file_name"] for a in r.items()} == {"app.tar.gz", "TEST-OrderServiceTest.xml"}


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
    monkeypatch.setattr(artifacts, "is_tty", lambda stream=None: True)
    r = jcli("artifacts", "get", "team/deploy", "2", "dist/*", "-o", str(tmp_path))
    assert r.code == 0, r.err
    assert "dist/app-1.4.2.tar.gz" in r.out
    assert (tmp_path / "dist" / "app-1.4.2.tar.gz").stat().st_size == 8 * 1024 * 1024


def test_artifacts_get_nothing_matching_is_an_error(jcli: RunCli, tmp_path: Path) -> None:
    r = jcli("artifacts", "get", "team/deploy", "2", "*.exe", "-o", str(tmp_path / "x"))
    assert r.code == 6
    assert "no artifact of team/deploy #2 matches '*.exe'" in r.err
    assert not (tmp_path / "x").exists()
