"""Builder API for builds: scripted outcomes, past builds and direct triggers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jenkins_sdk.testing.builders.items import ItemBuilders
from jenkins_sdk.testing.model import Outcome
from jenkins_sdk.testing.state import PIPELINE, Build, Job, QueueItem


class BuildBuilders(ItemBuilders):
    """``then``, ``history``, ``trigger`` (and the trigger counters)."""

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
                build = self.state.new_build(job, number, item, start, Outcome(result=result))
                job.builds[number] = build
                while build.building:
                    t = build.next_event_ms()
                    if t is None:  # paused: approve the input (or give up on a stuck build)
                        at = build.last_event_ms()
                        if build.pending_input() is None:
                            build.abort(at, self.default_user, hard=True)
                            break
                        build.answer_input(at, True, self.default_user, {})
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

    def resume_after_restart(self, seconds: float) -> list[Build]:
        """Act as a controller restart for the running pipelines: each is off every executor
        for ``seconds`` while it waits to resume (``AfterRestartTask``), still ``building``."""
        with self.state.lock:
            self.state.tick()
            until = self.clock.now_ms() + int(seconds * 1000)
            resumed = [b for b in self.state.active if b.building and b.job.kind == PIPELINE]
            for build in resumed:
                build.resumes_at_ms = until
            return resumed

    def scm_change(self, path: str, author: str, message: str) -> None:
        """Push a commit to a job's repository: the next ``polling`` of a job with an
        ``SCMTrigger`` starts a build whose change set holds the pending commits."""
        with self.state.lock:
            self.job(path).pending_changes.append((author, message))

    def count_trigger(self, job: Job, created: bool) -> None:
        """Record a trigger request (new queue item, or merged into an existing one)."""
        with self.counters.lock:
            (self.counters.triggers if created else self.counters.merged)[job.full_name] += 1
