"""Builder API for the controller: users, list views and agents."""

from __future__ import annotations

from collections.abc import Sequence

from jenkins_sdk.testing.auth import User
from jenkins_sdk.testing.builders.base import EmulatorParts


class ControllerBuilders(EmulatorParts):
    """``user``, ``view``, ``agent``."""

    def user(
        self,
        name: str,
        password: str | None = None,
        token: str | None = None,
        *,
        admin: bool = True,
    ) -> User:
        """Add a user with a password and/or an API token."""
        user = User(name, password, [token] if token else [], full_name=name, admin=admin)
        self.auth.add_user(user)
        return user

    def view(self, name: str, jobs: Sequence[str]) -> None:
        """Declare a list view holding these job paths."""
        self.state.views[name] = list(jobs)

    def agent(
        self, name: str, *, executors: int = 1, labels: Sequence[str] = (), offline: bool = False
    ) -> None:
        """Declare an agent node (shown by ``/computer``)."""
        self.state.nodes[name] = {
            "executors": executors,
            "labels": list(labels) or [name],
            "offline": offline,
            "cause": None,
        }
