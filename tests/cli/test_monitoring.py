"""``running`` and ``watch`` against the emulator (its clock advanced by the CLI's waits)."""

from __future__ import annotations

import pytest

from jenkins_sdk.cli import exitcodes
from jenkins_sdk.cli.monitoring import _LiveTable, _target, _worst
from jenkins_sdk.refs import JobRef
from jenkins_sdk.resources.monitor import WatchedBuild
from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.testing.model import Outcome
from tests.cli.conftest import RunCli


def _start(emu: JenkinsEmulator, job: str, result: str, seconds: float) -> int:
    emu.freestyle(job, quiet_period=0, concurrent=True)
    emu.then(job, Outcome(result=result, duration=seconds))
    emu.trigger(job)
    emu.advance(0)
    return emu.job(job).next_build_number - 1


def test_running_lists_every_running_build(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    number = _start(jenkins_env, "mon/long", "SUCCESS", 300)
    jenkins_env.pipeline("mon/pipe", quiet_period=0)
    jenkins_env.trigger("mon/pipe")
    jenkins_env.advance(1)
    r = jcli("running", "--folder", "mon")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["JOB", "#", "NODE", "STARTED", "ELAPSED", "ESTIMATE", "PROGRESS"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["mon/long", str(number), "(built-in)"],
        ["mon/pipe", "1", "(built-in)"],
    ]
    items = jcli("running", "--json", "--folder", "mon").items()
    assert [(i["job"], i["number"], i["type"]) for i in items] == [
        ("mon/long", number, "freestyle"),
        ("mon/pipe", 1, "pipeline"),
    ]
    assert items[0]["started_at"].endswith("Z") and items[0]["node"] == "(built-in)"
    assert jcli("running", "--json", "--folder", "nowhere").items() == []


def test_watch_exits_with_the_worst_result(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    a = _start(jenkins_env, "w/a", "SUCCESS", 20)
    b = _start(jenkins_env, "w/b", "UNSTABLE", 40)
    r = jcli("watch", f"w/a:{a}", "w/b", "--poll", "5")
    assert r.code == exitcodes.UNSTABLE, r.err
    assert r.out.splitlines() == [f"w/a #{a} SUCCESS", f"w/b #{b} UNSTABLE"]


def test_watch_json_lines(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    a = _start(jenkins_env, "j/a", "FAILURE", 10)
    b = _start(jenkins_env, "j/b", "SUCCESS", 30)
    r = jcli("watch", f"j/a:{a}", f"j/b:{b}", "--json")
    assert r.code == exitcodes.FAILURE, r.err
    lines = r.lines()
    assert [(x["kind"], x["job"], x["number"], x["result"]) for x in lines] == [
        ("watched_build", "j/a", a, "FAILURE"),
        ("watched_build", "j/b", b, "SUCCESS"),
    ]
    assert all(x["schema_version"] == 1 and x["missing"] is False for x in lines)


def test_watch_times_out_with_the_timeout_code(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    number = _start(jenkins_env, "t/slow", "SUCCESS", 10_000)
    r = jcli("--timeout", "30", "watch", f"t/slow:{number}")
    assert r.code == exitcodes.TIMEOUT
    assert "still running" in r.err


def test_watch_usage_errors(jcli: RunCli) -> None:
    assert jcli("watch").code == exitcodes.USAGE
    assert jcli("watch", "job:").code == exitcodes.USAGE
    assert jcli("watch", "https://ci.example.com/view/all/").code == exitcodes.USAGE


def test_watch_a_build_url_of_a_branch_job(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    """A URL pasted from the browser: the branch ``feature/x`` is the job ``feature%2Fx`` whose
    URL segment is ``feature%252Fx`` (branch-api ``NameEncoder``, core ``Util.rawEncode``)."""
    jenkins_env.multibranch("mbw", ["feature/x"], build_new=False)
    jenkins_env.then("mbw/feature%2Fx", Outcome(result="FAILURE", duration=10))
    jenkins_env.trigger("mbw/feature%2Fx")
    jenkins_env.advance(10)
    r = jcli("watch", f"{jenkins_env.url}job/mbw/job/feature%252Fx/1/", "--poll", "2")
    assert r.code == exitcodes.FAILURE, r.err
    assert r.out.splitlines() == ["mbw/feature%2Fx #1 FAILURE"]


def test_targets_and_worst() -> None:
    assert _target("team/app:41") == ("team/app", "41")
    assert _target("team/app") == ("team/app", "lastBuild")
    assert _target("app:lastSuccessfulBuild") == ("app", "lastSuccessfulBuild")
    url = "https://ci.example.com:8443/jenkins/job/mb/job/feature%252Fx/"
    assert _target(url + "12/") == (url + "12/", "12")
    assert _target(url) == (url, "lastBuild")
    assert _target("http://ci/job/41/") == ("http://ci/job/41/", "lastBuild")  # a job named 41
    assert _worst([]) == exitcodes.SUCCESS
    assert _worst(["SUCCESS", "ABORTED", "FAILURE"]) == exitcodes.ABORTED
    assert _worst(["SUCCESS", None]) == exitcodes.ERROR


def test_live_table_redraws_in_place(capsys: pytest.CaptureFixture[str]) -> None:
    live = _LiveTable()
    live.update([WatchedBuild(JobRef.parse("a"), 1, None, 40), WatchedBuild(None, None, 7)])
    first = capsys.readouterr().out
    assert first == "\x1b[2Ka #1  running 40%\n"
    live.update([WatchedBuild(JobRef.parse("a"), 1, None, 90)])
    assert capsys.readouterr().out == "\x1b[1F\x1b[2Ka #1  running 90%\n"
