"""Scripted pipelines from config.xml: the script is interpreted (never executed) and the console,
flow nodes, wfapi, env vars and result follow it (issue 19, item 1)."""

from __future__ import annotations

import json

import requests

from jenkins_sdk.testing import JenkinsEmulator
from tests.emulator._pipeline_support import (
    build,
    console,
    create,
    describe,
    flow_xml,
    lines_between,
    run,
)


def test_env_and_params_reach_the_script(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core/src/main/java/jenkins/model/CoreEnvironmentContributor.java (CI=true since
    JENKINS-36707, JOB_URL, BUILD_URL), hudson/model/Run.java (getCharacteristicEnvVars:
    BUILD_NUMBER, BUILD_TAG), workflow-cps CpsScript.java (getProperty: bare env names) and
    ParamsVariable (params.X): the issue's ``node { echo env.CI; echo params.ARG1 }``."""
    param = (
        "<hudson.model.StringParameterDefinition><name>ARG1</name>"
        "<defaultValue>dflt</defaultValue></hudson.model.StringParameterDefinition>"
    )
    script = (
        'node {\n  echo env.CI\n  echo params.ARG1\n  echo "#$BUILD_NUMBER ${env.BUILD_TAG}"\n'
        '  echo env.WORKSPACE\n}\necho "outside: ${env.WORKSPACE}"'
    )
    create(http, emu, "app", flow_xml(script, param))
    http.post(emu.url + "job/app/buildWithParameters", data={"ARG1": "given"})
    emu.advance(6)
    text = console(http, emu, "app")
    assert lines_between(text, "[Pipeline] echo", "given") == [
        "[Pipeline] echo",
        "true",
        "[Pipeline] echo",
        "given",
    ]
    assert "#1 jenkins-app-1" in text.splitlines()
    assert "/var/jenkins_home/workspace/app" in text.splitlines()
    assert "outside: null" in text.splitlines()  # WORKSPACE only inside node {}
    assert build(http, emu, "app")["result"] == "SUCCESS"


def test_console_and_flow_nodes_follow_the_script(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-job console/NewNodeConsoleNote.java ("[Pipeline] " + display function name),
    workflow-cps nodes/StepStartNode.java and StepEndNode.java ("{ (label)", "}", "// stage"),
    workflow-api FlowStartNode/FlowEndNode ("Start of Pipeline"/"End of Pipeline"), node ids
    from 2 in creation order; pipeline-stage-view RunExt: a stage's id is its body's node id."""
    script = "node {\n  stage('Build') {\n    echo 'compiling'\n    sh 'make'\n  }\n}"
    text = run(http, emu, "app", script)
    assert text.splitlines() == [
        "Started by user admin",
        "[Pipeline] Start of Pipeline",
        "[Pipeline] node",
        "Running on Jenkins in /var/jenkins_home/workspace/app",
        "[Pipeline] {",
        "[Pipeline] stage",
        "[Pipeline] { (Build)",
        "[Pipeline] echo",
        "compiling",
        "[Pipeline] sh",
        "+ make",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] }",
        "[Pipeline] // node",
        "[Pipeline] End of Pipeline",
        "Finished: SUCCESS",
    ]
    stages = describe(http, emu, "app")["stages"]
    assert [(s["id"], s["name"], s["status"]) for s in stages] == [("6", "Build", "SUCCESS")]
    steps = stages[0]["stageFlowNodes"]
    assert [(n["id"], n["name"], n["parameterDescription"]) for n in steps] == [
        ("7", "Print Message", "compiling"),
        ("8", "Shell Script", "make"),
    ]
    log = http.get(emu.url + "job/app/1/execution/node/8/wfapi/log").json()
    assert log["text"] == "+ make\n" and log["nodeStatus"] == "SUCCESS"
    assert stages[0]["durationMillis"] == 1000  # a shell step takes 1 s unless told otherwise


def test_error_and_unstable_set_the_result(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-basic-steps ErrorStep.java (AbortException: "ERROR: <message>" at the end, build
    FAILURE, the stage FAILED with the error in wfapi) and UnstableStep.java ("WARNING: ...",
    WarningAction UNSTABLE); workflow-job WorkflowRun.finish prints the error, then the result."""
    text = run(http, emu, "bad", "stage('S') { error 'Deploy failed: no table' }\necho 'never'")
    assert text.splitlines()[-3:] == [
        "[Pipeline] End of Pipeline",
        "ERROR: Deploy failed: no table",
        "Finished: FAILURE",
    ]
    assert "never" not in text
    stage = describe(http, emu, "bad")["stages"][0]
    assert stage["status"] == "FAILED"
    assert stage["error"] == {"message": "Deploy failed: no table", "type": "hudson.AbortException"}
    text = run(http, emu, "wobbly", "stage('T') { unstable 'flaky tests' }")
    assert "WARNING: flaky tests" in text.splitlines()
    assert build(http, emu, "wobbly")["result"] == "UNSTABLE"
    assert describe(http, emu, "wobbly")["stages"][0]["status"] == "UNSTABLE"


def test_shell_exit_status_comes_from_the_table(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-durable-task-step DurableTaskStep.java ("script returned exit code N",
    returnStatus, returnStdout) with core's Shell.java "-xe" (each line traced as "+ line",
    stopping at the first failure)."""
    emu.sh_status(r"make test", 2, output="FAIL: test_total")
    emu.sh_status(r"git rev-parse", output="abc123\n")
    script = (
        "node {\n  def rev = sh(script: 'git rev-parse HEAD', returnStdout: true).trim()\n"
        "  echo \"rev=${rev}\"\n  def code = sh script: 'make test', returnStatus: true\n"
        "  echo \"code=${code}\"\n  sh '''make build\nmake test\nmake deploy'''\n}"
    )
    text = run(http, emu, "app", script)
    rows = text.splitlines()
    assert "rev=abc123" in rows and "code=2" in rows
    assert "abc123" not in rows  # returnStdout output is returned, not printed
    assert lines_between(text, "+ make build", "FAIL: test_total") == [
        "+ make build",
        "+ make test",
        "FAIL: test_total",
    ]
    assert "+ make deploy" not in rows
    assert rows[-2:] == ["ERROR: script returned exit code 2", "Finished: FAILURE"]


def test_an_unknown_step_fails_as_jenkins_reports_it(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps DSL.java (invokeMethod: NoSuchMethodError "No such DSL method 'x' found among
    steps [...] or symbols [...] or globals [...]"), printed with its stack by
    WorkflowRun.finish."""
    text = run(http, emu, "app", "node {\n  slackSend 'hi'\n}")
    first = next(r for r in text.splitlines() if r.startswith("java.lang.NoSuchMethodError"))
    assert first.startswith(
        "java.lang.NoSuchMethodError: No such DSL method 'slackSend' found among steps ["
    )
    assert "archiveArtifacts, bat, build, catchError" in first
    assert first.endswith("or globals [currentBuild, env, params, pipeline]")
    assert build(http, emu, "app")["result"] == "FAILURE"


def test_a_script_that_does_not_compile_fails_before_the_flow(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps CpsFlowExecution (parse before the FlowStartNode) and Groovy's
    MultipleCompilationErrorsException text ("WorkflowScript: L: message @ line L, column C.")."""
    text = run(http, emu, "app", "node {\n  echo 'x' )\n}")
    assert text.splitlines() == [
        "Started by user admin",
        "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:",
        "WorkflowScript: 2: unexpected token: ) @ line 2, column 12.",
        "     echo 'x' )",
        "              ^",
        "",
        "1 error",
        "Finished: FAILURE",
    ]


def test_input_in_a_script_pauses_until_answered(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-input-step InputStepExecution.java (console "Input requested", "Approved by X";
    the value of the only parameter is returned) and InputStep.java (id capitalised); wfapi
    pendingInputActions and the PAUSED_PENDING_INPUT status (pipeline-stage-view)."""
    script = (
        "stage('Approve') {\n  def target = input message: 'Deploy?', id: 'ship', "
        "parameters: [choice(name: 'TARGET', choices: ['staging', 'prod'])]\n"
        '  echo "target=${target}"\n}'
    )
    run(http, emu, "app", script)
    pending = http.get(emu.url + "job/app/1/wfapi/pendingInputActions").json()
    assert [(p["id"], p["message"]) for p in pending] == [("Ship", "Deploy?")]
    assert pending[0]["inputs"][0]["definition"]["choices"] == ["staging", "prod"]
    assert describe(http, emu, "app")["status"] == "PAUSED_PENDING_INPUT"
    emu.advance(30)
    value = json.dumps({"parameter": [{"name": "TARGET", "value": "prod"}]})
    assert http.post(emu.url + "job/app/1/input/Ship/proceed", data={"json": value}).ok
    text = console(http, emu, "app")
    assert lines_between(text, "Input requested", "target=prod") == [
        "Input requested",
        "Approved by admin",
        "[Pipeline] echo",
        "target=prod",
    ]
    stage = describe(http, emu, "app")["stages"][0]
    assert stage["pauseDurationMillis"] == 90_000  # paused since the build started
    assert build(http, emu, "app")["result"] == "SUCCESS"


def test_aborting_an_input_rejects_it(emu: JenkinsEmulator, http: requests.Session) -> None:
    """pipeline-input-step InputStepExecution.doAbort (FlowInterruptedException with a
    Rejection: "Rejected by X", result ABORTED) and Rejection.java."""
    run(http, emu, "app", "input 'Go?'\necho 'after'")
    text = console(http, emu, "app")
    assert "Go?" in text.splitlines() and "Proceed or Abort" in text.splitlines()
    assert http.post(emu.url + "job/app/1/input/" + _input_id(http, emu) + "/abort").ok
    text = console(http, emu, "app")
    assert text.splitlines()[-2:] == ["Rejected by admin", "Finished: ABORTED"]
    assert "after" not in text


def _input_id(http: requests.Session, emu: JenkinsEmulator) -> str:
    pending = http.get(emu.url + "job/app/1/wfapi/pendingInputActions").json()
    return str(pending[0]["id"])


def test_parallel_branches_interleave_and_fail_together(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """workflow-cps ParallelStep.java: "{ (Branch: a)" bodies opened in order, branches run
    concurrently, a failing branch prints "Failed in branch b" and fails the step after all
    branches end; the branch bodies are not stages (ParallelLabelAction is a ThreadNameAction)."""
    emu.sh_status("test b", 1)
    script = (
        "node { stage('Test') {\n  parallel a: { sh 'test a'; echo 'a done' }, "
        "b: { sh 'test b' }\n} }"
    )
    text = run(http, emu, "app", script)
    assert lines_between(text, "[Pipeline] parallel", "+ test b") == [
        "[Pipeline] parallel",
        "[Pipeline] { (Branch: a)",
        "[Pipeline] { (Branch: b)",
        "[Pipeline] sh",
        "+ test a",
        "[Pipeline] sh",
        "+ test b",
    ]
    assert "a done" in text and "Failed in branch b" in text.splitlines()
    assert text.splitlines()[-1] == "Finished: FAILURE"
    stages = describe(http, emu, "app")["stages"]
    assert [s["name"] for s in stages] == ["Test"]
    assert stages[0]["durationMillis"] == 1000  # the branches overlapped


def test_timeout_retry_and_catch_error(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-basic-steps TimeoutStepExecution.java ("Timeout set to expire in 10 sec",
    "Cancelling nested steps due to timeout", ExceededTimeout: "Timeout has been exceeded"),
    RetryStepExecution.java ("Retrying" between attempts) and CatchErrorStep.java ("Setting
    overall build result to FAILURE"; the pipeline goes on)."""
    emu.sh_status("flaky", 1)
    script = (
        "node { catchError { retry(2) { sh 'flaky' } } }\n"
        "echo 'still here'\n"
        "timeout(time: 10, unit: 'SECONDS') { sleep 60 }"
    )
    text = run(http, emu, "app", script, seconds=120)
    rows = text.splitlines()
    assert rows.count("Retrying") == 1 and rows.count("+ flaky") == 2
    assert "Setting overall build result to FAILURE" in rows
    assert "still here" in rows
    assert "Timeout set to expire in 10 sec" in rows
    assert "Cancelling nested steps due to timeout" in rows
    assert rows[-2:] == ["Timeout has been exceeded", "Finished: ABORTED"]


def test_workspace_files_stash_and_recorders(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-basic-steps WriteFileStep/ReadFileStep, workflow-api StashManager.java ("Stashed
    N file(s)", "No such saved stash"), core ArtifactArchiver.java ("Archiving artifacts") and
    junit-plugin JUnitResultArchiver ("Recording test results"; failures: UNSTABLE)."""
    report = (
        "<testsuite name='suite'><testcase classname='a.B' name='ok' time='0.1'/>"
        "<testcase classname='a.B' name='bad'><failure message='boom'>trace</failure>"
        "</testcase></testsuite>"
    )
    emu.sh_status("mvn test", files={"target/TEST-a.xml": report, "target/app.jar": b"JAR"})
    script = (
        "node {\n  writeFile file: 'out/note.txt', text: 'hello'\n  echo readFile('out/note.txt')\n"
        "  sh 'mvn test'\n  stash name: 'jar', includes: 'target/*.jar'\n"
        "  archiveArtifacts artifacts: 'target/*.jar, out/**'\n  junit 'target/TEST-*.xml'\n"
        "  unstash 'jar'\n}"
    )
    text = run(http, emu, "app", script)
    rows = text.splitlines()
    assert "hello" in rows and "Stashed 1 file(s)" in rows
    assert "Archiving artifacts" in rows and "Recording test results" in rows
    data = build(http, emu, "app")
    assert data["result"] == "UNSTABLE"
    assert [a["relativePath"] for a in data["artifacts"]] == ["out/note.txt", "target/app.jar"]
    assert http.get(emu.url + "job/app/1/artifact/target/app.jar").content == b"JAR"
    tests = http.get(emu.url + "job/app/1/testReport/api/json").json()
    assert (tests["failCount"], tests["passCount"]) == (1, 1)
    text = run(http, emu, "other", "node { unstash 'nope' }")
    assert "ERROR: No such saved stash ‘nope’" in text.splitlines()


def test_current_build_and_env_assignments(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-support RunWrapper (currentBuild.result only gets worse, description,
    displayName) and workflow-cps EnvActionImpl (env.X = 'y' is seen by later steps)."""
    script = (
        "env.STAGE_NAME_X = 'prod'\ncurrentBuild.description = \"to ${env.STAGE_NAME_X}\"\n"
        "currentBuild.displayName = 'release-7'\ncurrentBuild.result = 'UNSTABLE'\n"
        "currentBuild.result = 'SUCCESS'\necho \"${currentBuild.result} ${currentBuild.number}\""
    )
    text = run(http, emu, "app", script)
    assert "UNSTABLE 1" in text.splitlines()
    data = build(http, emu, "app")
    assert (data["description"], data["displayName"], data["result"]) == (
        "to prod",
        "release-7",
        "UNSTABLE",
    )


def test_stop_interrupts_the_running_step(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-job WorkflowRun.doStop (the steps get a FlowInterruptedException with a
    UserInterruption: "Aborted by X", result ABORTED) and SleepStep.java ("Sleeping for")."""
    run(http, emu, "app", "sleep 300\necho 'not reached'", seconds=10)
    assert "Sleeping for 5 min 0 sec" in console(http, emu, "app").splitlines()
    assert http.post(emu.url + "job/app/1/stop").ok
    text = console(http, emu, "app")
    assert text.splitlines()[-2:] == ["Aborted by admin", "Finished: ABORTED"]
    assert build(http, emu, "app")["result"] == "ABORTED"


def test_a_node_label_nobody_has_waits(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-durable-task-step ExecutorStepExecution.java: after 15 s "Still waiting to
    schedule task" and the queue's cause of blockage; the build keeps running."""
    run(http, emu, "app", "node('gpu') { echo 'x' }", seconds=20)
    rows = console(http, emu, "app").splitlines()
    assert rows[-2:] == [
        "Still waiting to schedule task",
        "There are no nodes with the label ‘gpu’",
    ]
    assert build(http, emu, "app")["building"] is True


def test_settle_stops_at_builds_that_wait_for_ever(emu: JenkinsEmulator) -> None:
    """JenkinsEmulator.settle: a build paused on an input or waiting for a node nobody has
    (ExecutorStepExecution keeps its placeholder queued) does not keep the clock running."""
    emu.pipeline("gpu", script="node('gpu') { echo 'never' }")
    emu.pipeline("ask", script="input 'Go?'")
    emu.pipeline("done", script="echo 'hi'")
    for name in ("gpu", "ask", "done"):
        emu.trigger(name)
    assert emu.settle() == 20.0  # quiet period, then the node's 15 s "Still waiting" notice
    assert emu.job("done").builds[1].result == "SUCCESS"
    assert emu.job("gpu").builds[1].building and emu.job("ask").builds[1].building


def test_kill_ends_the_build_and_its_steps(emu: JenkinsEmulator, http: requests.Session) -> None:
    """workflow-job WorkflowRun.doKill ("Hard kill!"): the build ends ABORTED at once, even when
    the script would catch an interruption, and no step stays running in wfapi."""
    run(http, emu, "app", "stage('Wait') { catchError { sleep 300 }; echo 'after' }", seconds=10)
    assert http.post(emu.url + "job/app/1/kill").ok
    rows = console(http, emu, "app").splitlines()
    assert rows[-2:] == ["Hard kill!", "Finished: ABORTED"] and "after" not in rows
    stage = describe(http, emu, "app")["stages"][0]
    assert stage["status"] == "ABORTED"
    assert [n["status"] for n in stage["stageFlowNodes"]] == ["ABORTED"]
