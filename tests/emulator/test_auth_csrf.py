"""Authentication, anonymous access and CSRF crumbs bound to the session cookie."""

from __future__ import annotations

import re

import requests

from jenkins_sdk.testing import JenkinsEmulator
from tests.emulator.conftest import payload


def test_x_jenkins_header_on_every_response(emu: JenkinsEmulator) -> None:
    urls = ["api/json", "job/missing/api/json", "crumbIssuer/api/json"]
    for auth in (emu.credentials, None, ("admin", "wrong")):
        for u in urls:
            r = requests.get(emu.url + u, auth=auth)
            assert r.headers["X-Jenkins"] == "2.541.3", (u, auth, r.status_code)


def test_bad_credentials_401_with_www_authenticate(emu: JenkinsEmulator) -> None:
    r = requests.get(emu.url + "me/api/json", auth=("admin", "nope"))
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Jenkins"'
    assert r.headers["Content-Type"].startswith("text/html")
    real = payload("stagecraft__r6_bad_token_401.body.html")
    assert "<tr><th>MESSAGE:</th><td>Unauthorized</td></tr>" in real
    assert "<tr><th>MESSAGE:</th><td>Unauthorized</td></tr>" in r.text


def test_unknown_user_is_401(emu: JenkinsEmulator) -> None:
    assert requests.get(emu.url + "api/json", auth=("ghost", "x")).status_code == 401


def test_anonymous_without_read_gets_login_403_html(emu: JenkinsEmulator) -> None:
    r = requests.get(emu.url + "api/json")
    assert r.status_code == 403
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Authentication required" in r.text
    assert "login?from=%2Fapi%2Fjson" in r.text
    assert r.headers["X-You-Are-Authenticated-As"] == "anonymous"
    assert r.headers["X-Required-Permission"] == "hudson.model.Hudson.Read"


def test_anonymous_xhr_gets_bare_403(emu: JenkinsEmulator) -> None:
    r = requests.get(emu.url + "api/json", headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 403 and r.content == b""


def test_crumb_issuer_not_readable_anonymously(emu: JenkinsEmulator) -> None:
    assert requests.get(emu.url + "crumbIssuer/api/json").status_code == 403


def test_anonymous_read_configurable(emu: JenkinsEmulator) -> None:
    emu.auth.anonymous_read = True
    emu.freestyle("pub")
    assert requests.get(emu.url + "job/pub/api/json").status_code == 200
    r = requests.post(emu.url + "job/pub/build")
    assert r.status_code == 403  # no crumb for anonymous POSTs


def test_who_am_i_anonymous_and_user(emu: JenkinsEmulator, http: requests.Session) -> None:
    anon = requests.get(emu.url + "whoAmI/api/json").json()
    assert anon["anonymous"] is True and anon["name"] == "anonymous"
    assert anon["_class"] == "hudson.security.WhoAmI"
    me = http.get(emu.url + "whoAmI/api/json").json()
    assert me["name"] == "admin" and me["authorities"] == ["authenticated"]
    assert set(me) == {"_class", "anonymous", "authenticated", "authorities", "name"}


def test_me_requires_login(emu: JenkinsEmulator, http: requests.Session) -> None:
    assert requests.get(emu.url + "me/api/json").status_code == 403
    me = http.get(emu.url + "me/api/json").json()
    assert me["_class"] == "hudson.model.User" and me["id"] == "admin"


def test_crumb_issuer_shape_matches_real(emu: JenkinsEmulator, http: requests.Session) -> None:
    real = payload("stagecraft__02_crumbIssuer.json")
    got = http.get(emu.url + "crumbIssuer/api/json").json()
    assert set(got) == set(real)
    assert got["_class"] == real["_class"]
    assert got["crumbRequestField"] == "Jenkins-Crumb"
    assert re.fullmatch(r"[0-9a-f]{64}", got["crumb"])


def test_crumb_request_sets_session_cookie(emu: JenkinsEmulator, http: requests.Session) -> None:
    r = http.get(emu.url + "crumbIssuer/api/json")
    cookie = r.headers["Set-Cookie"]
    assert re.match(r"JSESSIONID\.[0-9a-f]{8}=\S+; Path=/; HttpOnly; SameSite=Lax", cookie)


def test_crumb_without_session_cookie_is_rejected(emu: JenkinsEmulator) -> None:
    emu.freestyle("j")
    crumb = requests.get(emu.url + "crumbIssuer/api/json", auth=("admin", "admin")).json()
    r = requests.post(
        emu.url + "job/j/build",
        auth=("admin", "admin"),
        headers={"Jenkins-Crumb": crumb["crumb"]},
    )
    assert r.status_code == 403
    assert "No valid crumb was included in the request" in r.text
    real = payload("stagecraft__15_wrongcrumb_403.html")
    assert "<title>Error 403 No valid crumb was included in the request</title>" in real
    assert "<title>Error 403 No valid crumb was included in the request</title>" in r.text


def test_crumb_with_cookie_accepted(emu: JenkinsEmulator, pw: requests.Session) -> None:
    emu.freestyle("j")
    assert pw.post(emu.url + "job/j/build").status_code == 201


def test_missing_and_wrong_crumb_same_403(emu: JenkinsEmulator) -> None:
    emu.freestyle("j")
    with requests.Session() as s:
        s.auth = ("admin", "admin")
        s.get(emu.url + "crumbIssuer/api/json")
        a = s.post(emu.url + "job/j/build")
        b = s.post(emu.url + "job/j/build", headers={"Jenkins-Crumb": "0" * 64})
    assert a.status_code == b.status_code == 403


def test_crumb_as_form_field_and_legacy_name(emu: JenkinsEmulator) -> None:
    emu.freestyle("j")
    with requests.Session() as s:
        s.auth = ("admin", "admin")
        crumb = s.get(emu.url + "crumbIssuer/api/json").json()["crumb"]
        assert s.post(emu.url + "job/j/build", data={".crumb": crumb}).status_code == 403
        assert s.post(emu.url + "job/j/build", data={"Jenkins-Crumb": crumb}).status_code == 201


def test_crumb_of_another_user_rejected(emu: JenkinsEmulator) -> None:
    emu.user("bob", password="pw")
    emu.freestyle("j")
    with requests.Session() as s:
        s.auth = ("admin", "admin")
        crumb = s.get(emu.url + "crumbIssuer/api/json").json()["crumb"]
        s.auth = ("bob", "pw")
        assert s.post(emu.url + "job/j/build", headers={"Jenkins-Crumb": crumb}).status_code == 403


def test_api_token_requests_exempt_from_crumb(emu: JenkinsEmulator, http: requests.Session) -> None:
    emu.freestyle("j")
    assert http.post(emu.url + "job/j/build").status_code == 201
    r = http.post(emu.url + "job/j/build", headers={"Jenkins-Crumb": "wrong"})
    assert r.status_code == 201


def test_csrf_off_issuer_404_and_posts_pass(emu: JenkinsEmulator) -> None:
    emu.auth.csrf = False
    emu.freestyle("j")
    auth = ("admin", "admin")
    assert requests.get(emu.url + "crumbIssuer/api/json", auth=auth).status_code == 404
    assert requests.post(emu.url + "job/j/build", auth=auth).status_code == 201
    assert requests.get(emu.url + "api/json", auth=auth).json()["useCrumbs"] is False


def test_expire_crumbs_on_demand(emu: JenkinsEmulator, pw: requests.Session) -> None:
    emu.freestyle("j")
    assert pw.post(emu.url + "job/j/build").status_code == 201
    emu.expire_crumbs()
    assert pw.post(emu.url + "job/j/build").status_code == 403
    fresh = pw.get(emu.url + "crumbIssuer/api/json").json()["crumb"]
    pw.headers["Jenkins-Crumb"] = fresh
    assert pw.post(emu.url + "job/j/build").status_code == 201


def test_sessions_expire_after_ttl(emu: JenkinsEmulator, pw: requests.Session) -> None:
    emu.freestyle("j")
    emu.session_ttl(60)
    assert pw.post(emu.url + "job/j/build").status_code == 201
    emu.advance(61)
    assert pw.post(emu.url + "job/j/build").status_code == 403


def test_crumbs_issued_counter(emu: JenkinsEmulator, http: requests.Session) -> None:
    for _ in range(3):
        http.get(emu.url + "crumbIssuer/api/json")
    assert emu.counters.crumbs_issued == 3


def test_unreadable_job_is_404_not_403(emu: JenkinsEmulator) -> None:
    emu.user("eve", password="pw", admin=False)
    emu.freestyle("secret", readers=["admin"])
    assert requests.get(emu.url + "job/secret/api/json", auth=("eve", "pw")).status_code == 404
    listing = requests.get(emu.url + "api/json", auth=("eve", "pw")).json()
    assert "secret" not in [j["name"] for j in listing["jobs"]]
    assert requests.get(emu.url + "job/secret/api/json", auth=emu.credentials).status_code == 200
