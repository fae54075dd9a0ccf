"""``JenkinsEmulator``: the loopback Jenkins, its lifecycle, time, and the builder API.

The class is assembled from one mixin per area (``builders/``: items, builds, controller, faults;
``dispatch``: serving a request). A new area adds its own mixin module and one line in the bases
below; its data lives in a state store (``state.store(...)``) so that :meth:`reset` forgets it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque

from jenkins_sdk._closing import ClosedOnExit
from jenkins_sdk.testing.auth import AuthRealm, User
from jenkins_sdk.testing.builders import (
    AgentBuilders,
    BranchBuilders,
    BuildBuilders,
    ControllerBuilders,
    CredentialBuilders,
    FaultBuilders,
    ItemBuilders,
    LifecycleBuilders,
    PluginBuilders,
    ScriptBuilders,
    UserBuilders,
    branch_job_name,
)
from jenkins_sdk.testing.clock import EmulatorClock
from jenkins_sdk.testing.counters import Counters, LoggedRequest
from jenkins_sdk.testing.dispatch import RequestDispatch
from jenkins_sdk.testing.faults import FaultPlan
from jenkins_sdk.testing.server import EmulatorHTTPServer
from jenkins_sdk.testing.state import ControllerState

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "JENKINS_VERSION",
    "Counters",
    "JenkinsEmulator",
    "LoggedRequest",
    "branch_job_name",
]

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "admin"
DEFAULT_TOKEN = "11e7a1b2c3d4e5f60718293a4b5c6d7e8f"
JENKINS_VERSION = "2.541.3"


class JenkinsEmulator(
    AgentBuilders,
    BranchBuilders,
    BuildBuilders,
    CredentialBuilders,
    ItemBuilders,
    ControllerBuilders,
    FaultBuilders,
    LifecycleBuilders,
    PluginBuilders,
    UserBuilders,
    ScriptBuilders,
    RequestDispatch,
    ClosedOnExit,
):
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
        self._init_lifecycle()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> JenkinsEmulator:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            return self
        self._server = EmulatorHTTPServer((self.host, self.port), self._dispatch)
        self.port = int(self._server.server_address[1])
        self.state.root_url = self.url
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

    def close(self) -> None:
        """The same as :meth:`stop` (what the end of a ``with`` block calls)."""
        self.stop()

    def __enter__(self) -> JenkinsEmulator:
        return self.start()

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
            self.state.root_url = self.url
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

    # -------------------------------------------------------------- time
    def advance(self, seconds: float) -> None:
        """Move virtual time forward and apply everything that happens meanwhile."""
        self.clock.advance(seconds)
        self.state.tick()

    def settle(self, max_seconds: float = 24 * 3600, step: float = 1.0) -> float:
        """Advance until the queue is empty and nothing runs (builds paused on an input, or waiting
        for a node no one has, stay as they are).

        Returns the virtual seconds spent."""
        spent = 0.0
        while spent < max_seconds:
            with self.state.lock:
                self.state.tick()
                busy = any(
                    b.building and b.next_event_ms() is not None
                    for j in self.state.all_jobs()
                    for b in j.builds.values()
                )
                if not busy and not self.state.queue:
                    return spent
            self.advance(step)
            spent += step
        return spent
