"""``JenkinsEmulator``: the loopback Jenkins, its builder API, counters and fault switches."""

from __future__ import annotations

import hashlib
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import quote

from jenkins_sdk.testing import pages
from jenkins_sdk.testing.auth import CRUMB_FIELD, AuthRealm, BadCredentials, Identity, User
from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.faults import Fault, FaultPlan
from jenkins_sdk.testing.model import (
    ArtifactSpec,
    Outcome,
    ParamDef,
    StageSpec,
    TestReportSpec,
)
from jenkins_sdk.testing.routes import Ctx, route
from jenkins_sdk.testing.routes.common import HTML_TYPE
from jenkins_sdk.testing.server import (
    EmulatorHandler,
    EmulatorHTTPServer,
    Request,
    ResetConnection,
    Response,
)
from jenkins_sdk.testing.state import (
    FOLDER,
    FREESTYLE,
    MULTIBRANCH,
    PIPELINE,
    Build,
    ControllerState,
    EmulatorError,
    Folder,
    Item,
    Job,
    QueueItem,
)

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "admin"
DEFAULT_TOKEN = "11e7a1b2c3d4e5f60718293a4b5c6d7e8f"
JENKINS_VERSION = "2.541.3"
_ALWAYS_READABLE = {
    "login",
    "loginError",
    "logout",
    "signup",
    "accessDenied",
    "error",
    "oops",
    "404",
    "adjuncts",
    "securityRealm",
    "whoAmI",
    "static",
}


@dataclass(frozen=True)
class LoggedRequest:
    """One entry of the request log."""

    method: str
    path: str
    query: str
    status: int
    user: str | None
    elapsed_ms: float


class Counters:
    """Counters tests can read: requests per path, triggers per job, crumbs, connections, bytes."""

    def __init__(self, emu: JenkinsEmulator) -> None:
        self._emu = emu
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.triggers: Counter[str] = Counter()
        self.merged: Counter[str] = Counter()

    @property
    def total_requests(self) -> int:
        """Every request served."""
        return sum(self.requests.values())

    @property
    def connections(self) -> int:
        """New TCP connections accepted."""
        srv = self._emu._server
        return srv.connections if srv is not None else 0

    @property
    def bytes_sent(self) -> int:
        """Response bytes written (headers included).

        Each write is counted just before it is handed to the socket, so once a client has read
        the last byte of a response the counter already includes all of it. A response whose
        connection broke midway (a client that closed a stream early) moves to
        :attr:`bytes_aborted` instead."""
        srv = self._emu._server
        return srv.bytes_sent if srv is not None else 0

    @property
    def bytes_aborted(self) -> int:
        """Bytes handed to the socket for responses the client stopped reading (the connection
        broke before the last write); the kernel's buffers may have taken megabytes of them."""
        srv = self._emu._server
        return srv.bytes_aborted if srv is not None else 0

    @property
    def crumbs_issued(self) -> int:
        """Crumbs handed out by ``/crumbIssuer``."""
        return self._emu.auth.crumbs_issued

    def builds_started(self, path: str) -> int:
        """Builds that exist for a job (started, not deleted)."""
        return len(self._emu.job(path).builds)

    def reset(self) -> None:
        """Zero everything (connections and bytes included)."""
        with self.lock:
            self.requests.clear()
            self.statuses.clear()
            self.triggers.clear()
            self.merged.clear()
        srv = self._emu._server
        if srv is not None:
            with srv.counter_lock:
                srv.connections = 0
                srv.bytes_sent = 0
                srv.bytes_aborted = 0
        self._emu.auth.crumbs_issued = 0


def branch_job_name(branch: str) -> str:
    """The branch-api job name of a branch: ``feature/x`` -> ``feature%2Fx``."""
    return quote(branch, safe="")


class JenkinsEmulator:
    """A loopback Jenkins controller for tests, demos, recordings and benchmarks.

    Use as a context manager or call :meth:`start`/:meth:`stop`. Time is virtual: with
    ``speed=0`` (the default) it moves only through :meth:`advance`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        user: str = DEFAULT_USER,
        password: str | None = DEFAULT_PASSWORD,
        token: str | None = DEFAULT_TOKEN,
        csrf: bool = True,
        context_path: str = "",
        seed: int = 0,
        speed: float = 0.0,
        version: str = JENKINS_VERSION,
        anonymous_read: bool = False,
        executors: int = 2,
        quiet_period: float = 5.0,
    ) -> None:
        self.host = host
        self.port = port
        self.version = version
        self.seed = seed
        self.context_path = "/" + context_path.strip("/") if context_path.strip("/") else ""
        self.clock = EmulatorClock(speed=speed)
        self.state = ControllerState(self.clock, seed=seed)
        self.state.executors = executors
        self.state.nodes["(built-in)"]["executors"] = executors
        self.state.quiet_period = quiet_period
        digest = hashlib.sha256(f"jenkins-emulator:{seed}".encode()).hexdigest()
        self.instance_id = digest[:8]
        self.session_hash = digest[8:16]
        self.auth = AuthRealm(self.clock, instance_id=self.instance_id, salt=digest[16:48])
        self.auth.csrf = csrf
        self.auth.anonymous_read = anonymous_read
        self._initial_csrf = csrf
        self._initial_anonymous_read = anonymous_read
        self._initial_speed = speed
        self._initial_executors = executors
        self._initial_quiet_period = quiet_period
        self.anonymous_build = False
        self.default_user = user
        self.default_password = password
        self.default_token = token
        self.auth.add_user(User(user, password, [token] if token else [], full_name=user))
        self.faults = FaultPlan(seed)
        self.counters = Counters(self)
        self.request_log: deque[LoggedRequest] = deque(maxlen=100_000)
        self.errors: list[str] = []
        self.script_answer = "Result: emulator\n"
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> JenkinsEmulator:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            return self
        self._server = EmulatorHTTPServer((self.host, self.port), self._dispatch)
        self.port = int(self._server.server_address[1])
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.name = f"jenkins-emulator:{self.port}"
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close client connections."""
        self._stopping.set()
        srv = self._server
        if srv is None:
            return
        srv.shutdown()
        srv.close_all()
        srv.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> JenkinsEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, ending with ``/`` (includes the context path)."""
        return f"http://{self.host}:{self.port}{self.context_path}/"

    @property
    def credentials(self) -> tuple[str, str]:
        """(user, API token) of the default user (password when no token)."""
        return self.default_user, self.default_token or self.default_password or ""

    def reset(self) -> None:
        """Forget every item, build, queue item, fault, session and counter; time restarts."""
        with self.state.lock:
            self.clock.reset()
            executors = self._initial_executors
            quiet = self._initial_quiet_period
            self.state = ControllerState(self.clock, seed=self.seed)
            self.state.executors = executors
            self.state.nodes["(built-in)"]["executors"] = executors
            self.state.quiet_period = quiet
            self.state.dispatch_delay = 0.0
        self.faults.clear(self.seed)
        self.auth.expire_sessions()
        self.auth.session_ttl_s = None
        self.auth.csrf = self._initial_csrf
        self.auth.anonymous_read = self._initial_anonymous_read
        self.anonymous_build = False
        self.auth.users.clear()
        self.auth.add_user(
            User(
                self.default_user,
                self.default_password,
                [self.default_token] if self.default_token else [],
                full_name=self.default_user,
            )
        )
        self.clock.set_speed(self._initial_speed)
        self.script_answer = "Result: emulator\n"
        self.counters.reset()
        self.request_log.clear()
        self.errors.clear()

    # ------------------------------------------------------------ dispatch
    def session_for(self, ctx: Ctx) -> str:
        """The web session of a request, created (with Set-Cookie) when missing."""
        sid, created = self.auth.session_for(ctx.req.cookies.get(self.auth.cookie_name), ctx.ident)
        if created:
            ctx.req.cookies[self.auth.cookie_name] = sid
            ctx.new_cookie = sid
        return sid

    def is_admin(self, ident: Identity) -> bool:
        """Whether ``ident`` has Overall/Administer."""
        user = self.auth.users.get(ident.user or "")
        return user is not None and user.admin

    def login_required(self, req: Request) -> Response:
        """The anonymous 403 "Authentication required" page with its headers."""
        headers = [
            ("X-You-Are-Authenticated-As", "anonymous"),
            ("X-Required-Permission", "hudson.model.Hudson.Read"),
            ("X-Permission-Implied-By", "hudson.security.Permission.GenericRead"),
            ("X-Permission-Implied-By", "hudson.model.Hudson.Administer"),
        ]
        if req.header("X-Requested-With") == "XMLHttpRequest":
            return Response(403, b"", HTML_TYPE, headers)
        return Response(
            403, pages.login_required(self.context_path, req.raw_path), HTML_TYPE, headers
        )

    def _early_fault(self, fault: Fault, req: Request, handler: EmulatorHandler) -> Response | None:
        if fault.kind == "reset_before":
            raise ResetConnection
        if fault.kind == "slow":
            self._stopping.wait(fault.delay)
            return None
        req.body = handler.read_body()
        if fault.kind == "restart":
            return Response(
                503,
                pages.restarting(fault.starting),
                HTML_TYPE,
                [("Expires", "0"), ("Cache-Control", "no-cache,no-store,must-revalidate")],
            )
        if fault.kind == "http":
            headers = [("Server", "nginx/1.27.5")]
            if fault.retry_after is not None:
                headers.append(("Retry-After", fault.retry_after))
            reason = {503: "Service Temporarily Unavailable", 429: "Too Many Requests"}.get(
                fault.status, "Bad Gateway"
            )
            return Response(
                fault.status, pages.proxy_error(fault.status, reason), "text/html", headers
            )
        return Response(fault.status or 500, pages.oops("emulated failure"), HTML_TYPE)

    def _dispatch(self, req: Request, handler: EmulatorHandler) -> Response | None:
        t0 = time.perf_counter()
        path = req.raw_path
        ctxp = self.context_path
        outside = False
        if ctxp:
            if path == ctxp or path.startswith(ctxp + "/"):
                path = path[len(ctxp) :]
            else:
                outside = True
        req.segments = [s for s in path.split("/") if s]
        now = self.clock.now_ms()
        ident = Identity(None, "anonymous")
        resp: Response | None = None
        new_cookie: str | None = None
        fault = self.faults.pick("early", req.method, path, now)
        if fault is not None:
            resp = self._early_fault(fault, req, handler)
        if resp is None:
            req.body = handler.read_body()
            try:
                ident = self.auth.authenticate(req.header("Authorization"))
            except BadCredentials:
                resp = Response(
                    401,
                    pages.jetty_error(401, "Unauthorized", req.raw_path),
                    "text/html;charset=iso-8859-1",
                    [
                        ("WWW-Authenticate", 'Basic realm="Jenkins"'),
                        ("Cache-Control", "must-revalidate,no-cache,no-store"),
                    ],
                )
        if resp is None and outside:
            resp = Response(404, pages.not_found(), HTML_TYPE)
        if resp is None:
            resp, new_cookie = self._serve(req, ident)
        late = self.faults.pick("late", req.method, path, now)
        resp.headers.extend(
            [
                ("Server", "Jetty(12.1.5)"),
                ("X-Content-Type-Options", "nosniff"),
                ("X-Jenkins", self.version),
                ("X-Jenkins-Session", self.session_hash),
                ("X-Hudson", "1.395"),
            ]
        )
        if new_cookie is not None:
            resp.headers.append(
                (
                    "Set-Cookie",
                    f"{self.auth.cookie_name}={new_cookie}; Path={ctxp or '/'}; HttpOnly; "
                    "SameSite=Lax",
                )
            )
        with self.counters.lock:
            self.counters.requests[path] += 1
            self.counters.statuses[resp.status] += 1
        self.request_log.append(
            LoggedRequest(
                req.method,
                path,
                req.query_string,
                resp.status,
                ident.user,
                (time.perf_counter() - t0) * 1000,
            )
        )
        if late is not None:
            if late.kind == "reset_after":
                raise ResetConnection
            size = len(resp.body) if resp.stream is None else (resp.length or 1 << 20)
            handler.write_response(resp, truncate_to=max(0, int(size * late.keep_fraction)))
            return None
        return resp

    def _serve(self, req: Request, ident: Identity) -> tuple[Response, str | None]:
        root = f"http://{self.host}:{self.port}{self.context_path}/"
        ctx = Ctx(self, req, ident, root)
        try:
            if req.method == "POST" and not self._crumb_ok(req, ident):
                uri = req.raw_path
                msg = "No valid crumb was included in the request"
                return (
                    Response(
                        403,
                        pages.jetty_error(403, msg, uri),
                        "text/html;charset=iso-8859-1",
                    ),
                    None,
                )
            head = req.segments[0] if req.segments else ""
            if ident.anonymous and not self.auth.anonymous_read and head not in _ALWAYS_READABLE:
                return self.login_required(req), None
            with self.state.lock:
                self.state.tick()
                resp = route(ctx)
        except EmulatorError as exc:
            from jenkins_sdk.testing.routes.common import from_error

            resp = from_error(exc)
        except Exception as exc:  # an emulator bug: fail the test that caused it
            self.errors.append(f"{req.method} {req.target}: {exc!r}\n{traceback.format_exc()}")
            resp = Response(500, pages.oops(repr(exc)), HTML_TYPE)
        return resp, ctx.new_cookie

    def _crumb_ok(self, req: Request, ident: Identity) -> bool:
        if not self.auth.csrf or ident.via == "token":
            return True
        crumb = req.header(CRUMB_FIELD)
        if crumb is None:
            values = req.query.get(CRUMB_FIELD)
            if not values and req.content_type == "application/x-www-form-urlencoded":
                values = req.form.get(CRUMB_FIELD)
            crumb = values[0] if values else None
        sid = req.cookies.get(self.auth.cookie_name)
        return self.auth.check_crumb(ident, sid, crumb)

    def check_errors(self) -> None:
        """Raise AssertionError if a server thread hit an unexpected exception."""
        if self.errors:
            raise AssertionError("emulator errors:\n" + "\n".join(self.errors))

    def count_trigger(self, job: Job, created: bool) -> None:
        """Record a trigger request (new queue item, or merged into an existing one)."""
        with self.counters.lock:
            (self.counters.triggers if created else self.counters.merged)[job.full_name] += 1

    # -------------------------------------------------------------- time
    def advance(self, seconds: float) -> None:
        """Move virtual time forward and apply everything that happens meanwhile."""
        self.clock.advance(seconds)
        self.state.tick()

    def settle(self, max_seconds: float = 24 * 3600, step: float = 1.0) -> float:
        """Advance until the queue is empty and nothing runs (inputs stay paused).

        Returns the virtual seconds spent."""
        spent = 0.0
        while spent < max_seconds:
            with self.state.lock:
                self.state.tick()
                busy = any(
                    b.building and b.pending_input() is None
                    for j in self.state.all_jobs()
                    for b in j.builds.values()
                )
                if not busy and not self.state.queue:
                    return spent
            self.advance(step)
            spent += step
        return spent

    # ------------------------------------------------------------ builder
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

    def _parent_for(self, path: str) -> tuple[Folder, str]:
        parts = [p for p in path.split("/") if p]
        if not parts:
            raise ValueError("empty item path")
        parent = self.folder("/".join(parts[:-1])) if len(parts) > 1 else self.state.root
        return parent, parts[-1]

    def folder(self, path: str, *, description: str = "", kind: str = FOLDER) -> Folder:
        """Create (or return) a folder, creating parents as needed."""
        with self.state.lock:
            node: Folder = self.state.root
            for name in [p for p in path.split("/") if p]:
                child = node.children.get(name)
                if child is None:
                    child = Folder(name, node, kind if name == path.split("/")[-1] else FOLDER)
                    child.description = description
                    node.children[name] = child
                if not isinstance(child, Folder):
                    raise ValueError(f"{name} is a job, not a folder")
                node = child
            return node

    def _job(
        self,
        kind: str,
        path: str,
        *,
        params: Sequence[ParamDef] = (),
        duration: float = 10.0,
        result: str = "SUCCESS",
        stages: Sequence[StageSpec] = (),
        log: str | None = None,
        log_lines: int = 20,
        artifacts: Sequence[ArtifactSpec] = (),
        test_report: TestReportSpec | None = None,
        concurrent: bool | None = None,
        quiet_period: float | None = None,
        token: str | None = None,
        disabled: bool = False,
        description: str = "",
        readers: Iterable[str] | None = None,
        changes: Sequence[tuple[str, str]] = (),
        git: bool = True,
        git_remote: str | None = None,
    ) -> Job:
        with self.state.lock:
            parent, name = self._parent_for(path)
            job = Job(name, parent, kind)
            job.params = list(params)
            job.duration = duration
            job.result = result
            job.stages = list(stages)
            job.log_text = log
            job.log_lines = log_lines
            job.artifacts = list(artifacts)
            job.test_report = test_report
            if concurrent is not None:
                job.concurrent = concurrent
            job.quiet_period = quiet_period
            job.token = token
            job.disabled = disabled
            job.description = description
            job.readers = frozenset(readers) if readers is not None else None
            job.changes = list(changes)
            job.git = git
            job.git_remote = git_remote
            parent.children.pop(name, None)
            parent.children[name] = job
            return job

    def freestyle(self, path: str, **kwargs: Any) -> Job:
        """Declare a freestyle job (see :meth:`_job` keywords: params, duration, result, log...)."""
        return self._job(FREESTYLE, path, **kwargs)

    def pipeline(self, path: str, **kwargs: Any) -> Job:
        """Declare a pipeline job; ``stages`` are :class:`StageSpec` (default Build/Test/Deploy)."""
        if not kwargs.get("stages"):
            kwargs["stages"] = [StageSpec("Build", 3), StageSpec("Test", 4), StageSpec("Deploy", 3)]
        return self._job(PIPELINE, path, **kwargs)

    def multibranch(self, path: str, branches: Sequence[str], **kwargs: Any) -> Folder:
        """Declare a multibranch project; ``feature/x`` becomes the job named ``feature%2Fx``."""
        project = self.folder(path, kind=MULTIBRANCH)
        project.kind = MULTIBRANCH
        for branch in branches:
            job = self.pipeline(f"{path}/{branch_job_name(branch)}", **kwargs)
            job.display_name = branch
        return project

    def job(self, path: str | Sequence[str]) -> Job:
        """The job at ``a/b/c`` (or a list of names, for names containing ``/``)."""
        segs = [p for p in path.split("/") if p] if isinstance(path, str) else list(path)
        item = self.state.resolve(segs)
        if not isinstance(item, Job):
            raise KeyError(f"no job {path!r}")
        return item

    def item(self, path: str) -> Item | None:
        """Any item by path, or None."""
        return self.state.resolve([p for p in path.split("/") if p])

    def then(self, path: str, *outcomes: Outcome) -> None:
        """Script how the next builds of a job end (consumed in order)."""
        self.job(path).outcomes.extend(outcomes)

    def history(self, path: str, results: Sequence[str], *, spacing: float = 600.0) -> list[Build]:
        """Add completed builds in the past with these results (oldest first)."""
        job = self.job(path)
        out: list[Build] = []
        with self.state.lock:
            now = self.clock.now_ms()
            total = len(results)
            for i, result in enumerate(results):
                start = now - int((total - i) * spacing * 1000)
                item = QueueItem(
                    self.state.new_id(),
                    job,
                    [(d, d.default) for d in job.params if d.type != "file"],
                    [
                        {
                            "_class": "hudson.model.Cause$UserIdCause",
                            "shortDescription": f"Started by user {self.default_user}",
                            "userId": self.default_user,
                            "userName": self.default_user,
                        }
                    ],
                    start - 5000,
                    start,
                )
                number = job.next_build_number
                job.next_build_number += 1
                build = Build(
                    job, number, item, start, Outcome(result=result), seed=self.seed + number * 7919
                )
                job.builds[number] = build
                while build.building:
                    t = build.next_event_ms()
                    if t is None:
                        build.answer_input(build.phase_clock_ms, True, self.default_user, {})
                        continue
                    build.on_event(t)
                out.append(build)
        return out

    def trigger(self, path: str, params: dict[str, Any] | None = None) -> QueueItem:
        """Queue a build directly (no HTTP), as the default user."""
        job = self.job(path)
        given = params or {}
        values = [(d, given.get(d.name, d.default)) for d in job.params if d.type != "file"]
        cause = {
            "_class": "hudson.model.Cause$UserIdCause",
            "shortDescription": f"Started by user {self.default_user}",
            "userId": self.default_user,
            "userName": self.default_user,
        }
        with self.state.lock:
            item, created = self.state.schedule(job, values, [cause])
            self.count_trigger(job, created)
            return item

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

    # ------------------------------------------------------------- faults
    def restart(
        self, seconds: float | None = 30.0, *, requests: int | None = None, starting: bool = False
    ) -> Fault:
        """Open a restart window: 503 "Restarting Jenkins" pages (no Retry-After) until ``seconds``
        of virtual time pass or ``requests`` requests were refused; sessions are dropped."""
        self.auth.expire_sessions()
        until = self.clock.now_ms() + int(seconds * 1000) if seconds is not None else None
        return self.faults.arm(
            Fault("restart", times=requests, until_ms=until, starting=starting, status=503)
        )

    def proxy_error(
        self,
        status: int = 503,
        *,
        retry_after: str | None = "1",
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """A reverse proxy's 503/429/502 page with ``Retry-After``."""
        return self.faults.arm(
            Fault(
                "http",
                path=path,
                method=method,
                times=times,
                probability=probability,
                status=status,
                retry_after=retry_after,
            )
        )

    def reset_connection(
        self,
        *,
        after: bool = False,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """Reset the TCP connection before the request is acted on, or (``after=True``) after it
        was handled but before the response is sent."""
        kind = "reset_after" if after else "reset_before"
        return self.faults.arm(
            Fault(kind, path=path, method=method, times=times, probability=probability)
        )

    def slow(
        self,
        delay: float,
        *,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """Delay responses by ``delay`` real seconds."""
        return self.faults.arm(
            Fault(
                "slow", path=path, method=method, times=times, probability=probability, delay=delay
            )
        )

    def truncate(
        self,
        *,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        keep_fraction: float = 0.5,
        probability: float = 1.0,
    ) -> Fault:
        """Announce the full length but send only part of the body, then close."""
        return self.faults.arm(
            Fault(
                "truncate",
                path=path,
                method=method,
                times=times,
                probability=probability,
                keep_fraction=keep_fraction,
            )
        )

    def html_error(
        self, status: int = 500, *, times: int | None = 1, path: str | None = None
    ) -> Fault:
        """Answer with Jenkins' "Oops!" HTML error page."""
        return self.faults.arm(Fault("html_error", path=path, times=times, status=status))

    def expire_crumbs(self) -> None:
        """Invalidate every web session now, so every crumb is refused."""
        self.auth.expire_sessions()

    def session_ttl(self, seconds: float | None) -> None:
        """Expire sessions (and their crumbs) ``seconds`` of virtual time after creation."""
        self.auth.session_ttl_s = seconds

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self.faults.clear()
