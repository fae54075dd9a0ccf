"""Connection settings for the command line: flags, environment, or a profile in the config file.

The config file (``~/.config/jenkins-sdk/config.toml``, or ``$JENKINS_SDK_CONFIG``) holds named
profiles, like kubectl contexts::

    current = "prod"

    [profiles.prod]
    url = "https://ci.example.com/"
    user = "alice"
    token_env = "PROD_JENKINS_TOKEN"   # or: token = "..." (keep the file private)

    [profiles.local]
    url = "http://127.0.0.1:8080/"
    user = "admin"
    password = "admin"

Precedence: command-line flags, then the environment (``JENKINS_URL``, ``JENKINS_USER_ID``,
``JENKINS_API_TOKEN``: the Jenkins CLI's names), then the selected profile.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["ConnectionSettings", "ProfileError", "default_config_path", "resolve_settings"]


class ProfileError(Exception):
    """The config file or the selected profile cannot be used."""


@attrs.frozen
class ConnectionSettings:
    """Where and how the command line connects (secrets are never shown in ``repr``)."""

    url: str | None = None
    user: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    profile: str | None = None


def default_config_path() -> Path:
    """Return ``$JENKINS_SDK_CONFIG``, or else ``~/.config/jenkins-sdk/config.toml``."""
    explicit = os.environ.get("JENKINS_SDK_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jenkins-sdk" / "config.toml"


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except (OSError, ValueError) as exc:
        raise ProfileError(f"cannot read config file {path}: {exc}") from exc


def _profile(path: Path, name: str | None) -> tuple[str | None, Mapping[str, Any]]:
    if not path.exists():
        if name:
            raise ProfileError(f"profile {name!r} requested but config file {path} does not exist")
        return None, {}
    data = _load_toml(path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ProfileError(f"{path}: 'profiles' must be a table")
    chosen = name or data.get("current")
    if chosen is None:
        return None, {}
    if chosen not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ProfileError(f"{path}: no profile {chosen!r} (known profiles: {known})")
    entry = profiles[chosen]
    if not isinstance(entry, dict):
        raise ProfileError(f"{path}: profile {chosen!r} must be a table")
    return str(chosen), entry


def _secret(entry: Mapping[str, Any], key: str, env: Mapping[str, str]) -> str | None:
    env_name = entry.get(f"{key}_env")
    if env_name:
        return env.get(str(env_name))
    value = entry.get(key)
    return None if value is None else str(value)


def resolve_settings(
    *,
    url: str | None = None,
    user: str | None = None,
    token: str | None = None,
    password: str | None = None,
    profile: str | None = None,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConnectionSettings:
    """Merge flags, environment and the selected profile (in that order of precedence)."""
    env = os.environ if environ is None else environ
    chosen, entry = _profile(config_path or default_config_path(), profile)
    return ConnectionSettings(
        url=url or env.get("JENKINS_URL") or entry.get("url"),
        user=user or env.get("JENKINS_USER_ID") or entry.get("user"),
        token=token or env.get("JENKINS_API_TOKEN") or _secret(entry, "token", env),
        password=password or env.get("JENKINS_PASSWORD") or _secret(entry, "password", env),
        profile=chosen,
    )
