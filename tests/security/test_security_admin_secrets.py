"""Secret hygiene of the administration calls: credentials' secrets, API token values and inbound
agents' secrets never show in a log line, an error, a repr or a recording (the CLI prints only
what it exists to print: a token's value on ``token-create``, an agent's secret on ``secret``).

The tour runs every administration call against the emulator with DEBUG logging of every logger,
records it, drives the CLI with its secrets in the environment, then greps everything.
"""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

import pytest

from jenkins_sdk import errors
from jenkins_sdk.cli import main as cli_main
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.specs import SecretFile, SecretText, SSHPrivateKey, UsernamePassword
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.simulation._helpers import recording_text

PASSWORD = "CRED-PW-8f2c41d9e7"
TEXT = "CRED-TXT-5a1b9c0d3e"
KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nCRED-KEY-77aa00bb11cc22dd33ee44ff\n-----END-----"
PASSPHRASE = "CRED-PP-0c9d8e7f6a"
FILE = b"CRED-FILE-3141592653"
CLI_SECRET = "CRED-CLI-2718281828"
SECRETS = {
    "password": PASSWORD,
    "secret text": TEXT,
    "private key line": KEY.splitlines()[1],
    "passphrase": PASSPHRASE,
    "file content": FILE.decode(),
    "file content (base64)": base64.b64encode(FILE).decode(),
    "cli secret": CLI_SECRET,
}


def _tour(client: JenkinsClient, emu: JenkinsEmulator, produced: list[str]) -> dict[str, str]:
    """Every administration call; returns the secrets Jenkins handed out (token, agent)."""
    creds = client.credentials
    for spec in (
        UsernamePassword("dep", "bob", PASSWORD),
        SecretText("txt", TEXT),
        SSHPrivateKey("key", "jenkins", KEY, passphrase=PASSPHRASE),
        SecretFile("file", "f.txt", FILE),
    ):
        produced.append(repr(spec))
        produced.append(repr(creds.create(spec)))
    produced.append(repr(creds.update(UsernamePassword("dep", "bob", PASSWORD))))
    produced += [repr(c) for c in creds.list()]
    try:
        creds.create(UsernamePassword("dep", "bob", PASSWORD))
    except errors.Conflict as exc:
        produced += [str(exc), repr(exc), exc.body_excerpt]
    token = client.users.create_token("bot")
    produced += [repr(token), repr(client.users.tokens())]
    node = client.nodes.create("agent-1")
    produced.append(repr(node))
    agent_secret = client.nodes.agent_secret("agent-1")
    produced.append(client.nodes.log("agent-1"))
    produced.append(client.nodes.get_config("agent-1"))
    client.users.revoke_token(token.uuid)
    assert token.value is not None
    return {"token value": token.value, "agent secret": agent_secret}


def test_admin_secrets_never_leak(
    jenkins_emulator: JenkinsEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu = jenkins_emulator
    caplog.set_level(logging.DEBUG)
    produced: list[str] = []
    recording = tmp_path / "admin.json"
    user, token = emu.credentials
    clock = LinkedClock(emu)
    with (
        JenkinsClient(url=emu.url, username=user, api_token=token, clock=clock) as c,
        c.simulate("record", recording),
    ):
        handed_out = _tour(c, emu, produced)
    assert emu.stored_credential("key")["passphrase"] == PASSPHRASE  # it did reach Jenkins
    # the CLI: the secret comes from the environment; the outputs are grepped below
    monkeypatch.setenv("CLI_SECRET", CLI_SECRET)
    base = ["--url", emu.url, "--user", user, "--token", token]
    capsys.readouterr()
    add = ["creds", "add", "cli", "--type", "secret-text", "--secret-env", "CLI_SECRET"]
    assert cli_main([*base, *add]) == 0
    assert cli_main([*base, *add]) != 0  # 409: the error must not echo it either
    assert cli_main([*base, "creds", "ls", "--json"]) == 0
    out = capsys.readouterr()
    assert emu.stored_credential("cli")["secret"] == CLI_SECRET

    haystacks = {
        "logs": caplog.text + "\n".join(str(r.args) for r in caplog.records),
        "produced": "\n".join(produced),
        "cli stdout": out.out,
        "cli stderr": out.err,
        "recording": recording_text(recording),
    }
    needles = {**SECRETS, **handed_out}
    assert "DEBUG" in caplog.text and "createCredentials" in haystacks["recording"]
    leaks = [
        f"{what} found in {where}"
        for where, text in haystacks.items()
        for what, needle in needles.items()
        if needle in text
    ]
    assert leaks == []
    assert "<sensitive>" in haystacks["recording"]  # the XML bodies are there, secrets hidden


def test_the_cli_prints_a_new_token_only_on_stdout(
    jenkins_emulator: JenkinsEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """``users token-create`` exists to show the value once: stdout only, never stderr/logs."""
    emu = jenkins_emulator
    user, token = emu.credentials
    base = ["--url", emu.url, "--user", user, "--token", token]
    capsys.readouterr()
    assert cli_main([*base, "-v", "users", "token-create", "bot"]) == 0
    out = capsys.readouterr()
    value = out.out.strip()
    assert len(value) == 34 and value not in out.err


def test_cli_secrets_from_files_stdin_and_env_never_echo(
    jenkins_emulator: JenkinsEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every secret source of ``creds add`` (file, stdin, env; the key's passphrase too), the
    ``--replace`` update, and ``nodes secret`` under ``-v`` (DEBUG on stderr): the secrets reach
    Jenkins and show nowhere but where the command exists to print them (stdout)."""
    emu = jenkins_emulator
    user, token = emu.credentials
    base = ["--url", emu.url, "--user", user, "--token", token, "-v"]
    key_file = tmp_path / "id_ed25519"
    key_file.write_text(KEY + "\n")
    monkeypatch.setenv("KEY_PP", PASSPHRASE)
    caplog.set_level(logging.DEBUG)
    capsys.readouterr()
    ssh = ["creds", "add", "k", "--type", "ssh-key", "--username", "jenkins"]
    assert (
        cli_main([*base, *ssh, "--secret-file", str(key_file), "--passphrase-env", "KEY_PP"]) == 0
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(FILE)))
    add_file = ["creds", "add", "f", "--type", "secret-file", "--secret-stdin"]
    assert cli_main([*base, *add_file, "--filename", "f.bin"]) == 0
    monkeypatch.setenv("NEW_PW", PASSWORD)
    up = ["creds", "add", "k", "--type", "ssh-key", "--username", "jenkins", "--replace"]
    assert cli_main([*base, *up, "--secret-env", "NEW_PW"]) == 0
    both = [*ssh, "--secret-stdin", "--passphrase-stdin"]
    assert cli_main([*base, *both]) == 2  # one stdin cannot carry two secrets
    assert cli_main([*base, "nodes", "add", "in-1"]) == 0
    assert cli_main([*base, "nodes", "secret", "in-1"]) == 0
    out = capsys.readouterr()
    assert emu.stored_credential("f")["secretBytes"] == base64.b64encode(FILE).decode()
    stored = emu.stored_credential("k")
    assert (stored["privateKey"], stored.get("passphrase")) == (PASSWORD, None)
    agent = emu.agent_secret("in-1")
    assert out.out.strip().splitlines()[-1] == agent  # printed: what `nodes secret` is for
    needles = {**SECRETS, "agent secret": agent}
    haystacks = {"stderr": out.err, "logs": caplog.text, "stdout": out.out.replace(agent, "")}
    leaks = [f"{w} in {h}" for h, t in haystacks.items() for w, n in needles.items() if n in t]
    assert leaks == []
