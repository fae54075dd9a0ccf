"""``why`` against the demo controller (the report itself is tested in tests/triage)."""

from __future__ import annotations

from tests.cli.conftest import RunCli


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
