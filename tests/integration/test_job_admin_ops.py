"""client.jobs search/upsert/move/descriptions/next build number/wipe-out, client.builds writes
and remote triggers, client.pipelines.validate: over loopback against the emulator."""

from __future__ import annotations

import pytest

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.models import CauseAction
from jenkins_sdk.refs import JobRef
from jenkins_sdk.testing import JenkinsEmulator
from tests.integration._ops_support import client, emu_time, logged

__all__ = ["client", "emu_time"]

FREESTYLE_XML = (
    "<?xml version='1.1' encoding='UTF-8'?>\n<project>\n  <description>{d}</description>\n"
    "  <builders/>\n</project>\n"
)
LINT_OK = "pipeline {\n  agent any\n  stages { stage('a') { steps { echo 'x' } } }\n}\n"


def test_search_in_one_request(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    for path in ("team/app-deploy", "team/lib/core", "ops/Deploy-db", "docs"):
        emu.freestyle(path)
    emu.counters.reset()
    assert [j.full_name for j in client.jobs.search("deploy")] == [
        "team/app-deploy",
        "ops/Deploy-db",
    ]
    assert len(logged(emu, "GET")) == 1
    assert [j.full_name for j in client.jobs.search("team/*")] == [
        "team/app-deploy",
        "team/lib",
        "team/lib/core",
    ]
    assert [j.full_name for j in client.jobs.search(r"^o.*db$", regex=True)] == ["ops/Deploy-db"]
    assert [j.full_name for j in client.jobs.search("*", folder="team/lib")] == ["team/lib/core"]


def test_upsert_creates_then_updates(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    jenkins_emulator.folder("team")
    assert client.jobs.upsert("team/app", FREESTYLE_XML.format(d="one")) == "created"
    assert client.jobs.get("team/app").description == "one"
    assert client.jobs.upsert("team/app", FREESTYLE_XML.format(d="two")) == "updated"
    assert client.jobs.get("team/app").description == "two"
    with pytest.raises(errors.NotFound):
        client.jobs.upsert("nowhere/app", FREESTYLE_XML.format(d="x"))


def test_move(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    emu = jenkins_emulator
    emu.freestyle("a/j")
    emu.freestyle("b/j")
    emu.history("a/j", ["SUCCESS"])
    emu.folder("c")
    assert client.jobs.move("a/j", "c") == JobRef(("c", "j"))
    assert client.builds.get("c/j", 1).number == 1  # builds travel with the job
    with pytest.raises(errors.UnexpectedResponse, match="did not move"):
        client.jobs.move("b/j", "c")  # c/j exists
    with pytest.raises(errors.UnexpectedResponse):
        client.jobs.move("b/j", "missing")
    assert client.jobs.move("c/j", None) == JobRef(("j",))
    assert client.jobs.exists("j")


def test_descriptions_display_name_and_keep(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.freestyle("team/app")
    emu.history("team/app", ["SUCCESS", "FAILURE"])
    client.jobs.set_description("team/app", "deploys the <i>shop</i>")
    client.jobs.set_description("team", "the team's jobs")
    assert client.jobs.get("team/app").description == "deploys the <i>shop</i>"
    assert client.jobs.get("team").description == "the team's jobs"
    client.builds.set_description("team/app", 2, "broken by #123")
    client.builds.set_display_name("team/app", 2, "release 2.0")
    build = client.builds.get("team/app", 2)
    assert (build.description, build.display_name) == ("broken by #123", "release 2.0")
    assert client.builds.keep_forever("team/app", 2) is True
    assert client.builds.keep_forever("team/app", 2) is True  # no second toggle
    toggles = [p for m, p, _ in logged(emu, "POST") if p.endswith("toggleLogKeep")]
    assert len(toggles) == 1
    with pytest.raises(errors.BadRequest):  # "explicitly marked to be kept"
        client.builds.delete("team/app", 2)
    assert client.builds.keep_forever("team/app", 2, keep=False) is False
    client.builds.set_display_name("team/app", 2, "")
    assert client.builds.get("team/app", 2).display_name == "#2"


def test_un_keeping_a_build_kept_for_another_reason_leaves_no_explicit_mark(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    """core ``hudson/model/Run.java``: ``isKeepLog`` is ``getWhyKeepLog() != null`` (a
    downstream job keeping its dependencies counts, ``AbstractBuild.getWhyKeepLog``) while
    ``doToggleLogKeep`` flips only the explicit flag."""
    emu = jenkins_emulator
    emu.freestyle("lib")
    emu.history("lib", ["SUCCESS"])
    build = emu.job("lib").builds[1]
    build.kept_because = "kept because of downstream app #4"
    assert client.builds.keep_forever("lib", 1, keep=False) is True
    assert build.keep_log is False  # the explicit mark was not left set
    with pytest.raises(errors.BadRequest):  # "Unable to delete ...: kept because of ..."
        client.builds.delete("lib", 1)
    build.kept_because = None
    assert client.builds.keep_forever("lib", 1, keep=False) is False
    client.builds.delete("lib", 1)


def test_next_build_number_and_wipe_out(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.freestyle("app", quiet_period=0)
    emu.pipeline("pipe")
    emu.history("app", ["SUCCESS"] * 3)
    client.jobs.set_next_build_number("app", 50)
    assert client.jobs.get("app").next_build_number == 50
    with pytest.raises(errors.UnexpectedResponse, match="greater than"):
        client.jobs.set_next_build_number("app", 2)
    assert client.jobs.wipe_workspace("app") is True
    assert client.jobs.wipe_workspace("app") is False  # nothing left until the next build
    with pytest.raises(errors.NotFound):
        client.jobs.wipe_workspace("pipe")


def test_token_trigger_without_user_credentials(
    jenkins_emulator: JenkinsEmulator, client: JenkinsClient
) -> None:
    emu = jenkins_emulator
    emu.freestyle("hook", token="s3cret", quiet_period=0)
    emu.auth.anonymous_read = True
    with JenkinsClient(url=emu.url) as anonymous:
        queued = anonymous.builds.trigger("hook", token="s3cret", cause="push to main")
        with pytest.raises(errors.Forbidden):
            anonymous.builds.trigger("hook", token="wrong")
    build = client.queue.wait_for_build(queued, timeout=30)
    actions = client.builds.get("hook", build.number).actions
    causes = [c for a in actions if isinstance(a, CauseAction) for c in a.causes]
    assert [c.short_description for c in causes] == [
        "Started by remote host 127.0.0.1 with note: push to main"
    ]
    delayed = client.builds.trigger("hook", delay=30)
    item = client.queue.get(delayed)
    assert item.why == "In the quiet period. Expires in 30 sec"


def test_validate_jenkinsfiles(jenkins_emulator: JenkinsEmulator, client: JenkinsClient) -> None:
    assert client.pipelines.validate(LINT_OK).ok
    broken = client.pipelines.validate("pipeline {\n  agent any\n  stages { }\n  foo { }\n}\n")
    assert not broken.ok
    assert [(e.line, e.column, e.message) for e in broken.errors] == [
        (4, 3, 'Undefined section "foo"'),
        (3, 3, "No stages specified"),
    ]
    scripted = client.pipelines.validate("node {\n  echo 'hi'\n}\n")
    assert (scripted.ok, scripted.declarative) == (False, False)
    syntax = client.pipelines.validate("pipeline {\n  agent any\n")
    assert [(e.line, e.message) for e in syntax.errors] == [(3, "expecting '}', found ''")]
