"""``withCredentials`` and declarative ``credentials()`` over the emulator's credentials store
(issue 19 audit: Jenkinsfiles as real projects write them)."""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator
from tests.emulator._pipeline_support import XML, build, lines_between, run

_STORE = "credentials/store/system/domain/_/createCredentials"
_TOKEN = (
    b"<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl><scope>GLOBAL</scope>"
    b"<id>tok</id><secret>s3cr3t-value</secret>"
    b"</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>"
)
_LOGIN = (
    b"<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl><scope>GLOBAL"
    b"</scope><id>login</id><username>bob</username><password>hunter22</password>"
    b"</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>"
)


def _store(http: requests.Session, emu: JenkinsEmulator) -> None:
    for xml in (_TOKEN, _LOGIN):
        assert http.post(emu.url + _STORE, data=xml, headers=XML).status_code == 200


def test_with_credentials_binds_and_masks(emu: JenkinsEmulator, http: requests.Session) -> None:
    """credentials-binding impl/BindingStep.java (``Masking supported pattern matches of $T or
    $P``, the body's output through SecretPatterns.MaskingOutputStream: ``****``),
    StringBinding, UsernamePasswordMultiBinding (the username is public unless
    ``usernameSecret``), MultiBinding.getCredentials (type mismatch message)."""
    _store(http, emu)
    script = (
        "node {\n"
        "  withCredentials([string(credentialsId: 'tok', variable: 'T'),\n"
        "      usernamePassword(credentialsId: 'login', usernameVariable: 'U',"
        " passwordVariable: 'P')]) {\n"
        "    sh 'echo token=$T user=$U pass=$P'\n"
        '    echo "in groovy: ${env.T}"\n'
        "  }\n"
        "  echo 'after s3cr3t-value'\n"
        "  withCredentials([string(credentialsId: 'login', variable: 'X')]) { echo 'no' }\n"
        "}"
    )
    text = run(http, emu, "wc", script)
    assert lines_between(text, "[Pipeline] withCredentials", "in groovy: ****") == [
        "[Pipeline] withCredentials",
        "Masking supported pattern matches of $T or $P",
        "[Pipeline] {",
        "[Pipeline] sh",
        "+ echo token=**** user=bob pass=****",
        "token=**** user=bob pass=****",
        "[Pipeline] echo",
        "in groovy: ****",
    ]
    assert "after s3cr3t-value" in text.splitlines()  # outside the block nothing is masked
    assert "hunter22" not in text and "no" not in text.splitlines()
    assert text.splitlines()[-2:] == [
        "ERROR: Credentials 'login' is of type 'Username with password' where 'Secret text' was"
        " expected",
        "Finished: FAILURE",
    ]
    missing = run(
        http,
        emu,
        "gone",
        "withCredentials([string(credentialsId: 'x', variable: 'X')]) { echo 'no' }",
    )
    assert missing.splitlines()[-4:] == [
        "[Pipeline] // withCredentials",
        "[Pipeline] End of Pipeline",
        "ERROR: Could not find credentials entry with ID 'x'",
        "Finished: FAILURE",
    ]


def test_declarative_environment_credentials(emu: JenkinsEmulator, http: requests.Session) -> None:
    """pipeline-model-definition ModelInterpreter.groovy (withCredentialsBlock around
    withEnvBlock, which adds no withEnv step without variables), credentials/impl
    UsernamePasswordHandler (NAME = user:password, NAME_USR, NAME_PSW) and the string handler;
    CredentialsBindingHandler.forId (a missing id: CredentialNotFoundException(id))."""
    _store(http, emu)
    script = (
        "pipeline {\n  agent any\n"
        "  environment { CREDS = credentials('login'); TOK = credentials('tok'); X = 'x' }\n"
        "  stages { stage('a') { steps { sh 'echo $CREDS $CREDS_USR $CREDS_PSW $TOK $X' } } }\n}"
    )
    text = run(http, emu, "decl", script)
    rows = text.splitlines()
    assert "Masking supported pattern matches of $CREDS or $CREDS_PSW or $TOK" in rows
    assert rows.index("[Pipeline] withCredentials") < rows.index("[Pipeline] withEnv")
    assert "+ echo **** bob **** **** x" in rows
    assert build(http, emu, "decl")["result"] == "SUCCESS"
    lost = (
        "pipeline {\n  agent any\n  environment { C = credentials('nope') }\n"
        "  stages { stage('a') { steps { echo 'no' } } }\n}"
    )
    rows = run(http, emu, "lost", lost).splitlines()
    assert rows[-2:] == ["ERROR: nope", "Finished: FAILURE"]
