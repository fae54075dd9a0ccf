"""Builder API for users and API tokens beyond declaring users (``ControllerBuilders.user``)."""

from __future__ import annotations

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.users import TokenStore


class UserBuilders(EmulatorParts):
    """``api_tokens``, ``people_view_plugin``, ``admin_can_generate_tokens``."""

    def api_tokens(self, user: str) -> list[tuple[str, str]]:
        """The ``(uuid, name)`` of every API token ``user`` has (legacy ones included)."""
        with self.state.lock:
            tokens = self.state.store(TokenStore).tokens_of(self.auth, user)
            return [(t.uuid, t.name) for t in tokens]

    def people_view_plugin(self, installed: bool = True) -> None:
        """Install the people-view plugin: ``/asynchPeople/api/json`` lists the users again
        (core removed it in 2.452; without the plugin it is a 404)."""
        self.state.store(TokenStore).people_view = installed

    def admin_can_generate_tokens(self, allowed: bool = True) -> None:
        """``-Djenkins.security.ApiTokenProperty.adminCanGenerateNewTokens``: administrators may
        generate tokens for other users."""
        self.state.store(TokenStore).admin_can_generate = allowed
