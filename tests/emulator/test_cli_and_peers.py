"""``python -m jenkins_sdk.testing`` and peer clients (python-jenkins, api4jenkins) unchanged."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from jenkins_sdk.testing import DEFAULT_TOKEN, JenkinsEmulator
from jenkins_sdk.testing.demo import build_demo


def test_command_line_prints_url_first_and_serves_demo() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "jenkins_sdk.testing", "--context-path", "/jenkins", "--seed", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        exports = [proc.stdout.readline().strip() for _ in range(4)]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/jenkins/")
        assert exports == [
            f"export JENKINS_URL={url}",
            "export JENKINS_USER_ID=admin",
            f"export JENKINS_API_TOKEN={DEFAULT_TOKEN}",
            "# web UI password: admin",
        ]
        r = requests.get(url + "api/json", params={"tree": "jobs[name]"}, auth=("admin", "admin"))
        names = {j["name"] for j in r.json()["jobs"]}
        assert {"hello-world", "team", "shop", "odd names"} <= names
        assert r.headers["X-Jenkins"]
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


@pytest.fixture
def demo(emu: JenkinsEmulator) -> Iterator[JenkinsEmulator]:
    """The demo controller on the (reset) session emulator."""
    build_demo(emu)
    yield emu


def test_python_jenkins_unchanged(demo: JenkinsEmulator) -> None:
    jenkins = pytest.importorskip("jenkins")
    user, token = demo.credentials
    server = jenkins.Jenkins(demo.url, username=user, password=token)
    assert server.get_whoami()["id"] == "admin"
    assert server.get_version() == "2.541.3"
    names = {j["fullname"] for j in server.get_all_jobs()}
    assert {"team/app", "shop/feature%2Fx", "odd names/a b"} <= names
    queue_id = server.build_job("team/app", {"BRANCH": "dev"})
    item = server.get_queue_item(queue_id)
    assert item["_class"] == "hudson.model.Queue$WaitingItem"
    demo.advance(6)
    item = server.get_queue_item(queue_id)
    number = item["executable"]["number"]
    info = server.get_build_info("team/app", number)
    assert info["building"] is True and info["queueId"] == queue_id
    demo.settle()
    assert server.get_build_info("team/app", number)["result"] == "SUCCESS"
    assert "Finished: SUCCESS" in server.get_build_console_output("team/app", number)
    assert server.get_job_info("shop/feature%2Fx")["name"] == "feature%2Fx"
    assert {n["name"] for n in server.get_nodes()} == {"Built-In Node", "agent-1"}


def test_api4jenkins_unchanged(demo: JenkinsEmulator) -> None:
    api4jenkins = pytest.importorskip("api4jenkins")
    j = api4jenkins.Jenkins(demo.url, auth=demo.credentials)
    assert j.version == "2.541.3"
    assert "team/backend/api-tests" in [x.full_name for x in j.iter(3)]
    item = j.build_job("team/app", BRANCH="x")
    assert item.get_build() is None
    demo.advance(6)
    build = item.get_build()
    assert build.url == demo.url + "job/team/job/app/4/" and build.building
    build.stop()
    assert build.result == "ABORTED"
    first = j.get_job("hello-world")[1]
    assert list(first.progressive_output())[:2] == ["Started by user admin", "Running as SYSTEM"]


def test_jenkinsapi_unchanged(demo: JenkinsEmulator) -> None:
    jenkinsapi_jenkins = pytest.importorskip("jenkinsapi.jenkins")
    user, token = demo.credentials
    j = jenkinsapi_jenkins.Jenkins(demo.url.rstrip("/"), username=user, password=token)
    assert j.version == "2.541.3"
    assert "team/app" in list(j.keys())
    job = j.get_job("team/app")
    assert job.get_last_buildnumber() == 3
    queued = job.invoke(build_params={"BRANCH": "z"})
    demo.advance(6)
    queued.poll()
    build = queued.get_build()
    assert build.is_running()
    demo.settle()
    build.poll()
    assert build.get_status() == "SUCCESS"


def test_api_python_flavour(demo: JenkinsEmulator) -> None:
    import ast

    r = requests.get(demo.url + "job/team/job/app/1/api/python", auth=demo.credentials)
    assert r.headers["Content-Type"].startswith("text/x-python")
    data = ast.literal_eval(r.text)
    assert data["building"] is False and data["description"] is None
    assert "True" in r.text or "False" in r.text
