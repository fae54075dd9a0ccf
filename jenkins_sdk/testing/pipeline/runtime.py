"""Green threads for a running script, on the emulator's virtual clock.

The interpreter is written as generators: a step that takes time yields a command (:class:`Sleep`,
:class:`WaitInput`, :class:`Fork`) and the :class:`Runner` resumes it when the command is done,
exactly as CPS suspends a program while a step runs. Threads run in a deterministic order (by
wake time, then by creation), so parallel branches interleave the way workflow-cps interleaves
them, and a run never depends on how often anyone looks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from jenkins_sdk.testing.pipeline.errors import Interrupted, PipelineError, Signal

#: What interpreter generators yield and return.
Gen = Generator[Any, Any, Any]


@dataclass
class Sleep:
    """Resume after ``ms`` virtual milliseconds."""

    ms: int


@dataclass
class WaitInput:
    """Pause until :meth:`Runner.resume` answers (an ``input`` step)."""

    key: str


@dataclass
class Fork:
    """Run ``branches`` as child threads; resume with ``[(name, value, error)]`` in the order they
    ended, once all are done.

    With ``deadline_ms`` the children are interrupted by ``on_deadline()``'s exception when it
    passes (``timeout``); with ``fail_fast`` a failing branch interrupts the others."""

    branches: list[tuple[str, Gen]]
    deadline_ms: int | None = None
    on_deadline: Callable[[], PipelineError] | None = None
    fail_fast: bool = False


@dataclass(eq=False)
class Thread:
    """One CPS thread: the root program, a parallel branch or a timed body."""

    gen: Gen
    name: str
    seq: int
    parent: Thread | None = None
    state: str = "ready"  # ready, sleep, input, children, done
    wake_ms: int = 0
    send: Any = None
    throw: BaseException | None = None
    children: list[Thread] = field(default_factory=list)
    fork: Fork | None = None
    result: Any = None
    error: BaseException | None = None
    #: When it ended, relative to other threads (a Fork's outcomes come in that order).
    done_seq: int = 0


class Runner:
    """Steps threads in time order; ``now`` is the time being replayed."""

    def __init__(self, now_ms: int) -> None:
        self.now = now_ms
        self.threads: list[Thread] = []
        self.waiting: dict[str, Thread] = {}
        self._seq = itertools.count()
        self.root: Thread | None = None

    def start(self, gen: Gen, name: str = "main") -> Thread:
        """Start the root thread (it runs at the next :meth:`run_until`)."""
        self.root = self._spawn(gen, name, None)
        self.root.wake_ms = self.now
        return self.root

    @property
    def done(self) -> bool:
        """Whether the root thread finished."""
        return self.root is not None and self.root.state == "done"

    def _spawn(self, gen: Gen, name: str, parent: Thread | None) -> Thread:
        thread = Thread(gen, name, next(self._seq), parent=parent, wake_ms=self.now)
        self.threads.append(thread)
        return thread

    def next_event_ms(self) -> int | None:
        """The earliest time a thread wakes or a deadline passes (None: nothing scheduled)."""
        times: list[int] = []
        for th in self.threads:
            if th.state in ("ready", "sleep"):
                times.append(th.wake_ms)
            elif th.state == "children" and th.fork is not None and th.fork.deadline_ms is not None:
                times.append(th.fork.deadline_ms)
        return min(times) if times else None

    def run_until(self, t: int) -> None:
        """Run everything due at or before ``t``, in order."""
        while True:
            due = self._due(t)
            if due is None:
                break
            when, thread = due
            self.now = max(self.now, when)
            if thread.state == "children":
                self._expire(thread)
            else:
                self._step(thread)
        self.now = max(self.now, t)
        self.threads = [th for th in self.threads if th.state != "done"]

    def _due(self, t: int) -> tuple[int, Thread] | None:
        best: tuple[int, int, Thread] | None = None
        for th in self.threads:
            if th.state in ("ready", "sleep"):
                when = th.wake_ms
            elif th.state == "children" and th.fork is not None and th.fork.deadline_ms is not None:
                when = th.fork.deadline_ms
            else:
                continue
            if when <= t and (best is None or (when, th.seq) < best[:2]):
                best = (when, th.seq, th)
        return None if best is None else (best[0], best[2])

    def _step(self, thread: Thread) -> None:
        while True:
            try:
                if thread.throw is not None:
                    exc, thread.throw = thread.throw, None
                    command = thread.gen.throw(exc)
                else:
                    value, thread.send = thread.send, None
                    command = thread.gen.send(value)
            except StopIteration as stop:
                self._finish(thread, stop.value, None)
                return
            except (PipelineError, Signal) as exc:
                self._finish(thread, None, exc)
                return
            except RecursionError:  # the JVM's answer to unbounded recursion in a script
                self._finish(thread, None, PipelineError(None, "java.lang.StackOverflowError"))
                return
            if not self._block(thread, command):
                return

    def _block(self, thread: Thread, command: Any) -> bool:
        """Park ``thread`` on ``command``; True when it can continue at once."""
        if isinstance(command, Sleep):
            if command.ms <= 0:
                return True
            thread.state, thread.wake_ms = "sleep", self.now + command.ms
            return False
        if isinstance(command, WaitInput):
            thread.state = "input"
            self.waiting[command.key] = thread
            return False
        if isinstance(command, Fork):
            if not command.branches:
                thread.send = []
                return True
            thread.state, thread.fork = "children", command
            thread.children = [self._spawn(g, n, thread) for n, g in command.branches]
            return False
        raise TypeError(f"unknown runner command {command!r}")

    def _finish(self, thread: Thread, result: Any, error: BaseException | None) -> None:
        thread.state, thread.result, thread.error = "done", result, error
        parent = thread.parent
        if parent is None or parent.state != "children":
            return
        fork = parent.fork
        if error is not None and fork is not None and fork.fail_fast:
            for sibling in parent.children:
                if sibling is not thread:
                    self.interrupt(
                        sibling, Interrupted(causes=(f"Failed in branch {thread.name}",))
                    )
        thread.done_seq = next(self._seq)
        if all(c.state == "done" for c in parent.children):
            ended = sorted(parent.children, key=lambda c: c.done_seq)
            parent.send = [(c.name, c.result, c.error) for c in ended]
            parent.state, parent.wake_ms, parent.fork = "ready", self.now, None
            parent.children = []

    def _expire(self, thread: Thread) -> None:
        fork = thread.fork
        assert fork is not None and fork.on_deadline is not None
        fork.deadline_ms = None
        exc = fork.on_deadline()
        for child in thread.children:
            self.interrupt(child, exc)

    def interrupt(self, thread: Thread, exc: PipelineError) -> None:
        """Throw ``exc`` into ``thread`` where it waits (children first, innermost first)."""
        if thread.state == "done":
            return
        if thread.state == "children":
            for child in list(thread.children):
                self.interrupt(child, exc)
            return
        if thread.state == "input":
            self.waiting = {k: v for k, v in self.waiting.items() if v is not thread}
        thread.throw = exc
        thread.state, thread.wake_ms = "ready", self.now

    def resume(self, key: str, value: Any = None, error: PipelineError | None = None) -> bool:
        """Answer a :class:`WaitInput` (False when nothing waits on ``key``)."""
        thread = self.waiting.pop(key, None)
        if thread is None:
            return False
        thread.send, thread.throw = value, error
        thread.state, thread.wake_ms = "ready", self.now
        return True
