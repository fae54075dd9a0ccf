"""Declarative pipelines from config.xml, run as pipeline-model-definition's ModelInterpreter runs
them: agent, environment, stages, when, input, parallel stages, post (issue 19, item 1)."""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator
from tests.emulator._pipeline_support import build, console, describe, lines_between, run

BASIC = """
pipeline {
  agent any
  environment { TARGET = 'eu' }
  stages {
    stage('Build') { steps { echo "building for ${env.TARGET}"; sh 'make' } }
    stage('Test') { steps { sh 'make test' } }
    stage('Deploy') { steps { echo 'deploying' } }
  }
  post {
    failure { echo 'it failed' }
    always { echo 'cleaning up' }
  }
}
"""


def test_a_failed_stage_skips_the_rest_and_runs_post(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-model-definition ModelInterpreter.groovy (the build in the agent's node, inside
    withEnv; evaluateStage skips after a failure with model/Messages.properties
    SkippedStageReason.FAILURE; executePostBuild in "Declarative: Post Actions", conditions in
    BuildCondition order: always before failure)."""
    emu.sh_status("make test", 1)
    text = run(http, emu, "app", BASIC)
    assert lines_between(text, "[Pipeline] node", "[Pipeline] { (Build)") == [
        "[Pipeline] node",
        "Running on Jenkins in /var/jenkins_home/workspace/app",
        "[Pipeline] {",
        "[Pipeline] withEnv",
        "[Pipeline] {",
        "[Pipeline] stage",
        "[Pipeline] { (Build)",
    ]
    assert "building for eu" in text.splitlines()
    assert lines_between(text, "[Pipeline] { (Deploy)", "[Pipeline] // stage") == [
        "[Pipeline] { (Deploy)",
        'Stage "Deploy" skipped due to earlier failure(s)',
        "[Pipeline] }",
        "[Pipeline] // stage",
    ]
    post = lines_between(text, "[Pipeline] { (Declarative: Post Actions)", "it failed")
    assert [r for r in post if not r.startswith("[Pipeline]")] == ["cleaning up", "it failed"]
    assert text.splitlines()[-2:] == ["ERROR: script returned exit code 1", "Finished: FAILURE"]
    stages = describe(http, emu, "app")["stages"]
    assert [(s["name"], s["status"]) for s in stages] == [
        ("Build", "SUCCESS"),
        ("Test", "FAILED"),
        ("Deploy", "NOT_EXECUTED"),
        ("Declarative: Post Actions", "SUCCESS"),
    ]
    assert stages[1]["error"]["message"] == "script returned exit code 1"


def test_when_skips_a_stage(emu: JenkinsEmulator, http: requests.Session) -> None:
    """ModelInterpreter.evaluateStage + WhenEvaluator: a failed ``when`` skips the stage
    (SkippedStageReason.WHEN: 'Stage "X" skipped due to when conditional'), later stages run;
    the skipped stage shows NOT_EXECUTED in wfapi; ``branch`` needs BRANCH_NAME (multibranch)."""
    script = """
pipeline {
  agent none
  stages {
    stage('Release') {
      when { branch 'main' }
      steps { echo 'releasing' }
    }
    stage('Check') {
      when { expression { return params.MISSING == null } }
      steps { echo 'checked' }
    }
  }
}
"""
    text = run(http, emu, "app", script)
    rows = text.splitlines()
    assert 'Stage "Release" skipped due to when conditional' in rows
    assert "releasing" not in rows and "checked" in rows
    assert "[Pipeline] node" not in rows  # agent none
    stages = describe(http, emu, "app")["stages"]
    assert [(s["name"], s["status"]) for s in stages] == [
        ("Release", "NOT_EXECUTED"),
        ("Check", "SUCCESS"),
    ]


def test_parameters_section_defines_the_job_parameters(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """ModelInterpreter.executeProperties (the parameters directive becomes the job's
    ParametersDefinitionProperty on the first run) and ParamsVariable (defaults in params)."""
    script = """
pipeline {
  agent any
  parameters {
    string(name: 'VERSION', defaultValue: '1.0', description: 'what to ship')
    booleanParam(name: 'DRY_RUN', defaultValue: true)
  }
  stages { stage('Ship') { steps { echo "v=${params.VERSION} dry=${params.DRY_RUN}" } } }
}
"""
    text = run(http, emu, "app", script)
    assert "v=1.0 dry=true" in text.splitlines()
    job = http.get(emu.url + "job/app/api/json").json()
    defs = job["property"][0]["parameterDefinitions"]
    assert [(d["name"], d["type"]) for d in defs] == [
        ("VERSION", "StringParameterDefinition"),
        ("DRY_RUN", "BooleanParameterDefinition"),
    ]
    http.post(emu.url + "job/app/buildWithParameters", data={"VERSION": "2.0"})
    emu.advance(10)
    assert "v=2.0 dry=true" in console(http, emu, "app", 2).splitlines()


def test_stage_input_and_parallel_stages(emu: JenkinsEmulator, http: requests.Session) -> None:
    """ModelInterpreter.stageInput (the stage's input before its steps; one parameter becomes an
    env var via withEnv) and getParallelStages (nested stages as parallel branches, each a
    stage of its own in wfapi)."""
    script = """
pipeline {
  agent any
  stages {
    stage('Approve') {
      input {
        message 'Ship it?'
        id 'ship'
        parameters { choice(name: 'REGION', choices: ['eu', 'us']) }
      }
      steps { echo "region=${env.REGION}" }
    }
    stage('Deploy') {
      parallel {
        stage('eu') { steps { echo 'eu' } }
        stage('us') { steps { echo 'us' } }
      }
    }
  }
}
"""
    run(http, emu, "app", script)
    assert http.post(
        emu.url + "job/app/1/input/Ship/proceed",
        data={"json": '{"parameter": [{"name": "REGION", "value": "us"}]}'},
    ).ok
    emu.advance(5)
    text = console(http, emu, "app")
    assert "region=us" in text.splitlines()
    assert "[Pipeline] { (Branch: eu)" in text.splitlines()
    stages = describe(http, emu, "app")["stages"]
    assert [s["name"] for s in stages] == ["Approve", "Deploy", "eu", "us"]
    assert build(http, emu, "app")["result"] == "SUCCESS"


def test_an_invalid_model_fails_to_compile(emu: JenkinsEmulator, http: requests.Session) -> None:
    """pipeline-model-definition validator (ModelValidatorImpl: 'Missing required section
    "stages"'), reported as Groovy's MultipleCompilationErrorsException before any flow."""
    text = run(http, emu, "app", "pipeline {\n  agent any\n}")
    rows = text.splitlines()
    assert rows[1] == (
        "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:"
    )
    assert rows[2].startswith('WorkflowScript: 1: Missing required section "stages"')
    assert "[Pipeline] Start of Pipeline" not in rows
    assert rows[-1] == "Finished: FAILURE"


def test_restart_from_a_stage_skips_the_earlier_ones(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """pipeline-model-definition RestartDeclarativePipelineAction (restart/restart?stageName=)
    and ModelInterpreter.evaluateSequentialStages (SkippedStageReason.RESTART: 'Stage "X"
    skipped due to this build restarting at stage "Y"')."""
    run(http, emu, "app", BASIC)
    r = http.post(emu.url + "job/app/1/restart/restart", data={"stageName": "Test"})
    assert r.status_code == 200
    emu.advance(10)
    rows = console(http, emu, "app", 2).splitlines()
    assert 'Stage "Build" skipped due to this build restarting at stage "Test"' in rows
    assert "+ make test" in rows and "+ make" not in rows
