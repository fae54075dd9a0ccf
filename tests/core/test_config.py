"""JenkinsConfig: validation at construction, secrets never in repr, from_env."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from jenkins_sdk import JenkinsClient
from jenkins_sdk.config import Credentials, JenkinsConfig, RetrySettings, StaticCredentials
from jenkins_sdk.errors import ConfigError
from jenkins_sdk.simulation import SimulationMode

TOKEN = "11aa22bb33cc44dd55ee66ff77889900aa"
PASSWORD = "hunter2-correct-horse"


def test_url_is_normalised_with_and_without_context_path() -> None:
    assert JenkinsConfig(url="https://ci.example.com").url == "https://ci.example.com/"
    assert JenkinsConfig(url="http://h:8080/jenkins").url == "http://h:8080/jenkins/"
    assert JenkinsConfig(url=" http://h/jenkins/ ").url == "http://h/jenkins/"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "jenkins.example.com"}, "http:// or https://"),
        ({"url": "ftp://h/"}, "http:// or https://"),
        ({"url": ""}, "url is required"),
        ({"url": "http:///path"}, "no host"),
        ({"url": "http://u:p@h/"}, "must not carry credentials"),
        ({"url": "http://h/?x=1"}, "query"),
        ({"url": "http://h:99999/"}, "port"),
        ({"url": "http://h/", "connect_timeout": -1}, "connect_timeout"),
        ({"url": "http://h/", "read_timeout": 0}, "read_timeout"),
        ({"url": "http://h/", "response_timeout": 0}, "response_timeout"),
        ({"url": "http://h/", "response_timeout": float("inf")}, "finite"),
        ({"url": "http://h/", "response_timeout": float("nan")}, "response_timeout"),
        ({"url": "http://h/", "sensitive_params": ["A", ""]}, "sensitive_params"),
        ({"url": "http://h/", "sensitive_params": [3]}, "sensitive_params"),
        ({"url": "http://h/", "api_token": TOKEN}, "without username"),
        ({"url": "http://h/", "password": PASSWORD}, "without username"),
        ({"url": "http://h/", "username": "u"}, "without api_token or password"),
        ({"url": "http://h/", "username": "u", "api_token": "t", "password": "p"}, "not both"),
        ({"url": "http://h/", "max_connections": 0}, "max_connections"),
        ({"url": "http://h/", "crumb_ttl": 0}, "crumb_ttl"),
        ({"url": "http://h/", "simulation_mode": "replay"}, "recording_path"),
        ({"url": "http://h/", "simulation_mode": "bogus"}, "valid modes"),
        ({"url": "http://h/", "verify": "/no/such/ca.pem"}, "CA bundle"),
        ({"url": "http://h/", "client_cert": "/no/such/cert.pem"}, "client_cert"),
        ({"url": "http://h/", "proxies": {"https": "proxy:3128"}}, "proxy"),
    ],
)
def test_invalid_values_fail_at_construction(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        JenkinsConfig(**kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)  # still the built-in it always was
    for secret in (TOKEN, PASSWORD):
        assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"total": -1}, "total"),
        ({"backoff_multiplier": 0.5}, "backoff_multiplier"),
        ({"statuses": (200,)}, "statuses"),
        ({"retry_after_max": -2}, "retry_after_max"),
    ],
)
def test_invalid_retry_settings(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RetrySettings(**kwargs)  # type: ignore[arg-type]


def test_defaults_are_finite_and_sane() -> None:
    config = JenkinsConfig(url="http://h/")
    assert 0 < config.connect_timeout < 100
    assert 0 < config.read_timeout < 1000
    assert config.timeout == (config.connect_timeout, config.read_timeout)
    assert config.crumb_ttl == 300
    assert config.response_timeout == 300
    assert config.response_timeout > config.read_timeout
    assert config.sensitive_params == ()
    assert config.retry.total == 3
    assert config.simulation_mode is SimulationMode.DISABLED
    assert config.credential_provider() is None


def test_repr_never_shows_a_secret() -> None:
    token = JenkinsConfig(url="http://h/", username="alice", api_token=TOKEN)
    password = JenkinsConfig(url="http://h/", username="alice", password=PASSWORD)
    provider = JenkinsConfig(
        url="http://h/", credentials=StaticCredentials(Credentials("bob", TOKEN))
    )
    proxied = JenkinsConfig(url="http://h/", proxies={"https": "http://pu:" + PASSWORD + "@p:3"})
    for config in (token, password, provider, proxied):
        text = repr(config) + str(config) + repr(config.credential_provider())
        assert TOKEN not in text
        assert PASSWORD not in text
    assert "alice" in repr(token)
    assert "'***'" in repr(token)


def test_credentials_provider_kinds() -> None:
    token = JenkinsConfig(url="http://h/", username="a", api_token=TOKEN).credential_provider()
    password = JenkinsConfig(url="http://h/", username="a", password="p").credential_provider()
    assert token is not None and token.credentials().is_api_token
    assert password is not None and not password.credentials().is_api_token
    assert password.credentials().secret == "p"


def test_provider_excludes_static_credentials() -> None:
    with pytest.raises(ValueError, match="either credentials"):
        JenkinsConfig(
            url="http://h/", username="a", credentials=StaticCredentials(Credentials("a", "b"))
        )


def test_from_env_reads_the_jenkins_cli_names() -> None:
    env = {"JENKINS_URL": "http://h:8080/ci", "JENKINS_USER_ID": "me", "JENKINS_API_TOKEN": TOKEN}
    config = JenkinsConfig.from_env(env)
    assert config.url == "http://h:8080/ci/"
    assert config.username == "me"
    assert config.api_token == TOKEN
    pw = JenkinsConfig.from_env(
        {"JENKINS_URL": "http://h/", "JENKINS_USER_ID": "me", "JENKINS_PASSWORD": "x"}
    )
    assert pw.password == "x"
    assert JenkinsConfig.from_env(env, max_connections=3).max_connections == 3


def test_from_env_without_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JENKINS_URL", raising=False)
    with pytest.raises(ValueError, match="JENKINS_URL is not set"):
        JenkinsConfig.from_env()


def test_config_is_frozen_and_evolvable(tmp_path: Path) -> None:
    config = JenkinsConfig(url="http://h/")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.url = "http://other/"  # type: ignore[misc]
    recorded = attrs.evolve(config, simulation_mode="record", recording_path=tmp_path / "r.json")
    assert recorded.simulation_mode is SimulationMode.RECORD
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    assert JenkinsConfig(url="https://h/", verify=ca).verify == str(ca)


def test_response_timeout_and_sensitive_params_are_shown_in_repr() -> None:
    config = JenkinsConfig(
        url="http://h/", response_timeout=12.5, sensitive_params=["DB_PASSWORD", "DB_PASSWORD"]
    )
    assert config.sensitive_params == ("DB_PASSWORD",)
    assert "response_timeout=12.5" in repr(config)
    assert "sensitive_params=('DB_PASSWORD',)" in repr(config)
    assert JenkinsConfig(url="http://h/", sensitive_params="TOKEN").sensitive_params == ("TOKEN",)


def test_the_client_takes_the_url_first_like_peers_do() -> None:
    with JenkinsClient("http://h:8080/jenkins", username="bob", api_token=TOKEN) as client:
        assert client.config.url == "http://h:8080/jenkins/"
        assert client.config.username == "bob"
    with pytest.raises(ConfigError, match="http:// or https://"):
        JenkinsClient("localhost:8080")
    with pytest.raises(ConfigError, match="JenkinsConfig or a URL"):
        JenkinsClient(8080)  # type: ignore[arg-type]


@pytest.mark.parametrize("url", ["http://exa mple.com/", "http://h\x00x/", "http://exa%20mple/"])
def test_a_host_name_with_blanks_or_escapes_is_refused_at_construction(url: str) -> None:
    with pytest.raises(ConfigError, match="invalid host name"):
        JenkinsConfig(url=url)


@pytest.mark.parametrize(
    "url", ["http://my_host.local:8080/", "http://[::1]:8080/", "http://bücher.de/"]
)
def test_unusual_but_valid_hosts_are_kept(url: str) -> None:
    assert JenkinsConfig(url=url).url == url


def test_retry_settings_as_a_mapping_name_the_valid_keys() -> None:
    assert JenkinsConfig(url="http://h/", retry={"total": 1}).retry.total == 1
    with pytest.raises(ConfigError, match="backoff_initial"):
        JenkinsConfig(url="http://h/", retry={"max_attempts": 1})
