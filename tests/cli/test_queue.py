"""``queue ls`` and ``queue cancel``."""

from __future__ import annotations

from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def test_queue_ls_and_cancel(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    assert jcli("queue", "ls").out.splitlines() == ["ID  JOB  WHY"]
    item = jenkins_env.trigger("team/app")
    r = jcli("queue", "ls")
    assert r.code == 0, r.err
    row = r.out.splitlines()[1].split()
    assert row[:2] == [str(item.id), "team/app"]  # the full name, not just "app"
    data = jcli("queue", "ls", "--json").items()
    assert [(i["id"], i["job"]) for i in data] == [(item.id, "team/app")]
    assert data[0]["queued_at"].endswith("Z")
    r = jcli("queue", "cancel", str(item.id))
    assert r.code == 0, r.err
    assert r.out == f"cancelled queue item {item.id}\n"
    assert jcli("queue", "ls", "--json").items() == []


def test_queue_cancel_needs_a_number(jcli: RunCli) -> None:
    r = jcli("queue", "cancel", "seventeen")
    assert r.code == 2
    assert "seventeen" in r.err
