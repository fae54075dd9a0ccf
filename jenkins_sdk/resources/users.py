"""Users and their API tokens: list and read users, mint a token for a bot (its value is shown
once), list and revoke tokens (``jenkins.security.ApiTokenProperty``; ``docs/protocol-admin.md``
§4). Jenkins serves no JSON for two of these lists, so they are read from its HTML pages."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk.admin_results import ApiToken
from jenkins_sdk.models import User, structure
from jenkins_sdk.refs import encode_segment
from jenkins_sdk.resources import _shapes
from jenkins_sdk.resources._admin_pages import parse_security_realm_users, parse_token_list

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["UserOperations"]

_USER_TREE = "id,fullName,absoluteUrl,description"
_TOKENS = "descriptorByName/jenkins.security.ApiTokenProperty/"


class UserOperations:
    """Users and API tokens, reached as ``client.users``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def list(self) -> builtins.list[User]:
        """Return every user Jenkins knows.

        Reads ``asynchPeople/api/json`` (Jenkins before 2.452, or the people-view plugin), else
        the users of Jenkins' own database from ``securityRealm/`` (needs Administer).
        """
        try:
            data = self._requester.get_json(
                "asynchPeople/api/json", tree=f"users[user[{_USER_TREE}]]"
            )
        except errors.NotFound:
            page = self._requester.get_text("securityRealm/")
            return [User(id=uid, full_name=full) for uid, full in parse_security_realm_users(page)]
        what = "the people list"
        entries = _shapes.objects(_shapes.entries(data, "users", what), what, path="$.users")
        users = (_shapes.member_object(entry, "user", what, path=at) for at, entry in entries)
        return [structure(user, User) for user in users if user is not None]

    def get(self, id: str) -> User:
        """Return one user.

        Raises:
            NotFound: no such user (Jenkins creates none by looking one up).
        """
        return self._requester.get_model(f"{_user_path(id)}api/json", User, tree=_USER_TREE)

    def me(self) -> User:
        """Return the user these credentials belong to."""
        return self._requester.get_model("me/api/json", User, tree=_USER_TREE)

    def create_token(self, name: str, *, user: str | None = None) -> ApiToken:
        """Generate an API token called ``name`` and return it with its value (shown once: keep
        it; ``repr`` masks it). Jenkins lets only the user themself do this (administrators
        too when ``ApiTokenProperty.adminCanGenerateNewTokens`` is set).

        Raises:
            Forbidden: the token is for another user.
            UnexpectedResponse: Jenkins refused it (``{"status": "error", ...}``).
        """
        reply = self._requester.post(
            f"{self._base(user)}{_TOKENS}generateNewToken",
            data={"newTokenName": name},
            ok=(200,),
        )
        data = _ok_data(reply.json(), "generateNewToken")
        uuid, token_name, value = (data.get(k) for k in ("tokenUuid", "tokenName", "tokenValue"))
        if not (isinstance(uuid, str) and isinstance(value, str) and value):
            raise errors.ResponseShapeError("generateNewToken answered without a token")
        return ApiToken(uuid=uuid, name=str(token_name or name), value=value)

    def tokens(self, *, user: str | None = None) -> builtins.list[ApiToken]:
        """Return a user's API tokens (uuid and name; Jenkins keeps no value to show).

        Read from the token settings page (``user/<id>/security/``, ``configure`` before 2.469).
        """
        base = self._base(user)
        try:
            page = self._requester.get_text(f"{base}security/")
        except errors.NotFound:
            page = self._requester.get_text(f"{base}configure")
        return [ApiToken(uuid=uuid, name=name) for uuid, name in parse_token_list(page)]

    def revoke_token(self, uuid: str, *, user: str | None = None) -> None:
        """Revoke a token: Basic auth with it gets 401 from now on. An unknown uuid is not an
        error (Jenkins answers 200 either way)."""
        if not uuid.strip():
            raise errors.InvalidRef("a token uuid cannot be empty")
        self._requester.post(
            f"{self._base(user)}{_TOKENS}revoke", data={"tokenUuid": uuid}, ok=(200,)
        )

    @staticmethod
    def _base(user: str | None) -> str:
        return "me/" if user is None else _user_path(user)


def _user_path(user_id: str) -> str:
    if not user_id or user_id.strip() != user_id:
        raise errors.InvalidRef(f"invalid user id {user_id!r}")
    return f"user/{encode_segment(user_id)}/"


def _ok_data(body: object, what: str) -> Mapping[str, object]:
    """The ``data`` of ``HttpResponses.okJSON``, or the error ``errorJSON`` carries."""
    if not isinstance(body, Mapping):
        raise errors.ResponseShapeError(f"{what} answered with something else than an object")
    if body.get("status") != "ok":
        message = str(body.get("message") or "no message")
        raise errors.UnexpectedResponse(f"{what} was refused: {message}")
    data = body.get("data")
    if not isinstance(data, Mapping):
        raise errors.ResponseShapeError(f"{what} answered without data")
    return data
