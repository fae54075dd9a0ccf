"""Builder API for items: folders, freestyle and pipeline jobs (computed folders: ``branches``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.model import ArtifactSpec, ParamDef, StageSpec, TestReportSpec
from jenkins_sdk.testing.state import FOLDER, FREESTYLE, PIPELINE, Folder, Item, Job


class ItemBuilders(EmulatorParts):
    """``folder``, ``freestyle``, ``pipeline``, ``job``, ``item``."""

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
        label: str | None = None,
        agent: str | None = None,
        script: str | None = None,
        shell: str | Sequence[str] | None = None,
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
            job.label = label
            job.agent = agent
            job.script = script
            commands = [shell] if isinstance(shell, str) else list(shell or [])
            job.builders = [("hudson.tasks.Shell", {"command": c}) for c in commands]
            parent.children.pop(name, None)
            parent.children[name] = job
            return job

    def freestyle(self, path: str, **kwargs: Any) -> Job:
        """Declare a freestyle job (see :meth:`_job` keywords: params, duration, result, log...);
        ``label`` restricts its builds to nodes with that label (or that name); ``shell`` (a
        command or several) gives it ``Execute shell`` build steps that its builds run (exit
        codes from :meth:`sh_status`) instead of following ``duration``/``log``."""
        return self._job(FREESTYLE, path, **kwargs)

    def pipeline(self, path: str, **kwargs: Any) -> Job:
        """Declare a pipeline job; ``stages`` are :class:`StageSpec` (default Build/Test/Deploy);
        ``agent`` (a label, ``"any"``): its builds run in a ``node {}`` block that holds an
        executor of such a node (without it, only the one-off executor of the pipeline).

        ``script`` is a Jenkinsfile (declarative or scripted): builds interpret it (console,
        stages, inputs, env vars and result follow the script; see ``docs/emulator-pipelines.md``)
        and ``stages`` are then ignored."""
        if kwargs.get("script") is not None:
            kwargs.setdefault("stages", [])
        elif not kwargs.get("stages"):
            kwargs["stages"] = [StageSpec("Build", 3), StageSpec("Test", 4), StageSpec("Deploy", 3)]
        return self._job(PIPELINE, path, **kwargs)

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
