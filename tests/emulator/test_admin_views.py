"""Views: create (XML and form), config.xml, delete, add and remove jobs, folder views.

Grounded in ``core/src/main/java/hudson/model/View.java`` (``create``, ``createViewFromXML``,
``doConfigDotXml``, ``updateByXml``, ``doDoDelete``), ``hudson/model/ListView.java``
(``doAddJobToView``, ``doRemoveJobFromView``, ``resolveName``, ``getItems``),
``jenkins/model/Jenkins.java`` (``doCreateView``), ``hudson/model/ViewGroupMixIn.java`` and
cloudbees-folder ``AbstractFolder.doCreateView``; list-view XML as core's test resource
``test/src/test/resources/hudson/cli/view.xml``.
"""

from __future__ import annotations

import html

import requests

from jenkins_sdk.testing import JenkinsEmulator

XML = {"Content-Type": "application/xml"}
LIST = (
    "<hudson.model.ListView><name>ignored</name>"
    '<jobNames><comparator class="java.lang.String$CaseInsensitiveComparator"/>'
    "<string>app</string></jobNames><includeRegex>lib-.*</includeRegex>"
    "<recurse>false</recurse></hudson.model.ListView>"
)


def _jobs(http: requests.Session, url: str) -> list[str]:
    return [
        j["name"] for j in http.get(url + "api/json", params={"tree": "jobs[name]"}).json()["jobs"]
    ]


def test_create_from_xml_names_regex_and_jobs(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``View.create`` with XML: 200; the ``name`` query wins; ``includeRegex`` adds matches."""
    for job in ("app", "lib-a", "lib-b", "other"):
        emu.freestyle(job)
    r = http.post(emu.url + "createView", params={"name": "team"}, data=LIST, headers=XML)
    assert r.status_code == 200 and r.text == ""
    assert _jobs(http, emu.url + "view/team/") == ["app", "lib-a", "lib-b"]
    names = [v["name"] for v in http.get(emu.url + "api/json?tree=views[name]").json()["views"]]
    assert names == ["all", "team"]


def test_create_errors(emu: JenkinsEmulator, http: requests.Session) -> None:
    """No Content-Type → "No Content-Type header set"; an existing name; a bad name; a form
    without ``mode`` → "No view type is specified"; an unknown mode."""
    http.post(emu.url + "createView", params={"name": "team"}, data=LIST, headers=XML)
    r = http.post(emu.url + "createView", params={"name": "x"}, data=LIST.encode())
    assert r.status_code == 400 and "No Content-Type header set" in r.text
    r = http.post(emu.url + "createView", params={"name": "team"}, data=LIST, headers=XML)
    assert r.status_code == 400 and 'A view already exists with the name "team"' in html.unescape(
        r.text
    )
    r = http.post(emu.url + "createView", params={"name": "a/b"}, data=LIST, headers=XML)
    assert r.status_code == 400 and "is an unsafe character" in html.unescape(r.text)
    r = http.post(emu.url + "createView", data={"name": "y"})
    assert r.status_code == 400 and "No view type is specified" in r.text
    r = http.post(emu.url + "createView", data={"name": "z", "mode": "Nope", "json": "{}"})
    assert r.status_code == 400 and "No view type" in html.unescape(r.text)


def test_create_from_the_form_redirects_to_configure(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``mode=hudson.model.ListView`` (with the ``json`` form field): 302 to ``configure``."""
    form = {"name": "mine", "mode": "hudson.model.ListView", "json": "{}"}
    r = http.post(emu.url + "createView", data=form, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/view/mine/configure")
    assert http.get(r.headers["Location"]).status_code == 200


def test_add_and_remove_jobs_are_idempotent(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``addJobToView``/``removeJobFromView``: 200 even when nothing changes; unknown names are
    400; ``folder/job`` resolves as a path; the all view has no such action (404)."""
    emu.freestyle("app")
    emu.freestyle("team/svc")
    http.post(emu.url + "createView", params={"name": "v"}, data=LIST, headers=XML)
    for _ in range(2):
        assert http.post(emu.url + "view/v/addJobToView", params={"name": "team/svc"}).ok
    assert _jobs(http, emu.url + "view/v/") == ["app", "svc"]
    for _ in range(2):
        assert http.post(emu.url + "view/v/removeJobFromView", params={"name": "app"}).ok
    assert _jobs(http, emu.url + "view/v/") == ["svc"]
    r = http.post(emu.url + "view/v/addJobToView", params={"name": "ghost"})
    assert r.status_code == 400 and "does not correspond to a known item" in r.text
    r = http.post(emu.url + "view/v/addJobToView")
    assert r.status_code == 400 and "Query parameter 'name' is required" in html.unescape(r.text)
    assert http.post(emu.url + "view/all/addJobToView", params={"name": "app"}).status_code == 404


def test_config_xml_round_trip_keeps_the_name(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``doConfigDotXml``: ``application/xml``; POST is 200 and cannot rename the view."""
    emu.freestyle("app")
    emu.freestyle("lib-x")
    http.post(emu.url + "createView", params={"name": "v"}, data=LIST, headers=XML)
    r = http.get(emu.url + "view/v/config.xml")
    assert r.headers["Content-Type"].startswith("application/xml")
    assert "<string>app</string>" in r.text and "<includeRegex>lib-.*</includeRegex>" in r.text
    new = r.text.replace("<string>app</string>", "").replace("<name>v</name>", "<name>w</name>")
    assert http.post(emu.url + "view/v/config.xml", data=new, headers=XML).status_code == 200
    assert _jobs(http, emu.url + "view/v/") == ["lib-x"]
    assert http.get(emu.url + "view/w/api/json").status_code == 404


def test_delete_redirects_to_the_owner(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``View.doDoDelete``: 302 to the owner's URL, then 404; GET is 405."""
    http.post(emu.url + "createView", params={"name": "v"}, data=LIST, headers=XML)
    assert http.get(emu.url + "view/v/doDelete").status_code == 405
    r = http.post(emu.url + "view/v/doDelete", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == emu.url
    assert http.get(emu.url + "view/v/api/json").status_code == 404


def test_folder_views(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``AbstractFolder.doCreateView``: ``job/F/createView``; names resolve inside the folder;
    the folder's JSON lists the view; delete goes back to the folder."""
    emu.freestyle("team/svc")
    emu.freestyle("team/web")
    base = emu.url + "job/team/"
    assert http.post(base + "createView", params={"name": "fv"}, data=LIST, headers=XML).ok
    assert http.post(base + "view/fv/addJobToView", params={"name": "web"}).ok
    assert _jobs(http, base + "view/fv/") == ["web"]
    views = http.get(base + "api/json", params={"tree": "views[name]"}).json()["views"]
    assert [v["name"] for v in views] == ["All", "fv"]
    r = http.post(base + "view/fv/doDelete", allow_redirects=False)
    assert r.headers["Location"] == base
    assert http.get(emu.url + "view/fv/api/json").status_code == 404


JOB_XML = "<project><builders/><publishers/></project>"


def test_create_item_through_a_view(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``view/V/createItem`` (``View.doCreateItem``, ``ListView.doCreateItem`` and
    ``needToAddToCurrentView``): the owner creates the item; a list view lists it when the call
    came through the API, or when the UI form ticked ``addToCurrentView``; the all view creates
    it too; an unknown view is 404."""
    http.post(emu.url + "createView", params={"name": "v"}, data=LIST, headers=XML)
    r = http.post(
        emu.url + "view/v/createItem", params={"name": "api-job"}, data=JOB_XML, headers=XML
    )
    assert r.status_code == 200
    ticked = {
        "name": "ui-on",
        "mode": "hudson.model.FreeStyleProject",
        "json": '{"addToCurrentView": true}',
    }
    unticked = {"name": "ui-off", "mode": "hudson.model.FreeStyleProject", "json": "{}"}
    for form in (ticked, unticked):
        assert (
            http.post(emu.url + "view/v/createItem", data=form, allow_redirects=False).status_code
            == 302
        )
    r = http.post(
        emu.url + "view/all/createItem", params={"name": "via-all"}, data=JOB_XML, headers=XML
    )
    assert r.status_code == 200
    assert _jobs(http, emu.url + "view/v/") == ["api-job", "ui-on"]
    assert {"api-job", "ui-on", "ui-off", "via-all"} <= set(_jobs(http, emu.url))
    r = http.post(emu.url + "view/nope/createItem", params={"name": "x"}, data=JOB_XML, headers=XML)
    assert r.status_code == 404
    r = http.post(
        emu.url + "view/v/createItem", params={"name": "api-job"}, data=JOB_XML, headers=XML
    )
    assert r.status_code == 400 and r.headers.get("X-Error")
