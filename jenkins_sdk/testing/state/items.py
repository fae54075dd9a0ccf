"""Items of the emulated controller: folders, multibranch projects and jobs (``hudson.model``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from jenkins_sdk.testing.model import ArtifactSpec, Outcome, ParamDef, StageSpec, TestReportSpec
from jenkins_sdk.testing.state.item_map import ItemMap

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.builds import Build

FREESTYLE = "freestyle"
PIPELINE = "pipeline"
FOLDER = "folder"
MULTIBRANCH = "multibranch"
ORGANIZATION = "organization"
MATRIX = "matrix"

ITEM_CLASSES = {
    FREESTYLE: "hudson.model.FreeStyleProject",
    PIPELINE: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
    FOLDER: "com.cloudbees.hudson.plugins.folder.Folder",
    MULTIBRANCH: "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject",
    ORGANIZATION: "jenkins.branch.OrganizationFolder",
    MATRIX: "hudson.matrix.MatrixProject",
}
BUILD_CLASSES = {
    FREESTYLE: "hudson.model.FreeStyleBuild",
    PIPELINE: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
    MATRIX: "hudson.matrix.MatrixBuild",
}
_BAD_NAME_CHARS = set("?*/\\%!@#$^&|<>[]:;")


class EmulatorError(Exception):
    """A request the emulated Jenkins refuses: carries the HTTP status and message.

    ``failure`` marks a ``hudson.model.Failure`` (a 400 page with an ``X-Error`` header)."""

    def __init__(self, status: int, message: str, *, failure: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.failure = failure


def fail(message: str) -> EmulatorError:
    """A ``hudson.model.Failure``: 400, the message shown and sent as ``X-Error``."""
    return EmulatorError(400, message, failure=True)


def _iso_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def check_good_name(name: str | None) -> None:
    """``Jenkins.checkGoodName``: raise a :func:`fail` for a bad item name."""
    if not name:
        raise fail("No name is specified")
    if name.strip() in (".", ".."):
        raise fail(f"“{name.strip()}” is not an allowed name")
    for ch in name:
        if _iso_control(ch):
            printable = "".join(f"\\u{ord(c)};" if _iso_control(c) else c for c in name)
            raise fail(f"No control code is allowed: {printable}")
        if ch in _BAD_NAME_CHARS:
            raise fail(f"‘{ch}’ is an unsafe character")
    if name.strip().endswith("."):
        raise fail("A name cannot end with ‘.’")


class Item:
    """A top-level item or an item inside a folder."""

    kind: str = FOLDER

    def __init__(self, name: str, parent: Folder | None) -> None:
        self.name = name
        self.parent = parent
        self.description: str | None = ""
        self.display_name: str | None = None
        self.readers: frozenset[str] | None = None
        self.config_xml: str | None = None

    @property
    def segments(self) -> list[str]:
        """Names from the root down to this item."""
        out: list[str] = []
        node: Item | None = self
        while node is not None and node.parent is not None:
            out.append(node.name)
            node = node.parent
        return out[::-1]

    @property
    def full_name(self) -> str:
        """``a/b/c``."""
        return "/".join(self.segments)

    @property
    def full_display_name(self) -> str:
        """``A » B » C``."""
        names: list[str] = []
        node: Item | None = self
        while node is not None and node.parent is not None:
            names.append(node.display_name or node.name)
            node = node.parent
        return " » ".join(names[::-1])

    def readable_by(self, user: str | None) -> bool:
        """Whether ``user`` (None = anonymous) has Item/Read here and on every parent."""
        node: Item | None = self
        while node is not None:
            if node.readers is not None and (user is None or user not in node.readers):
                return False
            node = node.parent
        return True


class Folder(Item):
    """A folder, a multibranch project, or the root (``parent is None``)."""

    def __init__(self, name: str, parent: Folder | None, kind: str = FOLDER) -> None:
        super().__init__(name, parent)
        self.kind = kind
        self.children = ItemMap()


class Job(Item):
    """A buildable job (freestyle or pipeline) and the script its builds follow."""

    def __init__(self, name: str, parent: Folder | None, kind: str) -> None:
        super().__init__(name, parent)
        self.kind = kind
        self.params: list[ParamDef] = []
        self.disabled = False
        self.concurrent = kind == PIPELINE
        self.quiet_period: float | None = None
        self.token: str | None = None
        self.duration = 10.0
        self.result = "SUCCESS"
        self.stages: list[StageSpec] = []
        self.log_text: str | None = None
        self.log_lines = 20
        self.artifacts: list[ArtifactSpec] = []
        self.test_report: TestReportSpec | None = None
        self.outcomes: deque[Outcome] = deque()
        self.builds: dict[int, Build] = {}
        self.next_build_number = 1
        self.triggered = 0
        self.changes: list[tuple[str, str]] = []
        #: Builds check out from git (a ``BuildData`` action) unless this is False.
        self.git = True
        #: The remote URL; None means ``https://git.example.com/<full name>.git``.
        self.git_remote: str | None = None
        #: Freestyle: the label its builds are restricted to (``None``: any node).
        self.label: str | None = None
        #: Pipeline: the label of the ``node {}`` block its builds run in (``None``: no block).
        self.agent: str | None = None
        #: Whether config.xml has an ``SCMTrigger`` (``polling`` then looks for changes).
        self.scm_trigger = False
        #: Changes pushed since the last poll: (author, message), oldest first.
        self.pending_changes: list[tuple[str, str]] = []
        #: A pipeline's Jenkinsfile (``CpsFlowDefinition``'s ``<script>``): builds interpret it.
        self.script: str | None = None
        #: A freestyle job's build steps and publishers from config.xml: (class, fields).
        self.builders: list[tuple[str, dict[str, str]]] = []
        self.publishers: list[tuple[str, dict[str, str]]] = []
        #: A matrix project's axes: (name, values), in config.xml order.
        self.axes: list[tuple[str, list[str]]] = []

    def combinations(self) -> list[dict[str, str]]:
        """A matrix project's combinations (``AxisList.list``: the first axis varies slowest);
        each a ``Combination``, a map sorted by axis name."""
        combos: list[dict[str, str]] = [{}]
        for name, values in self.axes:
            combos = [{**c, name: v} for c in combos for v in values]
        return [dict(sorted(c.items())) for c in combos]

    def last_builds(self) -> list[Build]:
        """Builds newest first (numbers only grow, so insertion order is ascending)."""
        return list(reversed(self.builds.values()))

    def permalink(self, name: str) -> Build | None:
        """Resolve ``lastBuild``, ``lastSuccessfulBuild``... (PermalinkProjectAction rules)."""
        tests: dict[str, Callable[[Build], bool]] = {
            "lastBuild": lambda b: True,
            "lastCompletedBuild": lambda b: not b.building,
            "lastSuccessfulBuild": lambda b: not b.building and b.result in ("SUCCESS", "UNSTABLE"),
            "lastStableBuild": lambda b: not b.building and b.result == "SUCCESS",
            "lastFailedBuild": lambda b: not b.building and b.result == "FAILURE",
            "lastUnstableBuild": lambda b: not b.building and b.result == "UNSTABLE",
            "lastUnsuccessfulBuild": lambda b: not b.building and b.result != "SUCCESS",
        }
        test = tests.get(name)
        if test is None:
            return None
        for build in reversed(self.builds.values()):
            if test(build):
                return build
        return None

    def estimated_duration_ms(self) -> int:
        """Average of the last three successful-ish durations, -1 when unknown."""
        done: list[int] = []
        for b in reversed(self.builds.values()):
            if not b.building and b.result in ("SUCCESS", "UNSTABLE"):
                done.append(b.duration_ms)
                if len(done) == 3:
                    break
        return int(sum(done) / len(done)) if done else -1

    def color(self) -> str:
        """The BallColor name (``blue``, ``red_anime``...)."""
        if self.disabled:
            return "disabled"
        done = next((b for b in reversed(self.builds.values()) if not b.building), None)
        base = (
            {
                "SUCCESS": "blue",
                "UNSTABLE": "yellow",
                "FAILURE": "red",
                "ABORTED": "aborted",
            }.get(done.result or "", "notbuilt")
            if done
            else "notbuilt"
        )
        if self.builds and next(reversed(self.builds.values())).building:
            return base + "_anime"
        return base
