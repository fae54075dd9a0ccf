"""System: version, identity, root information, quiet-down and the script console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jenkins_sdk import errors
from jenkins_sdk.models import RootInfo, User
from jenkins_sdk.resources._restart import LifecycleOperations

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["SystemOperations"]


class SystemOperations(LifecycleOperations):
    """Controller-wide operations, reached as ``client.system``: version, identity, quiet-down,
    restart and waiting until ready."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def version(self) -> str:
        """Return the Jenkins version, from the ``X-Jenkins`` header of a tiny API read.

        Raises:
            UnexpectedResponse: the answer carried no ``X-Jenkins`` header (not Jenkins?).
        """
        response = self._requester.request("GET", "api/json", params={"tree": "mode"})
        version: str | None = response.headers.get("X-Jenkins")
        if not version:
            raise errors.UnexpectedResponse(
                "the response has no X-Jenkins header: is this URL a Jenkins controller?",
                method="GET",
                url=response.url,
                status=response.status,
            )
        return version

    def whoami(self) -> User:
        """Return who Jenkins takes these credentials for (``name``, ``authorities``...)."""
        tree = "name,authenticated,anonymous,authorities"
        return self._requester.get_model("whoAmI/api/json", User, tree=tree)

    def info(self) -> RootInfo:
        """Return the controller's root object (mode, quieting down, views, crumbs in use...)."""
        return self._requester.get_model("api/json", RootInfo)

    def quiet_down(self, reason: str | None = None) -> None:
        """Stop starting new builds (queued items wait; running builds finish; the API stays up)."""
        # the parameter is ``message`` since 2.414 (Jenkins.doQuietDown), ``reason`` before
        form = {"message": reason, "reason": reason} if reason else None
        self._requester.post("quietDown", data=form)

    def cancel_quiet_down(self) -> None:
        """Cancel a quiet-down: queued items start again."""
        self._requester.post("cancelQuietDown")

    def run_script(self, script: str) -> str:
        """Run a Groovy script in the script console and return its output (needs Administer).

        The SDK itself never calls this: it is an explicit escape hatch for administrators.
        """
        response = self._requester.post("scriptText", data={"script": script}, ok=(200,))
        return response.text
