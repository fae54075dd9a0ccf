"""client.pipelines over loopback against the emulator: stages, logs, input submit and abort."""

from __future__ import annotations

import pytest

from jenkins_sdk import JenkinsClient
from jenkins_sdk.errors import BadRequest, BuildTimeout, NotFound
from jenkins_sdk.models import PipelineRun, StageStatus
from jenkins_sdk.testing import InputSpec, JenkinsEmulator, LinkedClock, ParamDef, StageSpec

JOB = "team/deploy"


def approval_pipeline(emu: JenkinsEmulator, *, input_id: str | None = "approve") -> None:
    approve = InputSpec(
        message="Deploy to production?",
        id=input_id,
        ok="Ship it",
        parameters=[
            ParamDef("TARGET", "choice", choices=["staging", "production"]),
            ParamDef("DRY_RUN", "boolean", default=True),
            ParamDef("NOTE", "string", default=""),
        ],
    )
    emu.pipeline(
        JOB,
        stages=[
            StageSpec("Build", 3, log_lines=20),
            StageSpec("Approve", 1, input=approve),
            StageSpec("Deploy", 3, log="deploying\nälles gut ✓\n"),
        ],
    )
    emu.trigger(JOB)
    emu.advance(6)  # past the quiet period: run #1 starts


def statuses(run: PipelineRun) -> list[tuple[str, str]]:
    return [(s.name, s.status.value) for s in run.stages]


def wait_for_input(client: JenkinsClient, emu: JenkinsEmulator) -> PipelineRun:
    for run in client.pipelines.watch(JOB, 1, clock=LinkedClock(emu), timeout=600):
        if run.status is StageStatus.PAUSED_PENDING_INPUT:
            return run
    raise AssertionError("the run never paused for input")


def test_stages_through_input_submit_with_parameters(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    clock = LinkedClock(jenkins_emulator)
    seen: list[list[tuple[str, str]]] = []
    submitted = False
    for run in jenkins_client.pipelines.watch(JOB, 1, clock=clock, timeout=600):
        seen.append(statuses(run))
        if run.status is StageStatus.PAUSED_PENDING_INPUT and not submitted:
            (pending,) = jenkins_client.pipelines.pending_inputs(JOB, 1)
            assert pending.id == "Approve"  # Jenkins upper-cases the given id
            assert pending.message == "Deploy to production?"
            assert [p.name for p in pending.inputs] == ["TARGET", "DRY_RUN", "NOTE"]
            jenkins_client.pipelines.submit_input(
                JOB, 1, "approve", {"TARGET": "production", "DRY_RUN": False, "NOTE": "go"}
            )
            submitted = True
    assert submitted
    final = jenkins_client.pipelines.get_run(JOB, 1)
    assert final.status is StageStatus.SUCCESS
    assert statuses(final) == [("Build", "SUCCESS"), ("Approve", "SUCCESS"), ("Deploy", "SUCCESS")]
    assert any(("Approve", "PAUSED_PENDING_INPUT") in snapshot for snapshot in seen)
    assert seen[0][0] == ("Build", "IN_PROGRESS")
    approve = jenkins_emulator.job(JOB).builds[1].stages[1]
    assert approve.input_values == {"TARGET": "production", "DRY_RUN": False, "NOTE": "go"}
    assert jenkins_client.pipelines.pending_inputs(JOB, 1) == []


def test_input_without_parameters_proceeds_empty(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator, input_id=None)
    wait_for_input(jenkins_client, jenkins_emulator)
    (pending,) = jenkins_client.pipelines.pending_inputs(JOB, 1)
    jenkins_client.pipelines.submit_input(JOB, 1, pending)
    runs = list(jenkins_client.pipelines.watch(JOB, 1, clock=LinkedClock(jenkins_emulator)))
    assert runs[-1].status is StageStatus.SUCCESS
    # proceedEmpty submits no values, as in Jenkins (the input step returns null)
    assert jenkins_emulator.job(JOB).builds[1].stages[1].input_values == {}


def test_abort_input_aborts_the_run(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    wait_for_input(jenkins_client, jenkins_emulator)
    jenkins_client.pipelines.abort_input(JOB, 1, "Approve")
    runs = list(jenkins_client.pipelines.watch(JOB, 1, clock=LinkedClock(jenkins_emulator)))
    assert runs[-1].status is StageStatus.ABORTED
    assert jenkins_client.builds.get(JOB, 1).result == "ABORTED"


def test_answering_twice_is_refused(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    wait_for_input(jenkins_client, jenkins_emulator)
    jenkins_client.pipelines.submit_input(JOB, 1, "Approve", {"TARGET": "staging"})
    with pytest.raises((BadRequest, NotFound)):
        jenkins_client.pipelines.abort_input(JOB, 1, "Approve")


def test_unknown_input_id_is_not_found(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    wait_for_input(jenkins_client, jenkins_emulator)
    with pytest.raises(NotFound):
        jenkins_client.pipelines.submit_input(JOB, 1, "Nope")


def test_stage_detail_and_logs(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    wait_for_input(jenkins_client, jenkins_emulator)
    jenkins_client.pipelines.submit_input(JOB, 1, "Approve")
    list(jenkins_client.pipelines.watch(JOB, 1, clock=LinkedClock(jenkins_emulator)))
    run = jenkins_client.pipelines.get_run(JOB, 1)
    deploy = next(s for s in run.stages if s.name == "Deploy")
    detail = jenkins_client.pipelines.get_stage(JOB, 1, deploy.id)
    assert detail.name == "Deploy"
    assert detail.stage_flow_nodes
    step = detail.stage_flow_nodes[0]
    log = jenkins_client.pipelines.node_log(JOB, 1, step.id)
    assert log.text is not None
    assert "älles gut ✓" in jenkins_client.pipelines.stage_log(JOB, 1, deploy.id)
    build_stage = next(s for s in run.stages if s.name == "Build")
    assert jenkins_client.pipelines.stage_log(JOB, 1, build_stage.id).count("\n") >= 20


def test_runs_lists_recent_runs(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    jenkins_emulator.pipeline(JOB)
    jenkins_emulator.history(JOB, ["SUCCESS", "FAILURE", "SUCCESS"])
    runs = jenkins_client.pipelines.runs(JOB)
    assert [r.name for r in runs] == ["#3", "#2", "#1"]
    assert [r.status for r in runs] == [
        StageStatus.SUCCESS,
        StageStatus.FAILED,
        StageStatus.SUCCESS,
    ]
    assert [r.name for r in jenkins_client.pipelines.runs(JOB, since=2)] == ["#3", "#2"]


def test_watch_gives_up_at_the_deadline(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    approval_pipeline(jenkins_emulator)
    with pytest.raises(BuildTimeout):
        # the input is never answered
        list(
            jenkins_client.pipelines.watch(JOB, 1, clock=LinkedClock(jenkins_emulator), timeout=60)
        )


def test_pending_inputs_without_the_stage_view_plugin(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    """A controller without pipeline-stage-view (``wfapi/`` is 404, the default of a Jenkins set
    up today) still lists pending inputs: from the build's ``InputAction``
    (pipeline-input-step ``InputAction.java`` / ``InputStepExecution.java`` / ``InputStep.java``),
    with the same ids, messages and parameters, and they can be answered."""
    approval_pipeline(jenkins_emulator)
    wait_for_input(jenkins_client, jenkins_emulator)
    (with_wfapi,) = jenkins_client.pipelines.pending_inputs(JOB, 1)
    jenkins_emulator.html_error(404, times=None, path="/wfapi/")
    (pending,) = jenkins_client.pipelines.pending_inputs(JOB, 1)
    assert (pending.id, pending.message, pending.proceed_text) == (
        with_wfapi.id,
        with_wfapi.message,
        "Ship it",
    )
    assert [(p.name, p.type) for p in pending.inputs] == [
        ("TARGET", "ChoiceParameterDefinition"),
        ("DRY_RUN", "BooleanParameterDefinition"),
        ("NOTE", "StringParameterDefinition"),
    ]
    assert pending.inputs[0].definition["choices"] == ["staging", "production"]
    jenkins_client.pipelines.submit_input(JOB, 1, pending, {"TARGET": "staging"})
    assert jenkins_client.pipelines.pending_inputs(JOB, 1) == []
    with pytest.raises(NotFound):  # no such build: the fallback's own 404
        jenkins_client.pipelines.pending_inputs(JOB, 99)
