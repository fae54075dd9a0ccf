"""Builder API for the controller: users, list views and agents."""

from __future__ import annotations

from collections.abc import Sequence

from jenkins_sdk.testing.auth import User
from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.views import ListView, ViewStore


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

    def view(
        self,
        name: str,
        jobs: Sequence[str],
        *,
        folder: str | None = None,
        regex: str | None = None,
        description: str | None = None,
    ) -> None:
        """Declare a list view (of the root, or of ``folder``) holding these jobs (names relative
        to its owner; ``a/b`` reaches into a sub-folder) and those matching ``regex``."""
        recurse = any("/" in job for job in jobs)
        view = ListView(name, sorted(jobs, key=str.lower), regex, recurse, description)
        self.state.store(ViewStore).of(folder or "")[name] = view

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
