"""Credentials stores: create, read (never a secret), update, delete, domains, folder stores.

Grounded in credentials-plugin ``src/main/java/com/cloudbees/plugins/credentials/
CredentialsStoreAction.java`` (``doCreateCredentials``, ``CredentialsWrapper.doConfigDotXml``
with ``SECRETS_REDACTED``, ``doDoDelete``, the exported ``DomainWrapper``/``CredentialsWrapper``),
its test ``CredentialsStoreActionTest.restCRUDSmokes`` (JSON/XML shapes), ``ViewCredentialsAction``,
plain-credentials ``StringCredentialsImpl``/``FileCredentialsImpl`` and ssh-credentials
``BasicSSHUserPrivateKey``; cloudbees-folder ``FolderCredentialsProvider`` for ``store/folder``.
"""

from __future__ import annotations

import base64

import requests

from jenkins_sdk.testing import JenkinsEmulator

XML = {"Content-Type": "application/xml"}
SYSTEM = "credentials/store/system/domain/_/"
UP = (
    "<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>"
    "<scope>GLOBAL</scope><id>deployer</id><description>prod</description>"
    "<username>bob</username><password>PW-sekrit-1</password>"
    "</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>"
)
KEY = (
    "<com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>"
    "<scope>GLOBAL</scope><id>agent-key</id><username>jenkins</username>"
    '<privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.'
    'BasicSSHUserPrivateKey$DirectEntryPrivateKeySource"><privateKey>KEY-sekrit-2</privateKey>'
    "</privateKeySource><passphrase>PP-sekrit-3</passphrase>"
    "</com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>"
)
FILE = (
    "<org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl><scope>GLOBAL</scope>"
    "<id>kubeconfig</id><fileName>config</fileName>"
    f"<secretBytes>{base64.b64encode(b'FILE-sekrit-4').decode()}</secretBytes>"
    "</org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl>"
)
TEXT = (
    "<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl><scope>GLOBAL</scope>"
    "<id>slack</id><description>bot token</description><secret>TXT-sekrit-5</secret>"
    "</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>"
)
SECRETS = ("PW-sekrit-1", "KEY-sekrit-2", "PP-sekrit-3", "FILE-sekrit-4", "TXT-sekrit-5")


def _create_all(emu: JenkinsEmulator, http: requests.Session) -> None:
    for xml in (UP, KEY, FILE, TEXT):
        assert http.post(emu.url + SYSTEM + "createCredentials", data=xml, headers=XML).ok


def test_create_then_list_never_shows_a_secret(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``doCreateCredentials`` (XML): 200; the domain's JSON lists id, typeName, displayName
    (``CredentialsNameProvider`` per type), description, fullName; no secret anywhere."""
    _create_all(emu, http)
    tree = "credentials[id,typeName,displayName,description,fullName]"
    data = http.get(emu.url + SYSTEM + "api/json", params={"tree": tree}).json()
    rows = {c["id"]: c for c in data["credentials"]}
    assert rows["deployer"]["typeName"] == "Username with password"
    assert rows["deployer"]["displayName"] == "bob/****** (prod)"
    assert rows["agent-key"]["displayName"] == "jenkins"
    assert rows["kubeconfig"]["typeName"] == "Secret file"
    assert rows["slack"]["displayName"] == "bot token"
    assert rows["deployer"]["fullName"] == "system/_/deployer"
    everything = http.get(emu.url + SYSTEM + "api/json", params={"depth": 2}).text
    assert not any(s in everything for s in SECRETS)


def test_depth_zero_lists_credentials_by_class_only(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``credentials`` is exported at visibility 1: its entries need ``depth=1`` or ``tree``."""
    _create_all(emu, http)
    shallow = http.get(emu.url + SYSTEM + "api/json").json()
    assert shallow["credentials"][0] == {
        "_class": "com.cloudbees.plugins.credentials.CredentialsStoreAction$CredentialsWrapper"
    }
    assert shallow["urlName"] == "_" and shallow["displayName"] == "Global"
    assert http.get(emu.url + SYSTEM + "api/json?depth=1").json()["credentials"][0]["id"]


def test_config_xml_shows_secret_redacted(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``SECRETS_REDACTED``: each ``Secret``/``SecretBytes`` holds ``<secret-redacted/>``."""
    _create_all(emu, http)
    for cred in ("deployer", "agent-key", "kubeconfig", "slack"):
        r = http.get(emu.url + SYSTEM + f"credential/{cred}/config.xml")
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/xml")
        assert "secret-redacted" in r.text and not any(s in r.text for s in SECRETS)
    assert emu.stored_credential("agent-key")["passphrase"] == "PP-sekrit-3"


def test_duplicate_id_is_409_and_no_content_type_400(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``addCredentials`` false → ``HttpResponses.status(409)``; no Content-Type → ``Failure``."""
    _create_all(emu, http)
    r = http.post(emu.url + SYSTEM + "createCredentials", data=UP, headers=XML)
    assert r.status_code == 409 and r.text == ""
    r = http.post(emu.url + SYSTEM + "createCredentials", data=UP.encode())
    assert r.status_code == 400 and "No Content-Type header set" in r.text


def test_update_replaces_and_posting_redacted_back_erases(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """``updateByXml``: the body replaces the credential; ``<secret-redacted/>`` unmarshals to
    null, so posting back what GET gave erases the secret."""
    _create_all(emu, http)
    url = emu.url + SYSTEM + "credential/deployer/config.xml"
    new = UP.replace("PW-sekrit-1", "PW-new").replace("<username>bob<", "<username>carol<")
    assert http.post(url, data=new, headers=XML).status_code == 200
    assert emu.stored_credential("deployer")["password"] == "PW-new"
    assert emu.stored_credential("deployer")["username"] == "carol"
    assert http.post(url, data=http.get(url).content, headers=XML).ok
    assert emu.stored_credential("deployer")["password"] is None


def test_delete_by_post_and_by_http_delete(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``doDelete``: 302 to ``../..`` (the domain); ``DELETE config.xml``: 200; then 404."""
    _create_all(emu, http)
    r = http.post(emu.url + SYSTEM + "credential/deployer/doDelete", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/" + SYSTEM)
    assert http.delete(emu.url + SYSTEM + "credential/slack/config.xml").status_code == 200
    for gone in ("deployer", "slack"):
        assert http.get(emu.url + SYSTEM + f"credential/{gone}/api/json").status_code == 404
    assert emu.credential_ids() == ["agent-key", "kubeconfig"]


def test_domains_map_and_unknown_ones(emu: JenkinsEmulator, http: requests.Session) -> None:
    """``getDomains`` is exported as an object keyed by URL name; unknown store/domain: 404."""
    cls = "com.cloudbees.plugins.credentials.domains.Domain"
    dom = f"<{cls}><name>prod</name></{cls}>"
    r = http.post(emu.url + "credentials/store/system/createDomain", data=dom, headers=XML)
    assert r.status_code == 200
    again = http.post(emu.url + "credentials/store/system/createDomain", data=dom, headers=XML)
    assert again.status_code == 409
    tree = "domains[urlName,displayName,global]"
    domains = http.get(emu.url + "credentials/store/system/api/json", params={"tree": tree}).json()
    assert set(domains["domains"]) == {"_", "prod"}
    assert domains["domains"]["_"]["global"] is True
    assert http.get(emu.url + "credentials/store/nope/api/json").status_code == 404
    assert http.get(emu.url + "credentials/store/system/domain/x/api/json").status_code == 404


def test_folder_store(emu: JenkinsEmulator, http: requests.Session) -> None:
    """cloudbees-folder: ``/job/F/credentials/store/folder/domain/_/``, full names under F."""
    emu.folder("team")
    base = emu.url + "job/team/credentials/store/folder/domain/_/"
    assert http.post(base + "createCredentials", data=TEXT, headers=XML).ok
    data = http.get(base + "api/json", params={"depth": 1}).json()
    assert data["fullName"] == "team/folder/_"
    assert data["credentials"][0]["fullName"] == "team/folder/_/slack"
    assert emu.stored_credential("slack", folder="team")["secret"] == "TXT-sekrit-5"
    assert http.get(emu.url + SYSTEM + "credential/slack/api/json").status_code == 404
    assert http.get(emu.url + "job/nope/credentials/store/folder/api/json").status_code == 404
