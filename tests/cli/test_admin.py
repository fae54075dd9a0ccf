"""The administration commands: ``creds``, ``nodes add|rm|connect|disconnect|secret|log``,
``plugins``, ``restart``, ``users`` tokens and ``views``, in-process against the emulator."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from jenkins_sdk.testing import JenkinsEmulator
from tests.cli.conftest import RunCli


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# --- creds ------------------------------------------------------------------------------------


def test_creds_add_from_env_file_and_stdin(
    jcli: RunCli, jenkins_env: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    emu = jenkins_env
    monkeypatch.setenv("DEPLOY_PW", "PW-from-env")
    r = jcli(
        "creds", "add", "deployer", "--type", "username-password", "--username", "bob",
        "--secret-env", "DEPLOY_PW", "--description", "prod",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert r.out == "created Username with password deployer\n"
    assert emu.stored_credential("deployer")["password"] == "PW-from-env"
    key = tmp_path / "id_ed25519"
    key.write_text("-----BEGIN KEY-----\nabc\n-----END KEY-----\n")
    r = jcli(
        "creds", "add", "k", "--type", "ssh-key", "--username", "jenkins", "--secret-file", str(key)
    )
    assert r.code == 0, r.err
    assert emu.stored_credential("k")["privateKey"] == "-----BEGIN KEY-----\nabc\n-----END KEY-----"
    _stdin(monkeypatch, b"TXT-from-stdin\n")
    assert jcli("creds", "add", "tok", "--type", "secret-text", "--secret-stdin").code == 0
    assert emu.stored_credential("tok")["secret"] == "TXT-from-stdin"
    blob = tmp_path / "kubeconfig"
    blob.write_bytes(b"\x00binary\n")
    assert jcli("creds", "add", "kc", "--type", "secret-file", "--secret-file", str(blob)).code == 0
    assert emu.stored_credential("kc")["fileName"] == "kubeconfig"
    data = jcli("creds", "ls", "--json").items()
    assert [(c["id"], c["type"]) for c in data] == [
        ("deployer", "Username with password"),
        ("k", "SSH Username with private key"),
        ("tok", "Secret text"),
        ("kc", "Secret file"),
    ]
    listing = jcli("creds", "ls").out
    assert "bob/****** (prod)" in listing and "PW-from-env" not in listing


def test_creds_secret_never_from_an_argument(jcli: RunCli) -> None:
    r = jcli("creds", "add", "x", "--type", "secret-text")
    assert r.code == 2 and "never on the command line" in r.err
    r = jcli("creds", "add", "x", "--type", "secret-text", "--secret", "oops")
    assert r.code == 2
    r = jcli("creds", "add", "x", "--type", "secret-text", "--secret-env", "NOPE_NOT_SET")
    assert r.code == 2 and "NOPE_NOT_SET" in r.err


def test_creds_replace_and_rm(
    jcli: RunCli, jenkins_env: JenkinsEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("S1", "one")
    monkeypatch.setenv("S2", "two")
    assert jcli("creds", "add", "t", "--type", "secret-text", "--secret-env", "S1").code == 0
    dup = jcli("creds", "add", "t", "--type", "secret-text", "--secret-env", "S2")
    assert dup.code != 0 and "409" in dup.err
    r = jcli("creds", "add", "t", "--type", "secret-text", "--secret-env", "S2", "--replace")
    assert r.code == 0 and r.out.startswith("updated")
    assert jenkins_env.stored_credential("t")["secret"] == "two"
    assert jcli("creds", "rm", "t").out == "deleted t\n"
    assert jcli("creds", "ls", "--json").items() == []


# --- nodes ------------------------------------------------------------------------------------


def test_nodes_add_secret_connect_log_disconnect_rm(
    jcli: RunCli, jenkins_env: JenkinsEmulator
) -> None:
    emu = jenkins_env
    r = jcli("nodes", "add", "linux-9", "--label", "linux", "--executors", "2", "--json")
    assert r.code == 0, r.err
    node = r.json()
    assert node["kind"] == "node" and node["executors"] == 2 and node["offline"] is True
    secret = jcli("nodes", "secret", "linux-9").out.strip()
    assert secret == emu.agent_secret("linux-9")
    assert jcli("nodes", "connect", "linux-9").code == 0
    emu.connect_agent("linux-9", secret)
    assert "Inbound agent connected" in jcli("nodes", "log", "linux-9").out
    assert jcli("nodes", "disconnect", "linux-9", "--reason", "patching").code == 0
    assert "Disconnected by admin : patching" in emu.agent_log("linux-9")
    assert jcli("nodes", "rm", "linux-9").out == "deleted agent linux-9\n"
    assert "linux-9" not in jcli("nodes", "ls").out


def test_nodes_add_ssh(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("nodes", "add", "s1", "--ssh", "10.1.2.3", "--port", "2222", "--credentials-id", "k")
    assert r.code == 0 and "SSH to 10.1.2.3:2222" in r.out
    assert jcli("nodes", "add", "s2", "--ssh", "h", "--port", "70000").code == 2


# --- plugins ----------------------------------------------------------------------------------


def test_plugins_install_ls_updates_rm(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.site_plugin("tool", "1.0", install_seconds=2)
    r = jcli("plugins", "install", "tool", "git@5.8.0", "--json")
    assert r.code == 0, r.err
    assert {(i["name"], i["status"]) for i in r.items()} == {
        ("tool", "Success"),
        ("git", "SuccessButRequiresRestart"),
    }
    text = jcli("plugins", "install", "timestamper")
    assert text.code == 0 and "Success" in text.out
    names = [p["name"] for p in jcli("plugins", "ls", "--json").items()]
    assert "tool" in names and "timestamper" in names
    updates = jcli("plugins", "updates", "--check", "--json").items()
    assert [u["name"] for u in updates] == ["git"]
    assert jcli("plugins", "rm", "tool").code == 0
    assert "uninstalled (restart)" in jcli("plugins", "ls").out


def test_plugins_install_failure_exits_1(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    jenkins_env.site_plugin("broken", "1.0", error="checksum mismatch")
    r = jcli("plugins", "install", "broken")
    assert r.code == 1 and "checksum mismatch" in r.out


# --- restart ----------------------------------------------------------------------------------


def test_restart_wait_and_safe(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("restart", "--wait")
    assert r.code == 0, r.err
    assert r.out == "Jenkins is ready (NORMAL)\n"
    r = jcli("restart", "--safe", "--wait", "--message", "upgrade")
    assert r.code == 0 and "ready" in r.out
    r = jcli("restart", "--safe")
    assert r.out == "restart requested (after running builds)\n"


# --- users ------------------------------------------------------------------------------------


def test_users_token_create_list_revoke(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("users", "token-create", "ci-bot")
    assert r.code == 0, r.err
    value = r.out.strip()
    assert len(value) == 34 and "shown only once" in r.err
    tokens = jcli("users", "tokens", "--json").items()
    uuid = next(t["uuid"] for t in tokens if t["name"] == "ci-bot")
    assert all(t["value"] is None for t in tokens)
    assert jcli("users", "token-revoke", uuid).code == 0
    assert "ci-bot" not in jcli("users", "tokens").out


# --- views ------------------------------------------------------------------------------------


def test_views_add_add_job_rm_job_rm(jcli: RunCli, jenkins_env: JenkinsEmulator) -> None:
    r = jcli("views", "add", "mine", "--job", "team/app", "--regex", "x-.*")
    assert r.code == 0, r.err
    assert "mine" in [v["name"] for v in jcli("views", "ls", "--json").items()]
    view = jenkins_env.state.views["mine"]
    assert view.jobs == ["team/app"] and view.regex == "x-.*"
    assert jcli("views", "rm-job", "mine", "team/app").code == 0
    assert jenkins_env.state.views["mine"].jobs == []
    assert jcli("views", "add-job", "mine", "team/app").code == 0
    assert jenkins_env.state.views["mine"].jobs == ["team/app"]
    assert jcli("views", "rm", "mine").code == 0
    assert "mine" not in jcli("views", "ls").out
