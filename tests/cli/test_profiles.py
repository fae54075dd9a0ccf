"""Connection settings: flags over environment over the config file's profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from jenkins_sdk.cli.profiles import ProfileError, resolve_settings

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
