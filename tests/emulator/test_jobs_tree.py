"""Jobs, folders, names and encodings, ``tree=``/``depth=``, config.xml and item management."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

from jenkins_sdk.testing import JenkinsEmulator, ParamDef
from tests.emulator.conftest import payload, walk


def _jobs(emu: JenkinsEmulator, n: int) -> None:
    for i in range(n):
        emu.freestyle(f"job{i:02d}")


def test_tree_selects_fields_and_keeps_class(emu: JenkinsEmulator, http: requests.Session) -> None:
    _jobs(emu, 2)
    data = http.get(emu.url + "api/json", params={"tree": "jobs[name,color]"}).json()
    assert data == {
        "_class": "hudson.model.Hudson",
        "jobs": [
            {"_class": "hudson.model.FreeStyleProject", "name": "job00", "color": "notbuilt"},
            {"_class": "hudson.model.FreeStyleProject", "name": "job01", "color": "notbuilt"},
        ],
    }


def test_tree_nested_brackets_through_folders(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("a/b/c/leaf")
    tree = "jobs[name,url,jobs[name,url,jobs[name,url,jobs[name]]]]"
    data = http.get(emu.url + "api/json", params={"tree": tree}).json()
    a = data["jobs"][0]
    leaf = a["jobs"][0]["jobs"][0]["jobs"][0]
    assert leaf == {"_class": "hudson.model.FreeStyleProject", "name": "leaf"}
    assert a["jobs"][0]["jobs"][0]["url"] == emu.url + "job/a/job/b/job/c/"


def test_tree_ranges(emu: JenkinsEmulator, http: requests.Session) -> None:
    _jobs(emu, 10)

    def names(spec: str) -> list[str]:
        data = http.get(emu.url + "api/json", params={"tree": f"jobs[name]{spec}"}).json()
        return [j["name"] for j in data["jobs"]]

    assert names("{,3}") == ["job00", "job01", "job02"]
    assert names("{3,6}") == ["job03", "job04", "job05"]
    assert names("{8}") == ["job08"]
    assert names("{7,}") == ["job07", "job08", "job09"]


def test_tree_encoded_brackets_and_builds_range(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"] * 5)
    r = http.get(emu.url + "job/j/api/json?tree=builds%5Bnumber,result%5D%7B0,2%7D")
    assert r.json()["builds"] == [
        {"_class": "hudson.model.FreeStyleBuild", "number": 5, "result": "SUCCESS"},
        {"_class": "hudson.model.FreeStyleBuild", "number": 4, "result": "SUCCESS"},
    ]


def test_tree_leaf_object_gives_only_class(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"])
    data = http.get(emu.url + "job/j/api/json", params={"tree": "lastBuild,name"}).json()
    assert data["lastBuild"] == {"_class": "hudson.model.FreeStyleBuild"}


def test_all_builds_only_through_tree(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"] * 3)
    assert "allBuilds" not in http.get(emu.url + "job/j/api/json").json()
    data = http.get(emu.url + "job/j/api/json", params={"tree": "allBuilds[number]"}).json()
    assert [b["number"] for b in data["allBuilds"]] == [3, 2, 1]


def test_builds_capped_at_100(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=1)
    emu.history("j", ["SUCCESS"] * 105, spacing=2)
    data = http.get(emu.url + "job/j/api/json", params={"tree": "builds[number]"}).json()
    assert len(data["builds"]) == 100


def test_depth_zero_and_one(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    emu.history("j", ["SUCCESS"])
    d0 = http.get(emu.url + "job/j/api/json").json()
    assert set(d0["builds"][0]) == {"_class", "number", "url"}
    d1 = http.get(emu.url + "job/j/api/json", params={"depth": "1"}).json()
    assert d1["builds"][0]["result"] == "SUCCESS" and "timestamp" in d1["builds"][0]
    root1 = http.get(emu.url + "api/json", params={"depth": "1"}).json()
    assert "builds" in root1["jobs"][0]


def test_tree_wins_over_depth(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    data = http.get(emu.url + "api/json", params={"tree": "jobs[name]", "depth": "3"}).json()
    assert set(data["jobs"][0]) == {"_class", "name"}


def test_malformed_tree_and_depth(emu: JenkinsEmulator, http: requests.Session) -> None:
    r = http.get(emu.url + "api/json", params={"tree": "jobs[name"})
    assert r.status_code == 500 and "Malformed tree expression" in r.text
    assert http.get(emu.url + "api/json", params={"depth": "x"}).status_code == 500


def test_pretty_and_jsonp(emu: JenkinsEmulator, http: requests.Session) -> None:
    assert "\n" in http.get(emu.url + "api/json?pretty").text
    assert http.get(emu.url + "api/json?jsonp=cb").status_code == 403


def test_json_content_type(emu: JenkinsEmulator, http: requests.Session) -> None:
    r = http.get(emu.url + "api/json")
    assert r.headers["Content-Type"] == "application/json;charset=utf-8"


def test_class_on_every_object_and_empty_actions(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.pipeline("p", params=[ParamDef("X")])
    emu.history("p", ["SUCCESS"])
    for path in ("api/json", "job/p/api/json", "job/p/1/api/json", "queue/api/json"):
        data = http.get(emu.url + path, params={"depth": "1"}).json()
        assert data["_class"]
        for obj in walk(data):
            if "url" in obj and set(obj) != {"number", "url"}:
                assert "_class" in obj, (path, obj)
    build = http.get(emu.url + "job/p/1/api/json").json()
    assert {} in build["actions"]
    classes = [a.get("_class") for a in build["actions"]]
    assert "hudson.model.CauseAction" in classes and "hudson.model.ParametersAction" in classes


def test_job_json_shape_matches_real_freestyle(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    real = payload("butler__Job_FreeStyleProject.json")
    emu.freestyle("whoami")
    emu.history("whoami", ["SUCCESS", "SUCCESS"])
    got = http.get(emu.url + "job/whoami/api/json").json()
    assert set(real) <= set(got)
    assert set(real["healthReport"][0]) == set(got["healthReport"][0])
    assert got["nextBuildNumber"] == 3 and got["color"] == "blue"


def test_folder_has_jobs_no_color(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("f/x")
    data = http.get(emu.url + "job/f/api/json").json()
    assert data["_class"] == "com.cloudbees.hudson.plugins.folder.Folder"
    assert "color" not in data and "builds" not in data
    assert data["jobs"][0]["url"] == emu.url + "job/f/job/x/"
    assert data["fullName"] == "f"


def test_full_name_and_display_name(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("Job Types/Pipeline")
    data = http.get(emu.url + "job/Job%20Types/job/Pipeline/api/json").json()
    assert data["fullName"] == "Job Types/Pipeline"
    assert data["fullDisplayName"] == "Job Types » Pipeline"
    assert data["url"] == emu.url + "job/Job%20Types/job/Pipeline/"


def test_multibranch_double_encoding_matches_real(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    real = payload("stagecraft__05_multibranch_tree_jobs.json")
    emu.multibranch("multibranch-demo", ["feature/ORD-214", "main"])
    got = http.get(
        emu.url + "job/multibranch-demo/api/json", params={"tree": "jobs[name,url,color]"}
    ).json()
    assert got["_class"] == real["_class"]
    want = [(j["name"], j["url"].split("18080/", 1)[1]) for j in real["jobs"]]
    have = [(j["name"], j["url"][len(emu.url) :]) for j in got["jobs"]]
    assert have == want
    branch = http.get(emu.url + "job/multibranch-demo/job/feature%252FORD-214/api/json")
    assert branch.status_code == 200 and branch.json()["name"] == "feature%2FORD-214"


ODD = ["a b", "hash#1", "100%", "c++", "ünïcødé", "tilde~x", "q?x"]


def test_odd_names_round_trip(emu: JenkinsEmulator, http: requests.Session) -> None:
    for name in ODD:
        emu.freestyle(f"odd folder/{name}")
    listing = http.get(
        emu.url + "job/odd%20folder/api/json", params={"tree": "jobs[name,url]"}
    ).json()
    urls = {j["name"]: j["url"] for j in listing["jobs"]}
    assert urls["a b"].endswith("/job/a%20b/")
    assert urls["hash#1"].endswith("/job/hash%231/")
    assert urls["100%"].endswith("/job/100%25/")
    assert urls["c++"].endswith("/job/c++/")
    assert urls["ünïcødé"].endswith("/job/%C3%BCn%C3%AFc%C3%B8d%C3%A9/")
    assert urls["tilde~x"].endswith("/job/tilde%7Ex/")
    for name in ODD:
        r = http.get(urls[name] + "api/json")
        assert r.status_code == 200 and r.json()["name"] == name
        seg = quote(name, safe="")
        assert http.get(f"{emu.url}job/odd%20folder/job/{seg}/api/json").status_code == 200


def test_plus_is_not_a_space(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("c++")
    assert http.get(emu.url + "job/c%2B%2B/api/json").json()["name"] == "c++"
    assert http.get(emu.url + "job/c%20%20/api/json").status_code == 404


def test_view_prefix_resolves_jobs(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    assert http.get(emu.url + "view/all/job/j/api/json").json()["name"] == "j"


def test_unknown_job_404_html(emu: JenkinsEmulator, http: requests.Session) -> None:
    r = http.get(emu.url + "job/nope/api/json")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")


def test_config_xml_get_and_post(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", params=[ParamDef("A", default="1")])
    r = http.get(emu.url + "job/j/config.xml")
    assert r.headers["Content-Type"] == "application/xml"
    assert "<project>" in r.text and "hudson.model.StringParameterDefinition" in r.text
    new = r.text.replace("<description></description>", "<description>changed</description>")
    r = http.post(
        emu.url + "job/j/config.xml",
        data=new.encode(),
        headers={"Content-Type": "application/xml; charset=UTF-8"},
    )
    assert r.status_code == 200 and r.content == b""
    assert http.get(emu.url + "job/j/api/json").json()["description"] == "changed"
    assert http.get(emu.url + "job/j/config.xml").text == new
    bom = b"\xef\xbb\xbf" + new.encode()
    assert http.post(emu.url + "job/j/config.xml", data=bom).status_code == 500


FLOW = b"""<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job"><description>made</description>
<properties><hudson.model.ParametersDefinitionProperty><parameterDefinitions>
<hudson.model.StringParameterDefinition><name>WHO</name><defaultValue>me</defaultValue>
</hudson.model.StringParameterDefinition></parameterDefinitions>
</hudson.model.ParametersDefinitionProperty></properties><disabled>false</disabled>
</flow-definition>"""


def test_create_item_from_xml(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.folder("f")
    h = {"Content-Type": "application/xml"}
    r = http.post(emu.url + "job/f/createItem", params={"name": "new"}, data=FLOW, headers=h)
    assert r.status_code == 200 and r.content == b""
    job = http.get(emu.url + "job/f/job/new/api/json").json()
    assert job["_class"] == "org.jenkinsci.plugins.workflow.job.WorkflowJob"
    assert job["property"][0]["parameterDefinitions"][0]["name"] == "WHO"
    again = http.post(emu.url + "createItem", params={"name": "f"}, data=FLOW, headers=h)
    assert again.status_code == 400 and "already exists" in again.text
    bad = http.post(emu.url + "createItem", params={"name": "a/b"}, data=FLOW, headers=h)
    assert bad.status_code == 400
    unknown = http.post(emu.url + "createItem", params={"name": "z"}, data=b"<nope/>", headers=h)
    assert unknown.status_code == 500 and "CannotResolveClassException" in unknown.text
    assert http.post(emu.url + "createItem", params={"name": "y"}, data=FLOW).status_code == 400
    assert http.post(emu.url + "createItem", data=FLOW, headers=h).status_code == 400


def test_create_item_copy(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("src", params=[ParamDef("P")], description="orig")
    r = http.post(
        emu.url + "createItem",
        params={"name": "dst", "mode": "copy", "from": "src"},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/job/dst/configure")
    data = http.get(emu.url + "job/dst/api/json").json()
    assert data["description"] == "orig" and data["property"]
    r = http.post(emu.url + "createItem", params={"name": "x", "mode": "copy", "from": "nope"})
    assert r.status_code == 400 and "No such job: nope" in r.text


def test_delete_rename_enable_disable(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("a")
    emu.freestyle("b")
    r = http.post(emu.url + "job/a/doRename", params={"newName": "a2"}, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/job/a2")  # "../a2"
    assert http.get(emu.url + "job/a/api/json").status_code == 404
    r = http.post(emu.url + "job/a2/disable", allow_redirects=False)
    assert r.status_code == 302
    data: dict[str, Any] = http.get(emu.url + "job/a2/api/json").json()
    assert data["color"] == "disabled" and data["buildable"] is False
    r = http.post(emu.url + "job/a2/build")
    assert r.status_code == 409 and "is not buildable" in r.text
    http.post(emu.url + "job/a2/enable")
    assert http.post(emu.url + "job/a2/build").status_code == 201
    r = http.post(emu.url + "job/a2/doDelete", allow_redirects=False)
    assert r.status_code == 302
    assert http.get(emu.url + "job/a2/api/json").status_code == 404
    assert http.delete(emu.url + "job/b/").status_code == 204
    assert http.get(emu.url + "job/b/api/json").status_code == 404
    assert http.get(emu.url + "job/x/doDelete").status_code == 404


def test_post_only_endpoints_reject_get(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    for action in ("doDelete", "enable", "disable", "build"):
        r = http.get(emu.url + f"job/j/{action}")
        assert r.status_code == 405, action
        assert r.headers["Allow"] == "POST"
