"""The client's one ``requests.Session``: built once, locked to the configured origin.

Credentials and cookies go only to the exact origin (scheme, host, port) of the configured URL:
a redirect anywhere else (another host, another port of the same host, https → http, even
http → https) is followed without ``Authorization``, ``Cookie`` or crumb headers. requests alone
would keep the session cookie across ports (its cookie jar ignores them) and the
``Authorization`` header on an http → https upgrade.
"""

from __future__ import annotations

import logging
import os
import urllib.parse
from typing import TYPE_CHECKING

import requests
from requests.auth import AuthBase

from jenkins_sdk._http.endpoints import install_log_redaction
from jenkins_sdk._secrets import SECRET_HEADERS, basic_credential

if TYPE_CHECKING:
    from requests.adapters import BaseAdapter

    from jenkins_sdk.config import CredentialProvider, JenkinsConfig

__all__ = ["OriginSession", "ProviderAuth", "build_session", "origin_of"]

_DEFAULT_PORTS = {"http": 80, "https": 443}

log = logging.getLogger("jenkins_sdk")


def origin_of(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of ``url``, the port made explicit; an unparsable URL gives an
    origin that matches nothing."""
    try:
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return "", "", -1


class ProviderAuth(AuthBase):
    """HTTP Basic auth asking the provider for credentials on every request (rotation)."""

    def __init__(self, provider: CredentialProvider) -> None:
        self._provider = provider

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        creds = self._provider.credentials()
        request.headers["Authorization"] = f"Basic {basic_credential(creds.username, creds.secret)}"
        return request

    def __repr__(self) -> str:
        return "ProviderAuth(***)"


class OriginSession(requests.Session):
    """A Session that sends credentials, cookies and crumbs only to ``origin``."""

    def __init__(self, origin: str) -> None:
        super().__init__()
        self.origin = origin_of(origin)
        self._warned: set[tuple[str, str, int]] = set()

    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        """Drop every secret header from a redirect that leaves the configured origin (requests
        calls this for each redirect, after it prepared the new request's cookies)."""
        super().rebuild_auth(prepared_request, response)  # type: ignore[no-untyped-call]
        target = origin_of(prepared_request.url or "")
        if target != self.origin:
            for name in list(prepared_request.headers):
                if name.lower() in SECRET_HEADERS and name.lower() != "proxy-authorization":
                    del prepared_request.headers[name]
            self._warn_once(target)

    def _warn_once(self, target: tuple[str, str, int]) -> None:
        """Say (once per origin) why answers may now look anonymous: a controller reached
        through ``http://`` that redirects to ``https://`` is the usual cause."""
        if target in self._warned or self.auth is None:
            return
        self._warned.add(target)
        scheme, host, port = target
        log.warning(
            "Jenkins redirected to another origin (%s://%s:%d); credentials and cookies are "
            "not sent there, so answers may be anonymous: if that is the controller's address, "
            "configure url=%s://%s:%d/",
            scheme,
            host,
            port,
            scheme,
            host,
            port,
        )

    def should_strip_auth(self, old_url: str, new_url: str) -> bool:
        """Strip ``Authorization`` unless the redirect stays on the configured origin."""
        return origin_of(new_url) != self.origin


def build_session(
    config: JenkinsConfig, provider: CredentialProvider | None, adapter: BaseAdapter
) -> OriginSession:
    """The client's Session: auth, TLS, proxies and CA bundle resolved once (``trust_env`` off),
    ``adapter`` mounted for http and https."""
    session = OriginSession(config.url)
    install_log_redaction()  # urllib3 logs request URLs, a trigger's ?token= included
    session.headers["User-Agent"] = config.user_agent
    if provider is not None:
        session.auth = ProviderAuth(provider)
    session.verify = config.verify
    if config.client_cert is not None:
        session.cert = config.client_cert
    # Every request goes to one base URL, so the environment (proxy variables, NO_PROXY,
    # REQUESTS_CA_BUNDLE) is read once here instead of on every request (trust_env).
    session.trust_env = False
    if config.proxies:
        session.proxies.update(config.proxies)
    else:
        session.proxies.update(requests.utils.get_environ_proxies(config.url))
    if config.verify is True:
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            session.verify = bundle
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
