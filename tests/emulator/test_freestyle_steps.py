"""Freestyle and matrix jobs from config.xml: build steps run (their exit codes from the table),
publishers read the virtual workspace, BuildTrigger starts downstream jobs (issue 19, items 4-5)
and the build's environment is Jenkins' (``injectedEnvVars``)."""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator
from tests.emulator._pipeline_support import XML, build, console, create


def project(builders: str = "", publishers: str = "", extra: str = "") -> bytes:
    """A ``FreeStyleProject`` config.xml."""
    return (
        "<?xml version='1.1' encoding='UTF-8'?><project><description/>"
        "<scm class='hudson.scm.NullSCM'/><canRoam>true</canRoam><disabled>false</disabled>"
        f"{extra}<builders>{builders}</builders><publishers>{publishers}</publishers></project>"
    ).encode()


def shell(command: str, unstable: int | None = None) -> str:
    tail = f"<unstableReturn>{unstable}</unstableReturn>" if unstable is not None else ""
    return f"<hudson.tasks.Shell><command>{command}</command>{tail}</hudson.tasks.Shell>"


def built(http: requests.Session, emu: JenkinsEmulator, name: str) -> str:
    assert http.post(emu.url + f"job/{name}/build").status_code == 201
    emu.advance(5)
    emu.advance(30)
    return console(http, emu, name)


def test_shell_steps_are_echoed_and_fail_the_build(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """core/src/main/java/hudson/tasks/CommandInterpreter.java and Shell.java (a temp script run
    as ``/bin/sh -xe``, printed by Launcher.printCommandLine as ``[ws] $ ...``; ``-x`` traces
    ``+ command``), AbstractBuild.java ("Build step 'Execute shell' marked build as failure",
    later steps skipped)."""
    emu.sh_status(r"^make test$", 2, output="2 tests failed")
    create(http, emu, "app", project(shell("make\nmake test") + shell("make deploy")))
    rows = built(http, emu, "app").splitlines()
    assert rows[:3] == [
        "Started by user admin",
        "Running as SYSTEM",
        "Building in workspace /var/jenkins_home/workspace/app",
    ]
    assert rows[3].startswith("[app] $ /bin/sh -xe /tmp/jenkins") and rows[3].endswith(".sh")
    assert rows[4:] == [
        "+ make",
        "+ make test",
        "2 tests failed",
        "Build step 'Execute shell' marked build as failure",
        "Finished: FAILURE",
    ]
    assert build(http, emu, "app")["result"] == "FAILURE"


def test_unstable_return_and_batch_steps(emu: JenkinsEmulator, http: requests.Session) -> None:
    """Shell.java (unstableReturn: that exit code makes the build UNSTABLE and it goes on;
    "Build step 'Execute shell' changed build result to UNSTABLE") and BatchFile.java
    (``cmd /c call``; cmd echoes each command after the prompt)."""
    emu.sh_status("lint", 3)
    batch = "<hudson.tasks.BatchFile><command>build.cmd</command></hudson.tasks.BatchFile>"
    create(http, emu, "app", project(shell("lint", unstable=3) + batch))
    rows = built(http, emu, "app").splitlines()
    assert "Build step 'Execute shell' changed build result to UNSTABLE" in rows
    assert any(r.startswith("[app] $ cmd /c call ") for r in rows)
    assert "/var/jenkins_home/workspace/app>build.cmd" in rows
    assert rows[-1] == "Finished: UNSTABLE"


def test_publishers_read_the_workspace(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core ArtifactArchiver.java ("Archiving artifacts", NoMatchFound when nothing matches)
    and junit-plugin JUnitResultArchiver ("Recording test results"; a failing case makes the
    build UNSTABLE)."""
    report = (
        "<testsuite name='s'><testcase classname='a.T' name='x'><failure message='m'/>"
        "</testcase></testsuite>"
    )
    emu.workspace_files("app", {"dist/app.tar.gz": b"TGZ", "reports/TEST-a.xml": report})
    publishers = (
        "<hudson.tasks.ArtifactArchiver><artifacts>dist/*.tar.gz</artifacts>"
        "<allowEmptyArchive>false</allowEmptyArchive></hudson.tasks.ArtifactArchiver>"
        "<hudson.tasks.junit.JUnitResultArchiver><testResults>reports/*.xml</testResults>"
        "</hudson.tasks.junit.JUnitResultArchiver>"
    )
    create(http, emu, "app", project(shell("make"), publishers))
    rows = built(http, emu, "app").splitlines()
    assert "Archiving artifacts" in rows and "Recording test results" in rows
    data = build(http, emu, "app")
    assert data["result"] == "UNSTABLE"
    assert [a["relativePath"] for a in data["artifacts"]] == ["dist/app.tar.gz"]
    assert http.get(emu.url + "job/app/1/testReport/api/json").json()["failCount"] == 1
    nothing = (
        "<hudson.tasks.ArtifactArchiver><artifacts>*.jar</artifacts>"
        "</hudson.tasks.ArtifactArchiver>"
    )
    create(http, emu, "empty", project(shell("make"), nothing))
    rows = built(http, emu, "empty").splitlines()
    assert (
        'ERROR: No artifacts found that match the file pattern "*.jar". Configuration error?'
        in rows
    )


def test_build_trigger_starts_downstream_jobs(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core hudson/tasks/BuildTrigger.java ("Triggering a new build of X" when the result is at
    least the threshold; UpstreamCause), hudson/model/Messages.properties
    (Cause.UpstreamCause.ShortDescription) and AbstractProject's upstream/downstreamProjects."""
    trigger = (
        "<hudson.tasks.BuildTrigger><childProjects>down, other</childProjects>"
        "<threshold><name>SUCCESS</name><ordinal>0</ordinal></threshold></hudson.tasks.BuildTrigger>"
    )
    create(http, emu, "up", project(shell("make"), trigger))
    emu.freestyle("down")
    emu.freestyle("other", disabled=True)
    rows = built(http, emu, "up").splitlines()
    assert rows[-3:] == [
        "Triggering a new build of down",
        "other is disabled. Triggering skipped",
        "Finished: SUCCESS",
    ]
    started = build(http, emu, "down")  # queued with its quiet period, then built
    cause = started["actions"][0]["causes"][0]
    assert cause["shortDescription"] == 'Started by upstream project "up" build number 1'
    assert (cause["upstreamProject"], cause["upstreamBuild"]) == ("up", 1)
    up = http.get(emu.url + "job/up/api/json").json()
    assert [j["name"] for j in up["downstreamProjects"]] == ["down", "other"]
    down = http.get(emu.url + "job/down/api/json").json()
    assert [j["name"] for j in down["upstreamProjects"]] == ["up"]
    emu.sh_status("make", 1)
    http.post(emu.url + "job/up/build")
    emu.advance(40)
    assert "Triggering a new build of down" not in console(http, emu, "up", 2)
    assert http.get(emu.url + "job/down/2/api/json").status_code == 404


def test_environment_is_jenkins_own(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core Run.getCharacteristicEnvVars, Job.getCharacteristicEnvVars,
    CoreEnvironmentContributor.java (CI, JENKINS_URL, JOB_URL, BUILD_URL, NODE_NAME,
    EXECUTOR_NUMBER) and AbstractBuild.getEnvironment (WORKSPACE); shell steps see them."""
    emu.freestyle("team/app", shell='echo "$JOB_NAME #$BUILD_NUMBER on $NODE_NAME"')
    http.post(emu.url + "job/team/job/app/build")
    emu.advance(10)
    lines = console(http, emu, "team/job/app").splitlines()
    # bash's xtrace re-quotes the expanded words; echo prints them
    assert lines[-3:-1] == ["+ echo 'team/app #1 on built-in'", "team/app #1 on built-in"]
    env = http.get(emu.url + "job/team/job/app/1/injectedEnvVars/api/json").json()["envMap"]
    assert env["CI"] == "true"
    assert env["BUILD_TAG"] == "jenkins-team-app-1"
    assert env["JOB_URL"] == emu.url + "job/team/job/app/"
    assert env["BUILD_URL"] == emu.url + "job/team/job/app/1/"
    assert (env["NODE_NAME"], env["EXECUTOR_NUMBER"]) == ("built-in", "0")
    assert env["WORKSPACE"] == "/var/jenkins_home/workspace/team/app"


def test_matrix_project_create_and_configurations(
    emu: JenkinsEmulator, http: requests.Session
) -> None:
    """matrix-project MatrixProject.java (getActiveConfigurations exported), Combination.java
    (toString "a=1,b=x" sorted by axis, toCompactString for display), MatrixBuild.getRuns and
    DefaultMatrixExecutionStrategyImpl ("Triggering X", "X completed with result R";
    Messages.properties)."""
    xml = (
        "<matrix-project><description/><axes>"
        "<hudson.matrix.TextAxis><name>jdk</name><values><string>17</string><string>21</string>"
        "</values></hudson.matrix.TextAxis><hudson.matrix.LabelAxis><name>agent</name><values>"
        "<string>linux</string></values></hudson.matrix.LabelAxis></axes>"
        f"<builders>{shell('mvn verify')}</builders><publishers/></matrix-project>"
    ).encode()
    r = http.post(emu.url + "createItem", params={"name": "m"}, data=xml, headers=XML)
    assert r.status_code == 200
    job = http.get(emu.url + "job/m/api/json").json()
    assert job["_class"] == "hudson.matrix.MatrixProject"
    assert [c["name"] for c in job["activeConfigurations"]] == [
        "agent=linux,jdk=17",
        "agent=linux,jdk=21",
    ]
    assert job["activeConfigurations"][0]["url"] == emu.url + "job/m/agent=linux,jdk=17/"
    emu.sh_status("mvn verify", 1)
    rows = built(http, emu, "m").splitlines()
    assert "Triggering m » linux,17" in rows
    assert "m » linux,21 completed with result FAILURE" in rows
    data = build(http, emu, "m")
    assert data["_class"] == "hudson.matrix.MatrixBuild" and data["result"] == "FAILURE"
    assert [run["url"] for run in data["runs"]] == [
        emu.url + "job/m/agent=linux,jdk=17/1/",
        emu.url + "job/m/agent=linux,jdk=21/1/",
    ]
    config = http.get(emu.url + "job/m/agent=linux,jdk=17/api/json").json()
    assert (config["_class"], config["displayName"]) == (
        "hudson.matrix.MatrixConfiguration",
        "linux,17",
    )
    run = http.get(emu.url + "job/m/agent=linux,jdk=17/1/api/json").json()
    assert run["result"] == "FAILURE" and run["_class"] == "hudson.matrix.MatrixRun"
    # MatrixProject.getItem(String) parses the segment with Combination.fromString: any axis order
    same = http.get(emu.url + "job/m/jdk=17,agent=linux/api/json").json()
    assert same["url"] == config["url"]
    assert http.get(emu.url + "job/m/jdk=17/api/json").status_code == 404


def test_stopping_a_freestyle_build_aborts_it(emu: JenkinsEmulator, http: requests.Session) -> None:
    """core hudson/model/Run.java (execute: ``catch (InterruptedException e)`` -> the executor's
    abort result, ``Build was aborted`` (Messages Run.BuildAborted), then
    ``Executor.recordCauseOfInterruption`` prints ``Aborted by admin``); the stop lands in a shell
    step's ``sleep``. A freestyle job without build steps is stopped the same way."""
    emu.freestyle("fs", shell="echo start\nsleep 100\necho end")
    emu.freestyle("plain", duration=100)
    for name in ("fs", "plain"):
        assert http.post(emu.url + f"job/{name}/build").status_code == 201
    emu.advance(10)
    for name in ("fs", "plain"):
        assert http.post(emu.url + f"job/{name}/1/stop").status_code == 200
    emu.advance(2)
    for name in ("fs", "plain"):
        rows = console(http, emu, name).splitlines()
        assert rows[-3:] == ["Build was aborted", "Aborted by admin", "Finished: ABORTED"]
        assert build(http, emu, name)["result"] == "ABORTED"
    assert "end" not in console(http, emu, "fs").splitlines()
