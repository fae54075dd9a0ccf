"""Every copied payload structures into its model, with concrete value assertions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import jenkins_sdk.models as m
from jenkins_sdk.models import (
    Action,
    Build,
    BuildResult,
    BuildSummary,
    CauseAction,
    ComputerSet,
    Crumb,
    GitBuildData,
    Job,
    JobSummary,
    NodeLog,
    ParametersAction,
    PendingInputAction,
    PipelineArtifact,
    PipelineRun,
    PluginManager,
    Queue,
    QueueItem,
    RootInfo,
    StageDetail,
    StageStatus,
    User,
    View,
    parameter_definitions,
    raw_of,
    structure,
    unstructure,
)

PAYLOADS = Path(__file__).parent / "payloads"

# file -> (model name, selector): None = whole payload, "[]" = a JSON array of the model,
# "key" = the array under that key.
COVERAGE: dict[str, tuple[str, str | None]] = {
    "butler__apib_root_api_json.json": ("RootInfo", None),
    "api4jenkins__jenkins_jenkins.json": ("RootInfo", None),
    "stagecraft__04_root_tree_jobs.json": ("RootInfo", None),
    "stagecraft__05_multibranch_tree_jobs.json": ("JobSummary", "jobs"),
    "butler__Job_FreeStyleProject.json": ("Job", None),
    "gomock__workflowjob_test_pipeline.json": ("Job", None),
    "butler__Job_WorkflowJob.json": ("Job", None),
    "butler__Job_WorkflowJob2.json": ("Job", None),
    "butler__Job_MavenModuleSet.json": ("Job", None),
    "cdancy__job-info.json": ("Job", None),
    "butler__Job_Folder.json": ("Job", None),
    "api4jenkins__job_folder.json": ("Job", None),
    "api4jenkins__job_mbranch.json": ("Job", None),
    "butler__Job_OrganizationFolder.json": ("Job", None),
    "api4jenkins__job_pipeline.json": ("Job", None),
    "stagecraft__06_branch_tree_builds.json": ("BuildSummary", "builds"),
    "butler__Job_FreeStyleBuild.json": ("BuildSummary", None),
    "api4jenkins__run_freestylebuild.json": ("Build", None),
    "api4jenkins__run_workflowrun.json": ("Build", None),
    "gomock__workflowrun_success_params.json": ("Build", None),
    "cdancy__build-info.json": ("Build", None),
    "cdancy__build-info-no-params.json": ("Build", None),
    "cdancy__build-info-git-commit.json": ("Build", None),
    "cdancy__build-info-empty-and-null-params.json": ("Build", None),
    "stagecraft__07_build_tree_actions_remoteUrls.json": ("AnyAction", "actions"),
    "stagecraft__r8_pr1_build_running_tree.json": ("AnyAction", "actions"),
    "api4jenkins__queue_waitingitem.json": ("QueueItem", None),
    "api4jenkins__queue_blockeditem.json": ("QueueItem", None),
    "cdancy__queueItemPending.json": ("QueueItem", None),
    "cdancy__queueItemNullTaskName.json": ("QueueItem", None),
    "cdancy__queueItemMissingTaskUrl.json": ("QueueItem", None),
    "cdancy__queueItemRunning.json": ("QueueItem", None),
    "cdancy__queueItemEmptyParameterValue.json": ("QueueItem", None),
    "cdancy__queueItemCancelled.json": ("QueueItem", None),
    "api4jenkins__queue_leftitem.json": ("QueueItem", None),
    "gomock__queue_item_left_DOUBTFUL.json": ("QueueItem", None),
    "api4jenkins__queue_queue.json": ("Queue", None),
    "cdancy__queue.json": ("Queue", None),
    "stagecraft__02_crumbIssuer.json": ("Crumb", None),
    "stagecraft__01_me.json": ("User", None),
    "cdancy__user.json": ("User", None),
    "butler__apib_whoAmI_anonymous.json": ("User", None),
    "stagecraft__11_testReport_unstable.json": ("TestReport", None),
    "stagecraft__12_wfapi_describe_failed.json": ("PipelineRun", None),
    "stageview-readme__wfapi_run_describe_paused.json": ("PipelineRun", None),
    "stageview-readme__wfapi_runs.json": ("PipelineRun", "[]"),
    "stageview__03_rest_api_runs_checkpoint_rerun.json": ("PipelineRun", "[]"),
    "stageview__04_rest_api_runs_failed.json": ("PipelineRun", "[]"),
    "stageview__05_rest_api_runs.json": ("PipelineRun", "[]"),
    "stageview__07_rest_api_runs_in_progress.json": ("PipelineRun", "[]"),
    "stageview__08_rest_api_unstable_run.json": ("PipelineRun", "[]"),
    "stageview-readme__wfapi_node_describe_success.json": ("StageDetail", None),
    "stageview-readme__wfapi_node_describe_failed.json": ("StageDetail", None),
    "stageview-readme__wfapi_node_log.json": ("NodeLog", None),
    "gomock__wfapi_pendingInputActions.json": ("PendingInputAction", "[]"),
    "stageview-readme__wfapi_pendingInputActions.json": ("PendingInputAction", "[]"),
    "stageview__input-model-01.json": ("PendingInputAction", None),
    "stageview-readme__wfapi_artifacts.json": ("PipelineArtifact", "[]"),
    "cdancy__computer.json": ("ComputerSet", None),
    "api4jenkins__node_nodes.json": ("ComputerSet", None),
    "jcp__JsonRequestManager_computer.json": ("ComputerSet", None),
    "api4jenkins__view_allview.json": ("View", None),
    "cdancy__plugins.json": ("PluginManager", None),
}


def load(name: str) -> Any:
    """The decoded JSON of one copied payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def target(name: str) -> tuple[Any, Any]:
    """(data, type) to structure for one payload of the coverage table."""
    model_name, selector = COVERAGE[name]
    model = getattr(m, model_name)
    data = load(name)
    if selector is None:
        return data, model
    if selector != "[]":
        data = data[selector]
    return data, list[model]


def test_every_copied_payload_is_covered() -> None:
    on_disk = {p.name for p in PAYLOADS.glob("*.json")}
    assert on_disk == set(COVERAGE)
    provenance = (PAYLOADS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in on_disk:
        assert f"`{name}`" in provenance


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_payload_structures_and_round_trips(name: str) -> None:
    data, tp = target(name)
    obj = structure(data, tp)
    again = structure(unstructure(obj), tp)
    assert again == obj
    json.dumps(unstructure(obj))  # JSON-able


def test_root_info() -> None:
    root = structure(load("butler__apib_root_api_json.json"), RootInfo)
    assert root.class_ == "hudson.model.Hudson"
    assert root.use_crumbs is True and root.num_executors == 2 and root.slave_agent_port == -1
    assert [j.name for j in root.jobs] == ["gradle-xcodePlugin", "mas", "whoami"]
    assert root.jobs[2].color == "blue" and root.jobs[2].class_ == "hudson.model.FreeStyleProject"
    assert root.primary_view is not None and root.primary_view.name == "all"
    nested = structure(load("api4jenkins__jenkins_jenkins.json"), RootInfo)
    folder = nested.jobs[0]
    assert folder.color is None
    assert [j.name for j in folder.jobs] == ["freestylejob", "pipeline", "maxtrixjob", "folder2"]
    assert folder.jobs[1].color == "red" and folder.jobs[3].jobs == []


def test_multibranch_listing_keeps_encoded_branch_names() -> None:
    data, tp = target("stagecraft__05_multibranch_tree_jobs.json")
    jobs = structure(data, tp)
    assert isinstance(jobs[0], JobSummary)
    assert jobs[0].name == "feature%2FORD-214"
    assert jobs[0].url.endswith("/job/feature%252FORD-214/")
    assert jobs[0].color == "yellow"


def test_pipeline_job_permalinks_and_builds() -> None:
    job = structure(load("gomock__workflowjob_test_pipeline.json"), Job)
    assert job.class_ == "org.jenkinsci.plugins.workflow.job.WorkflowJob"
    assert job.full_name == "test_pipeline" and job.next_build_number == 4
    assert [b.number for b in job.builds] == [3, 2, 1]
    assert job.last_stable_build is not None and job.last_stable_build.number == 2
    assert job.last_failed_build is not None and job.last_failed_build.number == 3
    assert job.last_unstable_build is None
    assert job.health_report[0].score == 66
    assert job.resume_blocked is False and job.concurrent_build is True
    assert all(isinstance(a, m.JobProperty) for a in job.actions)


def test_never_built_job_in_folder() -> None:
    job = structure(load("butler__Job_WorkflowJob2.json"), Job)
    assert job.full_name == "Job Types/Pipeline"
    assert job.full_display_name == "Job Types » Pipeline"
    assert job.color == "notbuilt" and job.last_build is None and job.builds == []


def test_job_parameter_definitions_from_old_actions_and_property() -> None:
    job = structure(load("cdancy__job-info.json"), Job)
    defs = parameter_definitions(job)
    assert [(d.name, d.type) for d in defs] == [
        ("bear", "BooleanParameterDefinition"),
        ("fish", "StringParameterDefinition"),
    ]
    assert defs[0].default_parameter_value is not None
    assert defs[0].default_parameter_value.value is True
    assert defs[1].default_parameter_value is not None
    assert defs[1].default_parameter_value.value == "salmon"
    assert job.color == "blue_anime" and job.in_queue is True
    assert job.queue_item is not None and job.queue_item.id == 71 and job.queue_item.blocked is True
    assert job.queue_item.why == "Build #7 is already in progress (ETA:52 sec)"


def test_folders_multibranch_and_org_folder() -> None:
    folder = structure(load("butler__Job_Folder.json"), Job)
    assert folder.class_ == "com.cloudbees.hudson.plugins.folder.Folder"
    assert len(folder.jobs) == 8 and folder.color is None and folder.builds == []
    assert folder.jobs[3].class_ == "jenkins.branch.OrganizationFolder"
    mb = structure(load("api4jenkins__job_mbranch.json"), Job)
    assert [j.name for j in mb.jobs] == ["feature%2Fgithub-commands", "master"]
    assert [v.name for v in mb.views] == ["change-requests", "default"]
    assert mb.health_report[0].score == 0
    assert raw_of(mb)["sources"] == [{}]  # an undeclared plugin field, reachable through raw_of
    org = structure(load("butler__Job_OrganizationFolder.json"), Job)
    assert org.jobs == [] and org.full_name == "Job Types/GitHub Organization"
    assert org.primary_view is not None and org.primary_view.name == "welcome"


def test_build_summaries_from_tree() -> None:
    data, tp = target("stagecraft__06_branch_tree_builds.json")
    (build,) = structure(data, tp)
    assert isinstance(build, BuildSummary)
    assert build.number == 1 and build.result is BuildResult.FAILURE
    assert build.duration == 11157 and build.timestamp == 1790863881145
    assert build.building is None  # not asked for in that tree


def test_freestyle_build_with_params_causes_and_empty_actions() -> None:
    build = structure(load("api4jenkins__run_freestylebuild.json"), Build)
    assert build.number == 14 and build.result is BuildResult.SUCCESS and build.building is False
    assert build.duration == 599334 and build.queue_id == 151 and build.built_on == ""
    params, causes, *rest = build.actions
    assert isinstance(params, ParametersAction)
    assert [(p.name, p.value) for p in params.parameters] == [("arg", "value1")]
    assert isinstance(causes, CauseAction)
    assert causes.causes[0].user_id == "admin"
    assert causes.causes[0].short_description == "Started by user admin"
    assert rest == [Action(), Action(), Action()]  # Jenkins' {} entries
    assert build.change_set is not None and build.change_set.kind is None
    assert build.change_set.items == []


def test_workflow_run_failure_with_replay_cause_and_previous_build() -> None:
    build = structure(load("api4jenkins__run_workflowrun.json"), Build)
    assert build.result is BuildResult.FAILURE and build.result == "FAILURE"
    assert build.previous_build is not None and build.previous_build.number == 51
    assert build.next_build is None
    causes = next(a for a in build.actions if isinstance(a, CauseAction)).causes
    assert [c.class_ for c in causes] == [
        "hudson.model.Cause$UserIdCause",
        "org.jenkinsci.plugins.workflow.cps.replay.ReplayCause",
    ]


def test_unknown_actions_fall_back_to_action_with_raw() -> None:
    build = structure(load("gomock__workflowrun_success_params.json"), Build)
    flow = [a for a in build.actions if type(a) is Action and a.class_]
    assert [a.class_ for a in flow][
        -1
    ] == "org.jenkinsci.plugins.workflow.job.views.FlowGraphAction"
    assert raw_of(flow[0]) is load_raw_identity(build, flow[0])
    assert build.next_build is not None and build.next_build.number == 5


def load_raw_identity(build: Build, action: Action) -> Any:
    """The very dict inside the build's raw actions list that ``action`` came from."""
    raw_actions = raw_of(build)["actions"]
    return next(a for a in raw_actions if a is raw_of(action))


def test_git_build_data_action() -> None:
    data, tp = target("stagecraft__07_build_tree_actions_remoteUrls.json")
    actions = structure(data, tp)
    git = [a for a in actions if isinstance(a, GitBuildData)]
    assert git[0].remote_urls == ["https://github.com/danilgorbunofff/stagecraft-day0-fixture"]
    causes = [a for a in actions if isinstance(a, CauseAction)]
    assert causes[0].causes == []  # the tree asked only for _class
    assert sum(1 for a in actions if a == Action()) == 6


def test_old_untagged_actions_are_sniffed() -> None:
    build = structure(load("cdancy__build-info-git-commit.json"), Build)
    params, causes = build.actions
    assert isinstance(params, ParametersAction) and isinstance(causes, CauseAction)
    assert [(p.name, p.value) for p in params.parameters] == [("bear", True), ("fish", "salmon")]
    assert causes.causes[0].user_id is None and causes.causes[0].user_name == "anonymous"
    assert build.artifacts[0].relative_path == "fish.txt"
    assert build.artifacts[0].file_name == "fish.txt"
    (change_set,) = build.change_sets
    assert change_set.kind == "git"
    item = change_set.items[0]
    assert item.commit_id == "d27afa0805201322d846d7defc29b82c88d9b5ce"
    assert item.author is not None and item.author.full_name == "username"
    assert item.paths[0].edit_type == "add" and item.affected_paths == [
        "some/path/in/the/repository"
    ]
    assert build.culprits[0].full_name == "username"


def test_empty_and_null_string_params() -> None:
    build = structure(load("cdancy__build-info-empty-and-null-params.json"), Build)
    params = build.actions[0]
    assert isinstance(params, ParametersAction)
    assert [p.value for p in params.parameters] == ["null", ""]


def test_queue_items_in_every_state() -> None:
    waiting = structure(load("api4jenkins__queue_waitingitem.json"), QueueItem)
    assert waiting.class_ == "hudson.model.Queue$WaitingItem"
    assert waiting.timestamp == 1566553113796 and waiting.why is not None
    assert waiting.why.startswith("In the quiet period")
    blocked = structure(load("api4jenkins__queue_blockeditem.json"), QueueItem)
    assert blocked.blocked is True and blocked.id == 669
    buildable = structure(load("cdancy__queueItemMissingTaskUrl.json"), QueueItem)
    assert buildable.buildable is True and buildable.stuck is True
    assert buildable.task is not None and buildable.task.url is None and buildable.task.name is None
    running = structure(load("cdancy__queueItemRunning.json"), QueueItem)
    assert running.cancelled is False and running.why is None
    assert running.executable is not None
    assert running.executable.number == 14
    assert running.executable.url == "http://localhost:8082/job/test/14/"
    assert running.executable.class_ == "hudson.model.FreeStyleBuild"
    cancelled = structure(load("cdancy__queueItemCancelled.json"), QueueItem)
    assert cancelled.cancelled is True and cancelled.executable is None
    left = structure(load("api4jenkins__queue_leftitem.json"), QueueItem)
    assert left.executable is not None and left.executable.number == 54
    null_name = structure(load("cdancy__queueItemNullTaskName.json"), QueueItem)
    assert null_name.task is not None and null_name.task.name is None


def test_queue_listing() -> None:
    queue = structure(load("api4jenkins__queue_queue.json"), Queue)
    assert [i.id for i in queue.items] == [669, 668]
    assert queue.items[1].task is not None and queue.items[1].task.name is None
    old = structure(load("cdancy__queue.json"), Queue)
    assert old.class_ is None and old.items[0].params == "\nfeet=false"
    params = old.items[0].actions[0]
    assert isinstance(params, ParametersAction) and params.parameters[0].value is False


def test_crumb_and_users() -> None:
    crumb = structure(load("stagecraft__02_crumbIssuer.json"), Crumb)
    assert crumb.crumb_request_field == "Jenkins-Crumb" and len(crumb.crumb) == 64
    me = structure(load("stagecraft__01_me.json"), User)
    assert me.id == "admin" and me.full_name == "admin" and me.name is None
    who = structure(load("butler__apib_whoAmI_anonymous.json"), User)
    assert who.name == "anonymous" and who.anonymous is True and who.authorities == [""]


def test_test_report() -> None:
    report = structure(load("stagecraft__11_testReport_unstable.json"), m.TestReport)
    assert (report.fail_count, report.pass_count, report.skip_count) == (1, 2, 0)
    suite = report.suites[0]
    assert suite.name == "com.company.OrderServiceTest"
    assert suite.enclosing_block_names == ["Deploy to staging"] and suite.node_id == "27"
    failed = [c for c in suite.cases if c.status == "FAILED"]
    assert [c.name for c in failed] == ["computeTotals"]
    assert failed[0].error_details == "expected 42 but was 41" and failed[0].duration == 0.051


def test_wfapi_run_describe_failed() -> None:
    run = structure(load("stagecraft__12_wfapi_describe_failed.json"), PipelineRun)
    assert run.status is StageStatus.FAILED and run.queue_duration_millis == 22
    assert [s.status for s in run.stages] == [
        StageStatus.SUCCESS,
        StageStatus.SUCCESS,
        StageStatus.SUCCESS,
        StageStatus.FAILED,
    ]
    deploy = run.stages[3]
    assert deploy.name == "Deploy to staging" and deploy.exec_node == ""
    assert deploy.error is not None and deploy.error.type == "hudson.AbortException"
    assert run.links is not None and run.links.self_ is not None
    assert run.links.self_.href == "/job/multibranch-demo/job/main/1/wfapi/describe"


def test_wfapi_runs_statuses() -> None:
    data, tp = target("stageview-readme__wfapi_runs.json")
    paused, done = structure(data, tp)
    assert paused.status is StageStatus.PAUSED_PENDING_INPUT
    assert paused.stages[2].status == "PAUSED_PENDING_INPUT"
    assert paused.links is not None and paused.links.pending_input_actions is not None
    assert done.links is not None and done.links.artifacts is not None
    assert done.pause_duration_millis is None  # 2014 shape
    data, tp = target("stageview__03_rest_api_runs_checkpoint_rerun.json")
    runs = structure(data, tp)
    skipped = [s for r in runs for s in r.stages if s.status is StageStatus.NOT_EXECUTED]
    assert skipped and all(s.start_time_millis == 0 for s in skipped)
    data, tp = target("stageview__07_rest_api_runs_in_progress.json")
    assert structure(data, tp)[0].stages[-1].status is StageStatus.IN_PROGRESS
    data, tp = target("stageview__08_rest_api_unstable_run.json")
    assert structure(data, tp)[0].status is StageStatus.UNSTABLE


def test_wfapi_stage_detail_and_log() -> None:
    stage = structure(load("stageview-readme__wfapi_node_describe_failed.json"), StageDetail)
    assert stage.status is StageStatus.FAILED
    (node,) = stage.stage_flow_nodes
    assert node.parent_nodes == ["8"] and node.error is not None
    assert node.error.message == "script returned exit code 1"
    assert node.links is not None and node.links.log is not None
    log = structure(load("stageview-readme__wfapi_node_log.json"), NodeLog)
    assert log.node_id == "6" and log.node_status is StageStatus.FAILED
    assert log.length == 295 and log.has_more is False and log.text is not None


def test_wfapi_pending_inputs_and_artifacts() -> None:
    data, tp = target("gomock__wfapi_pendingInputActions.json")
    (pending,) = structure(data, tp)
    assert pending.id == "33d8fefabfe95e71576a8641d21689ff" and pending.inputs == []
    assert pending.proceed_url == (
        "/job/test_pipeline/8/wfapi/inputSubmit?inputId=33d8fefabfe95e71576a8641d21689ff"
    )
    typed = structure(load("stageview__input-model-01.json"), PendingInputAction)
    choice = typed.inputs[-1]
    assert choice.type == "ChoiceParameterDefinition"
    assert choice.definition["choices"] == ["Choice 1", "Choice 2", "Choice 3"]
    data, tp = target("stageview-readme__wfapi_artifacts.json")
    artifacts = structure(data, tp)
    assert isinstance(artifacts[0], PipelineArtifact)
    assert (artifacts[0].path, artifacts[0].size) == ("target/hello2.jar", 6)


def test_computers() -> None:
    nodes = structure(load("api4jenkins__node_nodes.json"), ComputerSet)
    assert nodes.busy_executors == 2
    master = nodes.computer[0]
    assert master.display_name == "master" and master.num_executors == 2
    running = master.executors[0].current_executable
    assert running is not None and running.number == 14 and running.building is True
    assert running.result is None
    assert "hudson.node_monitors.ArchitectureMonitor" in master.monitor_data
    old = structure(load("cdancy__computer.json"), ComputerSet)
    assert old.total_executors == 5
    offline = [c.display_name for c in old.computer if c.offline]
    assert "alpine-i686" in offline
    labels = structure(load("jcp__JsonRequestManager_computer.json"), ComputerSet)
    assert [lab.name for lab in labels.computer[1].assigned_labels] == ["Test", "remote"]


def test_view_and_plugins() -> None:
    view = structure(load("api4jenkins__view_allview.json"), View)
    assert view.name == "all" and len(view.jobs) == 2
    plugins = structure(load("cdancy__plugins.json"), PluginManager)
    first = plugins.plugins[0]
    assert first.short_name == "workflow-aggregator" and first.version == "2.5"
    assert first.active is True and first.backup_version is None
    assert first.dependencies[0].short_name == "pipeline-input-step"
