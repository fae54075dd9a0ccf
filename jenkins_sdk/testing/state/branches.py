"""Computed folders: multibranch projects and organization folders, their scans and scan logs.

A multibranch project (branch-api ``MultiBranchProject``) holds a declared list of heads standing in
for its SCM; an organization folder (``OrganizationFolder``) a declared list of repositories, each a
multibranch project. A scan (cloudbees-folder ``FolderComputation``) is scheduled by ``POST
build``, waits while another scan of the same folder runs (``Already computing``), then runs for
:attr:`ComputedProject.scan_seconds` of emulator time: at its end the children follow the
declaration as it stood when the scan started (new heads become jobs and get a build with a
``BranchIndexingCause``, vanished ones are deleted, or disabled and marked dead when ``prune`` is
off) and its log is written in branch-api's words, ending ``Finished: SUCCESS``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.state.items import MULTIBRANCH, ORGANIZATION, Folder, Item, Job
from jenkins_sdk.testing.timefmt import time_span

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.controller import ControllerState

__all__ = [
    "ORGANIZATION",
    "BranchStore",
    "Computation",
    "ComputedProject",
    "HeadSpec",
    "QueuedScan",
    "find_child",
    "name_decode",
    "name_encode",
]

_ENCODE = {"#": "%23", "%": "%25", "/": "%2F", "?": "%3F", "[": "%5B", "]": "%5D", "\\": "%5C"}
_DECODE = {v: k for k, v in _ENCODE.items()}
_SPECIAL = {"": "%00", ".": "%2E", "..": "%2E."}


def name_encode(name: str) -> str:
    """branch-api ``NameEncoder.encode``: a branch's job name (``feature/x`` -> ``feature%2Fx``)."""
    if name in _SPECIAL:
        return _SPECIAL[name]
    return "".join(_ENCODE.get(ch, ch) for ch in name)


def name_decode(name: str) -> str:
    """``NameEncoder.decode``: only its seven escapes are decoded, other ``%xx`` stay."""
    for raw, encoded in _SPECIAL.items():
        if name == encoded:
            return raw
    out: list[str] = []
    i = 0
    while i < len(name):
        escape = name[i : i + 3]
        if name[i] == "%" and escape in _DECODE:
            out.append(_DECODE[escape])
            i += 3
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def find_child(folder: Folder, name: str) -> Item | None:
    """A child by name; in a computed folder also by decoded or encoded name
    (``MultiBranchProject.getItem``, ``OrganizationFolder.getItem``)."""
    child = folder.children.get(name)
    if child is not None or folder.kind not in (MULTIBRANCH, ORGANIZATION):
        return child
    if "%" in name:
        child = folder.children.get(name_decode(name))
        if child is not None:
            return child
    return folder.children.get(name_encode(name))


@dataclass(frozen=True)
class HeadSpec:
    """A head the emulated SCM reports: a branch, a change request (``PR-1``) or a tag."""

    name: str
    kind: str = "branch"  # branch, change-request, tag
    title: str | None = None

    @property
    def display_name(self) -> str | None:
        """``RAW_AND_OBJECT_DISPLAY_NAME``: ``title (#1)`` for a titled PR, else the raw name."""
        if self.title:
            short = "#" + self.name[3:] if self.name.startswith(("PR-", "MR-")) else self.name
            return f"{self.title} ({short})"
        return self.name if name_encode(self.name) != self.name else None


@dataclass
class Computation:
    """One scan: its log lines so far and, once finished, its result."""

    started_ms: int
    ends_ms: int
    lines: list[str]
    #: What the SCM reported when the scan started (heads, or repositories of an org folder).
    heads: list[HeadSpec] = field(default_factory=list)
    repos: dict[str, list[HeadSpec]] = field(default_factory=dict)
    result: str | None = None

    def text(self) -> bytes:
        """The log as written so far."""
        return "".join(line + "\n" for line in self.lines).encode("utf-8")


@dataclass
class QueuedScan:
    """A scan waiting in the queue (quiet period, or blocked behind a running scan)."""

    id: int
    since_ms: int
    timestamp: int
    causes: list[dict[str, Any]]


@dataclass
class ComputedProject:
    """What the emulator knows about one computed folder besides its children."""

    folder: Folder
    #: Makes the job of a new head (the builder API's pipeline job with the declared keywords).
    make_job: Callable[[Folder, HeadSpec], Job]
    heads: list[HeadSpec] = field(default_factory=list)
    repos: dict[str, list[HeadSpec]] = field(default_factory=dict)
    prune: bool = True
    build_new: bool = True
    scan_seconds: float = 2.0
    fail_with: str | None = None
    computation: Computation | None = None
    queued: QueuedScan | None = None

    @property
    def buildable(self) -> bool:
        """``ComputedFolder.isBuildable``: not without a source (or, for an org folder, repos)."""
        return bool(self.heads or self.repos or self.folder.kind == ORGANIZATION)


def _stamp(ms: int) -> str:
    """Java's ``%tc``: ``Sat Nov 28 10:00:00 UTC 2026``."""
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%a %b %d %H:%M:%S UTC %Y"
    )


class BranchStore:
    """Computed folders by folder, and the head behind each branch job."""

    def __init__(self, state: ControllerState) -> None:
        self.state = state
        self.projects: dict[Folder, ComputedProject] = {}
        self.heads: dict[Job, HeadSpec] = {}
        self.dead: set[Item] = set()
        self._ticking = False

    def project(self, folder: Folder) -> ComputedProject | None:
        """The computed-folder record of ``folder`` (None for plain folders)."""
        return self.projects.get(folder)

    # ------------------------------------------------------------ scheduling
    def schedule(self, project: ComputedProject, cause: dict[str, Any], delay_s: float) -> None:
        """``ComputedFolder.scheduleBuild2``: queue a scan (merged into one already queued)."""
        now = self.state.clock.now_ms()
        if project.queued is not None:
            if cause not in project.queued.causes:
                project.queued.causes.append(cause)
            return
        when = now + int(delay_s * 1000)
        project.queued = QueuedScan(self.state.new_id(), now, when, [cause])
        self.tick(now)

    def queue_state(self, project: ComputedProject, now: int) -> tuple[str, str]:
        """(state, why) of the queued scan: waiting in its quiet period or blocked."""
        queued = project.queued
        assert queued is not None
        if now < queued.timestamp:
            return (
                "waiting",
                f"In the quiet period. Expires in {time_span(queued.timestamp - now)}",
            )
        return "blocked", "Already computing"

    def run_now(self, project: ComputedProject) -> None:
        """Run a whole scan at once (the builders' first indexing of a declared project)."""
        now = self.state.clock.now_ms()
        cause = {"shortDescription": "Branch indexing"}
        self._start(project, QueuedScan(self.state.new_id(), now, now, [cause]), now, seconds=0)
        self._finish(project, now)

    # -------------------------------------------------------------- running
    def tick(self, now_ms: int) -> None:
        """Finish scans whose time is up and start queued ones (``ControllerState.tick``)."""
        if self._ticking:
            return
        self._ticking = True
        try:
            for project in list(self.projects.values()):
                self._advance(project, now_ms)
        finally:
            self._ticking = False

    def _advance(self, project: ComputedProject, now: int) -> None:
        for _ in range(1000):
            running = project.computation
            if running is not None and running.result is None:
                if now < running.ends_ms:
                    return
                self._finish(project, running.ends_ms)
                continue
            queued = project.queued
            if queued is None or now < queued.timestamp:
                return
            project.queued = None
            self._start(project, queued, max(queued.timestamp, running.ends_ms if running else 0))

    def _start(
        self, project: ComputedProject, queued: QueuedScan, t: int, *, seconds: float | None = None
    ) -> None:
        org = project.folder.kind == ORGANIZATION
        what = "organization scan" if org else "branch indexing"
        causes = [str(c.get("shortDescription", "")) for c in queued.causes]
        lines = [*causes, f"[{_stamp(t)}] Starting {what}..."]
        took = project.scan_seconds if seconds is None else seconds
        project.computation = Computation(
            t, t + int(took * 1000), lines, list(project.heads), dict(project.repos)
        )

    def _finish(self, project: ComputedProject, t: int) -> None:
        comp = project.computation
        assert comp is not None
        org = project.folder.kind == ORGANIZATION
        if project.fail_with is not None:
            source = "repositories" if org else "branches from source"
            comp.lines.append(f"ERROR: [{_stamp(t)}] Could not fetch {source}: {project.fail_with}")
            comp.lines.append(f"ERROR: {project.fail_with}")
            result = "FAILURE"
        else:
            if org:
                self._sync_repos(project, comp)
            else:
                self._sync_heads(project, comp)
            result = "SUCCESS"
        took = time_span(comp.ends_ms - comp.started_ms)
        if org:
            comp.lines.append(f"[{_stamp(t)}] Finished organization scan. Scan took {took}")
        else:
            comp.lines.append(f"[{_stamp(t)}] Finished branch indexing. Indexing took {took}")
        comp.lines.append(f"Finished: {result}")
        comp.result = result

    def _sync_heads(self, project: ComputedProject, comp: Computation) -> None:
        folder, lines = project.folder, comp.lines
        wanted = {name_encode(h.name): h for h in comp.heads}
        lines.append(f"Examining {folder.full_name}")
        for encoded, head in wanted.items():
            lines.extend([f"    Checking {head.kind} {head.name}", "      ‘Jenkinsfile’ found"])
            lines.append("    Met criteria")
            job = folder.children.get(encoded)
            if isinstance(job, Job) and job not in self.dead:
                lines.append(f"No changes detected: {head.name} (still at {_revision(head)})")
                continue
            if isinstance(job, Job):
                self.dead.discard(job)
                job.disabled = False
                lines.append(f"Branch reopened: {head.name} ({_revision(head)})")
            else:
                job = project.make_job(folder, head)
            self.heads[job] = head
            if not project.build_new:
                lines.append(f"No automatic build triggered for {head.name}")
                continue
            cause = {
                "_class": "jenkins.branch.BranchIndexingCause",
                "shortDescription": "Branch indexing",
            }
            self.state.schedule(job, [], [cause])
            lines.append(f"Scheduled build for branch: {head.name}")
        lines.append(f"  {len(wanted)} heads were processed")
        self._orphans(project, [c for n, c in folder.children.items() if n not in wanted], lines)

    def _sync_repos(self, project: ComputedProject, comp: Computation) -> None:
        folder, lines = project.folder, comp.lines
        wanted = {name_encode(r): heads for r, heads in comp.repos.items()}
        for encoded, heads in wanted.items():
            child = folder.children.get(encoded)
            lines.append(f"Proposing {name_decode(encoded)}")
            if not isinstance(child, Folder):
                child = Folder(encoded, folder, MULTIBRANCH)
                folder.children[encoded] = child
                lines.append(
                    f"Project {name_decode(encoded)} does not have a corresponding sub-project"
                )
            sub = self.projects.setdefault(child, ComputedProject(child, project.make_job))
            sub.heads = list(heads)
            sub.scan_seconds = project.scan_seconds
            self.schedule(
                sub,
                {
                    "_class": "jenkins.branch.BranchIndexingCause",
                    "shortDescription": "Branch indexing",
                },
                0,
            )
        self._orphans(project, [c for n, c in folder.children.items() if n not in wanted], lines)

    def _orphans(self, project: ComputedProject, orphans: list[Item], lines: list[str]) -> None:
        """``DefaultOrphanedItemStrategy``: delete vanished children (or disable them)."""
        if not orphans:
            return
        lines.append(f"Evaluating orphaned items in {project.folder.full_display_name}")
        for item in orphans:
            label = item.display_name or item.name
            if not project.prune:
                if isinstance(item, Job):
                    item.disabled = True
                self.dead.add(item)
                continue
            building = isinstance(item, Job) and any(b.building for b in item.builds.values())
            if building:
                lines.append(f"Will not remove {label} as it is still in progress")
                continue
            lines.append(f"Will remove {label}")
            project.folder.children.pop(item.name, None)
            for queued in [q for q in self.state.queue.values() if q.job is item]:
                self.state.queue.pop(queued.id, None)


def _revision(head: HeadSpec) -> str:
    """A stable fake commit id for a head."""
    return hashlib.sha1(head.name.encode()).hexdigest()[:12]
