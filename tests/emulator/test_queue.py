"""Triggers and the queue: 201 + Location, 405, 400/303 rules, transitions, cancel, expiry."""

from __future__ import annotations

import json
import re

import requests

from jenkins_sdk.testing import JenkinsEmulator, ParamDef
from tests.emulator.conftest import payload

LOC = re.compile(r"^http://127\.0\.0\.1:\d+/queue/item/(\d+)/$")


def _item(http: requests.Session, emu: JenkinsEmulator, loc: str) -> dict:  # type: ignore[type-arg]
    m = LOC.match(loc)
    assert m, loc
    return http.get(f"{emu.url}queue/item/{m.group(1)}/api/json").json()  # type: ignore[no-any-return]


def test_build_returns_201_with_absolute_location(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("f/j")
    r = http.post(emu.url + "job/f/job/j/build")
    assert r.status_code == 201 and r.content == b""
    assert LOC.match(r.headers["Location"])
    assert emu.counters.triggers["f/j"] == 1


def test_location_uses_request_host(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    r = http.post(emu.url + "job/j/build", headers={"Host": "jenkins.internal:8080"})
    assert r.headers["Location"].startswith("http://jenkins.internal:8080/queue/item/")


def test_get_build_is_405_with_retry_page(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    r = http.get(emu.url + "job/j/build")
    assert r.status_code == 405 and r.headers["Allow"] == "POST"
    assert "requires that requests be sent using POST" in r.text
    assert emu.counters.triggers["j"] == 0


def test_token_trigger_allows_get(emu: JenkinsEmulator) -> None:
    emu.freestyle("j", token="s3cret")
    r = requests.get(emu.url + "job/j/build", params={"token": "s3cret"}, auth=emu.credentials)
    assert r.status_code == 201
    item = requests.get(r.headers["Location"] + "api/json", auth=emu.credentials).json()
    assert item["actions"][-1]["causes"][0]["_class"] == "hudson.model.Cause$RemoteCause"
    bad = requests.get(emu.url + "job/j/build", params={"token": "x"}, auth=emu.credentials)
    assert bad.status_code == 403


def test_parameterised_build_without_json_is_400(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("p", params=[ParamDef("A", default="x")])
    r = http.post(emu.url + "job/p/build")
    assert r.status_code == 400 and "Nothing is submitted" in r.text
    r = http.post(emu.url + "job/p/build", data={"A": "y"})
    assert r.status_code == 400 and "expects a form submission" in r.text
    assert http.get(emu.url + "job/p/build").status_code == 200  # the parameter form
    body = {"json": json.dumps({"parameter": [{"name": "A", "value": "z"}]})}
    r = http.post(emu.url + "job/p/build", data=body)
    assert r.status_code == 201
    assert _item(http, emu, r.headers["Location"])["params"] == "\nA=z"
    unknown = {"json": json.dumps({"parameter": [{"name": "NOPE", "value": "z"}]})}
    r = http.post(emu.url + "job/p/build", data=unknown)
    assert r.status_code == 500 and "No such parameter definition: NOPE" in r.text


def test_build_with_parameters_on_plain_job_is_400(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("plain")
    r = http.post(emu.url + "job/plain/buildWithParameters", params={"X": "1"})
    assert r.status_code == 400 and "plain is not parameterized" in r.text


def test_build_with_parameters_defaults_and_values(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle(
        "p",
        params=[
            ParamDef("S", default="d"),
            ParamDef("B", type="boolean", default=False),
            ParamDef("C", type="choice", choices=["one", "two"]),
        ],
    )
    r = http.post(emu.url + "job/p/buildWithParameters", data={"B": "true", "IGNORED": "1"})
    assert r.status_code == 201
    item = _item(http, emu, r.headers["Location"])
    values = {p["name"]: p["value"] for p in item["actions"][0]["parameters"]}
    assert values == {"S": "d", "B": True, "C": "one"}
    assert item["actions"][0]["parameters"][1]["_class"] == "hudson.model.BooleanParameterValue"
    r = http.post(emu.url + "job/p/buildWithParameters", params={"C": "three"})
    assert r.status_code == 500 and "Illegal choice" in r.text


def test_identical_buildwithparameters_merge_303(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("p", params=[ParamDef("A")])
    first = http.post(emu.url + "job/p/buildWithParameters", params={"A": "1"})
    second = http.post(
        emu.url + "job/p/buildWithParameters", params={"A": "1"}, allow_redirects=False
    )
    other = http.post(emu.url + "job/p/buildWithParameters", params={"A": "2"})
    assert first.status_code == 201 and second.status_code == 303 and other.status_code == 201
    assert second.headers["Location"] == first.headers["Location"]
    assert other.headers["Location"] != first.headers["Location"]
    assert emu.counters.triggers["p"] == 2 and emu.counters.merged["p"] == 1


def test_identical_build_merges_with_201(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    a = http.post(emu.url + "job/j/build")
    b = http.post(emu.url + "job/j/build")
    assert a.status_code == b.status_code == 201
    assert a.headers["Location"] == b.headers["Location"]
    emu.settle()
    assert emu.counters.builds_started("j") == 1


def test_waiting_item_shape_matches_real(emu: JenkinsEmulator, http: requests.Session) -> None:
    real = payload("api4jenkins__queue_waitingitem.json")
    emu.freestyle("j")
    r = http.post(emu.url + "job/j/build")
    item = _item(http, emu, r.headers["Location"])
    assert item["_class"] == "hudson.model.Queue$WaitingItem"
    assert set(real) == set(item)
    # Queue.WaitingItem.getCauseOfBlockage -> Util.getTimeSpanString(5000): MessageFormat prints
    # the float 5.0 as "5" (the real capture's "4.6 sec" keeps its decimal).
    assert item["why"] == "In the quiet period. Expires in 5 sec"
    assert item["url"] == f"queue/item/{item['id']}/"
    assert item["timestamp"] - item["inQueueSince"] == 5000


def test_queue_transitions_waiting_buildable_left(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.state.executors = 1
    emu.freestyle("busy", duration=30, quiet_period=0)
    emu.freestyle("j", duration=10, concurrent=True)
    http.post(emu.url + "job/busy/build")
    emu.advance(0)
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    assert _item(http, emu, loc)["_class"] == "hudson.model.Queue$WaitingItem"
    emu.advance(5)
    item = _item(http, emu, loc)
    assert item["_class"] == "hudson.model.Queue$BuildableItem"
    assert item["buildable"] is True and item["why"] == "Waiting for next available executor"
    emu.advance(25)
    left = _item(http, emu, loc)
    real = payload("api4jenkins__queue_leftitem.json")
    assert set(left) == set(real)
    assert left["_class"] == "hudson.model.Queue$LeftItem"
    assert left["cancelled"] is False
    assert left["executable"] == {
        "_class": "hudson.model.FreeStyleBuild",
        "number": 1,
        "url": emu.url + "job/j/1/",
    }
    build = http.get(left["executable"]["url"] + "api/json").json()
    assert build["queueId"] == left["id"] and build["building"] is True


def test_non_concurrent_job_blocks(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=20, quiet_period=0)
    http.post(emu.url + "job/j/build")
    emu.advance(1)
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    emu.advance(1)
    item = _item(http, emu, loc)
    assert item["_class"] == "hudson.model.Queue$BlockedItem" and item["blocked"] is True
    assert item["why"].startswith("Build #1 is already in progress")
    emu.advance(20)
    assert _item(http, emu, loc)["executable"]["number"] == 2


def test_queue_listing_holds_current_items_only(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    emu.freestyle("j")
    emu.freestyle("k")
    http.post(emu.url + "job/j/build")
    http.post(emu.url + "job/k/build")
    q = http.get(emu.url + "queue/api/json").json()
    assert q["_class"] == "hudson.model.Queue" and q["discoverableItems"] == []
    assert [i["task"]["name"] for i in q["items"]] == ["j", "k"]
    emu.advance(6)
    assert http.get(emu.url + "queue/api/json").json()["items"] == []


def test_left_items_expire_after_five_minutes(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=1)
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    emu.advance(5)
    assert http.get(loc + "api/json").json()["_class"] == "hudson.model.Queue$LeftItem"
    emu.advance(299)
    assert http.get(loc + "api/json").status_code == 200
    emu.advance(1)
    assert http.get(loc + "api/json").status_code == 404


def test_cancel_item(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    item_id = LOC.match(loc).group(1)  # type: ignore[union-attr]
    assert http.get(emu.url + "queue/cancelItem", params={"id": item_id}).status_code == 405
    r = http.post(emu.url + "queue/cancelItem", params={"id": item_id})
    assert r.status_code == 204
    left = http.get(loc + "api/json").json()
    assert left["cancelled"] is True and left["executable"] is None
    again = http.post(emu.url + "queue/cancelItem", params={"id": item_id})
    assert again.status_code == 404 and f"Provided id ({item_id}) not found" in again.text
    emu.advance(10)
    assert emu.counters.builds_started("j") == 0


def test_quiet_down_keeps_201_and_blocks(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j", duration=1)
    assert http.post(emu.url + "quietDown", allow_redirects=False).status_code == 302
    assert http.get(emu.url + "api/json").json()["quietingDown"] is True
    loc = http.post(emu.url + "job/j/build").headers["Location"]
    emu.advance(30)
    item = http.get(loc + "api/json").json()
    assert item["_class"] == "hudson.model.Queue$BlockedItem"
    assert item["why"] == "Jenkins is about to shut down"
    http.post(emu.url + "cancelQuietDown")
    emu.advance(1)
    assert http.get(loc + "api/json").json()["executable"]["number"] == 1


def test_delay_parameter(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    loc = http.post(emu.url + "job/j/build", params={"delay": "20sec"}).headers["Location"]
    item = http.get(loc + "api/json").json()
    assert item["timestamp"] - item["inQueueSince"] == 20_000
    loc2 = http.post(emu.url + "job/j/build", params={"delay": "0"}).headers["Location"]
    assert loc2 == loc  # merged into the waiting item, which now becomes due at once
    emu.advance(0)
    assert http.get(loc + "api/json").json()["_class"] == "hudson.model.Queue$LeftItem"


def test_multipart_file_parameter(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("up", params=[ParamDef("FILE", type="file"), ParamDef("NOTE")])
    files = {"FILE": ("data.txt", b"hello"), "NOTE": (None, "n1")}
    r = http.post(emu.url + "job/up/buildWithParameters", files=files)
    assert r.status_code == 201
    item = http.get(r.headers["Location"] + "api/json").json()
    params = item["actions"][0]["parameters"]
    assert params[0] == {"_class": "hudson.model.FileParameterValue", "name": "FILE"}
    assert params[1]["value"] == "n1"
    emu.advance(5)
    build = emu.job("up").builds[1]
    assert build.files == {"FILE": b"hello"}


def test_disabled_job_409(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("d", disabled=True)
    assert http.post(emu.url + "job/d/build").status_code == 409


def test_unknown_job_trigger_404(emu: JenkinsEmulator, http: requests.Session) -> None:
    assert http.post(emu.url + "job/ghost/build").status_code == 404
