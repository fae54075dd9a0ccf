"""A freestyle job's build: its build steps and publishers from config.xml, on an executor.

Console lines follow core: ``Running as SYSTEM``, ``Building in workspace <ws>``
(``AbstractBuild``), ``[<ws name>] $ /bin/sh -xe /tmp/jenkins<n>.sh`` (``Launcher.printCommandLine``
for ``hudson.tasks.Shell``; ``cmd /c call`` for ``BatchFile``), the script's ``+ command`` trace,
``Build step 'Execute shell' marked build as failure`` (``AbstractBuild.perform``), the
publishers (``ArtifactArchiver``, ``JUnitResultArchiver``) and ``BuildTrigger``'s ``Triggering a
new build of <job>`` for each downstream job when the result is good enough.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jenkins_sdk.testing.pipeline.env import freestyle_env, workspace
from jenkins_sdk.testing.pipeline.errors import AbortError, Interrupted
from jenkins_sdk.testing.pipeline.flow import FLOW_START, FlowNode
from jenkins_sdk.testing.pipeline.interp import Ctx, NodeContext
from jenkins_sdk.testing.pipeline.names import (
    ARCHIVER,
    BATCH,
    JUNIT,
    SHELL,
    TRIGGER,
    combination_name,
    compact_name,
)
from jenkins_sdk.testing.pipeline.programs import Program, print_causes
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.script_run import ScriptRun, worse
from jenkins_sdk.testing.pipeline.shell_builtins import shebang
from jenkins_sdk.testing.pipeline.steps_basic import run_commands
from jenkins_sdk.testing.pipeline.steps_common import files
from jenkins_sdk.testing.pipeline.steps_reports import archive, record_tests

_NAMES = {
    SHELL: "Execute shell",
    BATCH: "Execute Windows batch command",
    ARCHIVER: "Archive the artifacts",
    JUNIT: "Publish JUnit test result report",
}


def freestyle_program(job: Any) -> Program:
    """The program of a freestyle job with build steps or publishers."""
    builders = list(job.builders)
    publishers = list(job.publishers)

    def main(run: ScriptRun) -> Gen:
        print_causes(run)
        build = run.build
        node = build.node or "(built-in)"
        ws = workspace(build.job, node)
        run.flow.line("Running as SYSTEM")
        where = "" if node == "(built-in)" else f"remotely on {node} "
        run.flow.line(f"Building {where}in workspace {ws}")
        ctx = _context(run, node, ws)
        try:
            for kind, fields in builders:
                if not (yield from _builder(run, ctx, kind, fields, ws)):
                    break
        except Interrupted as stop:  # Run.execute: InterruptedException, then post-build runs
            run.flow.line("Build was aborted")
            for cause in stop.causes:  # Executor.recordCauseOfInterruption
                run.flow.line(cause)
            run.set_result(stop.result)
        for kind, fields in publishers:
            _publisher(run, kind, fields)
        for kind, fields in publishers:
            if kind == TRIGGER:
                run.build.trigger_downstream(fields, run.current_result(), run.flow.line)
        return run.current_result()

    return main


def _context(run: ScriptRun, node: str, ws: str) -> Ctx:
    labels = run.build.node_labels(node)
    env = freestyle_env(run.build, run.state.root_url, labels)
    root = FlowNode(1, FLOW_START, "", None, None, run.build.start_ms)
    placed = NodeContext(node, ws, run.build.executor or 0)
    return Ctx(parent=root, env=tuple(env.items()), node=placed)


def _builder(run: ScriptRun, ctx: Ctx, kind: str, fields: dict[str, str], ws: str) -> Gen:
    """Run one build step; False when the build must stop (it failed)."""
    if kind not in (SHELL, BATCH):
        return True
    windows = kind == BATCH
    seed = hashlib.sha256(f"{run.build.job.full_name}#{run.build.number}:{kind}".encode())
    digits = str(int(seed.hexdigest()[:15], 16))
    name = ws.rsplit("/", 1)[-1]
    if windows:
        run.flow.line(f"[{name}] $ cmd /c call C:\\WINDOWS\\TEMP\\jenkins{digits}.bat")
    else:  # Shell.buildCommandLine: a ``#!`` line names the interpreter instead of sh -xe
        command = " ".join(shebang(fields.get("command", "")) or ["/bin/sh", "-xe"])
        run.flow.line(f"[{name}] $ {command} /tmp/jenkins{digits}.sh")
    code, _out = yield from run_commands(
        run.interp, ctx, fields.get("command", ""), None, windows=windows, quiet=False
    )
    if code == 0:
        return True
    unstable = fields.get("unstableReturn")
    step = _NAMES[kind]
    if unstable and unstable.strip().lstrip("-").isdigit() and int(unstable) == code:
        if worse(run.result, "UNSTABLE") != run.result:
            run.flow.line(f"Build step '{step}' changed build result to UNSTABLE")
        run.set_result("UNSTABLE")
        return True
    run.flow.line(f"Build step '{step}' marked build as failure")
    run.set_result("FAILURE")
    return False


def _publisher(run: ScriptRun, kind: str, fields: dict[str, str]) -> None:
    """Run one recorder over the workspace (a failure marks the build as failed)."""
    ws = files(run.interp)
    try:
        if kind == ARCHIVER:
            if _true(fields.get("onlyIfSuccessful")) and run.current_result() not in (
                "SUCCESS",
                "UNSTABLE",
            ):
                run.flow.line("Skipped archiving because build is not successful")
                return
            archive(
                run.build,
                ws,
                fields.get("artifacts", ""),
                fields.get("excludes", ""),
                _true(fields.get("allowEmptyArchive")),
                run.flow.line,
            )
        elif kind == JUNIT:
            failed = record_tests(
                run.build,
                ws,
                fields.get("testResults", ""),
                _true(fields.get("allowEmptyResults")),
                run.flow.line,
            )
            if failed and worse(run.result, "UNSTABLE") != run.result:
                run.flow.line(f"Build step '{_NAMES[JUNIT]}' changed build result to UNSTABLE")
            if failed:
                run.set_result("UNSTABLE")
    except AbortError as exc:
        run.flow.line(f"ERROR: {exc.message}")
        run.flow.line(f"Build step '{_NAMES[kind]}' marked build as failure")
        run.set_result("FAILURE")


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def matrix_program(job: Any) -> Program:
    """A matrix build (``DefaultMatrixExecutionStrategyImpl``): ``Triggering <config>`` for each
    combination, each combination's build steps with its axis values in the environment, then
    ``<config> completed with result <R>``; the build's result is the worst of them."""
    builders = list(job.builders)

    def main(run: ScriptRun) -> Gen:
        print_causes(run)
        build = run.build
        ws = workspace(build.job, "(built-in)")
        run.flow.line("Running as SYSTEM")
        run.flow.line(f"Building in workspace {ws}")
        combos = job.combinations()
        for combo in combos:
            run.flow.line(f"Triggering {job.full_display_name} » {compact_name(job, combo)}")
        for combo in combos:
            result = yield from _configuration(run, ws, combo, builders)
            build.matrix_results[combination_name(combo)] = result
            shown = f"{job.full_display_name} » {compact_name(job, combo)}"
            run.flow.line(f"{shown} completed with result {result}")
            run.set_result(result)
        return run.current_result()

    return main


def _configuration(
    run: ScriptRun, ws: str, combo: dict[str, str], builders: list[tuple[str, dict[str, str]]]
) -> Gen:
    """One configuration's build steps (their output stays in its own console)."""
    ctx = _context(run, "(built-in)", f"{ws}/{combination_name(combo)}")
    ctx = ctx.with_env(list(combo.items()))
    for kind, fields in builders:
        if kind not in (SHELL, BATCH):
            continue
        code, _out = yield from run_commands(
            run.interp,
            ctx,
            fields.get("command", ""),
            None,
            windows=kind == BATCH,
            quiet=True,
            silent=True,
        )
        if code != 0:
            unstable = fields.get("unstableReturn")
            if unstable and unstable.strip().isdigit() and int(unstable) == code:
                return "UNSTABLE"
            return "FAILURE"
    return "SUCCESS"
