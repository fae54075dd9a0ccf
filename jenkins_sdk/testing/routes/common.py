"""Helpers shared by the route modules: the per-request context and standard responses."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing import pages
from jenkins_sdk.testing.auth import Identity
from jenkins_sdk.testing.render import Renderer, item_path
from jenkins_sdk.testing.server import Request, Response
from jenkins_sdk.testing.state import Build, EmulatorError, Folder
from jenkins_sdk.testing.tree import Node, TreeError, export

if TYPE_CHECKING:
    from jenkins_sdk.testing.emulator import JenkinsEmulator

JSON_TYPE = "application/json;charset=utf-8"
HTML_TYPE = "text/html;charset=utf-8"
TEXT_TYPE = "text/plain;charset=utf-8"
API_HEADERS = [("X-Frame-Options", "deny")]


class Ctx:
    """Everything a route needs: the emulator, the request, who is asking, and a renderer."""

    def __init__(self, emu: JenkinsEmulator, req: Request, ident: Identity, root: str) -> None:
        self.emu = emu
        self.req = req
        self.ident = ident
        self.root = root
        self.state = emu.state
        self.render = Renderer(emu.state, root, ident.user)
        self.context = emu.context_path
        self.new_cookie: str | None = None
        self.view_owner: Folder | None = None
        """The folder whose ``view/NAME/...`` is being served (None: the root's views)."""

    @property
    def user_name(self) -> str:
        """The user's id, or ``anonymous``."""
        return self.ident.user or "anonymous"

    def location(self, path: str) -> str:
        """An absolute URL from the request's Host header (as stapler's sendRedirect builds it)."""
        host = self.req.header("Host") or f"{self.emu.host}:{self.emu.port}"
        return f"http://{host}{self.context}/{path}"

    def user_cause(self) -> dict[str, Any]:
        """A ``Cause$UserIdCause`` for the current user."""
        if self.ident.user is None:
            return {
                "_class": "hudson.model.Cause$UserIdCause",
                "shortDescription": "Started by anonymous user",
                "userId": None,
                "userName": "anonymous",
            }
        user = self.emu.auth.users.get(self.ident.user)
        full = (user.full_name if user else None) or self.ident.user
        return {
            "_class": "hudson.model.Cause$UserIdCause",
            "shortDescription": f"Started by user {full}",
            "userId": self.ident.user,
            "userName": full,
        }


def json_response(
    ctx: Ctx, obj: Node | Mapping[str, Any] | list[Any], status: int = 200
) -> Response:
    """Serve an exported object honouring ``tree``, ``depth`` and ``pretty``."""
    req = ctx.req
    tree = req.param("tree") if "tree" in req.query else None
    depth_s = req.query.get("depth", ["0"])[0]
    try:
        depth = int(depth_s or "0")
    except ValueError:
        return error_page(500, "Depth parameter must be a number")
    if "jsonp" in req.query:
        return Response(
            403, b"jsonp forbidden; implement jenkins.security.SecureRequester", TEXT_TYPE
        )
    try:
        data = export(obj, tree, depth) if not isinstance(obj, list) else obj
    except TreeError as exc:
        return error_page(500, str(exc))
    if req.raw_path.endswith("/api/python"):
        body = python_literal(data).encode("utf-8")
        return Response(status, body, "text/x-python;charset=utf-8", list(API_HEADERS))
    if "pretty" in req.query:
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, JSON_TYPE, list(API_HEADERS))


def python_literal(data: Any) -> str:
    """Stapler's ``api/python`` flavour: JSON syntax with ``True``/``False``/``None``."""
    if data is True:
        return "True"
    if data is False:
        return "False"
    if data is None:
        return "None"
    if isinstance(data, dict):
        inner = ",".join(
            json.dumps(k, ensure_ascii=False) + ":" + python_literal(v) for k, v in data.items()
        )
        return "{" + inner + "}"
    if isinstance(data, list):
        return "[" + ",".join(python_literal(v) for v in data) + "]"
    return json.dumps(data, ensure_ascii=False)


def plain_json(data: Any, status: int = 200) -> Response:
    """Jackson-style JSON (wfapi): no tree support, compact."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, "application/json; charset=UTF-8")


def text(body: str | bytes, status: int = 200, ctype: str = TEXT_TYPE) -> Response:
    """A small text response."""
    return Response(status, body.encode("utf-8") if isinstance(body, str) else body, ctype)


def html_page(title: str, *, heading: str | None = None) -> Response:
    """A generic Jenkins HTML page (what a browser following a redirect lands on)."""
    t = html.escape(title)
    h = html.escape(heading if heading is not None else title.removesuffix(" [Jenkins]"))
    body = (
        f"<!DOCTYPE html><html><head><title>{t}</title></head>"
        f"<body id='jenkins'><div id='main-panel'><h1>{h}</h1></div></body></html>"
    )
    return Response(200, body.encode("utf-8"), HTML_TYPE)


def not_found() -> Response:
    """Jenkins' 404 page."""
    return Response(404, pages.not_found(), HTML_TYPE)


def error_page(status: int, message: str) -> Response:
    """A Jenkins error page (``Failure`` 400, ``errorWithoutStack``, 500 Oops)."""
    if status == 500:
        return Response(500, pages.oops(message), HTML_TYPE)
    title = {400: "Error", 409: "Conflict", 422: "Unprocessable", 404: "Not Found"}.get(
        status, "Error"
    )
    return Response(status, pages.jenkins_page(title, message), HTML_TYPE)


def failure(message: str) -> Response:
    """``hudson.model.Failure`` rendered by ``AbstractModelObject/error.jelly``: 400 with the
    message in the page and in an ``X-Error`` header (Jetty turns characters beyond Latin-1 into
    spaces, as ``HttpGenerator.putSanitisedValue`` does)."""
    return Response(400, pages.jenkins_page("Error", message), HTML_TYPE, [("X-Error", message)])


def from_error(exc: EmulatorError) -> Response:
    """Render an :class:`EmulatorError` (a 400 ``Failure`` carries ``X-Error``)."""
    if exc.status == 400 and exc.failure:
        return failure(exc.message)
    return error_page(exc.status, exc.message)


def submitted_form(ctx: Ctx) -> dict[str, Any]:
    """Stapler's ``getSubmittedForm()``: the ``json`` form field parsed (400 without it)."""
    raw = ctx.req.param("json")
    if not raw:
        submitted = bool(ctx.req.all_params())
        raise EmulatorError(
            400, "This page expects a form submission" if submitted else "Nothing is submitted"
        )
    try:
        data = json.loads(raw)
    except ValueError:
        raise EmulatorError(500, f"Failed to parse JSON:{raw}") from None
    if not isinstance(data, dict):
        raise EmulatorError(500, f"Failed to parse JSON:{raw}")
    return data


def form_validation(kind: str = "ok", message: str = "") -> Response:
    """``hudson.util.FormValidation`` as served to the browser's checks: ``<div/>`` when OK,
    else ``<div class="error|warning">escaped message</div>``; always 200."""
    body = "<div/>" if kind == "ok" else f'<div class="{kind}">{jenkins_escape(message)}</div>'
    return Response(
        200,
        body.encode("utf-8"),
        "text/html;charset=UTF-8",
        [("Content-Security-Policy", "sandbox; default-src 'none';")],
    )


def jenkins_escape(text: str) -> str:
    """``hudson.Util.escape``: HTML-escape, newlines to ``<br>``, runs of spaces to ``&nbsp;``."""
    table = {"\n": "<br>", "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#039;"}
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " ":
            out.append("&nbsp;" if text[i + 1 : i + 2] == " " else " ")
        else:
            out.append(table.get(ch, ch))
    return "".join(out)


def redirect(ctx: Ctx, path: str, status: int = 302) -> Response:
    """A redirect to a context-relative path."""
    return Response(status, b"", None, [("Location", ctx.location(path))])


def require_post(ctx: Ctx) -> Response | None:
    """``@RequirePOST``: 405 + ``Allow: POST`` with the retry page for other methods."""
    if ctx.req.method == "POST":
        return None
    return Response(405, pages.retry_post(ctx.req.raw_path), HTML_TYPE, [("Allow", "POST")])


def build_base(ctx: Ctx, build: Build) -> str:
    """The context-relative URL of a build, ending in ``/`` (wfapi's HAL links)."""
    return f"{ctx.context}/{item_path(build.job)}{build.number}/"


def is_api(rest: list[str]) -> bool:
    """Whether ``rest`` is ``api/json`` or ``api/python`` (the exported-bean URLs)."""
    return rest[:2] in (["api", "json"], ["api", "python"])


def require_admin(ctx: Ctx) -> Response | None:
    """A permission check the emulator grants its administrators (Overall/Administer or
    Manage, Computer/Create, Credentials/Create...): None, or the 403 page."""
    return None if ctx.emu.is_admin(ctx.ident) else forbidden(ctx)


def forbidden(ctx: Ctx) -> Response:
    """The 403 a logged-in user without the permission sees."""
    return Response(
        403,
        pages.jenkins_page(
            "Access Denied", f"{ctx.user_name} is missing the Overall/Administer permission"
        ),
        HTML_TYPE,
    )
