"""Connection settings: flags > --profile > environment > current profile; credentials only from
the URL's own source (issue 18 item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.cli.profiles import ProfileError, resolve_settings, same_origin

CONFIG = """
current = "prod"

[profiles.prod]
url = "https://ci.example.com/"
user = "alice"
token_env = "PROD_TOKEN"

[profiles.local]
url = "http://127.0.0.1:8080/"
user = "admin"
password = "pw-local"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    return path


def test_current_profile_is_used_and_token_read_from_named_env(config: Path) -> None:
    s = resolve_settings(config_path=config, environ={"PROD_TOKEN": "t-123"})
    assert (s.url, s.user, s.token, s.profile) == (
        "https://ci.example.com/",
        "alice",
        "t-123",
        "prod",
    )


def test_named_profile_overrides_current(config: Path) -> None:
    s = resolve_settings(profile="local", config_path=config, environ={})
    assert (s.url, s.user, s.password, s.token) == (
        "http://127.0.0.1:8080/",
        "admin",
        "pw-local",
        None,
    )


def test_environment_beats_profile_and_flags_beat_environment(config: Path) -> None:
    env = {"JENKINS_URL": "http://env/", "JENKINS_USER_ID": "bob", "JENKINS_API_TOKEN": "env-tok"}
    s = resolve_settings(config_path=config, environ=env)
    assert (s.url, s.user, s.token) == ("http://env/", "bob", "env-tok")
    s = resolve_settings(url="http://flag/", config_path=config, environ=env)
    assert s.url == "http://flag/"


def test_unknown_profile_lists_known_ones(config: Path) -> None:
    with pytest.raises(ProfileError, match="known profiles: local, prod"):
        resolve_settings(profile="staging", config_path=config, environ={})


def test_missing_file_is_fine_without_profile_but_not_with_one(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert resolve_settings(config_path=missing, environ={}).url is None
    with pytest.raises(ProfileError, match="does not exist"):
        resolve_settings(profile="x", config_path=missing, environ={})


def test_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("current = [unclosed")
    with pytest.raises(ProfileError, match="cannot read config file"):
        resolve_settings(config_path=bad, environ={})


def test_repr_hides_secrets(config: Path) -> None:
    s = resolve_settings(
        profile="local", config_path=config, environ={"JENKINS_API_TOKEN": "tok-9"}
    )
    assert "pw-local" not in repr(s) and "tok-9" not in repr(s)


# --- issue 18 item 1: credentials come from the URL's own source ---------------------------


def test_named_profile_beats_the_environment_and_keeps_its_own_credentials(config: Path) -> None:
    env = {"JENKINS_URL": "http://env/", "JENKINS_USER_ID": "bob", "JENKINS_API_TOKEN": "env-tok"}
    s = resolve_settings(profile="local", config_path=config, environ=env)
    assert (s.url, s.user, s.password, s.token) == (
        "http://127.0.0.1:8080/",
        "admin",
        "pw-local",
        None,
    )
    assert s.url_source == "profile 'local'"
    assert s.ignored == ("the environment",)


def test_environment_url_takes_no_credentials_from_the_current_profile(config: Path) -> None:
    s = resolve_settings(
        config_path=config, environ={"JENKINS_URL": "http://env/", "PROD_TOKEN": "t-1"}
    )
    assert (s.url, s.user, s.token, s.password) == ("http://env/", None, None, None)
    assert s.url_source == "the environment" and s.credentials_source is None


def test_url_flag_takes_no_credentials_from_a_profile_or_the_environment(config: Path) -> None:
    env = {"JENKINS_URL": "http://env/", "JENKINS_USER_ID": "bob", "JENKINS_API_TOKEN": "env-tok"}
    s = resolve_settings(url="http://flag/", profile="local", config_path=config, environ=env)
    assert (s.url, s.user, s.token, s.password) == ("http://flag/", None, None, None)
    assert set(s.ignored) == {"profile 'local'", "the environment"}


def test_a_stale_environment_token_does_not_join_a_profiles_url(config: Path) -> None:
    env = {"JENKINS_API_TOKEN": "stale", "PROD_TOKEN": "t-prod"}
    s = resolve_settings(profile="prod", config_path=config, environ=env)
    assert (s.user, s.token) == ("alice", "t-prod")
    s = resolve_settings(profile="local", config_path=config, environ=env)
    assert (s.user, s.token, s.password) == ("admin", None, "pw-local")


def test_same_origin_sources_may_share_credentials(config: Path) -> None:
    env = {"JENKINS_URL": "https://ci.example.com", "JENKINS_USER_ID": "bob"}
    env["JENKINS_API_TOKEN"] = "env-tok"
    s = resolve_settings(url="https://ci.example.com:443/other/", config_path=config, environ=env)
    assert (s.user, s.token) == ("bob", "env-tok")  # --url names the environment's origin
    s = resolve_settings(url="http://ci.example.com/", config_path=config, environ=env)
    assert (s.user, s.token) == (None, None)  # another scheme is another origin


def test_credential_flags_go_with_whatever_url_was_chosen(config: Path) -> None:
    env = {"PROD_TOKEN": "t-prod"}
    s = resolve_settings(token="typed", config_path=config, environ=env)
    assert (s.url, s.user, s.token) == ("https://ci.example.com/", "alice", "typed")
    assert s.credentials_source == "the command line and profile 'prod'"
    s = resolve_settings(password="pw", profile="prod", config_path=config, environ=env)
    assert (s.token, s.password) == (None, "pw")  # a typed password replaces the profile's token


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://h/", "https://h:443/x/", True),
        ("http://h/", "http://H:80", True),
        ("http://h/", "https://h/", False),
        ("http://h:8080/", "http://h:8081/", False),
        ("http://h/", None, False),
    ],
)
def test_same_origin(a: str, b: str | None, same: bool) -> None:
    assert same_origin(a, b) is same


def test_tls_settings_follow_the_url(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[profiles.corp]\nurl = "https://corp/"\nca_bundle = "/etc/corp.pem"\n'
        '[profiles.lab]\nurl = "https://lab/"\ninsecure = true\n'
    )
    s = resolve_settings(profile="corp", config_path=path, environ={})
    assert (s.ca_bundle, s.insecure) == ("/etc/corp.pem", False)
    s = resolve_settings(profile="lab", config_path=path, environ={})
    assert s.insecure is True
    s = resolve_settings(profile="lab", url="https://x/", config_path=path, environ={})
    assert (s.ca_bundle, s.insecure) == (None, False)
    s = resolve_settings(url="https://x/", insecure=True, config_path=path, environ={})
    assert s.insecure is True


def test_a_token_env_naming_an_unset_variable_is_an_error(config: Path) -> None:
    with pytest.raises(ProfileError, match="token_env names PROD_TOKEN, which is not set"):
        resolve_settings(profile="prod", config_path=config, environ={})


def test_wrong_types_in_a_profile_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[profiles.x]\nurl = 8080\n[profiles.y]\nurl = "http://y/"\ninsecure = "no"\n')
    with pytest.raises(ProfileError, match="url must be a string"):
        resolve_settings(profile="x", config_path=path, environ={})
    with pytest.raises(ProfileError, match="insecure must be true or false"):
        resolve_settings(profile="y", config_path=path, environ={})
