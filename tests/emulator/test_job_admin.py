"""Job and build writes: descriptions, display names, keep-forever, next build number, move,
wipe-out, and remote triggers with a token.

Checked against core ``hudson/model/Job.java`` (``doDescription``: 204 / 400;
``updateNextBuildNumber`` ignores numbers not above the last build), ``AbstractItem.java`` and
cloudbees-folder ``AbstractFolder.java`` (``doSubmitDescription``; a folder's goes to its primary
view), ``Run.java`` (``doSubmitDescription``, ``doConfigSubmit`` reading ``json`` with
``displayName`` and ``description``, ``doToggleLogKeep``, ``keepLog``, ``doDoDelete`` refusing a
kept build), next-build-number ``NextBuildNumberAction.java`` (``nextbuildnumber/submit``),
``AbstractProject.doDoWipeOutWorkspace`` (302, or the ``wipeOutWorkspaceBlocked`` page),
cloudbees-folder ``relocate/DefaultRelocationUI.java`` / ``StandardHandler.java`` (``move/move``
with ``destination``; invalid destinations are a silent ``forwardToPreviousPage``),
``BuildAuthorizationToken.java`` ("Invalid token provided.") and
``ParameterizedJobMixIn.getBuildCause`` / ``Cause.RemoteCause`` ("Started by remote host X with
note: Y").
"""

from __future__ import annotations

import json

import requests

from jenkins_sdk.testing import JenkinsEmulator


def test_job_description_endpoint(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.folder("f")
    r = http.post(emu.url + "job/j/description", data={"description": "hello <b>"})
    assert r.status_code == 204
    assert http.get(emu.url + "job/j/description").text == "hello <b>"
    assert http.get(emu.url + "job/j/api/json?tree=description").json()["description"] == (
        "hello <b>"
    )
    assert http.post(emu.url + "job/j/description").status_code == 400
    assert http.post(emu.url + "job/f/description", data={"description": "x"}).status_code == 404


def test_submit_description_on_a_folder_sets_its_view(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.folder("f", description="mine")
    r = http.post(
        emu.url + "job/f/submitDescription", data={"description": "x"}, allow_redirects=False
    )
    assert r.status_code == 302
    assert http.get(emu.url + "job/f/api/json?tree=description").json()["description"] == "mine"


def test_build_description_display_name_and_keep(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"])
    base = emu.url + "job/j/1/"
    r = http.post(base + "submitDescription", data={"description": "rc"}, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (302, base)
    form = {"json": json.dumps({"displayName": "  release 1.0 ", "description": "rc2"})}
    r = http.post(base + "configSubmit", data=form, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (302, base)
    tree = "description,displayName,fullDisplayName,keepLog"
    assert http.get(base + f"api/json?tree={tree}").json() == {
        "_class": "hudson.model.FreeStyleBuild",
        "description": "rc2",
        "displayName": "release 1.0",
        "fullDisplayName": "j release 1.0",
        "keepLog": False,
    }
    reset = {"json": json.dumps({"displayName": "", "description": "rc2"})}
    http.post(base + "configSubmit", data=reset)
    assert http.get(base + "api/json?tree=displayName").json()["displayName"] == "#1"
    missing = {"json": json.dumps({"displayName": "x"})}
    assert http.post(base + "configSubmit", data=missing).status_code == 500
    assert http.post(base + "configSubmit").status_code == 400
    assert http.get(base + "configSubmit").status_code == 405
    assert http.post(base + "toggleLogKeep", allow_redirects=False).status_code == 302
    assert http.get(base + "api/json?tree=keepLog").json()["keepLog"] is True
    r = http.post(base + "doDelete")
    assert r.status_code == 400
    assert "This record is explicitly marked to be kept." in r.text
    http.post(base + "toggleLogKeep")
    assert http.get(base + "api/json?tree=keepLog").json()["keepLog"] is False


def test_next_build_number(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"] * 3)

    def submit(value: object) -> requests.Response:
        form = {"json": json.dumps({"nextBuildNumber": value})}
        return http.post(emu.url + "job/j/nextbuildnumber/submit", data=form, allow_redirects=False)

    r = submit("100")
    assert (r.status_code, r.headers["Location"]) == (302, emu.url + "job/j/")
    assert (
        http.get(emu.url + "job/j/api/json?tree=nextBuildNumber").json()["nextBuildNumber"] == 100
    )
    submit(2)  # not above the last build (#3): ignored
    assert (
        http.get(emu.url + "job/j/api/json?tree=nextBuildNumber").json()["nextBuildNumber"] == 100
    )
    assert submit("x").status_code == 500
    assert http.post(emu.url + "job/j/nextbuildnumber/submit").status_code == 400


def test_wipe_out_workspace(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.pipeline("p")
    url = emu.url + "job/j/doWipeOutWorkspace"
    r = http.post(url, allow_redirects=False)
    assert r.status_code == 200
    assert "Wipe Out Workspace blocked by SCM" in r.text
    emu.history("j", ["SUCCESS"])
    r = http.post(url, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (302, emu.url + "job/j/")
    assert http.post(url, allow_redirects=False).status_code == 200  # gone until the next build
    assert http.get(url).status_code == 405
    assert http.post(emu.url + "job/p/doWipeOutWorkspace").status_code == 404


def test_move(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("a/j")
    emu.freestyle("b/j")
    emu.folder("c")
    emu.multibranch("mb", ["main"])

    def move(path: str, dest: str) -> requests.Response:
        return http.post(
            emu.url + f"{path}move/move", data={"destination": dest}, allow_redirects=False
        )

    r = move("job/a/job/j/", "/c")
    assert (r.status_code, r.headers["Location"]) == (302, emu.url + "job/c/job/j/")
    assert http.get(emu.url + "job/a/job/j/api/json").status_code == 404
    # a same-named item, a missing folder, the current parent: nothing moves
    for dest in ("/c", "/nowhere", "/b", "/mb"):
        r = move("job/b/job/j/", dest)
        assert r.headers["Location"] == emu.url + "job/b/job/j/move/", dest
    assert http.get(emu.url + "job/b/job/j/api/json").status_code == 200
    assert move("job/c/", "/c").headers["Location"] == emu.url + "job/c/move/"  # into itself
    r = move("job/c/job/j/", "/")
    assert r.headers["Location"] == emu.url + "job/j/"
    assert (
        http.post(emu.url + "job/mb/job/main/move/move", data={"destination": "/"}).status_code
        == 404
    )


def test_token_trigger_and_remote_cause(emu: JenkinsEmulator) -> None:
    emu.freestyle("j", token="s3cret", quiet_period=0)
    with requests.Session() as anonymous:
        url = emu.url + "job/j/build"
        # the token does not lift Overall/Read: anonymous must be able to reach the job
        assert anonymous.get(url, params={"token": "s3cret"}).status_code == 403
        emu.auth.anonymous_read = True
        r = anonymous.get(url, params={"token": "nope"})
        assert r.status_code == 403
        assert "Invalid token provided." in r.text
        r = anonymous.get(url, params={"token": "s3cret", "cause": "deploy"}, allow_redirects=False)
        assert r.status_code == 201
        item = r.headers["Location"]
    with requests.Session() as http:
        http.auth = emu.credentials
        data = http.get(item + "api/json").json()
        cause = data["actions"][0]["causes"][0]
        assert cause["_class"] == "hudson.model.Cause$RemoteCause"
        assert cause["shortDescription"] == "Started by remote host 127.0.0.1 with note: deploy"
        assert (cause["addr"], cause["note"]) == ("127.0.0.1", "deploy")
        r = http.post(emu.url + "job/j/build", params={"delay": "30sec"}, allow_redirects=False)
        waiting = http.get(r.headers["Location"] + "api/json").json()
        assert waiting["why"] == "In the quiet period. Expires in 30 sec"
        user = waiting["actions"][0]["causes"][0]
        assert user["_class"] == "hudson.model.Cause$UserIdCause"  # no token: no RemoteCause
