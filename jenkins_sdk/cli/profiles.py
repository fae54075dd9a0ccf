"""Connection settings for the command line: flags, a profile, or the environment.

The config file (``~/.config/jenkins-sdk/config.toml``, or ``$JENKINS_SDK_CONFIG``) holds named
profiles, like kubectl contexts::

    current = "prod"

    [profiles.prod]
    url = "https://ci.example.com/"
    user = "alice"
    token_env = "PROD_JENKINS_TOKEN"   # or: token = "..." (keep the file private)
    ca_bundle = "/etc/ssl/corp-ca.pem" # or: insecure = true (not recommended)

    [profiles.local]
    url = "http://127.0.0.1:8080/"
    user = "admin"
    password = "admin"

Where the URL comes from, first match wins: ``--url``, then ``--profile NAME``, then the
environment (``JENKINS_URL``, the Jenkins CLI's name), then the file's ``current`` profile.

Credentials come from the same source as the URL they are sent to, or not at all: a profile's
token never goes to ``JENKINS_URL``, and ``JENKINS_API_TOKEN`` never goes to a profile's URL —
unless both name the same origin (scheme, host and port). Credential flags (``--user``,
``--token``, ``--password``) are typed for this very command, so they go with its URL, whichever
source gave it. TLS settings follow the same rule.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "ConnectionSettings",
    "ProfileError",
    "Source",
    "default_config_path",
    "resolve_settings",
    "same_origin",
]


class ProfileError(Exception):
    """The config file or the selected profile cannot be used (a configuration error)."""


@attrs.frozen
class Source:
    """One place settings can come from, with what it holds (secrets hidden in ``repr``)."""

    name: str
    url: str | None = None
    user: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    ca_bundle: str | None = None
    insecure: bool | None = None

    @property
    def has_credentials(self) -> bool:
        """True when this source names a user or a secret."""
        return bool(self.user or self.token or self.password)


@attrs.frozen
class ConnectionSettings:
    """Where and how the command line connects (secrets are never shown in ``repr``).

    Attributes:
        url_source: where the URL came from (``--url``, ``profile 'prod'``, ``JENKINS_URL``).
        credentials_source: where the credentials came from, or None when none are sent.
        ignored: sources whose credentials were left out because they belong to another URL.
    """

    url: str | None = None
    user: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    profile: str | None = None
    ca_bundle: str | None = None
    insecure: bool = False
    url_source: str | None = None
    credentials_source: str | None = None
    ignored: tuple[str, ...] = ()


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


def _profile(
    path: Path, name: str | None, *, explicit: bool
) -> tuple[str | None, Mapping[str, Any]]:
    if not path.exists():
        if explicit:
            raise ProfileError(f"profile {name!r} requested but config file {path} does not exist")
        return None, {}
    data = _load_toml(path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ProfileError(f"{path}: 'profiles' must be a table")
    chosen = name if explicit else data.get("current")
    if chosen is None:
        return None, {}
    if chosen not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ProfileError(f"{path}: no profile {chosen!r} (known profiles: {known})")
    entry = profiles[chosen]
    if not isinstance(entry, dict):
        raise ProfileError(f"{path}: profile {chosen!r} must be a table")
    return str(chosen), entry


def _text(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(f"{where}: {key} must be a string, got {type(value).__name__}")
    return value


def _secret(entry: Mapping[str, Any], key: str, env: Mapping[str, str], where: str) -> str | None:
    env_name = _text(entry, f"{key}_env", where)
    if env_name:
        value = env.get(env_name)
        if not value:
            raise ProfileError(f"{where}: {key}_env names {env_name}, which is not set")
        return value
    return _text(entry, key, where)


def _profile_source(name: str, entry: Mapping[str, Any], env: Mapping[str, str]) -> Source:
    where = f"profile {name!r}"
    insecure = entry.get("insecure")
    if insecure is not None and not isinstance(insecure, bool):
        raise ProfileError(f"{where}: insecure must be true or false")
    return Source(
        name=where,
        url=_text(entry, "url", where),
        user=_text(entry, "user", where),
        token=_secret(entry, "token", env, where),
        password=_secret(entry, "password", env, where),
        ca_bundle=_text(entry, "ca_bundle", where),
        insecure=insecure,
    )


def _env_source(env: Mapping[str, str]) -> Source:
    return Source(
        name="the environment",
        url=env.get("JENKINS_URL") or None,
        user=env.get("JENKINS_USER_ID") or None,
        token=env.get("JENKINS_API_TOKEN") or None,
        password=env.get("JENKINS_PASSWORD") or None,
    )


def same_origin(a: str | None, b: str | None) -> bool:
    """True when two URLs share scheme, host and port (default ports filled in)."""
    if not a or not b:
        return False
    try:
        pa, pb = urllib.parse.urlsplit(a.strip()), urllib.parse.urlsplit(b.strip())
        return _origin(pa) == _origin(pb)
    except ValueError:
        return False


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default)


def resolve_settings(
    *,
    url: str | None = None,
    user: str | None = None,
    token: str | None = None,
    password: str | None = None,
    profile: str | None = None,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    ca_bundle: str | None = None,
    insecure: bool | None = None,
) -> ConnectionSettings:
    """Pick the URL's source (flags > ``--profile`` > environment > current profile) and take
    credentials and TLS settings from that source only (or a same-origin one); flags win.

    Raises:
        ProfileError: the config file or profile cannot be used.
    """
    env = os.environ if environ is None else environ
    path = config_path or default_config_path()
    flags = Source(
        name="--url", url=url, user=user, token=token, password=password, ca_bundle=ca_bundle
    )
    named: Source | None = None
    current: Source | None = None
    chosen_name: str | None = None
    if profile:
        chosen_name, entry = _profile(path, profile, explicit=True)
        named = _profile_source(profile, entry, env)
    environment = _env_source(env)
    if not url and not profile and not environment.url:
        chosen_name, entry = _profile(path, None, explicit=False)
        if chosen_name is not None:
            current = _profile_source(chosen_name, entry, env)
    candidates = [s for s in (named, environment, current) if s is not None]
    origin = flags if url else next((s for s in candidates if s.url), None)
    return _merge(flags, origin, candidates, chosen_name, insecure)


def _merge(
    flags: Source,
    origin: Source | None,
    candidates: list[Source],
    profile: str | None,
    insecure: bool | None,
) -> ConnectionSettings:
    chosen_url = origin.url if origin is not None else None
    # Credentials: the URL's own source, or another one naming the same origin.
    creds: Source | None = None
    ignored: list[str] = []
    for source in candidates:
        if not source.has_credentials:
            continue
        if source is origin or same_origin(source.url, chosen_url):
            creds = creds or source
        else:
            ignored.append(source.name)
    base = creds or Source(name="")
    typed = bool(flags.user or flags.token or flags.password)
    user = flags.user or base.user
    token = flags.token or (None if flags.password else base.token)
    password = flags.password or (None if flags.token else base.password)
    tls = origin if origin is not None and origin is not flags else Source(name="")
    return ConnectionSettings(
        url=chosen_url,
        user=user,
        token=token,
        password=password,
        profile=profile if origin is not None and origin.name.startswith("profile") else None,
        ca_bundle=flags.ca_bundle or tls.ca_bundle,
        insecure=bool(insecure) if insecure is not None else bool(tls.insecure),
        url_source=origin.name if origin is not None else None,
        credentials_source=_describe_creds(typed, creds),
        ignored=tuple(ignored),
    )


def _describe_creds(typed: bool, creds: Source | None) -> str | None:
    if typed and creds is not None:
        return f"the command line and {creds.name}"
    if typed:
        return "the command line"
    return creds.name if creds is not None else None
