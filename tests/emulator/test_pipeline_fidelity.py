"""Jenkinsfiles written the way other projects' tests write them, checked against what Jenkins'
sources say the console, stages and result are (issue 19 audit)."""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator
from jenkins_sdk.testing.state.labels import expression_matches
from tests.emulator._pipeline_support import (
    build,
    console,
    create,
    describe,
    flow_xml,
    lines_between,
    run,
)


def _result(http: requests.Session, emu: JenkinsEmulator, name: str) -> str:
    return str(build(http, emu, name)["result"])


def test_fail_fast_reports_the_failing_branch_not_the_interruption(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps steps/ParallelStep.java (ResultHandler.Callback.checkAllDone): with failFast
    the failures are kept in the order the branches failed (b's ``AbortException`` first, then
    a's ``FlowInterruptedException(FailFastCause)``), so the build ends FAILURE with ``ERROR: b
    broke``; each branch prints ``Failed in branch <name>`` as it ends."""
    script = (
        "stage('par') {\n  parallel(\n"
        "    a: { node { echo 'A'; sleep 2; echo 'A done' } },\n"
        "    b: { node { error 'b broke' } },\n"
        "    failFast: true\n  )\n}"
    )
    text = run(http, emu, "ff", script)
    rows = text.splitlines()
    assert rows[-2:] == ["ERROR: b broke", "Finished: FAILURE"]
    assert rows.index("Failed in branch b") < rows.index("Failed in branch a")
    assert "A done" not in rows
    assert _result(http, emu, "ff") == "FAILURE"
    assert [s["status"] for s in describe(http, emu, "ff")["stages"]] == ["FAILED"]


def test_without_fail_fast_the_most_severe_failure_wins(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """ParallelStep.ThrowableComparator: another exception is worse than an
    ``AbortException``, whatever order the branches failed in; the build reports it."""
    script = (
        "parallel(\n"
        "  first: { error 'plain abort' },\n"
        "  second: { sleep 1; throw new IllegalStateException('worse') }\n)"
    )
    text = run(http, emu, "sev", script)
    assert "java.lang.IllegalStateException: worse" in text
    assert "ERROR: plain abort" not in text
    assert _result(http, emu, "sev") == "FAILURE"


def test_shell_builtins_behave_without_a_rule(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-durable-task-step DurableTaskStep (returnStatus/returnStdout, ``script returned
    exit code N``): ``exit N``, ``false`` and ``echo`` act as ``sh -xe`` would, ``set -x`` re-quotes
    the expanded words and leaves redirections out; ``sh`` stops at the first failing line."""
    script = (
        "node {\n"
        "  def rc = sh(script: 'exit 3', returnStatus: true)\n"
        '  echo "rc=${rc}"\n'
        "  def out = sh(script: 'echo \"hello world\"', returnStdout: true).trim()\n"
        '  echo "out=[${out}]"\n'
        "  sh 'echo built > out.txt'\n"
        "  sh 'echo more >> out.txt'\n"
        "  echo readFile('out.txt').trim()\n"
        "  sh '''\n    echo multi\n    false\n    echo never\n  '''\n"
        "}"
    )
    text = run(http, emu, "sh", script)
    rows = text.splitlines()
    assert "rc=3" in rows
    assert "+ echo 'hello world'" in rows and "out=[hello world]" in rows
    assert "+ echo built" in rows and "built\nmore" in text
    assert lines_between(text, "+ echo multi", "+ false") == ["+ echo multi", "multi", "+ false"]
    assert "never" not in rows
    assert rows[-2:] == ["ERROR: script returned exit code 1", "Finished: FAILURE"]


def test_a_rule_wins_over_a_builtin(emu: JenkinsEmulator, http: requests.Session) -> None:
    """The shell table (``sh_status``) decides a line it matches, even a built-in one."""
    emu.sh_status(r"^exit 1$", 0, output="overridden")
    text = run(http, emu, "rule", "node { sh 'exit 1' }")
    assert "overridden" in text.splitlines()
    assert _result(http, emu, "rule") == "SUCCESS"


def test_catch_error_marks_the_stage(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-basic-steps CatchErrorStep.java (Callback.onFailure): the error is printed, the
    build result set, and a ``WarningAction(stageResult)`` on the step's node makes the stage
    FAILED in the stage view (pipeline-graph-analysis StatusAndTiming reads warnings inside the
    stage); ``warnError`` is UNSTABLE for both."""
    script = (
        "pipeline {\n  agent any\n  stages {\n"
        "    stage('x') { steps { catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {"
        " sh 'exit 1' } } }\n"
        "    stage('y') { steps { warnError('flaky') { sh 'exit 2' } } }\n"
        "    stage('z') { steps { echo 'still runs' } }\n"
        "  }\n}"
    )
    text = run(http, emu, "ce", script)
    rows = text.splitlines()
    assert "ERROR: script returned exit code 1" in rows
    assert lines_between(text, "ERROR: flaky", "Setting overall build result to UNSTABLE") == [
        "ERROR: flaky",
        "ERROR: script returned exit code 2",
        "Setting overall build result to UNSTABLE",
    ]
    assert "still runs" in rows
    stages = describe(http, emu, "ce")["stages"]
    assert [(s["name"], s["status"]) for s in stages] == [
        ("x", "FAILED"),
        ("y", "UNSTABLE"),
        ("z", "SUCCESS"),
    ]
    assert _result(http, emu, "ce") == "UNSTABLE"


def test_dir_prints_where_it_runs(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-durable-task-step support/steps/PushdStep.java: ``Running in <dir>`` before the
    body; files written inside land under the directory."""
    script = (
        "node {\n  dir('sub') { writeFile file: 'a.txt', text: 'hi' }\n"
        "  echo readFile('sub/a.txt')\n}"
    )
    text = run(http, emu, "dir", script)
    assert lines_between(text, "[Pipeline] dir", "[Pipeline] {") == [
        "[Pipeline] dir",
        "Running in /var/jenkins_home/workspace/dir/sub",
        "[Pipeline] {",
    ]
    assert "hi" in text.splitlines()


def test_label_expressions_pick_nodes(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core antlr4/hudson/model/labels/LabelExpressionLexer.g4 and LabelExpressionParser.g4:
    ``!``, ``&&``, ``||``, ``->``, ``<->``, parentheses and quoted atoms; the built-in node's self
    label is ``built-in``."""
    text = run(http, emu, "lbl", "node('master || built-in') { echo 'on it' }", seconds=5)
    assert "Running on Jenkins in /var/jenkins_home/workspace/lbl" in text.splitlines()
    assert _result(http, emu, "lbl") == "SUCCESS"
    atoms = {"linux", "docker", "built-in"}
    assert expression_matches("linux && docker", atoms)
    assert not expression_matches("linux && !docker", atoms)
    assert expression_matches("(windows || linux) && docker", atoms)
    assert expression_matches("windows -> mac", atoms)
    assert not expression_matches("linux -> windows", atoms)
    assert expression_matches("linux <-> docker", atoms)
    assert expression_matches('"built-in"', atoms) and expression_matches("linux&&docker", atoms)
    assert not expression_matches("(linux", atoms) and not expression_matches("a b", atoms)


def test_an_unknown_label_expression_waits(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core Queue / Label: no node satisfies ``linux && docker`` on a bare controller, so the
    block waits (``Still waiting to schedule task``) and the build keeps running."""
    text = run(http, emu, "wait", "node('linux && docker') { echo 'never' }", seconds=20)
    assert "Still waiting to schedule task" in text.splitlines()
    assert build(http, emu, "wait")["building"] is True
    assert console(http, emu, "wait").count("never") == 0


def test_script_methods_and_println(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-cps CpsScript.java: ``println``/``print`` call the ``echo`` step; methods defined
    in the script (``@NonCPS`` too, typed parameters with defaults) can be called before their
    definition, and ``return`` gives their value."""
    script = (
        "node {\n"
        '  println "printed ${env.BUILD_NUMBER}"\n'
        "  echo greet('bob')\n"
        "  echo greet('ann', '!')\n"
        '  echo "${twice(21)}"\n'
        "}\n"
        "def greet(String who, String mark = '.') {\n"
        '  return "hi ${who}${mark}"\n'
        "}\n"
        "@NonCPS\n"
        "private int twice(int n) { n * 2 }\n"
    )
    text = run(http, emu, "meth", script)
    assert lines_between(text, "[Pipeline] echo", "printed 1") == ["[Pipeline] echo", "printed 1"]
    rows = text.splitlines()
    assert "hi bob." in rows and "hi ann!" in rows and "42" in rows
    assert "[Pipeline] println" not in rows
    assert _result(http, emu, "meth") == "SUCCESS"


def test_timestamps_is_a_block_step(emu: JenkinsEmulator, http: requests.Session) -> None:
    """timestamper TimestamperStep (``timestamps { }``) and pipeline-model-definition
    ModelInterpreter.inWrappers (``options { timestamps() }`` wraps the stages): the body runs
    inside ``[Pipeline] timestamps``; the stamps are console notes consoleText leaves out."""
    text = run(http, emu, "ts", "node { timestamps { echo 'inside' } }")
    assert lines_between(text, "[Pipeline] timestamps", "[Pipeline] // timestamps") == [
        "[Pipeline] timestamps",
        "[Pipeline] {",
        "[Pipeline] echo",
        "inside",
        "[Pipeline] }",
        "[Pipeline] // timestamps",
    ]
    declarative = (
        "pipeline {\n  agent any\n  options { timestamps() }\n"
        "  stages { stage('a') { steps { echo 'x' } } }\n}"
    )
    rows = run(http, emu, "dts", declarative).splitlines()
    assert rows.index("[Pipeline] timestamps") < rows.index("[Pipeline] { (a)")


def test_shell_sleep_takes_its_time_line_by_line(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core hudson/tasks/Shell.java + CommandInterpreter (``sh -xe``: each line traced as it
    runs): ``echo start; sleep 30; echo end`` shows ``start`` at once and ``end`` only after
    30 s of the emulator's clock, and the build is running meanwhile (what clients' stop, console
    streaming and wait tests rely on)."""
    emu.freestyle("slow", shell=["echo start", "sleep 30", "echo end"])
    assert http.post(emu.url + "job/slow/build").status_code == 201
    emu.advance(6)  # quiet period, then the build starts
    emu.advance(10)
    rows = console(http, emu, "slow").splitlines()
    assert "start" in rows and "+ sleep 30" in rows and "end" not in rows
    assert build(http, emu, "slow")["building"] is True
    emu.advance(25)
    rows = console(http, emu, "slow").splitlines()
    assert rows[-3:] == ["+ echo end", "end", "Finished: SUCCESS"]
    assert 30_000 <= build(http, emu, "slow")["duration"] <= 32_000


def test_shebang_and_set_change_tracing_and_errexit(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """durable-task BourneShellScript and core hudson/tasks/Shell.java (buildCommandLine): a
    script starting with ``#!`` runs with that interpreter, not ``sh -xe``, so ``#!/bin/bash``
    traces nothing and goes on after a failing line; ``set +x``/``set -x``/``set +e`` change
    that mid-script (bash prints ``+ set +x`` itself)."""
    script = (
        "node {\n"
        "  sh '''#!/bin/bash\nfalse\necho continues'''\n"
        "  sh '''\nset +x\necho untraced\nset -x\necho traced\nset +e\nfalse\necho after'''\n"
        "}"
    )
    text = run(http, emu, "bang", script)
    rows = text.splitlines()
    assert lines_between(text, "[Pipeline] sh", "continues") == ["[Pipeline] sh", "continues"]
    assert "+ false" not in rows[: rows.index("continues")]
    assert lines_between(text, "+ set +x", "after") == [
        "+ set +x",
        "untraced",
        "+ echo traced",
        "traced",
        "+ set +e",
        "+ false",
        "+ echo after",
        "after",
    ]
    assert _result(http, emu, "bang") == "SUCCESS"
    emu.freestyle("fs", shell="#!/bin/bash -e\necho hi")
    http.post(emu.url + "job/fs/build")
    emu.advance(10)
    rows = console(http, emu, "fs").splitlines()
    assert any(r.startswith("[fs] $ /bin/bash -e /tmp/jenkins") for r in rows)
    assert "hi" in rows and "+ echo hi" not in rows


def test_build_step_triggers_and_follows_downstream_jobs(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-build-step BuildTriggerStepExecution.java (``Scheduling project: X``,
    completeDefaultParameters, ``No item named X found``), BuildTriggerListener.java
    (``Starting building: X #N``, ``Build X #N completed: RESULT``, propagate ->
    FlowInterruptedException(result, DownstreamFailureCause)), DownstreamFailureCause.java
    (``X #N completed with status R (propagate: false to ignore)``), BuildUpstreamCause."""
    param = (
        "<hudson.model.StringParameterDefinition><name>A</name><defaultValue>da"
        "</defaultValue></hudson.model.StringParameterDefinition>"
        "<hudson.model.StringParameterDefinition><name>B</name><defaultValue>db"
        "</defaultValue></hudson.model.StringParameterDefinition>"
    )
    create(http, emu, "child", flow_xml('echo "A=${params.A} B=${params.B}"\nsleep 3', param))
    create(http, emu, "bad", flow_xml("error 'nope'"))
    script = (
        "node {\n"
        "  def r = build job: 'child', parameters: [string(name: 'A', value: 'given')]\n"
        '  echo "child #${r.number} ${r.result} ${r.getResult()}"\n'
        "  def s = build job: 'bad', propagate: false\n"
        '  echo "bad: ${s.result}"\n'
        "  build 'bad'\n"
        "  echo 'never'\n"
        "}"
    )
    text = run(http, emu, "up", script)
    assert lines_between(text, "Scheduling project: child", "child #1 SUCCESS SUCCESS") == [
        "Scheduling project: child",
        "Starting building: child #1",
        "Build child #1 completed: SUCCESS",
        "[Pipeline] echo",
        "child #1 SUCCESS SUCCESS",
    ]
    assert "A=given B=db" in console(http, emu, "child").splitlines()
    cause = build(http, emu, "child")["actions"][0]["causes"][0]
    assert cause["shortDescription"] == 'Started by upstream project "up" build number 1'
    rows = text.splitlines()
    assert "bad: FAILURE" in rows and "never" not in rows
    assert rows[-2:] == [
        "bad #2 completed with status FAILURE (propagate: false to ignore)",
        "Finished: FAILURE",
    ]
    missing = run(http, emu, "lost", "build job: 'nowhere'")
    assert missing.splitlines()[-2:] == ["ERROR: No item named nowhere found", "Finished: FAILURE"]


def test_current_build_bean_accessors(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-support RunWrapper.java: ``getResult()``, ``getNumber()``, ``setResult(...)`` are
    the accessors Groovy's ``currentBuild.result`` goes through; scripts call them directly."""
    script = (
        "echo currentBuild.getResult() ?: 'none'\n"
        "echo currentBuild.getNumber().toString()\n"
        "currentBuild.setResult('UNSTABLE')\n"
        "echo currentBuild.currentResult"
    )
    rows = run(http, emu, "bean", script).splitlines()
    assert "none" in rows and "1" in rows and "UNSTABLE" in rows
    assert _result(http, emu, "bean") == "UNSTABLE"


def test_runaway_scripts_fail_the_build_not_the_emulator(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps runs a script on its own thread: unbounded recursion ends that build with
    ``java.lang.StackOverflowError`` (a script nested too deep fails to compile); the controller
    keeps answering."""
    text = run(http, emu, "deep", "def f(n) { return f(n + 1) }\nf(0)", seconds=5)
    assert text.splitlines()[-3:] == [
        "java.lang.StackOverflowError",
        "\tat WorkflowScript.run(WorkflowScript)",
        "Finished: FAILURE",
    ]
    nested = run(http, emu, "nest", "echo " + "(" * 3000 + "1" + ")" * 3000, seconds=5)
    assert "General error during parsing: java.lang.StackOverflowError" in nested
    assert build(http, emu, "nest")["result"] == "FAILURE"
    assert http.get(emu.url + "api/json").status_code == 200


def test_casts_and_switch(emu: JenkinsEmulator, http: requests.Session) -> None:
    """Groovy semantics the scripts lean on: ``env.BUILD_NUMBER as int`` (a NumberFormatException
    for text that is not a number), ``switch`` with ``isCase`` (equality, list membership),
    fall-through until ``break`` and ``default``."""
    script = (
        "def n = env.BUILD_NUMBER as int\n"
        'echo "next=${n + 1}"\n'
        "for (s in ['abc', 'x', 'q']) {\n"
        "  switch (s) {\n"
        "    case 'abc': echo \"matched ${s}\"; break\n"
        "    case ['x', 'y']:\n"
        "      echo 'in list'\n"
        "    default:\n"
        '      echo "default ${s}"\n'
        "  }\n"
        "}\n"
        "def bad = 'v1' as Integer\n"
    )
    rows = run(http, emu, "sw", script).splitlines()
    echoed = [r for r in rows if not r.startswith("[Pipeline]")][1:]
    assert echoed[:5] == ["next=2", "matched abc", "in list", "default x", "default q"]
    assert 'java.lang.NumberFormatException: For input string: "v1"' in rows


def test_declarative_retry_option_runs_the_stages_again(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-model-definition ModelInterpreter.groovy (inWrappers: ``firstError = null`` —
    a retried pipeline starts its stages afresh, stage ``post`` included) and
    workflow-basic-steps RetryStepExecution (``Retrying``)."""
    emu.sh_status(r"^flaky$", 1)
    script = (
        "pipeline {\n  agent any\n  options { retry(2) }\n  stages {\n"
        "    stage('flaky') {\n      steps { sh 'flaky' }\n"
        "      post {\n        failure { echo 'stage failed' }\n      }\n    }\n  }\n}"
    )
    rows = run(http, emu, "retry", script).splitlines()
    assert rows.count("+ flaky") == 2 and rows.count("stage failed") == 2
    assert "Retrying" in rows
    assert not any("skipped due to earlier failure" in r for r in rows)
    stages = describe(http, emu, "retry")["stages"]
    assert [(s["name"], s["status"]) for s in stages] == [("flaky", "FAILED"), ("flaky", "FAILED")]


def test_ranges_match_operator_and_slashy_strings(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """Groovy ranges (``0..2``, ``0..<n``, subscripts with a range), ``==~`` (a whole-string
    match, ``Matcher.matches``) and slashy strings (``/release-\\d+/``, no escapes but ``\\/``),
    as Jenkinsfiles use them in ``when``/``if`` conditions and loops."""
    script = (
        "def list = ['a', 'b', 'c', 'd']\n"
        'echo "${list[0..1]} ${list[1..<3]} ${(1..3).collect { it * 2 }}"\n'
        "def n = 2\n"
        'for (i in 0..<n) { echo "i=$i" }\n'
        "echo \"${'release-1.2' ==~ /release-\\d+\\.\\d+/} ${'release-1.2x' ==~ /release-\\d+/}\"\n"
        "def path = /C:\\dir\\file/\n"
        "echo path\n"
        "echo \"${'abcdef'[1..3]} ${10 / 2} ${7 / 2}\""
    )
    text = run(http, emu, "rng", script)
    rows = [r for r in text.splitlines() if not r.startswith("[Pipeline]")]
    assert rows[1:7] == [
        "[a, b] [b, c] [2, 4, 6]",
        "i=0",
        "i=1",
        "true false",
        "C:\\dir\\file",
        "bcd 5 3.5",
    ]


def test_env_assignments_reach_injected_env_vars(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps EnvActionImpl.java (``env.X = 'y'`` is an override, and its Binder, an
    EnvironmentContributor, adds the overrides to ``Run.getEnvironment``, which EnvInject's
    ``injectedEnvVars`` serves) next to core's CoreEnvironmentContributor (``CI=true``)."""
    run(http, emu, "envs", "env.FOO = 'bar'\nnode { echo env.FOO }")
    env = http.get(emu.url + "job/envs/1/injectedEnvVars/api/json").json()["envMap"]
    assert env["FOO"] == "bar" and env["CI"] == "true" and env["BUILD_NUMBER"] == "1"


def test_a_stage_without_a_body_is_a_deprecated_marker(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-stage-step StageStepExecution.java (no body: prints
    ``StageStepExecution.non_block_mode_deprecated`` and succeeds)."""
    rows = run(http, emu, "old", "stage 'Old'\necho 'x'").splitlines()
    assert lines_between("\n".join(rows), "[Pipeline] stage", "x") == [
        "[Pipeline] stage",
        "Using the ‘stage’ step without a block argument is deprecated",
        "[Pipeline] echo",
        "x",
    ]
    assert _result(http, emu, "old") == "SUCCESS"
