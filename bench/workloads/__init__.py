"""The benchmark workloads: one module each, all with the same shape.

A workload module defines

* ``NAME`` / ``TITLE`` and ``SIZES`` (``full``, ``quick`` and ``smoke`` parameter dicts);
* ``SPEED``: the emulator clock's real-time factor while a client runs (0 = frozen);
* ``build(emu, size)``: the scenario, built once in the serving process;
* ``prepare(emu, size)``: per-run state (running builds...), returns the client's parameters;
* ``check(emu, size, params, answer)``: ``None`` when the answer is right, else why not;
* optionally ``measure(emu, size, params, answer, go)``: extra figures of a right answer (``go``:
  the wall-clock time and emulator time at which the clock was started);
* ``cleanup(emu, size, params)``: undo what the run left behind, so every run starts equal;
* ``CLIENTS``: client name -> ``run(ctx)`` function, or a string saying why it is ``n/a``.

Client functions run in their own process and import their library lazily (the child imports
it before the clock starts, see :mod:`bench.client`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

#: Another checkout of jenkins_sdk to measure beside this one, as the client
#: ``jenkins_sdk@before`` (``JENKINS_SDK_BENCH_BEFORE=/path/to/checkout``): a before/after table
#: of a change from one run, the same emulator and the same workload code serving both.
BEFORE = os.environ.get("JENKINS_SDK_BEFORE_TREE") or os.environ.get("JENKINS_SDK_BENCH_BEFORE")
#: Order of the columns in every table.
CLIENT_NAMES = (
    ("jenkins_sdk",)
    + (("jenkins_sdk@before",) if BEFORE else ())
    + ("requests", "python-jenkins", "api4jenkins", "jenkinsapi")
)


def _resource_modules(root: Path) -> tuple[str, ...]:
    """Every operations module of the jenkins_sdk under ``root`` (found on disk)."""
    return tuple(
        f"jenkins_sdk.resources.{path.stem}"
        for path in sorted((root / "jenkins_sdk" / "resources").glob("*.py"))
        if not path.stem.startswith("__")
    )


_RESOURCE_MODULES = _resource_modules(Path(__file__).resolve().parents[2])
#: What each client imports before its clock starts.
CLIENT_IMPORTS = {
    # jenkins_sdk loads its modules lazily (PEP 562); import them all before the timer starts,
    # as the peers' whole libraries are, so a workload's wall time holds no import cost.
    "jenkins_sdk": (
        "jenkins_sdk",
        "jenkins_sdk.client",
        "jenkins_sdk.models",
        "jenkins_sdk.models.converter",
        *_RESOURCE_MODULES,
    ),
    "jenkins_sdk@before": (
        "jenkins_sdk",
        "jenkins_sdk.client",
        "jenkins_sdk.models",
        "jenkins_sdk.models.converter",
        *(_resource_modules(Path(BEFORE)) if BEFORE else ()),
    ),
    "requests": ("requests", "json"),
    "python-jenkins": ("jenkins",),
    "api4jenkins": ("api4jenkins", "api4jenkins.build", "api4jenkins.job"),
    "jenkinsapi": ("jenkinsapi.jenkins", "jenkinsapi.build", "jenkinsapi.job"),
}
PEERS = ("python-jenkins", "api4jenkins", "jenkinsapi")
WORKLOADS = (
    "listing",
    "builds",
    "monitor",
    "trigger",
    "console",
    "artifact",
    "overhead",
    "monitor_spread",
    "quiet",
)
ClientFn = Callable[["ClientCtx"], Any]


@dataclass
class ClientCtx:
    """What a client function gets: where the emulator is, its parameters, a scratch dir."""

    url: str
    user: str
    token: str
    params: dict[str, Any]
    tmp: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def sdk(self, **kwargs: Any) -> Any:
        """A ``jenkins_sdk.JenkinsClient`` for the emulator."""
        from jenkins_sdk import JenkinsClient

        return JenkinsClient(url=self.url, username=self.user, api_token=self.token, **kwargs)

    def session(self, pool: int = 10) -> Any:
        """A bare ``requests.Session`` with basic auth and a pool of ``pool`` connections."""
        import requests
        from requests.adapters import HTTPAdapter

        s = requests.Session()
        s.auth = (self.user, self.token)
        adapter = HTTPAdapter(pool_connections=pool, pool_maxsize=pool)
        s.mount("http://", adapter)
        return s

    def python_jenkins(self) -> Any:
        """A ``jenkins.Jenkins`` (python-jenkins)."""
        import jenkins

        return jenkins.Jenkins(self.url, username=self.user, password=self.token)

    def api4jenkins(self) -> Any:
        """An ``api4jenkins.Jenkins``."""
        import api4jenkins

        return api4jenkins.Jenkins(self.url, auth=(self.user, self.token))

    def jenkinsapi(self, **kwargs: Any) -> Any:
        """A ``jenkinsapi.jenkins.Jenkins`` (it reads the root and every folder on creation)."""
        from jenkinsapi.jenkins import Jenkins

        return Jenkins(self.url.rstrip("/"), username=self.user, password=self.token, **kwargs)


def full_name_from_url(url: str, base: str) -> str:
    """``http://h/job/a/job/b/`` -> ``a/b``."""
    path = urlsplit(url).path[len(urlsplit(base).path) :]
    parts = [p for p in path.split("/") if p]
    return "/".join(unquote(parts[i + 1]) for i in range(0, len(parts) - 1, 2) if parts[i] == "job")


def load(name: str) -> ModuleType:
    """The workload module ``bench.workloads.<name>``."""
    return importlib.import_module(f"bench.workloads.{name}")
