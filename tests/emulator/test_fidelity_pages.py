"""Pages a POST redirects to exist, ``createItem`` refusals carry ``X-Error``, and the job/node
operations ``confirmRename``, ``checkJobName``, ``computer/NAME/configSubmit`` and ``polling``
answer as Jenkins does (issue 19, items 2-4 and 6)."""

from __future__ import annotations

import json

import requests

from jenkins_sdk.testing import JenkinsEmulator, StageSpec
from jenkins_sdk.testing.__main__ import parser

XML = {"Content-Type": "application/xml"}
FREESTYLE = b"<project><description>d</description><builders/></project>"
TRIGGERED = (
    b"<project><triggers><hudson.triggers.SCMTrigger><spec>H/5 * * * *</spec>"
    b"</hudson.triggers.SCMTrigger></triggers><builders/></project>"
)


def _x_error(r: requests.Response) -> str:
    assert r.status_code == 400, r.text
    return r.headers["X-Error"]


def test_create_item_refusals_carry_x_error(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core/src/main/java/hudson/model/ItemGroupMixIn.java (createTopLevelItem: each check throws
    a Failure), hudson/model/Failure.java and AbstractModelObject/error.jelly (400 + X-Error);
    Jetty's HttpGenerator.putSanitisedValue writes characters beyond Latin-1 as spaces."""
    emu.freestyle("app")
    url = emu.url + "createItem"
    assert _x_error(http.post(url, params={"name": "x"}, data=FREESTYLE)) == (
        "No Content-Type header set"
    )
    assert _x_error(http.post(url, data=FREESTYLE, headers=XML)) == (
        "Query parameter 'name' is required"
    )
    exists = http.post(url, params={"name": "app"}, data=FREESTYLE, headers=XML)
    assert _x_error(exists) == "A job already exists with the name  app "
    assert "A job already exists with the name ‘app’" in exists.text
    assert _x_error(http.post(url, params={"name": "a/b"}, data=FREESTYLE, headers=XML)) == (
        "/  is an unsafe character"  # the client drops the leading space
    )
    assert _x_error(http.post(url, params={"name": "x."}, data=FREESTYLE, headers=XML)) == (
        "A name cannot end with  . "
    )
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert _x_error(http.post(url, params={"name": "x"}, headers=form)) == "No mode given"
    unknown = http.post(url, params={"name": "x", "mode": "nope"}, headers=form)
    assert _x_error(unknown) == "No item type  nope  is known"
    copy = http.post(url, params={"name": "x", "mode": "copy", "from": "missing"})
    assert _x_error(copy) == "No such job: missing"


def test_created_and_copied_items_land_on_their_configure_page(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """ItemGroupMixIn.createTopLevelItem: a copy or a new item of a ``mode`` redirects to
    ``<item url>configure`` (redirectAfterCreateItem); that page exists."""
    emu.freestyle("app")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    new = http.post(
        emu.url + "createItem",
        params={"name": "fresh", "mode": "hudson.model.FreeStyleProject"},
        headers=form,
        allow_redirects=False,
    )
    assert new.status_code == 302 and new.headers["Location"].endswith("/job/fresh/configure")
    assert http.get(new.headers["Location"]).status_code == 200
    data = http.get(emu.url + "job/fresh/api/json").json()
    assert data["_class"] == "hudson.model.FreeStyleProject"
    copied = http.post(emu.url + "createItem", params={"name": "c", "mode": "copy", "from": "app"})
    assert copied.status_code == 200 and copied.url.endswith("/job/c/configure")


def test_confirm_rename_validates_like_check_new_name(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/hudson/model/AbstractItem.java (doConfirmRename, doCheckNewName: the
    messages AbstractItem.NewNameUnchanged / NewNameInUse) and Job.java (checkRename while
    building; doDoRename delegates to doConfirmRename). The redirect is ``../<newName>``."""
    emu.folder("team")
    emu.freestyle("team/app")
    emu.freestyle("team/other")
    base = emu.url + "job/team/job/app/"
    assert http.get(base + "confirmRename", params={"newName": "x"}).status_code == 405
    same = http.post(base + "confirmRename", params={"newName": "app"})
    assert _x_error(same) == "The new name is the same as the current name."
    taken = http.post(base + "confirmRename", params={"newName": "other"})
    assert _x_error(taken) == "The name  other  is already in use."
    r = http.post(base + "confirmRename", params={"newName": "new app"}, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/job/team/job/new%20app")
    assert http.get(r.headers["Location"] + "/api/json").json()["fullName"] == "team/new app"
    emu.trigger("team/new app")
    emu.advance(6)
    busy = http.post(emu.url + "job/team/job/new%20app/confirmRename", params={"newName": "z"})
    assert _x_error(busy) == "Unable to rename a job while it is building."


def test_check_job_name_answers_form_validation(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/hudson/model/View.java (doCheckJobName), reached through
    Jenkins.getStaplerFallback (the primary view); hudson/util/FormValidation.java renders
    ``<div/>`` or ``<div class="error">`` with Util.escape'd text, status 200."""
    emu.folder("team")
    emu.freestyle("team/app")
    ok = http.get(emu.url + "checkJobName", params={"value": "new"})
    assert ok.status_code == 200 and ok.text == "<div/>"
    assert ok.headers["Content-Type"] == "text/html;charset=UTF-8"
    taken = http.get(emu.url + "job/team/checkJobName", params={"value": "app"})
    assert taken.text == '<div class="error">A job already exists with the name ‘app’</div>'
    bad = http.get(emu.url + "view/all/checkJobName", params={"value": "a<b"})
    assert bad.text == '<div class="error">‘&lt;’ is an unsafe character</div>'
    assert http.get(emu.url + "checkJobName").text == "<div/>"


def test_built_in_node_config_submit_and_its_redirect_target(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/jenkins/model/Jenkins.java (MasterComputer.doConfigSubmit: numExecutors
    must match \\d+, else Hudson.Computer.IncorrectNumberOfExecutors; FormApply.success redirects
    to computer/(built-in)/) and hudson/model/Computer.java (agents: name, executors > 0)."""
    url = emu.url + "computer/(built-in)/configSubmit"
    r = http.post(url, data={"json": json.dumps({"numExecutors": "0"})}, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/computer/(built-in)/")
    assert http.get(r.headers["Location"]).status_code == 200
    nodes = http.get(emu.url + "computer/api/json").json()["computer"]
    assert nodes[0]["numExecutors"] == 0 and emu.state.executors == 0
    bad = http.post(url, data={"json": json.dumps({"numExecutors": "-1"})})
    assert _x_error(bad).startswith('Incorrect field "Number of executors"')
    assert http.post(url, data={"x": "1"}).status_code == 400
    emu.agent("linux-1", executors=2)
    agent = emu.url + "computer/linux-1/configSubmit"
    form = {"name": "linux-2", "numExecutors": "3", "labelString": "linux docker"}
    moved = http.post(agent, data={"json": json.dumps(form)}, allow_redirects=False)
    assert moved.headers["Location"].endswith("/computer/linux-2/")
    info = http.get(emu.url + "computer/linux-2/api/json").json()
    assert info["numExecutors"] == 3
    assert [x["name"] for x in info["assignedLabels"]] == ["linux", "docker"]
    zero = http.post(emu.url + "computer/linux-2/configSubmit", data={"json": '{"name":"linux-2"}'})
    assert _x_error(zero) == "Invalid agent configuration for linux-2. Invalid number of executors."


def test_toggle_offline_redirect_target_exists(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/hudson/model/Computer.java (doToggleOffline: HttpResponses.redirectToDot,
    i.e. the computer's page): a client following the redirect gets 200, and a second toggle
    brings the node back online."""
    url = emu.url + "computer/(built-in)/toggleOffline"
    r = http.post(url, data={"offlineMessage": "maintenance"})
    assert r.status_code == 200 and r.url.endswith("/computer/(built-in)/")
    assert http.get(emu.url + "computer/(built-in)/api/json").json()["offline"] is True
    assert http.post(url).status_code == 200
    assert http.get(emu.url + "computer/(built-in)/api/json").json()["offline"] is False


def test_polling_starts_a_build_only_with_an_scm_trigger(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/jenkins/model/ParameterizedJobMixIn.java (doPolling: token or POST,
    schedulePolling, sendRedirect(".")), hudson/model/AbstractProject.java (schedulePolling needs
    an SCMTrigger), workflow-job WorkflowJob.poll ("no previous build" means BUILD_NOW) and
    hudson/triggers/Messages.properties (SCMTriggerCause: "Started by an SCM change")."""
    head = {"Content-Type": "application/xml"}
    http.post(emu.url + "createItem", params={"name": "polled"}, data=TRIGGERED, headers=head)
    emu.freestyle("plain")
    assert http.get(emu.url + "job/polled/polling").status_code == 405
    r = http.post(emu.url + "job/polled/polling", allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].endswith("/job/polled/")
    queued = http.get(emu.url + "queue/api/json").json()["items"]
    cause = queued[0]["actions"][-1]["causes"][0]
    assert cause == {
        "_class": "hudson.triggers.SCMTrigger$SCMTriggerCause",
        "shortDescription": "Started by an SCM change",
    }
    http.post(emu.url + "job/plain/polling")
    assert len(http.get(emu.url + "queue/api/json").json()["items"]) == 1
    emu.settle()
    http.post(emu.url + "job/polled/polling")
    assert not emu.state.queue  # built before, nothing new
    emu.scm_change("polled", "alice", "Fix the build")
    http.post(emu.url + "job/polled/polling")
    emu.settle()
    build = http.get(emu.url + "job/polled/2/api/json").json()
    assert [c["msg"] for c in build["changeSet"]["items"]] == ["Fix the build"]


def test_queue_item_page_and_cancel_queue(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core/src/main/java/hudson/model/Queue.java (Item.doIndex: a text pointer to api/json;
    Item.doCancelQueue: 204 No Content)."""
    emu.freestyle("app")
    item = emu.trigger("app")
    page = http.get(emu.url + f"queue/item/{item.id}/")
    assert page.text.startswith("Queue item exists. For details check, for example, ")
    assert page.text.endswith(f"/queue/item/{item.id}/api/json?tree=cancelled,executable[url]")
    r = http.post(emu.url + f"queue/item/{item.id}/cancelQueue", allow_redirects=False)
    assert r.status_code == 204
    assert http.get(emu.url + f"queue/item/{item.id}/api/json").json()["cancelled"] is True


def test_every_redirect_target_of_the_job_and_build_posts_exists(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """Redirects of AbstractItem (doDoDelete, doSubmitDescription), ParameterizedJobMixIn
    (doDisable/doEnable/doCancelQueue), Run (doStop, doToggleLogKeep, doSubmitDescription) and
    the input step (InputStepExecution.doSubmit → ``../../console``): each target answers 200 with
    Jenkins' headers."""
    from jenkins_sdk.testing import InputSpec

    emu.folder("team")
    emu.pipeline("team/app", stages=[StageSpec("Approve", 1, input=InputSpec(id="ok"))])
    emu.trigger("team/app")
    emu.advance(6)
    base = emu.url + "job/team/job/app/"
    posts = [
        (base + "submitDescription", {"description": "d"}),
        (base + "disable", {}),
        (base + "enable", {}),
        (base + "cancelQueue", {}),
        (base + "1/submitDescription", {"description": "d"}),
        (base + "1/toggleLogKeep", {}),
        (base + "1/input/Ok/submit", {"proceed": "Proceed", "json": "{}"}),
        (base + "1/stop", {}),
    ]
    for url, data in posts:
        r = http.post(url, data=data)
        assert r.status_code == 200, (url, r.status_code, r.url)
        assert r.history and r.history[0].status_code == 302
        assert r.headers["X-Jenkins"] == "2.541.3"
    assert http.post(base + "doDelete").url == emu.url + "job/team/"
    assert http.get(emu.url + "view/all/configure").status_code == 200


def test_command_line_quiet_period_defaults_to_jenkins_five_seconds() -> None:
    """core/src/main/java/jenkins/model/Jenkins.java (getQuietPeriod: 5 when unset); the demo
    and the bench set a shorter one explicitly."""
    assert parser().parse_args([]).quiet_period == 5.0
    assert JenkinsEmulator().state.quiet_period == 5.0


def test_item_names_are_case_insensitive(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core jenkins/model/Jenkins.java (``items = new CopyOnWriteMap.Tree<>(String.
    CASE_INSENSITIVE_ORDER)``) and cloudbees-folder AbstractFolder.java (the same for folders):
    ``job/APP`` is ``app``, ``createItem?name=APP`` is refused when ``app`` exists
    (ItemGroupMixIn.createTopLevelItem), View.doCheckJobName says so, a case-only rename is a
    name in use (AbstractItem.checkIfNameIsUsed). (Jenkins lists them sorted case-insensitively;
    the emulator keeps creation order, a rename keeping the item's place.)"""
    for name in ("b", "A", "c"):
        r = http.post(emu.url + "createItem", params={"name": name}, data=FREESTYLE, headers=XML)
        assert r.status_code == 200
    assert [j["name"] for j in http.get(emu.url + "api/json").json()["jobs"]] == ["b", "A", "c"]
    same = http.get(emu.url + "job/B/api/json")
    assert same.status_code == 200 and same.json()["name"] == "b"
    dup = http.post(emu.url + "createItem", params={"name": "a"}, data=FREESTYLE, headers=XML)
    assert _x_error(dup) == "A job already exists with the name  a "
    check = http.get(emu.url + "checkJobName", params={"value": "C"})
    assert check.text == '<div class="error">A job already exists with the name ‘C’</div>'
    renamed = http.post(emu.url + "job/b/confirmRename", data={"newName": "B"})
    assert _x_error(renamed) == "The name  B  is already in use."
    assert http.post(emu.url + "job/b/confirmRename", data={"newName": "d"}).status_code == 200
    assert [j["name"] for j in http.get(emu.url + "api/json").json()["jobs"]] == ["d", "A", "c"]


def _queued(http: requests.Session, emu: JenkinsEmulator) -> list[tuple[str, str]]:
    items = http.get(emu.url + "queue/api/json").json()["items"]
    return [(i["task"]["name"], i["why"]) for i in items]


def test_quiet_period_and_scheduling_fields_come_from_config_xml(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core hudson/model/Queue.java (a WaitingItem waits out the quiet period: ``In the quiet
    period. Expires in 5 sec``), Jenkins.getQuietPeriod (5 s default), AbstractProject.java
    (``quietPeriod``, ``concurrentBuild``, ``assignedNode``/``canRoam`` fields of config.xml) and
    workflow-job WorkflowJob (``quietPeriod``)."""
    jobs = {
        "dflt": b"<project/>",
        "now": b"<project><quietPeriod>0</quietPeriod></project>",
        "flow": b"<flow-definition><quietPeriod>2</quietPeriod><definition class="
        b"'org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition'><script>echo 'x'</script>"
        b"</definition></flow-definition>",
        "tied": b"<project><quietPeriod>0</quietPeriod><assignedNode>linux</assignedNode>"
        b"<canRoam>false</canRoam></project>",
    }
    for name, xml in jobs.items():
        assert http.post(emu.url + "createItem", params={"name": name}, data=xml, headers=XML).ok
        assert http.post(emu.url + f"job/{name}/build").status_code == 201
    queued = dict(_queued(http, emu))
    assert queued["dflt"] == "In the quiet period. Expires in 5 sec"
    assert queued["flow"] == "In the quiet period. Expires in 2 sec"
    assert "now" not in queued  # no quiet period: it started at once
    assert queued["tied"] == "There are no nodes with the label ‘linux’"
    emu.advance(4.9)
    assert "dflt" in dict(_queued(http, emu))
    emu.advance(0.2)
    assert set(dict(_queued(http, emu))) == {"tied"}


def test_concurrent_build_flag_of_config_xml(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core AbstractProject.java (``concurrentBuild`` false by default: a second build waits,
    ``Build #1 is already in progress``) and workflow-job (concurrent unless
    ``DisableConcurrentBuildsJobProperty``)."""
    xml = b"<project><quietPeriod>0</quietPeriod><builders><hudson.tasks.Shell><command>sleep 60"
    xml += b"</command></hudson.tasks.Shell></builders></project>"
    assert http.post(emu.url + "createItem", params={"name": "one"}, data=xml, headers=XML).ok
    par = xml.replace(b"<quietPeriod>", b"<concurrentBuild>true</concurrentBuild><quietPeriod>")
    assert http.post(emu.url + "createItem", params={"name": "two"}, data=par, headers=XML).ok
    for name in ("one", "two"):
        for _ in range(2):
            assert http.post(emu.url + f"job/{name}/build", params={"delay": "0sec"}).ok
            emu.advance(1)
    waiting = dict(_queued(http, emu))
    assert "already in progress" in waiting["one"]
    # two's second build waits only for an executor (the controller has two, both busy)
    assert waiting["two"] == "Waiting for next available executor"
