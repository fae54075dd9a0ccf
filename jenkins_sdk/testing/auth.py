"""Users, HTTP Basic authentication, web sessions and CSRF crumbs (``DefaultCrumbIssuer``).

A crumb is ``sha256(user + ";" + sessionId + salt)`` as in Jenkins since SECURITY-626, so it is only
valid together with the ``JSESSIONID.<instance>`` cookie that the crumb request created. Requests
authenticated by an API token are exempt from the crumb check (``ApiCrumbExclusion``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from dataclasses import dataclass, field

from jenkins_sdk.testing.clock import EmulatorClock

CRUMB_FIELD = "Jenkins-Crumb"


@dataclass
class User:
    """A Jenkins user with a password and any number of API tokens."""

    name: str
    password: str | None = None
    tokens: list[str] = field(default_factory=list)
    full_name: str | None = None
    admin: bool = True


@dataclass(frozen=True)
class Identity:
    """Who a request runs as and how it authenticated (``via``: anonymous, password, token)."""

    user: str | None
    via: str

    @property
    def anonymous(self) -> bool:
        """True for the anonymous user."""
        return self.user is None


class BadCredentials(Exception):
    """The Authorization header named an unknown user or a wrong password/token (401)."""


class AuthRealm:
    """Users, sessions and crumbs; thread-safe."""

    def __init__(self, clock: EmulatorClock, *, instance_id: str, salt: str) -> None:
        self._lock = threading.Lock()
        self.clock = clock
        self.users: dict[str, User] = {}
        self.anonymous_read = False
        self.csrf = True
        self.instance_id = instance_id
        self.salt = salt
        self.session_ttl_s: float | None = None
        self._sessions: dict[str, tuple[str | None, int]] = {}
        self._session_seq = 0
        self.crumbs_issued = 0
        self.cookie_name = f"JSESSIONID.{instance_id}"

    def add_user(self, user: User) -> None:
        """Register or replace a user."""
        with self._lock:
            self.users[user.name] = user

    def authenticate(self, header: str | None) -> Identity:
        """Check an ``Authorization`` header; raises :class:`BadCredentials`."""
        if not header:
            return Identity(None, "anonymous")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise BadCredentials
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BadCredentials from None
        name, sep, secret = decoded.partition(":")
        user = self.users.get(name)
        if not sep or user is None:
            raise BadCredentials
        if secret in user.tokens:
            return Identity(name, "token")
        if user.password is not None and secret == user.password:
            return Identity(name, "password")
        raise BadCredentials

    # ------------------------------------------------------------ sessions
    def session_for(self, cookie_value: str | None, identity: Identity) -> tuple[str, bool]:
        """Return (session id, created) for a request, creating a session when needed."""
        now = self.clock.now_ms()
        with self._lock:
            if cookie_value is not None and self._valid_locked(cookie_value, now):
                owner, _ = self._sessions[cookie_value]
                if owner == identity.user:
                    return cookie_value, False
            self._session_seq += 1
            raw = f"{self.salt}:{self._session_seq}".encode()
            sid = "node0" + hashlib.sha256(raw).hexdigest()[:26] + f"{self._session_seq}.node0"
            self._sessions[sid] = (identity.user, now)
            return sid, True

    def _valid_locked(self, sid: str, now: int) -> bool:
        entry = self._sessions.get(sid)
        if entry is None:
            return False
        if self.session_ttl_s is not None and now - entry[1] >= self.session_ttl_s * 1000:
            del self._sessions[sid]
            return False
        return True

    def expire_sessions(self) -> None:
        """Drop every web session (so every crumb becomes invalid)."""
        with self._lock:
            self._sessions.clear()

    def crumb(self, identity: Identity, session_id: str) -> str:
        """The crumb for this user and session."""
        name = identity.user or "anonymous"
        with self._lock:
            self.crumbs_issued += 1
        return hashlib.sha256(f"{name};{session_id}{self.salt}".encode()).hexdigest()

    def check_crumb(self, identity: Identity, session_id: str | None, crumb: str | None) -> bool:
        """Whether a mutation carries a valid crumb for its session (token auth is exempt)."""
        if not self.csrf or identity.via == "token":
            return True
        if session_id is None or crumb is None:
            return False
        with self._lock:
            if not self._valid_locked(session_id, self.clock.now_ms()):
                return False
        name = identity.user or "anonymous"
        expected = hashlib.sha256(f"{name};{session_id}{self.salt}".encode()).hexdigest()
        return crumb == expected
