"""Build JSON, permalinks, stop/term/kill, delete, env vars, test reports, console and logs."""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator, Outcome, ParamDef, StageSpec
from jenkins_sdk.testing.demo import unstable_report
from tests.emulator.conftest import payload


def _run(emu: JenkinsEmulator, http: requests.Session, path: str, seconds: float = 5) -> None:
    http.post(emu.url + "job/" + "/job/".join(path.split("/")) + "/build")
    emu.advance(seconds)


def test_build_json_shape_matches_real_workflow_run(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    real = payload("api4jenkins__run_workflowrun.json")
    emu.pipeline("folder/pipeline", params=[ParamDef("parameter1", default="value1")])
    emu.history("folder/pipeline", ["SUCCESS", "FAILURE"])
    got = http.get(emu.url + "job/folder/job/pipeline/2/api/json").json()
    assert set(real) <= set(got)
    assert got["_class"] == real["_class"]
    assert got["fullDisplayName"] == "folder » pipeline #2"
    assert got["previousBuild"] == {"number": 1, "url": emu.url + "job/folder/job/pipeline/1/"}
    assert got["id"] == "2" and got["displayName"] == "#2" and got["result"] == "FAILURE"
    params = next(a for a in got["actions"] if a.get("_class") == "hudson.model.ParametersAction")
    assert params["parameters"] == [
        {"_class": "hudson.model.StringParameterValue", "name": "parameter1", "value": "value1"}
    ]


def test_running_build_then_completed(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=10, quiet_period=0)
    _run(emu, http, "j", 3)
    b = http.get(emu.url + "job/j/1/api/json").json()
    assert b["building"] is True and b["result"] is None and b["duration"] == 0
    assert b["executor"] == {} and b["inProgress"] is True
    assert http.get(emu.url + "job/j/api/json").json()["color"] == "notbuilt_anime"
    emu.advance(7)
    b = http.get(emu.url + "job/j/1/api/json").json()
    assert b["building"] is False and b["result"] == "SUCCESS" and b["duration"] == 10_000
    assert b["executor"] is None and b["estimatedDuration"] == -1
    assert http.get(emu.url + "job/j/api/json").json()["color"] == "blue"
    _run(emu, http, "j", 1)
    assert http.get(emu.url + "job/j/2/api/json").json()["estimatedDuration"] == 10_000


def test_scripted_outcomes(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=5, quiet_period=0)
    emu.then("j", Outcome(result="FAILURE", duration=2, log="boom\n"), Outcome(result="UNSTABLE"))
    _run(emu, http, "j", 3)
    _run(emu, http, "j", 6)
    _run(emu, http, "j", 6)
    results = [emu.job("j").builds[n].result for n in (1, 2, 3)]
    assert results == ["FAILURE", "UNSTABLE", "SUCCESS"]
    text = http.get(emu.url + "job/j/1/consoleText").text
    assert "boom\n" in text and text.endswith("Finished: FAILURE\n")


def test_permalinks(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS", "FAILURE", "UNSTABLE", "ABORTED"])
    want = {
        "lastBuild": 4,
        "lastCompletedBuild": 4,
        "lastSuccessfulBuild": 3,
        "lastStableBuild": 1,
        "lastFailedBuild": 2,
        "lastUnstableBuild": 3,
        "lastUnsuccessfulBuild": 4,
    }
    for link, number in want.items():
        assert http.get(emu.url + f"job/j/{link}/api/json").json()["number"] == number, link
    job = http.get(emu.url + "job/j/api/json").json()
    assert job["lastFailedBuild"]["number"] == 2
    emu.freestyle("never")
    assert http.get(emu.url + "job/never/lastBuild/api/json").status_code == 404
    assert http.get(emu.url + "job/never/api/json").json()["lastBuild"] is None
    assert http.get(emu.url + "job/j/99/api/json").status_code == 404


def test_stop_aborts(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=60, quiet_period=0)
    _run(emu, http, "j", 10)
    assert http.get(emu.url + "job/j/1/stop").status_code == 405
    r = http.post(emu.url + "job/j/1/stop", allow_redirects=False)
    assert r.status_code == 302
    b = http.get(emu.url + "job/j/1/api/json").json()
    assert b["result"] == "ABORTED" and b["building"] is False and b["duration"] == 10_000
    text = http.get(emu.url + "job/j/1/consoleText").text
    assert text.endswith("Aborted by admin\nFinished: ABORTED\n")
    assert http.post(emu.url + "job/j/1/term").status_code == 404  # freestyle has no term


def test_pipeline_term_and_kill(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline("p", quiet_period=0)
    _run(emu, http, "p", 1)
    _run(emu, http, "p", 1)
    assert http.post(emu.url + "job/p/1/term").status_code == 200
    assert http.post(emu.url + "job/p/2/kill").status_code == 200
    assert emu.job("p").builds[1].result == emu.job("p").builds[2].result == "ABORTED"
    assert "Hard kill!" in http.get(emu.url + "job/p/2/consoleText").text


def test_delete_build(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS", "SUCCESS"])
    assert http.post(emu.url + "job/j/1/doDelete", allow_redirects=False).status_code == 302
    assert http.get(emu.url + "job/j/1/api/json").status_code == 404
    assert http.get(emu.url + "job/j/api/json").json()["firstBuild"]["number"] == 2


def test_env_vars(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("f/j", params=[ParamDef("GREETING", default="hi")])
    emu.history("f/j", ["SUCCESS"])
    env = http.get(emu.url + "job/f/job/j/1/injectedEnvVars/api/json").json()["envMap"]
    assert env["BUILD_NUMBER"] == "1" and env["JOB_NAME"] == "f/j" and env["GREETING"] == "hi"
    assert env["BUILD_URL"] == emu.url + "job/f/job/j/1/"


def test_test_report_matches_real(emu: JenkinsEmulator, http: requests.Session) -> None:
    real = payload("stagecraft__11_testReport_unstable.json")
    emu.freestyle("t", test_report=unstable_report())
    emu.history("t", ["UNSTABLE"])
    got = http.get(emu.url + "job/t/1/testReport/api/json").json()
    assert set(got) == set(real)
    assert set(got["suites"][0]) == set(real["suites"][0])
    assert set(got["suites"][0]["cases"][0]) == set(real["suites"][0]["cases"][0])
    assert (got["failCount"], got["passCount"], got["skipCount"]) == (1, 2, 0)
    action = next(
        a
        for a in http.get(emu.url + "job/t/1/api/json").json()["actions"]
        if a.get("_class") == "hudson.tasks.junit.TestResultAction"
    )
    assert action == {
        "_class": "hudson.tasks.junit.TestResultAction",
        "failCount": 1,
        "skipCount": 0,
        "totalCount": 3,
        "urlName": "testReport",
    }
    emu.freestyle("none")
    emu.history("none", ["SUCCESS"])
    assert http.get(emu.url + "job/none/1/testReport/api/json").status_code == 404


def test_console_text_is_plain_utf8(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", log="ünïcødé ✓ 日本語\n")
    emu.history("j", ["SUCCESS"])
    r = http.get(emu.url + "job/j/1/consoleText")
    assert r.headers["Content-Type"] == "text/plain;charset=utf-8"
    text = r.content.decode("utf-8")
    assert text.startswith("Started by user admin\n")
    assert "ünïcødé ✓ 日本語\n" in text and text.endswith("Finished: SUCCESS\n")


def test_progressive_text_headers_while_running_and_done(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j", duration=10, log_lines=100, quiet_period=0)
    _run(emu, http, "j", 3)
    url = emu.url + "job/j/1/logText/progressiveText"
    r1 = http.get(url, params={"start": 0})
    assert r1.status_code == 200 and r1.headers["X-More-Data"] == "true"
    size1 = int(r1.headers["X-Text-Size"])
    assert size1 > 0
    assert len(r1.content) > size1  # CRLF: body longer than the X-Text-Size step
    assert r1.content.count(b"\r\n") == len(r1.content) - size1
    emu.advance(3)
    r2 = http.get(url, params={"start": size1})
    size2 = int(r2.headers["X-Text-Size"])
    assert size2 > size1 and r2.headers["X-More-Data"] == "true"
    emu.advance(10)
    r3 = http.get(url, params={"start": size2})
    assert "X-More-Data" not in r3.headers
    full = (r1.content + r2.content + r3.content).replace(b"\r\n", b"\n")
    assert full == http.get(emu.url + "job/j/1/consoleText").content
    assert int(r3.headers["X-Text-Size"]) == len(full)


def test_progressive_text_line_aligned(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=10, log_lines=100, quiet_period=0)
    _run(emu, http, "j", 4.321)
    r = http.get(emu.url + "job/j/1/logText/progressiveText")
    assert r.content.endswith(b"\r\n")


def test_progressive_text_start_at_end_and_beyond(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"])
    url = emu.url + "job/j/1/logText/progressiveText"
    whole = http.get(url, params={"start": 0})
    size = whole.headers["X-Text-Size"]
    at_end = http.get(url, params={"start": size})
    assert at_end.content == b"" and at_end.headers["X-Text-Size"] == size
    beyond = http.get(url, params={"start": int(size) + 100})
    assert beyond.content == whole.content and beyond.headers["X-Text-Size"] == size
    assert http.post(url, data={"start": size}).content == b""
    assert http.get(url, params={"start": "x"}).status_code == 500


def test_pipeline_log_grows_by_stage(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.pipeline(
        "p",
        quiet_period=0,
        stages=[StageSpec("A", 2, log="alpha\n"), StageSpec("B", 2, log="beta\n")],
    )
    _run(emu, http, "p", 2.02)
    text = http.get(emu.url + "job/p/1/consoleText").text
    assert "[Pipeline] { (A)\nalpha\n" in text and "beta" not in text
    emu.advance(2)
    text = http.get(emu.url + "job/p/1/consoleText").text
    assert "beta" in text and text.endswith("Finished: SUCCESS\n")


def test_big_log_streams_chunked(emu: JenkinsEmulator, http: requests.Session) -> None:
    lines = 512 * 1024  # 64 MiB
    emu.freestyle("big", log_lines=lines)
    emu.history("big", ["SUCCESS"])
    r = http.get(emu.url + "job/big/1/logText/progressiveText", stream=True)
    assert r.headers.get("Transfer-Encoding") == "chunked"
    total = 0
    tail = b""
    for chunk in r.iter_content(1 << 20):
        total += len(chunk)
        tail = (tail + chunk)[-64:]
    size = int(r.headers["X-Text-Size"])
    assert size > lines * 128
    assert total == size + lines + 4  # one extra CR per line: generated + 3 header + 1 footer
    assert tail.endswith(b"Finished: SUCCESS\r\n")


def test_one_gib_log_streams(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("huge", log_lines=8 * 1024 * 1024)
    emu.history("huge", ["SUCCESS"])
    with http.get(emu.url + "job/huge/1/consoleText", stream=True) as r:
        total = sum(len(c) for c in r.iter_content(1 << 20))
    assert total == int(r.headers["Content-Length"]) > 1 << 30
