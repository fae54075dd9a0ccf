"""Root programs: a pipeline's script, or a freestyle job's build steps and publishers.

A pipeline prints its causes, then (once the script compiles) ``[Pipeline] Start of Pipeline``,
the script's steps and ``[Pipeline] End of Pipeline`` (workflow-cps ``CpsFlowExecution``); a
script that does not compile fails with Groovy's ``MultipleCompilationErrorsException`` and no
flow at all. Declarative scripts are checked first with the model validator's rules.
"""

from __future__ import annotations

from collections.abc import Callable

from jenkins_sdk.testing.declarative.validator import validate_jenkinsfile
from jenkins_sdk.testing.pipeline.errors import PipelineError, Signal
from jenkins_sdk.testing.pipeline.parser import ScriptSyntaxError, parse_script
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.script_run import ScriptRun

Program = Callable[[ScriptRun], Gen]


def print_causes(run: ScriptRun) -> None:
    """``Started by user admin`` (one line per cause, as ``CauseAction.onLoad`` prints them)."""
    for cause in run.build.causes or [{"shortDescription": "Started by user admin"}]:
        run.flow.line(str(cause.get("shortDescription", "")))


def compile_report(errors: list[tuple[str, int, int]], source: str) -> str:
    """Groovy's ``startup failed:`` report for one or more errors."""
    lines = source.split("\n")
    out = ["org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:"]
    for message, line, column in errors:
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        out.append(f"WorkflowScript: {line}: {message} @ line {line}, column {column}.")
        out.append(f"   {text}")
        out.append("   " + " " * max(0, column - 1) + "^")
        out.append("")
    count = len(errors)
    out.append(f"{count} error" + ("s" if count != 1 else ""))
    return "\n".join(out) + "\n"


def pipeline_program(source: str) -> Program:
    """The program of a ``CpsFlowDefinition`` script."""

    def main(run: ScriptRun) -> Gen:
        print_causes(run)
        try:
            script = parse_script(source)
        except ScriptSyntaxError as exc:
            run.flow.write(compile_report([(exc.message, exc.line, exc.column)], source))
            run.set_result("FAILURE")
            return run.current_result()
        except RecursionError:  # nesting too deep for the parser (Groovy's would overflow too)
            run.flow.write(
                "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\n"
                "General error during parsing: java.lang.StackOverflowError\n\n1 error\n"
            )
            run.set_result("FAILURE")
            return run.current_result()
        verdict = validate_jenkinsfile(source)
        if verdict.pipeline and verdict.errors:
            errors = [(e.message, e.line, e.column) for e in verdict.errors]
            run.flow.write(compile_report(errors, source))
            run.set_result("FAILURE")
            return run.current_result()
        ctx = run.open_flow()
        error: PipelineError | None = None
        try:
            yield from run.interp.block(script.body, run.interp.binding, ctx)
        except Signal:
            pass
        except PipelineError as exc:
            error = exc
        except RecursionError:  # unbounded recursion in the script: the JVM's StackOverflowError
            error = PipelineError(None, "java.lang.StackOverflowError")
        return run.close_flow(error)

    return main
