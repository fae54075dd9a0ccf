"""Unit tests (responses) for ``client.credentials``: verb, path, body and content type of every
call (credentials-plugin ``CredentialsStoreAction``; docs/protocol-admin.md §6)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources.credentials import CredentialOperations, credential_id_of
from jenkins_sdk.specs import SecretText, SSHPrivateKey, UsernamePassword
from tests.resources._helpers import BASE, sent

SYSTEM = "credentials/store/system/domain/_/"
ROW = {
    "id": "dep",
    "typeName": "Username with password",
    "displayName": "bob/****** (prod)",
    "description": "prod",
    "fullName": "system/_/dep",
}


@pytest.fixture
def creds() -> Iterator[CredentialOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c.credentials


def _posts(mocked: responses.RequestsMock) -> list[responses.Call]:
    return [c for c in mocked.calls if c.request.method == "POST"]


def test_list_asks_for_the_fields_and_no_secret(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    mocked.get(BASE + SYSTEM + "api/json", json={"credentials": [ROW]})
    found = creds.list()
    assert found[0].id == "dep" and found[0].display_name == "bob/****** (prod)"
    method, path, query = sent(mocked)[0]
    assert (method, path) == ("GET", SYSTEM + "api/json")
    assert query["tree"] == ["credentials[id,typeName,displayName,description,fullName]"]


def test_folder_and_domain_paths(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    folder = "job/team/job/sub/credentials/store/folder/domain/prod%20eu/"
    mocked.get(BASE + folder + "api/json", json={"credentials": []})
    assert creds.list(folder="team/sub", domain="prod eu") == []
    assert sent(mocked)[0][1] == folder + "api/json"


def test_create_posts_the_xml_then_reads_it_back(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    mocked.post(BASE + SYSTEM + "createCredentials", status=200)
    mocked.get(BASE + SYSTEM + "credential/dep/api/json", json=ROW)
    stored = creds.create(UsernamePassword("dep", "bob", "PW-1", "prod"))
    assert stored.full_name == "system/_/dep"
    post = _posts(mocked)[0].request
    assert post.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(post.body)
    assert root.tag.endswith("UsernamePasswordCredentialsImpl")
    assert root.findtext("password") == "PW-1"


def test_create_of_an_existing_id_is_a_conflict(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    mocked.post(BASE + SYSTEM + "createCredentials", status=409)
    with pytest.raises(errors.Conflict):
        creds.create(SecretText("dep", "s"))


def test_update_posts_config_xml_of_the_spec_id(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    mocked.post(BASE + SYSTEM + "credential/tok/config.xml", status=200)
    mocked.get(BASE + SYSTEM + "credential/tok/api/json", json={**ROW, "id": "tok"})
    raw = (
        "<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl><id>tok</id>"
        "<secret>S</secret></org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>"
    )
    creds.update(raw)
    assert _posts(mocked)[0].request.body == raw.encode()


def test_delete_get_exists(mocked: responses.RequestsMock, creds: CredentialOperations) -> None:
    mocked.post(BASE + SYSTEM + "credential/dep/doDelete", status=302, headers={"Location": BASE})
    mocked.get(BASE + SYSTEM + "credential/dep/api/json", json=ROW)
    mocked.get(BASE + SYSTEM + "credential/gone/api/json", status=404)
    creds.delete("dep")
    assert creds.exists("dep") is True
    assert creds.exists("gone") is False
    assert sent(mocked)[0][:2] == ("POST", SYSTEM + "credential/dep/doDelete")
    assert sent(mocked)[1][2]["tree"] == ["id,typeName,displayName,description,fullName"]


def test_domains_come_from_the_store_map(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    domains = {
        "prod": {"urlName": "prod", "displayName": "prod", "global": False},
        "_": {"urlName": "_", "displayName": "Global", "global": True},
    }
    mocked.get(BASE + "credentials/store/system/api/json", json={"domains": domains})
    found = creds.domains()
    assert [d.name for d in found] == ["_", "prod"] and found[0].is_global
    assert sent(mocked)[0][2]["tree"] == ["domains[urlName,displayName,description,global]"]


def test_bad_ids_and_shapes(mocked: responses.RequestsMock, creds: CredentialOperations) -> None:
    with pytest.raises(errors.InvalidRef):
        creds.delete(" x")
    with pytest.raises(errors.InvalidRef):
        credential_id_of("<not-xml")
    with pytest.raises(errors.InvalidRef):
        credential_id_of("<a><description/></a>")
    mocked.get(BASE + SYSTEM + "api/json", json={"credentials": [{"typeName": "x"}]})
    with pytest.raises(errors.ResponseShapeError):
        creds.list()
    assert not mocked.calls or all("doDelete" not in c.request.url for c in mocked.calls)


def test_an_error_page_quoting_the_posted_xml_shows_no_secret(
    mocked: responses.RequestsMock, creds: CredentialOperations
) -> None:
    """A 500 "Oops!" page may quote what XStream could not read; the error masks the secrets."""
    key = "-----BEGIN KEY-----\nKEYLINE-0123456789abcdef\n-----END KEY-----"
    spec = SSHPrivateKey("k", "jenkins", key, passphrase="PASS-PHRASE-42")
    page = "<html>Oops! bad key KEYLINE-0123456789abcdef; passphrase PASS-PHRASE-42</html>"
    mocked.post(
        BASE + SYSTEM + "createCredentials",
        status=500,
        body=page,
        content_type="text/html",
        headers={"X-Error": page},
    )
    mocked.post(BASE + SYSTEM + "credential/k/config.xml", status=500, body=page)
    for call in (creds.create, creds.update):
        with pytest.raises(errors.ServerError) as info:
            call(spec)
        shown = f"{info.value} {info.value!r} {info.value.body_excerpt} {info.value.args}"
        shown += str(info.value.headers)
        assert "KEYLINE-0123456789abcdef" not in shown and "PASS-PHRASE-42" not in shown
        assert "Oops!" in shown  # the excerpt is still there
