"""The administration calls over loopback against the emulator: credentials, agents, plugins,
restarts, users and tokens, views (each call at least once, on the client's linked clock)."""

from __future__ import annotations

import pytest
import requests

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.specs import SecretFile, SecretText, SSHLauncher, SSHPrivateKey, UsernamePassword
from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]


# --- credentials ------------------------------------------------------------------------------


def test_credentials_crud_never_shows_a_secret(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    creds = client.credentials
    made = creds.create(UsernamePassword("deployer", "bob", "PW-one", "prod"))
    assert (made.type_name, made.display_name) == ("Username with password", "bob/****** (prod)")
    creds.create(SecretText("slack", "TXT-two"))
    creds.create(SSHPrivateKey("key", "jenkins", "KEY-three", passphrase="PP-four"))
    creds.create(SecretFile("kube", "config", b"FILE-five"))
    assert [c.id for c in creds.list()] == ["deployer", "slack", "key", "kube"]
    assert creds.exists("key") and not creds.exists("nope")
    assert emu.stored_credential("key")["passphrase"] == "PP-four"
    with pytest.raises(errors.Conflict):
        creds.create(SecretText("slack", "again"))
    creds.update(UsernamePassword("deployer", "carol", "PW-new"))
    assert emu.stored_credential("deployer")["password"] == "PW-new"
    assert creds.get("deployer").display_name == "carol/******"
    creds.delete("slack")
    assert not creds.exists("slack")
    assert [d.name for d in creds.domains()] == ["_"]
    with pytest.raises(errors.NotFound):
        creds.get("slack")


def test_folder_credentials(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.folder("team")
    client.credentials.create(SecretText("tok", "S"), folder="team")
    assert [c.full_name for c in client.credentials.list(folder="team")] == ["team/folder/_/tok"]
    assert client.credentials.list() == []


# --- agents -----------------------------------------------------------------------------------


def test_inbound_agent_lifecycle(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    nodes = client.nodes
    node = nodes.create("linux-1", executors=2, labels=["linux"], description="d")
    assert node.offline is True and node.jnlp_agent is True and node.num_executors == 2
    assert nodes.exists("linux-1") and not nodes.exists("nope")
    secret = nodes.agent_secret("linux-1")
    assert secret == emu.agent_secret("linux-1")
    nodes.connect("linux-1")  # an inbound agent is not launched by Jenkins
    assert nodes.get("linux-1").offline is True
    assert emu.connect_agent("linux-1", secret)
    assert nodes.get("linux-1").offline is False
    nodes.set_labels("linux-1", ["linux", "arm64"])
    labels = [label.name for label in nodes.get("linux-1").assigned_labels]
    assert labels == ["linux", "arm64", "linux-1"]
    assert "<label>linux arm64</label>" in nodes.get_config("linux-1")
    nodes.disconnect("linux-1", "maintenance")
    assert nodes.get("linux-1").offline is True
    assert "Disconnected by admin : maintenance" in nodes.log("linux-1")
    nodes.delete("linux-1")
    assert not nodes.exists("linux-1")
    with pytest.raises(errors.BadRequest):
        nodes.get_config("(built-in)")


def test_ssh_agent_connects_after_a_failed_launch(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    jenkins_emulator.ssh_outcome("ssh-1", "Authentication failed.")
    client.nodes.create("ssh-1", launcher=SSHLauncher("10.0.0.5", credentials_id="key"))
    emu_time.sleep(2)
    assert "Authentication failed." in client.nodes.log("ssh-1")
    jenkins_emulator.ssh_outcome("ssh-1", None)
    client.nodes.connect("ssh-1")
    emu_time.sleep(2)
    assert client.nodes.get("ssh-1").offline is False
    xml = client.nodes.get_config("ssh-1")
    client.nodes.update_config("ssh-1", xml.replace("<numExecutors>1<", "<numExecutors>3<"))
    assert client.nodes.get("ssh-1").num_executors == 3


def test_duplicate_agent_is_a_bad_request(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    client.nodes.create("a1")
    with pytest.raises(errors.BadRequest):
        client.nodes.create("a1")


# --- plugins ----------------------------------------------------------------------------------


def test_plugin_install_waits_through_the_update_center(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    emu = jenkins_emulator
    emu.site_plugin("dep", "1.0", install_seconds=3)
    emu.site_plugin("tool", "2.0", dependencies=["dep"], install_seconds=3)
    result = client.plugins.install(["tool", "git@5.8.0", "ghost@1.0"])
    statuses = {i.name: i.status for i in result.installs}
    assert statuses == {
        "dep": "Success",
        "tool": "Success",
        "git": "SuccessButRequiresRestart",
        "ghost": "NotFound",
    }
    assert result.restart_required and [i.name for i in result.failed] == ["ghost"]
    assert sum(emu_time.sleeps) >= 8  # three installs of 2-3 s, one after another
    assert client.plugins.get("tool") is not None
    assert client.plugins.restart_required() is True
    assert [u.name for u in client.plugins.updates()] == ["git"]


def test_plugin_install_failure_timeout_and_bad_name(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.site_plugin("broken", "1.0", error="checksum mismatch")
    result = client.plugins.install("broken")
    assert result.failed[0].error == "checksum mismatch"
    jenkins_emulator.site_plugin("slow", "1.0", install_seconds=100)
    with pytest.raises(errors.PluginInstallTimeout) as info:
        client.plugins.install("slow", timeout=10)
    assert info.value.result.installs[0].status == "Installing"
    with pytest.raises(errors.BadRequest):
        client.plugins.install("nope")


def test_uninstall_and_check_updates(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    assert client.plugins.restart_required() is False
    client.plugins.uninstall("junit")
    plugin = client.plugins.get("junit")
    assert plugin is not None and plugin.deleted is True
    assert client.plugins.restart_required() is True
    client.plugins.check_updates()
    with pytest.raises(errors.NotFound):
        client.plugins.uninstall("ghost")


# --- restarts ---------------------------------------------------------------------------------


def test_restart_and_wait_until_ready(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    emu = jenkins_emulator
    emu.restart_timing(restarting=5, down=20, starting=10)
    session = requests.get(emu.url + "api/json", auth=emu.credentials).headers["X-Jenkins-Session"]
    client.system.restart()
    assert client.system.is_ready() is False
    info = client.system.wait_until_ready(timeout=300)
    assert info.quieting_down is False and emu.lifecycle_phase == "running"
    after = requests.get(emu.url + "api/json", auth=emu.credentials).headers["X-Jenkins-Session"]
    assert after != session
    emu.check_errors()


def test_safe_restart_waits_for_the_build(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient, emu_time: LinkedClock
) -> None:
    emu = jenkins_emulator
    emu.freestyle("long", duration=120, quiet_period=0)
    client.builds.trigger("long")
    emu_time.sleep(2)
    client.system.safe_restart(message="upgrade")
    assert client.system.is_ready() is False  # quieting down
    client.system.wait_until_ready(timeout=600)
    build = client.builds.get("long", 1)
    assert build.building is False
    assert sum(emu_time.sleeps) >= 118


def test_wait_until_ready_times_out(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.restart_timing(down=1000)
    client.system.restart()
    with pytest.raises(errors.NotReadyTimeout):
        client.system.wait_until_ready(timeout=30)
    jenkins_emulator.boot()


def test_reload_and_safe_exit(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    client.system.reload()
    client.system.wait_until_ready(timeout=60)
    client.system.safe_exit()
    assert [p for _, p, _ in logged(jenkins_emulator, "POST")] == ["/reload", "/safeExit"]
    jenkins_emulator.boot()


# --- users and tokens -------------------------------------------------------------------------


def test_token_authenticates_until_revoked(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    token = client.users.create_token("ci-bot")
    assert token.value and token.value not in repr(token)
    assert ("ci-bot" in [t.name for t in client.users.tokens()]) and token.uuid in [
        t.uuid for t in client.users.tokens()
    ]
    user = emu.credentials[0]
    with JenkinsClient(url=emu.url, username=user, api_token=token.value) as bot:
        assert bot.users.me().id == user
        client.users.revoke_token(token.uuid)
        with pytest.raises(errors.Unauthorized):
            bot.users.me()
    assert token.uuid not in [t.uuid for t in client.users.tokens()]


def test_users_list_get_and_other_users_tokens(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.user("bob", "bob-pw", "bob-token")
    assert [u.id for u in client.users.list()] == ["admin", "bob"]
    emu.people_view_plugin()
    assert [u.id for u in client.users.list()] == ["admin", "bob"]
    assert client.users.get("bob").id == "bob"
    with pytest.raises(errors.NotFound):
        client.users.get("nobody")
    with pytest.raises(errors.Forbidden):
        client.users.create_token("x", user="bob")
    (legacy,) = client.users.tokens(user="bob")
    client.users.revoke_token(legacy.uuid, user="bob")
    assert requests.get(emu.url + "api/json", auth=("bob", "bob-token")).status_code == 401


# --- views ------------------------------------------------------------------------------------


def test_views_crud(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    for job in ("app", "lib-a", "infra/db"):
        emu.freestyle(job)
    view = client.views.create("team", jobs=["app"], regex="lib-.*")
    assert view.name == "team"
    assert [j.name for j in client.views.jobs("team")] == ["app", "lib-a"]
    client.views.add_job("team", "infra/db")
    client.views.remove_job("team", "app")
    assert [j.name for j in client.views.jobs("team")] == ["lib-a", "db"]
    xml = client.views.get_config("team")
    client.views.update_config("team", xml.replace("<includeRegex>lib-.*</includeRegex>", ""))
    assert [j.name for j in client.views.jobs("team")] == ["db"]
    with pytest.raises(errors.BadRequest):
        client.views.create("team")
    client.views.delete("team")
    assert [v.name for v in client.views.list()] == ["all"]


def test_folder_views(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    jenkins_emulator.freestyle("infra/db")
    client.views.create("dbs", folder="infra", jobs=["db"])
    assert [j.name for j in client.views.jobs("dbs", folder="infra")] == ["db"]
    assert "dbs" in [v.name for v in client.views.list(folder="infra")]
    client.views.delete("dbs", folder="infra")
    with pytest.raises(errors.NotFound):
        client.views.get("dbs", folder="infra")
