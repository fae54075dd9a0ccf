"""Artifacts, zip archives, nodes, views, plugins, scriptText, counters, context path."""

from __future__ import annotations

import io
import zipfile

import requests

from jenkins_sdk.testing import ArtifactSpec, JenkinsEmulator


def _with_artifacts(emu: JenkinsEmulator) -> None:
    emu.pipeline(
        "p",
        artifacts=[
            ArtifactSpec("reports/result.xml", content=b"<ok/>"),
            ArtifactSpec("dist/app 1.bin", size=3 * 1024 * 1024 + 7),
        ],
    )
    emu.history("p", ["SUCCESS"])


def test_artifact_list_and_download(emu: JenkinsEmulator, http: requests.Session) -> None:
    _with_artifacts(emu)
    build = http.get(emu.url + "job/p/1/api/json").json()
    assert build["artifacts"][1] == {
        "displayPath": "app 1.bin",
        "fileName": "app 1.bin",
        "relativePath": "dist/app 1.bin",
    }
    assert http.get(emu.url + "job/p/1/artifact/reports/result.xml").content == b"<ok/>"
    r = http.get(emu.url + "job/p/1/artifact/dist/app%201.bin", stream=True)
    assert int(r.headers["Content-Length"]) == 3 * 1024 * 1024 + 7
    first = r.content
    second = http.get(emu.url + "job/p/1/artifact/dist/app%201.bin").content
    assert len(first) == 3 * 1024 * 1024 + 7 and first == second
    assert http.get(emu.url + "job/p/1/artifact/nope.txt").status_code == 404


def test_artifact_zip(emu: JenkinsEmulator, http: requests.Session) -> None:
    _with_artifacts(emu)
    r = http.get(emu.url + "job/p/1/artifact/*zip*/archive.zip")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.namelist() == ["archive/reports/result.xml", "archive/dist/app 1.bin"]
        assert zf.read("archive/reports/result.xml") == b"<ok/>"
        single = http.get(emu.url + "job/p/1/artifact/dist/app%201.bin").content
        assert zf.read("archive/dist/app 1.bin") == single
    sub = http.get(emu.url + "job/p/1/artifact/reports/*zip*/reports.zip")
    with zipfile.ZipFile(io.BytesIO(sub.content)) as zf:
        assert zf.namelist() == ["archive/reports/result.xml"]


def test_wfapi_artifacts(emu: JenkinsEmulator, http: requests.Session) -> None:
    _with_artifacts(emu)
    arts = http.get(emu.url + "job/p/1/wfapi/artifacts").json()
    assert arts[0] == {
        "id": "n1",
        "name": "result.xml",
        "path": "reports/result.xml",
        "url": "/job/p/1/artifact/reports/result.xml",
        "size": 5,
    }


def test_computers_and_offline_toggle(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.agent("agent-1", labels=["linux"])
    data = http.get(emu.url + "computer/api/json").json()
    assert data["_class"] == "hudson.model.ComputerSet"
    assert [c["displayName"] for c in data["computer"]] == ["Built-In Node", "agent-1"]
    r = http.post(
        emu.url + "computer/agent-1/toggleOffline",
        data={"offlineMessage": "maintenance"},
        allow_redirects=False,
    )
    assert r.status_code == 302
    agent = http.get(emu.url + "computer/agent-1/api/json").json()
    assert agent["offline"] is True and agent["offlineCauseReason"] == "maintenance"
    http.post(emu.url + "computer/agent-1/changeOfflineCause", data={"offlineMessage": "later"})
    assert http.get(emu.url + "computer/agent-1/api/json").json()["offlineCauseReason"] == "later"
    assert http.get(emu.url + "computer/(built-in)/api/json").json()["offline"] is False
    assert http.get(emu.url + "computer/ghost/api/json").status_code == 404


def test_views(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("a")
    emu.freestyle("f/b")
    emu.view("mine", ["f/b"])
    v = http.get(emu.url + "view/mine/api/json").json()
    assert v["_class"] == "hudson.model.ListView" and [j["name"] for j in v["jobs"]] == ["b"]
    all_view = http.get(emu.url + "view/all/api/json").json()
    assert [j["name"] for j in all_view["jobs"]] == ["a", "f"]
    names = [v["name"] for v in http.get(emu.url + "api/json").json()["views"]]
    assert names == ["all", "mine"]


def test_plugins(emu: JenkinsEmulator, http: requests.Session) -> None:
    data = http.get(emu.url + "pluginManager/api/json", params={"depth": "1"}).json()
    assert data["_class"] == "hudson.LocalPluginManager"
    assert "pipeline-stage-view" in {p["shortName"] for p in data["plugins"]}


def test_script_text_is_canned(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.script_answer = "42\n"
    r = http.post(emu.url + "scriptText", data={"script": "System.exit(1)"})
    assert r.status_code == 200 and r.text == "42\n"
    assert r.headers["Content-Type"].startswith("text/plain")
    assert http.get(emu.url + "scriptText", params={"script": "1"}).status_code == 405
    emu.user("dev", password="pw", admin=False)
    with requests.Session() as s:
        s.auth = ("dev", "pw")
        s.headers["Jenkins-Crumb"] = s.get(emu.url + "crumbIssuer/api/json").json()["crumb"]
        assert s.post(emu.url + "scriptText", data={"script": "1"}).status_code == 403


def test_counters_and_request_log(emu: JenkinsEmulator) -> None:
    emu.freestyle("j")
    with requests.Session() as s:
        s.auth = emu.credentials
        for _ in range(5):
            s.get(emu.url + "job/j/api/json")
        s.post(emu.url + "job/j/build")
    assert emu.counters.connections == 1  # keep-alive: one TCP connection
    assert emu.counters.requests["/job/j/api/json"] == 5
    assert emu.counters.triggers["j"] == 1
    assert emu.counters.bytes_sent > 0
    last = emu.request_log[-1]
    assert (last.method, last.path, last.status, last.user) == (
        "POST",
        "/job/j/build",
        201,
        "admin",
    )
    for _ in range(2):
        requests.get(emu.url + "api/json", auth=emu.credentials)
    assert emu.counters.connections == 3


def test_context_path() -> None:
    with JenkinsEmulator(context_path="/jenkins") as emu:
        emu.freestyle("j")
        auth = emu.credentials
        assert emu.url.endswith("/jenkins/")
        data = requests.get(emu.url + "api/json", auth=auth).json()
        assert data["jobs"][0]["url"] == emu.url + "job/j/"
        r = requests.post(emu.url + "job/j/build", auth=auth)
        assert "/jenkins/queue/item/" in r.headers["Location"]
        root = emu.url.replace("/jenkins/", "/")
        assert requests.get(root + "api/json", auth=auth).status_code == 404
        emu.pipeline("p")
        emu.history("p", ["SUCCESS"])
        d = requests.get(emu.url + "job/p/1/wfapi/describe", auth=auth).json()
        assert d["_links"]["self"]["href"] == "/jenkins/job/p/1/wfapi/describe"


def test_server_errors_are_recorded(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.job("j").builds = None  # type: ignore[assignment]
    r = http.get(emu.url + "job/j/api/json")
    assert r.status_code == 500 and "Oops" in r.text
    assert len(emu.errors) == 1 and "AttributeError" in emu.errors[0]
    emu.errors.clear()


def test_malformed_request_line_gets_400(emu: JenkinsEmulator) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", emu.port)) as s:
        s.sendall(b"GARBAGE\r\n\r\n")
        assert s.recv(200).startswith(b"HTTP/1.1 400")


def test_http_10_closes_connection(emu: JenkinsEmulator) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", emu.port)) as s:
        s.sendall(b"GET /whoAmI/api/json HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200 OK") and b"Connection: close" in data
