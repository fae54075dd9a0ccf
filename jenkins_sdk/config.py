"""Client configuration: where Jenkins is, how to authenticate, and how to talk to it.

:class:`JenkinsConfig` is an immutable value checked at construction: a bad value fails at once
with a ``ValueError`` naming the field, never on the first request. Secrets never appear in
``repr()``.
"""

from __future__ import annotations

import os
import types
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from jenkins_sdk._version import __version__
from jenkins_sdk.errors import ConfigError
from jenkins_sdk.modes import SimulationMode

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_RESPONSE_TIMEOUT",
    "DEFAULT_WAIT_TIMEOUT",
    "CredentialProvider",
    "Credentials",
    "JenkinsConfig",
    "RetrySettings",
    "StaticCredentials",
]

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0
DEFAULT_RESPONSE_TIMEOUT = 300.0
#: The bound of a wait the caller gave no timeout (console follow, pipeline watch, monitor...).
DEFAULT_WAIT_TIMEOUT = 24 * 3600.0
#: The largest non-streamed answer read (decoded); streams (logs, artifacts) are not capped.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024
DEFAULT_USER_AGENT = f"jenkins-sdk/{__version__}"
_MASK = "'***'"
_PROXY_SCHEMES = frozenset({"http", "https", "socks4", "socks5", "socks5h"})


def _mask(value: object) -> str:
    return "None" if value is None else _MASK


@attrs.frozen(repr=False)
class Credentials:
    """A user id and its secret (API token or password) for HTTP Basic authentication.

    Attributes:
        username: the Jenkins user id.
        secret: the API token or the password.
        is_api_token: True for an API token. Jenkins exempts API-token requests from CSRF crumbs, so
            the client skips crumb fetches unless the server asks for one.
    """

    username: str
    secret: str
    is_api_token: bool = True

    def __repr__(self) -> str:
        kind = "api_token" if self.is_api_token else "password"
        return f"Credentials(username={self.username!r}, {kind}={_MASK})"


@runtime_checkable
class CredentialProvider(Protocol):
    """Supplies credentials for each request, so secrets can rotate without a new client.

    ``credentials()`` is called once per request, possibly from many threads at once: it must be
    thread-safe and fast (cache the secret; do not call a vault on every request).
    """

    def credentials(self) -> Credentials:
        """Return the credentials to use for the next request."""


@attrs.frozen(repr=False)
class StaticCredentials:
    """A :class:`CredentialProvider` that always returns the same credentials."""

    value: Credentials

    def credentials(self) -> Credentials:
        """Return the fixed credentials."""
        return self.value

    def __repr__(self) -> str:
        return f"StaticCredentials({self.value!r})"


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0:
        raise ConfigError(f"{attribute.name} must be a positive number of seconds, got {value!r}")


def _positive_finite(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0 < value < float("inf"):
        raise ConfigError(
            f"{attribute.name} must be a positive, finite number of seconds, got {value!r}"
        )


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value >= 0:
        raise ConfigError(f"{attribute.name} must be >= 0, got {value!r}")


def _statuses(value: Any) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in value}))


@attrs.frozen(kw_only=True)
class RetrySettings:
    """When and how the HTTP layer retries a request.

    Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried on connection errors, read
    errors and the ``statuses`` below. A POST is re-sent only when the server provably did not act
    on it: the connection was refused before anything was sent, or the answer was 503.

    Attributes:
        total: retries after the first attempt (0 disables retrying).
        backoff_initial: wait before the first retry, in seconds.
        backoff_multiplier: each further wait is the previous one times this (1 s, 2 s, 4 s, ...).
        backoff_max: longest wait between two attempts.
        statuses: HTTP statuses that make an idempotent request retryable.
        retry_after_max: longest ``Retry-After`` honoured, in seconds; longer values are capped.
    """

    total: int = attrs.field(default=3)
    backoff_initial: float = attrs.field(default=1.0, validator=_non_negative)
    backoff_multiplier: float = attrs.field(default=2.0)
    backoff_max: float = attrs.field(default=30.0, validator=_non_negative)
    statuses: tuple[int, ...] = attrs.field(default=(429, 500, 502, 503, 504), converter=_statuses)
    retry_after_max: float = attrs.field(default=60.0, validator=_non_negative)

    @total.validator
    def _check_total(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"retry total must be an integer >= 0, got {value!r}")

    @backoff_multiplier.validator
    def _check_multiplier(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not value >= 1:
            raise ConfigError(f"backoff_multiplier must be >= 1, got {value!r}")

    @statuses.validator
    def _check_statuses(
        self, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
    ) -> None:
        bad = [s for s in value if not 400 <= s <= 599]
        if bad:
            raise ConfigError(f"retry statuses must be HTTP error statuses (4xx/5xx), got {bad}")


#: Characters that never stand in a host name (RFC 3986 reg-name / IP literal), beside blanks
#: and control characters; requests would refuse them only at the first request.
_NOT_IN_HOSTS = frozenset('<>"{}|\\^`%/?#@')


def _normalise_url(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(
            "url is required, e.g. 'https://jenkins.example.com/' or 'http://host:8080/jenkins/'"
        )
    text = value.strip()
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        raise ConfigError(f"url is not a valid URL: {_redact_url(text)}") from None
    if parts.scheme not in ("http", "https"):
        raise ConfigError(
            f"url must start with http:// or https://, got {_redact_url(text)!r} "
            "(a bare host name has no scheme)"
        )
    if not parts.hostname:
        raise ConfigError(f"url has no host: {_redact_url(text)!r}")
    if any(c.isspace() or not c.isprintable() or c in _NOT_IN_HOSTS for c in parts.hostname):
        raise ConfigError(f"url has an invalid host name: {_redact_url(text)!r}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            "url must not carry credentials; pass username= and api_token= (or password=) instead"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"url must not have a query or fragment: {_redact_url(text)!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise ConfigError(f"url has an invalid port: {_redact_url(text)!r}") from exc
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _redact_url(text: str) -> str:
    """``text`` as an error may show it: no user info, no query, no fragment (any may hold a
    secret, e.g. ``?token=...``)."""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return "<an unparsable URL>"
    netloc = parts.netloc.rsplit("@", 1)[-1]
    if "@" in parts.netloc:
        netloc = f"***@{netloc}"
    hidden = " (query and fragment not shown)" if parts.query or parts.fragment else ""
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", "")) + hidden


def _retry(value: RetrySettings | Mapping[str, Any]) -> RetrySettings:
    if isinstance(value, Mapping):
        try:
            return RetrySettings(**value)
        except TypeError as exc:  # an unknown key: name the ones that exist
            known = ", ".join(f.name for f in attrs.fields(RetrySettings))
            raise ConfigError(f"retry: {exc}; the settings are: {known}") from None
    return value


def _mode(value: SimulationMode | str) -> SimulationMode:
    try:
        return SimulationMode.parse(value)
    except ValueError as exc:  # modes.py is a leaf that knows no SDK error
        raise ConfigError(str(exc)) from None


def _proxies(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return types.MappingProxyType(dict(value or {}))


def _names(value: str | Iterable[str]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str) or not item:
            raise ConfigError(f"sensitive_params must be parameter names (strings), got {item!r}")
    return tuple(dict.fromkeys(items))


def _path_or_none(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


def _verify(value: bool | str | os.PathLike[str]) -> bool | str:
    if isinstance(value, bool):
        return value
    return os.fspath(value)


def _cert(
    value: str | os.PathLike[str] | tuple[str | os.PathLike[str], str | os.PathLike[str]] | None,
) -> str | tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ConfigError("client_cert must be a path or a (cert_path, key_path) pair")
        return (os.fspath(value[0]), os.fspath(value[1]))
    return os.fspath(value)


@attrs.frozen(kw_only=True, repr=False)
class JenkinsConfig:
    """Everything a :class:`~jenkins_sdk.client.JenkinsClient` needs; immutable and validated.

    Attributes:
        url: the Jenkins base URL, with or without a context path (``https://host/jenkins/``); it is
            normalised to end with ``/``.
        username: the Jenkins user id (needed with ``api_token`` or ``password``).
        api_token: an API token (recommended; exempt from CSRF crumbs).
        password: a password (needs crumbs bound to the session cookie for mutations).
        credentials: a :class:`CredentialProvider` for rotating secrets, instead of the three above.
        connect_timeout: seconds to wait for a TCP/TLS connection (finite; never "no timeout").
        read_timeout: seconds to wait between bytes of an answer (finite).
        response_timeout: the longest a call waits for a whole non-streamed answer, headers and
            body, from sending the request (retries included); a server that trickles bytes
            slower than that gets a ``Timeout``. Streams (console, downloads) are bounded by
            ``read_timeout`` per read once their headers arrived within it, and as a whole by
            ``wait_timeout``.
        wait_timeout: the longest any wait lasts when the caller gives it no timeout (following
            a console log, watching a pipeline or many builds, waiting for a restart), and the
            longest a streamed download may take; finite.
        max_response_bytes: the largest non-streamed answer read (decoded); a larger one raises
            ``ResponseTooLarge`` (streams such as logs and artifacts are not capped).
        verify: True, False (not recommended), or the path of a CA bundle.
        client_cert: a client certificate path, or a ``(cert, key)`` pair of paths.
        proxies: ``{"https": "http://proxy:3128"}``-style mapping; empty means requests' defaults.
        max_connections: size of the keep-alive connection pool; callers wait when all are in use.
        retry: the retry policy (:class:`RetrySettings`, or a dict of its fields).
        crumb_ttl: seconds a CSRF crumb (or "CSRF is off") is trusted before it is fetched again.
        user_agent: the ``User-Agent`` header.
        simulation_mode: DISABLED (real traffic), RECORD or REPLAY.
        recording_path: the recording file for RECORD / REPLAY.
        sensitive_params: build and input parameter names whose values never land in a
            recording (e.g. password parameters): ``("DB_PASSWORD", "APPROVER_TOKEN")``.
    """

    url: str = attrs.field(converter=_normalise_url)
    username: str | None = None
    api_token: str | None = attrs.field(default=None)
    password: str | None = attrs.field(default=None)
    credentials: CredentialProvider | None = None
    connect_timeout: float = attrs.field(default=DEFAULT_CONNECT_TIMEOUT, validator=_positive)
    read_timeout: float = attrs.field(default=DEFAULT_READ_TIMEOUT, validator=_positive)
    response_timeout: float = attrs.field(
        default=DEFAULT_RESPONSE_TIMEOUT, validator=_positive_finite
    )
    wait_timeout: float = attrs.field(default=DEFAULT_WAIT_TIMEOUT, validator=_positive_finite)
    max_response_bytes: int = attrs.field(default=DEFAULT_MAX_RESPONSE_BYTES)
    verify: bool | str = attrs.field(default=True, converter=_verify)
    client_cert: str | tuple[str, str] | None = attrs.field(default=None, converter=_cert)
    proxies: Mapping[str, str] = attrs.field(factory=dict, converter=_proxies, hash=False)
    max_connections: int = attrs.field(default=10)
    retry: RetrySettings = attrs.field(factory=RetrySettings, converter=_retry)
    crumb_ttl: float = attrs.field(default=300.0, validator=_positive)
    user_agent: str = DEFAULT_USER_AGENT
    simulation_mode: SimulationMode = attrs.field(default=SimulationMode.DISABLED, converter=_mode)
    recording_path: Path | None = attrs.field(default=None, converter=_path_or_none)
    sensitive_params: tuple[str, ...] = attrs.field(default=(), converter=_names)

    def __attrs_post_init__(self) -> None:
        self._check_auth()
        self._check_files()
        if not isinstance(self.max_response_bytes, int) or self.max_response_bytes < 1024:
            raise ConfigError(
                f"max_response_bytes must be an integer >= 1024, got {self.max_response_bytes!r}"
            )
        if isinstance(self.max_connections, bool) or not isinstance(self.max_connections, int):
            raise ConfigError(f"max_connections must be an integer, got {self.max_connections!r}")
        if self.max_connections < 1:
            raise ConfigError(f"max_connections must be >= 1, got {self.max_connections}")
        if not isinstance(self.retry, RetrySettings):
            raise ConfigError("retry must be a RetrySettings instance")
        if self.simulation_mode is not SimulationMode.DISABLED and self.recording_path is None:
            raise ConfigError(
                f"simulation_mode={self.simulation_mode.value} needs recording_path "
                "(the recording file)"
            )
        for scheme, proxy in self.proxies.items():
            parts = urllib.parse.urlsplit(proxy)
            if parts.scheme not in _PROXY_SCHEMES or not parts.netloc:
                raise ConfigError(
                    f"proxy for {scheme!r} must be a URL such as http://proxy:3128 "
                    f"(schemes: {', '.join(sorted(_PROXY_SCHEMES))})"
                )

    def _check_auth(self) -> None:
        has_secret = self.api_token is not None or self.password is not None
        if self.api_token is not None and self.password is not None:
            raise ConfigError("give either api_token or password, not both")
        if self.credentials is not None:
            if self.username is not None or has_secret:
                raise ConfigError(
                    "give either credentials= (a provider) or username/api_token/password"
                )
            if not isinstance(self.credentials, CredentialProvider):
                raise ConfigError(
                    "credentials must have a credentials() method returning Credentials"
                )
            return
        if has_secret and not self.username:
            kind = "api_token" if self.api_token is not None else "password"
            raise ConfigError(f"{kind} given without username (set JENKINS_USER_ID or username=)")
        if self.username is not None and not has_secret:
            raise ConfigError(f"username {self.username!r} given without api_token or password")
        for name in ("api_token", "password"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise ConfigError(f"{name} must be a non-empty string")

    def _check_files(self) -> None:
        if isinstance(self.verify, str) and not Path(self.verify).exists():
            raise ConfigError(f"verify: CA bundle {self.verify!r} does not exist")
        certs = self.client_cert if isinstance(self.client_cert, tuple) else (self.client_cert,)
        for cert in certs:
            if cert is not None and not Path(cert).is_file():
                raise ConfigError(f"client_cert: file {cert!r} does not exist")

    @property
    def timeout(self) -> tuple[float, float]:
        """The ``(connect, read)`` timeout pair passed to requests."""
        return (self.connect_timeout, self.read_timeout)

    def credential_provider(self) -> CredentialProvider | None:
        """Return the provider to authenticate with, or None for anonymous access."""
        if self.credentials is not None:
            return self.credentials
        if self.username is None:
            return None
        if self.api_token is not None:
            return StaticCredentials(Credentials(self.username, self.api_token, is_api_token=True))
        if self.password is not None:
            return StaticCredentials(Credentials(self.username, self.password, is_api_token=False))
        return None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> JenkinsConfig:
        """Build a config from the Jenkins CLI's environment variables.

        Reads ``JENKINS_URL``, ``JENKINS_USER_ID`` and ``JENKINS_API_TOKEN`` (or
        ``JENKINS_PASSWORD``), and ``JENKINS_SDK_SIMULATION`` (disabled/record/replay) with
        ``JENKINS_SDK_RECORDING`` (the recording file). Keyword arguments override or add fields.

        Raises:
            ValueError: ``JENKINS_URL`` is missing, or a value is invalid.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        url = env.get("JENKINS_URL")
        if url:
            values["url"] = url
        elif "url" not in overrides:
            raise ConfigError(
                "JENKINS_URL is not set (e.g. export JENKINS_URL=https://jenkins.example.com/)"
            )
        for var, field in (
            ("JENKINS_USER_ID", "username"),
            ("JENKINS_API_TOKEN", "api_token"),
            ("JENKINS_PASSWORD", "password"),
            ("JENKINS_SDK_SIMULATION", "simulation_mode"),
            ("JENKINS_SDK_RECORDING", "recording_path"),
        ):
            if env.get(var):
                values[field] = env[var]
        values.update(overrides)
        return cls(**values)

    def __repr__(self) -> str:
        fields = [
            f"url={self.url!r}",
            f"username={self.username!r}",
            f"api_token={_mask(self.api_token)}",
            f"password={_mask(self.password)}",
            f"credentials={None if self.credentials is None else type(self.credentials).__name__}",
            f"connect_timeout={self.connect_timeout!r}",
            f"read_timeout={self.read_timeout!r}",
            f"response_timeout={self.response_timeout!r}",
            f"wait_timeout={self.wait_timeout!r}",
            f"max_response_bytes={self.max_response_bytes!r}",
            f"verify={self.verify!r}",
            f"client_cert={self.client_cert!r}",
            f"proxies={sorted(self.proxies)!r}",
            f"max_connections={self.max_connections!r}",
            f"retry={self.retry!r}",
            f"crumb_ttl={self.crumb_ttl!r}",
            f"user_agent={self.user_agent!r}",
            f"simulation_mode={self.simulation_mode.value!r}",
            f"recording_path={None if self.recording_path is None else str(self.recording_path)!r}",
            f"sensitive_params={self.sensitive_params!r}",
        ]
        return f"JenkinsConfig({', '.join(fields)})"
