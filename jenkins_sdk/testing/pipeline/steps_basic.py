"""Atom steps: ``echo``, ``sh``/``bat``, ``sleep``, ``error``, ``unstable``, workspace files,
``stash``/``unstash`` (workflow-basic-steps ``EchoStep``, ``SleepStep``, ``ErrorStep``,
``UnstableStep``, ``WriteFileStep``, ``ReadFileStep``, ``FileExistsStep``, ``DeleteDirStep``,
``PwdStep``, ``StashStep``/``UnstashStep`` with workflow-api ``StashManager``;
workflow-durable-task-step ``DurableTaskStep`` for ``sh``/``bat``, whose ``+ command`` lines are
``sh -xe``'s trace)."""

from __future__ import annotations

import re
from typing import Any

from jenkins_sdk.testing.pipeline.errors import AbortError, PipelineError
from jenkins_sdk.testing.pipeline.flow import FlowNode
from jenkins_sdk.testing.pipeline.interp import Ctx, Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen, Sleep
from jenkins_sdk.testing.pipeline.shell_builtins import Outcome, builtin, start_flags, xtrace
from jenkins_sdk.testing.pipeline.steps_common import (
    atom_step,
    duration_ms,
    files,
    need_node,
    rel_path,
    ws_root,
)
from jenkins_sdk.testing.pipeline.stores import ShellTable, as_bytes
from jenkins_sdk.testing.pipeline.values import ant_select, to_str
from jenkins_sdk.testing.timefmt import time_span

_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def echo(interp: Interp, inv: Invocation) -> Gen:
    """``echo message``: the message, one line."""
    message = to_str(inv.arg("message", ""))

    def body(node: FlowNode) -> Gen:
        interp.run.flow.line(message, node)
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, message))


def sleep(interp: Interp, inv: Invocation) -> Gen:
    """``sleep time: N, unit: 'SECONDS'``: ``Sleeping for <span>``, then the time passes."""
    ms = duration_ms(inv, "SECONDS")

    def body(node: FlowNode) -> Gen:
        interp.run.flow.line(f"Sleeping for {time_span(ms)}", node)
        yield Sleep(ms)
        return None

    return (yield from atom_step(interp, inv, body, to_str(inv.arg("time"))))


def error(interp: Interp, inv: Invocation) -> Gen:
    """``error message``: an ``AbortException`` (the build fails with ``ERROR: message``)."""
    message = to_str(inv.arg("message", ""))

    def body(node: FlowNode) -> Gen:
        raise AbortError(message)
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, message))


def unstable(interp: Interp, inv: Invocation) -> Gen:
    """``unstable message``: ``WARNING: message``; the build and the stage become UNSTABLE."""
    message = to_str(inv.arg("message", ""))

    def body(node: FlowNode) -> Gen:
        node.warning = "UNSTABLE"
        interp.run.set_result("UNSTABLE")
        interp.run.flow.line(f"WARNING: {message}", node)
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, message))


# ----------------------------------------------------------------- shell steps
def expand(command: str, env: dict[str, str]) -> str:
    """``$VAR``/``${VAR}`` replaced as the shell would before ``set -x`` prints a command."""
    return _VAR.sub(lambda m: env.get(m.group(1) or m.group(2), ""), command)


def run_commands(
    interp: Interp,
    ctx: Ctx,
    script: str,
    node: FlowNode | None,
    *,
    windows: bool,
    quiet: bool,
    silent: bool = False,
) -> Gen:
    """Run a script's lines against the shell table; returns ``(exit code, stdout)``.

    ``sh`` stops at the first failing line (``-e``, unless a ``#!`` line or ``set +e`` says
    otherwise, and ``-x`` traces only then); ``bat`` runs every line and exits with the
    last line's code. Each line is traced (``+ line`` or ``ws>line``) unless nothing should be
    printed; matched output is printed unless ``quiet`` (``returnStdout``); ``silent`` prints
    nothing (a matrix configuration's own console is not the parent's)."""
    table = interp.run.state.store(ShellTable)
    env = interp.run.step_env(ctx)
    root = ws_root(interp, ctx)
    out: list[str] = []
    code = 0
    timed = False
    trace, errexit = start_flags(script) if not windows else (True, False)
    for raw in script.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        expanded = expand(line, env)
        if silent or not trace:
            pass
        elif windows:
            interp.run.flow.write(f"\n{root}>{expanded}\n", node)
        else:
            interp.run.flow.line(f"+ {xtrace(expanded)}", node)
        rule = table.lookup(line)
        done = builtin(expanded, windows=windows) if rule is None else None
        code = rule.code if rule is not None else done.code if done is not None else 0
        printed = ""
        if rule is not None:
            for path, content in rule.files.items():
                files(interp)[rel_path(ctx, path)] = as_bytes(content)
            if rule.output:
                printed = rule.output if rule.output.endswith("\n") else rule.output + "\n"
        elif done is not None:
            printed = _builtin_output(interp, ctx, done)
        if printed:
            out.append(printed)
            if not quiet:
                interp.run.flow.write(printed, node)
        seconds = rule.duration if rule is not None else done.seconds if done else None
        if seconds is not None:  # the line's own time passes before the next line runs
            timed = True
            yield Sleep(int(seconds * 1000))
        for flag, on in done.flags if done is not None else ():
            trace, errexit = (on, errexit) if flag == "x" else (trace, on)
        if (code != 0 and errexit) or (done is not None and done.stops):
            break
    if not timed:
        yield Sleep(int(ShellTable.DEFAULT_DURATION * 1000))
    return code, "".join(out)


def _builtin_output(interp: Interp, ctx: Ctx, done: Outcome) -> str:
    """A built-in's standard output, or nothing when it went to a workspace file."""
    if done.path is None:
        return done.output
    ws = files(interp)
    path = rel_path(ctx, done.path)
    before = ws.get(path, b"") if done.append else b""
    ws[path] = before + done.output.encode("utf-8")
    return ""


def _shell(interp: Interp, inv: Invocation, *, windows: bool) -> Gen:
    need_node(interp, inv)
    script = to_str(inv.arg("script", ""))
    want_stdout = bool(inv.named.get("returnStdout"))
    want_status = bool(inv.named.get("returnStatus"))
    if want_stdout and want_status:
        raise PipelineError(
            "You may not select both returnStdout and returnStatus.",
            "java.lang.IllegalArgumentException",
        )

    def body(node: FlowNode) -> Gen:
        code, stdout = yield from run_commands(
            interp, inv.ctx, script, node, windows=windows, quiet=want_stdout
        )
        if want_status:
            return code
        if code != 0:
            raise AbortError(f"script returned exit code {code}")
        return stdout if want_stdout else None

    return (yield from atom_step(interp, inv, body, script))


def sh(interp: Interp, inv: Invocation) -> Gen:
    """``sh script``: traced lines, exit code from the table (0 by default)."""
    return (yield from _shell(interp, inv, windows=False))


def bat(interp: Interp, inv: Invocation) -> Gen:
    """``bat script``: ``cmd``'s echo of each line (``<workspace>>command``)."""
    return (yield from _shell(interp, inv, windows=True))


# ------------------------------------------------------------------- files
def _quiet(interp: Interp, inv: Invocation, value: Any, description: str | None) -> Gen:
    def body(node: FlowNode) -> Gen:
        return value() if callable(value) else value
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, description))


def write_file(interp: Interp, inv: Invocation) -> Gen:
    """``writeFile file: 'a', text: 'b'``."""
    need_node(interp, inv)
    path = rel_path(inv.ctx, to_str(inv.arg("file", "")))
    text = to_str(inv.named.get("text", ""))
    return (
        yield from _quiet(interp, inv, lambda: files(interp).__setitem__(path, text.encode()), path)
    )


def read_file(interp: Interp, inv: Invocation) -> Gen:
    """``readFile 'a'``: the text (``NoSuchFileException`` when missing)."""
    need_node(interp, inv)
    path = rel_path(inv.ctx, to_str(inv.arg("file", "")))

    def read() -> str:
        content = files(interp).get(path)
        if content is None:
            raise PipelineError(
                f"{ws_root(interp, inv.ctx)}/{path}", "java.nio.file.NoSuchFileException"
            )
        return content.decode("utf-8", "replace")

    return (yield from _quiet(interp, inv, read, path))


def file_exists(interp: Interp, inv: Invocation) -> Gen:
    """``fileExists 'a'``: a file, or a directory holding files."""
    need_node(interp, inv)
    path = rel_path(inv.ctx, to_str(inv.arg("file", "")))
    found = path in files(interp) or any(p.startswith(path + "/") for p in files(interp))
    return (yield from _quiet(interp, inv, found or not path, path))


def delete_dir(interp: Interp, inv: Invocation) -> Gen:
    """``deleteDir()``: empty the current directory of the workspace."""
    need_node(interp, inv)
    prefix = inv.ctx.cwd

    def wipe() -> None:
        ws = files(interp)
        for path in [p for p in ws if not prefix or p.startswith(prefix + "/")]:
            del ws[path]

    return (yield from _quiet(interp, inv, wipe, None))


def pwd(interp: Interp, inv: Invocation) -> Gen:
    """``pwd()``: the absolute current directory."""
    need_node(interp, inv)
    root = ws_root(interp, inv.ctx)
    return (yield from _quiet(interp, inv, root + ("/" + inv.ctx.cwd if inv.ctx.cwd else ""), None))


def is_unix(interp: Interp, inv: Invocation) -> Gen:
    """``isUnix()``: the emulated nodes are Linux."""
    return (yield from _quiet(interp, inv, True, None))


def stash(interp: Interp, inv: Invocation) -> Gen:
    """``stash name: 'x', includes: '**'``: ``Stashed N file(s)`` (``StashManager.stash``)."""
    need_node(interp, inv)
    name = to_str(inv.arg("name", ""))
    includes = to_str(inv.named.get("includes", "**") or "**")
    excludes = to_str(inv.named.get("excludes", "") or "")

    def body(node: FlowNode) -> Gen:
        prefix = inv.ctx.cwd + "/" if inv.ctx.cwd else ""
        ws = files(interp)
        rel = [p[len(prefix) :] for p in ws if p.startswith(prefix)]
        chosen = ant_select(rel, includes, excludes)
        if not chosen and not inv.named.get("allowEmpty"):
            raise AbortError(f"No files included in stash ‘{name}’")
        interp.run.stashes[name] = {p: ws[prefix + p] for p in chosen}
        interp.run.flow.line(f"Stashed {len(chosen)} file(s)", node)
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, name))


def unstash(interp: Interp, inv: Invocation) -> Gen:
    """``unstash 'x'``: the stashed files back into the current directory."""
    need_node(interp, inv)
    name = to_str(inv.arg("name", ""))

    def body(node: FlowNode) -> Gen:
        saved = interp.run.stashes.get(name)
        if saved is None:
            raise AbortError(f"No such saved stash ‘{name}’")
        for path, content in saved.items():
            files(interp)[rel_path(inv.ctx, path)] = content
        return None
        yield  # pragma: no cover

    return (yield from atom_step(interp, inv, body, name))


STEPS = {
    "echo": echo,
    "sleep": sleep,
    "error": error,
    "unstable": unstable,
    "sh": sh,
    "bat": bat,
    "writeFile": write_file,
    "readFile": read_file,
    "fileExists": file_exists,
    "deleteDir": delete_dir,
    "pwd": pwd,
    "isUnix": is_unix,
    "stash": stash,
    "unstash": unstash,
}
