"""Multibranch indexing and organization scans: scheduling, queue, computation log, children.

Checked against cloudbees-folder ``computed/ComputedFolder.java`` (``doBuild``: POST, 302 via
``forwardToPreviousPage``, 500 "cannot be recomputed"; ``getCauseOfBlockage`` "Already
computing") and ``computed/FolderComputation.java`` (``computation/consoleText``, ``getLogText``
complete once a result is set, "No such file"), ``computed/DefaultOrphanedItemStrategy.java``
("Evaluating orphaned items", "Will remove"), and branch-api ``MultiBranchProject.java``
(``indexing/``, "Starting branch indexing...", "Scheduled build for branch:", ``getItem`` by
encoded or raw name), ``NameEncoder.java``, ``OrganizationFolder.java`` ("Starting organization
scan..."), ``MultiBranchProjectViewHolder.java`` (views per head category) and
workflow-multibranch ``BranchJobProperty.java``.
"""

from __future__ import annotations

import pytest
import requests

from jenkins_sdk.testing import HeadSpec, JenkinsEmulator
from jenkins_sdk.testing.state.branches import name_decode, name_encode


def _more(http: requests.Session, url: str) -> tuple[str | None, int]:
    r = http.get(url + "logText/progressiveText")
    return r.headers.get("X-More-Data"), int(r.headers["X-Text-Size"])


def test_name_encoder_round_trip_and_jenkins_escapes() -> None:
    assert name_encode("feature/x") == "feature%2Fx"
    assert name_encode("a%b#c?d[e]f\\g h") == "a%25b%23c%3Fd%5Be%5Df%5Cg h"
    assert [name_encode(n) for n in ("", ".", "..")] == ["%00", "%2E", "%2E."]
    for raw in ("feature/x", "a%2Fb", "100%", "", ".", "..", "x[1]"):
        assert name_decode(name_encode(raw)) == raw
    assert name_decode("a%20b%2Fc") == "a%20b/c"  # only NameEncoder's own escapes


def test_post_build_schedules_a_scan_that_follows_the_declared_heads(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.multibranch("mb", ["main", "feature/x"], scan_seconds=2)
    emu.set_branches("mb", ["main", "feature/y"])
    r = http.post(emu.url + "job/mb/build", allow_redirects=False)
    assert r.status_code == 302
    assert r.headers["Location"] == emu.url + "job/mb/"
    comp = emu.url + "job/mb/computation/"
    assert _more(http, comp)[0] == "true"
    log = http.get(comp + "consoleText").text
    assert log.startswith("Started by user admin\n[")
    assert "Starting branch indexing..." in log
    assert "Finished:" not in log
    emu.advance(2)
    assert _more(http, comp)[0] is None
    log = http.get(emu.url + "job/mb/indexing/consoleText").text  # the same computation
    assert "No changes detected: main" in log
    assert "Scheduled build for branch: feature/y" in log
    assert "Evaluating orphaned items in mb\nWill remove feature/x\n" in log
    assert "Finished branch indexing. Indexing took 2 sec" in log
    assert log.endswith("Finished: SUCCESS\n")
    names = [
        j["name"] for j in http.get(emu.url + "job/mb/api/json?tree=jobs[name]").json()["jobs"]
    ]
    assert names == ["main", "feature%2Fy"]
    queued = http.get(emu.url + "queue/api/json?tree=items[task[name],actions[causes[_class]]]")
    causes = queued.json()["items"][0]["actions"][0]["causes"]
    assert causes == [{"_class": "jenkins.branch.BranchIndexingCause"}]


def test_a_second_scan_waits_blocked_while_one_runs(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.multibranch("mb", ["main"], scan_seconds=5)
    http.post(emu.url + "job/mb/build")
    http.post(emu.url + "job/mb/build")
    http.post(emu.url + "job/mb/build")  # merged into the queued one
    items = http.get(emu.url + "queue/api/json").json()["items"]
    assert len(items) == 1
    item = items[0]
    assert item["_class"] == "hudson.model.Queue$BlockedItem"
    assert item["why"] == "Already computing"
    assert item["task"]["url"] == emu.url + "job/mb/"
    emu.advance(5)
    assert http.get(emu.url + "queue/api/json").json()["items"] == []
    assert _more(http, emu.url + "job/mb/computation/")[0] == "true"  # the second scan runs
    emu.advance(5)
    assert _more(http, emu.url + "job/mb/computation/")[0] is None


def test_delay_keeps_the_scan_waiting(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.multibranch("mb", ["main"])
    http.post(emu.url + "job/mb/build?delay=10sec")
    item = http.get(emu.url + "queue/api/json").json()["items"][0]
    assert item["_class"] == "hudson.model.Queue$WaitingItem"
    assert item["why"] == "In the quiet period. Expires in 10 sec"
    emu.advance(10)
    assert http.get(emu.url + "queue/api/json").json()["items"] == []


def test_scan_errors(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.multibranch("mb", ["main"])
    emu.folder("plain")
    emu.freestyle("free")
    assert http.get(emu.url + "job/mb/build").status_code == 405
    assert http.post(emu.url + "job/plain/build").status_code == 404
    assert http.get(emu.url + "job/plain/computation/consoleText").status_code == 404
    emu.set_branches("mb", [])
    r = http.post(emu.url + "job/mb/build")
    assert r.status_code == 500
    assert "mb cannot be recomputed" in r.text
    emu.set_branches("mb", ["main"])
    emu.fail_scans("mb", "Connection refused")
    http.post(emu.url + "job/mb/build")
    emu.advance(3)
    log = http.get(emu.url + "job/mb/computation/consoleText").text
    assert "ERROR: Connection refused" in log
    assert log.endswith("Finished: FAILURE\n")


def test_never_scanned_organization_folder(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.organization("org", {"repo": ["main"]})
    r = http.get(emu.url + "job/org/computation/consoleText")
    assert (r.status_code, r.text) == (200, "No such file: computation.log")
    assert http.get(emu.url + "job/org/indexing/consoleText").status_code == 404
    assert _more(http, emu.url + "job/org/computation/") == ("true", 0)


def test_organization_scan_creates_projects_that_index(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.organization("org", {"app": ["main", "dev"], "lib/core": ["main"]}, scan_seconds=1)
    data = http.get(emu.url + "job/org/api/json?tree=buildable,primaryView[name]").json()
    assert data["_class"] == "jenkins.branch.OrganizationFolder"
    assert data["primaryView"]["name"] == "welcome"
    http.post(emu.url + "job/org/build")
    emu.advance(1)
    log = http.get(emu.url + "job/org/computation/consoleText").text
    assert "Starting organization scan..." in log
    assert log.endswith("Finished organization scan. Scan took 1 sec\nFinished: SUCCESS\n")
    emu.advance(1)
    tree = "jobs[_class,name,jobs[name]]"
    jobs = http.get(emu.url + f"job/org/api/json?tree={tree}").json()["jobs"]
    assert [(j["name"], [b["name"] for b in j["jobs"]]) for j in jobs] == [
        ("app", ["main", "dev"]),
        ("lib%2Fcore", ["main"]),
    ]
    assert {j["_class"] for j in jobs} == {
        "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
    }


def test_branch_jobs_are_reached_by_encoded_or_raw_name(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.multibranch("mb", ["feature/x"])
    for segment in ("feature%252Fx", "feature%2Fx"):
        r = http.get(emu.url + f"job/mb/job/{segment}/api/json?tree=name,displayName")
        assert r.json()["name"] == "feature%2Fx", segment
        assert r.json()["displayName"] == "feature/x"
    r = http.post(emu.url + "job/mb/job/feature%2Fx/build", allow_redirects=False)
    assert r.status_code == 201
    assert http.get(emu.url + "job/plain%2Fx/api/json").status_code == 404


def test_views_per_head_category_and_branch_property(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.multibranch(
        "mb",
        ["main", HeadSpec("PR-7", "change-request", "Fix the thing"), HeadSpec("v1.0", "tag")],
    )
    tree = "buildable,primaryView[name],views[name,jobs[name]],jobs[name,displayName]"
    data = http.get(emu.url + f"job/mb/api/json?tree={tree}").json()
    assert data["buildable"] is True
    assert data["primaryView"]["name"] == "default"
    assert [(v["name"], [j["name"] for j in v["jobs"]]) for v in data["views"]] == [
        ("change-requests", ["PR-7"]),
        ("default", ["main"]),
        ("tags", ["v1.0"]),
    ]
    assert [j["displayName"] for j in data["jobs"]] == ["main", "Fix the thing (#7)", "v1.0"]
    pr = http.get(emu.url + "job/mb/job/PR-7/api/json?tree=property[branch[head[name,id]]]")
    branch = pr.json()["property"][0]["branch"]
    assert branch["_class"] == "jenkins.branch.Branch"
    assert branch["head"]["name"] == "PR-7"
    assert branch["head"]["id"] == "7"


@pytest.mark.parametrize("prune", [True, False], ids=["pruned", "kept-dead"])
def test_orphaned_branches(emu: JenkinsEmulator, http: requests.Session, prune: bool) -> None:
    emu.multibranch("mb", ["main", "old"], prune=prune, scan_seconds=0)
    emu.set_branches("mb", ["main"])
    http.post(emu.url + "job/mb/build")
    emu.advance(0.1)
    r = http.get(emu.url + "job/mb/job/old/api/json?tree=buildable,color,property[branch[_class]]")
    if prune:
        assert r.status_code == 404
        return
    data = r.json()
    assert data["buildable"] is False
    assert data["color"] == "disabled"
    assert data["property"][0]["branch"]["_class"] == "jenkins.branch.Branch$Dead"
    assert http.post(emu.url + "job/mb/job/old/build").status_code == 409
