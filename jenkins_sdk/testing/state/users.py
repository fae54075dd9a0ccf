"""API tokens (``jenkins.security.ApiTokenProperty``, ``ApiTokenStore``) and how users are listed.

A token generated over HTTP is added to its user's accepted secrets in the emulator's
:class:`~jenkins_sdk.testing.auth.AuthRealm`, so it really authenticates afterwards; once revoked
it is removed, and Basic auth with it gets 401. Tokens a test declared with the builder
(``user(name, password, token)``) are the user's legacy tokens ("Legacy Token" in the list).
Jenkins keeps only a hash of each value; the emulator keeps the value to authenticate with it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.auth import AuthRealm
    from jenkins_sdk.testing.state.controller import ControllerState

LEGACY_NAME = "Legacy Token"


@dataclass
class Token:
    """One API token of one user."""

    uuid: str
    name: str
    value: str
    created_ms: int
    legacy: bool = False


class TokenStore:
    """Generated tokens by user id, and whether the people-view plugin serves ``asynchPeople``."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.tokens: dict[str, list[Token]] = {}
        self.admin_can_generate = False
        """``-Djenkins.security.ApiTokenProperty.adminCanGenerateNewTokens=true``."""
        self.people_view = False
        """The *people-view* plugin is installed: ``/asynchPeople/api/json`` answers (core
        removed it in 2.452)."""

    def tokens_of(self, auth: AuthRealm, user: str) -> list[Token]:
        """The user's tokens sorted by name (``getTokenListSortedByName``), legacy ones too."""
        known = self.tokens.setdefault(user, [])
        account = auth.users.get(user)
        values = {t.value for t in known}
        for value in account.tokens if account else []:
            if value not in values:  # a token the builder declared: show it as a legacy one
                digest = hashlib.sha256(f"{user}:{value}".encode()).digest()[:16]
                legacy = Token(str(uuid.UUID(bytes=digest)), LEGACY_NAME, value, 0, legacy=True)
                known.append(legacy)
        live = set(account.tokens) if account else set()
        return sorted((t for t in known if t.value in live), key=lambda t: t.name.lower())

    def generate(self, auth: AuthRealm, user: str, name: str, now_ms: int) -> Token:
        """``generateNewToken``: a fresh 34-character value (``11`` + 32 hex, as Jenkins')."""
        token = Token(str(uuid.uuid4()), name, "11" + secrets.token_hex(16), now_ms)
        self.tokens.setdefault(user, []).append(token)
        account = auth.users[user]
        account.tokens = [*account.tokens, token.value]
        return token

    def revoke(self, auth: AuthRealm, user: str, token_uuid: str) -> None:
        """``revoke``: forget the token (an unknown uuid changes nothing, as in Jenkins)."""
        tokens = self.tokens_of(auth, user)
        gone = {t.value for t in tokens if t.uuid == token_uuid}
        if not gone:
            return
        self.tokens[user] = [t for t in self.tokens.get(user, []) if t.uuid != token_uuid]
        account = auth.users.get(user)
        if account is not None:
            account.tokens = [v for v in account.tokens if v not in gone]

    def rename(self, auth: AuthRealm, user: str, token_uuid: str, name: str) -> bool:
        """``rename``: False when the uuid is unknown."""
        for token in self.tokens_of(auth, user):
            if token.uuid == token_uuid:
                token.name = name
                return True
        return False
