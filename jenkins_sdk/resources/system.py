"""System: version, identity, root information, quiet-down and the script console."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from jenkins_sdk import errors
from jenkins_sdk.models import RootInfo

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["SystemOperations", "WhoAmI"]

_OK = (200, 201, 204, 302, 303)


@attrs.frozen(kw_only=True)
class WhoAmI:
    """Who Jenkins thinks the caller is (``/whoAmI/api/json``).

    Attributes:
        name: the user id (``"anonymous"`` when not logged in).
        authenticated: whether Jenkins authenticated the request.
        anonymous: whether the caller is the anonymous user.
        authorities: the groups/authorities granted (``["authenticated", ...]``).
    """

    name: str
    authenticated: bool = False
    anonymous: bool = False
    authorities: tuple[str, ...] = ()


class SystemOperations:
    """Controller-wide operations, reached as ``client.system``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    def version(self) -> str:
        """Return the Jenkins version, from the ``X-Jenkins`` header of a tiny API read.

        Raises:
            UnexpectedResponse: the answer carried no ``X-Jenkins`` header (not Jenkins?).
        """
        response = self._requester.request("GET", "api/json", params={"tree": "mode"})
        version = response.headers.get("X-Jenkins")
        if not version:
            raise errors.UnexpectedResponse(
                "the response has no X-Jenkins header: is this URL a Jenkins controller?",
                method="GET",
                url=response.url,
                status=response.status_code,
            )
        return version

    def whoami(self) -> WhoAmI:
        """Return the identity Jenkins sees for these credentials."""
        tree = "name,authenticated,anonymous,authorities"
        data = self._requester.get_json("whoAmI/api/json", tree=tree)
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise errors.ResponseShapeError(f"whoAmI answered without a name: {data!r:.120}")
        return WhoAmI(
            name=data["name"],
            authenticated=bool(data.get("authenticated")),
            anonymous=bool(data.get("anonymous")),
            authorities=tuple(str(a) for a in data.get("authorities") or ()),
        )

    def info(self) -> RootInfo:
        """Return the controller's root object (mode, quieting down, views, crumbs in use...)."""
        return self._requester.get_model("api/json", RootInfo)

    def quiet_down(self, reason: str | None = None) -> None:
        """Stop starting new builds (queued items wait; running builds finish; the API stays up)."""
        form = {"reason": reason} if reason else None
        self._requester.post("quietDown", data=form, ok=_OK)

    def cancel_quiet_down(self) -> None:
        """Cancel a quiet-down: queued items start again."""
        self._requester.post("cancelQuietDown", ok=_OK)

    def run_script(self, script: str) -> str:
        """Run a Groovy script in the script console and return its output (needs Administer).

        The SDK itself never calls this: it is an explicit escape hatch for administrators.
        """
        response = self._requester.post("scriptText", data={"script": script}, ok=(200,))
        return response.text
