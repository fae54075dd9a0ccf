"""Users and API tokens: tokens that really authenticate and get 401 once revoked.

Grounded in ``core/src/main/java/jenkins/security/ApiTokenProperty.java``
(``DescriptorImpl.doGenerateNewToken``, ``doRevoke``, ``doRename``,
``hasCurrentUserRightToGenerateNewToken``), ``core/src/main/resources/jenkins/security/
ApiTokenProperty/config.jelly`` (the token cards), ``hudson/util/HttpResponses.java``
(``okJSON``/``errorJSON``), ``hudson/model/User.java``, ``jenkins/model/Jenkins.getUser``,
``jenkins/model/PeopleRedirect.java`` (2.452) and ``hudson/security/HudsonPrivateSecurityRealm``
``index.jelly`` (the ``people`` table).
"""

from __future__ import annotations

import re

import requests

from jenkins_sdk.testing import JenkinsEmulator

TOKENS = "user/{}/descriptorByName/jenkins.security.ApiTokenProperty/"
CARD = re.compile(r"class='token-card[^']*' id='([^']+)'.*?<span class='token-name'>([^<]*)</span>")
ROW = re.compile(r"<td><a href='[^']*/user/[^/']+/'>([^<]+)</a></td><td>([^<]*)</td>")


def test_a_generated_token_authenticates_until_revoked(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``generateNewToken``: ``{"status":"ok","data":{tokenUuid,tokenName,tokenValue,...}}``;
    the value works for Basic auth at once and gets 401 after ``revoke``."""
    base = emu.url + TOKENS.format("admin")
    r = http.post(base + "generateNewToken", data={"newTokenName": "ci-bot"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json; charset=UTF-8"
    body = r.json()
    assert body["status"] == "ok"
    data = body["data"]
    assert data["tokenName"] == "ci-bot" and len(data["tokenValue"]) == 34
    assert requests.get(emu.url + "api/json", auth=("admin", data["tokenValue"])).ok
    assert http.post(base + "revoke", data={"tokenUuid": data["tokenUuid"]}).status_code == 200
    after = requests.get(emu.url + "api/json", auth=("admin", data["tokenValue"]))
    assert after.status_code == 401 and after.headers["WWW-Authenticate"] == 'Basic realm="Jenkins"'


def test_revoke_of_an_unknown_uuid_is_still_200(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``revokeToken`` ignores an unknown uuid; a blank one is 400."""
    base = emu.url + TOKENS.format("admin")
    assert http.post(base + "revoke", data={"tokenUuid": "no-such"}).status_code == 200
    assert http.post(base + "revoke").status_code == 400
    assert http.get(base + "revoke").status_code == 405


def test_only_the_owner_generates_tokens(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``ADMIN_CAN_GENERATE_NEW_TOKENS`` is off by default: an administrator gets 403 for
    another user; with the property on, it works."""
    emu.user("bob", "bob-pw")
    url = emu.url + TOKENS.format("bob") + "generateNewToken"
    assert http.post(url).status_code == 403
    emu.admin_can_generate_tokens()
    assert http.post(url).json()["status"] == "ok"


def test_the_token_page_lists_uuids_and_names(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``/user/<id>/security/``: one ``token-card`` per token (legacy ones too), sorted by name;
    ``rename`` answers ``okJSON``/``errorJSON`` (both 200)."""
    base = emu.url + TOKENS.format("admin")
    made = http.post(base + "generateNewToken", data={"newTokenName": "build-bot"}).json()["data"]
    listed = CARD.findall(http.get(emu.url + "user/admin/security/").text)
    assert (made["tokenUuid"], "build-bot") in listed
    assert [name for _, name in listed] == ["build-bot", "Legacy Token"]
    assert listed == emu.api_tokens("admin")
    form = {"tokenUuid": made["tokenUuid"], "newName": "renamed"}
    assert http.post(base + "rename", data=form).json() == {"status": "ok"}
    missing = http.post(base + "rename", data={"tokenUuid": "x", "newName": "y"}).json()
    assert missing["status"] == "error"


def test_users_json_and_lists(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``/user/<id>/api/json`` (404 for an unknown id), ``/asynchPeople/api/json`` gone since
    2.452 unless the people-view plugin is there, ``/securityRealm/``'s ``people`` table."""
    emu.user("bob", "bob-pw")
    assert http.get(emu.url + "user/bob/api/json").json()["id"] == "bob"
    assert http.get(emu.url + "user/nobody/api/json").status_code == 404
    assert http.get(emu.url + "asynchPeople/api/json").status_code == 404
    assert http.get(emu.url + "asynchPeople/").status_code == 200
    users = ROW.findall(http.get(emu.url + "securityRealm/").text)
    assert [u for u, _ in users] == ["admin", "bob"]
    emu.people_view_plugin()
    tree = "users[user[id,fullName]]"
    people = http.get(emu.url + "asynchPeople/api/json", params={"tree": tree}).json()
    assert [p["user"]["id"] for p in people["users"]] == ["admin", "bob"]


def test_me_is_the_caller(emu: JenkinsEmulator) -> None:
    """``/me``: the authenticated user; anonymous gets the login 403."""
    emu.user("bob", "bob-pw", "bob-token")
    assert requests.get(emu.url + "me/api/json", auth=("bob", "bob-token")).json()["id"] == "bob"
    assert requests.get(emu.url + "me/api/json").status_code == 403
