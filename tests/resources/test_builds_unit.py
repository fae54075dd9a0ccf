"""Unit tests (responses) for client.builds: URL, verb and body of every operation."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from responses import matchers

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.refs import BuildRef, QueueRef
from jenkins_sdk.resources.builds import BuildOperations, QueuedBuild, encode_params
from jenkins_sdk.status import BuildResult, BuildState
from tests.resources._helpers import BASE, FakeClock, form, sent

JOB = BASE + "job/team/job/app/"
QUEUE_LOCATION = "http://internal-host:8080/ctx/queue/item/42/"


@pytest.fixture
def builds(clock: FakeClock) -> Iterator[BuildOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield BuildOperations(client.requester, clock=clock)


def build_json(number: int, *, building: bool = False, result: str | None = "SUCCESS") -> dict:
    return {
        "_class": "hudson.model.FreeStyleBuild",
        "number": number,
        "url": f"{JOB}{number}/",
        "building": building,
        "result": None if building else result,
        "duration": 0 if building else 1200,
        "timestamp": 1767225600000,
        "queueId": 42,
        "actions": [],
        "artifacts": [],
    }


# --- trigger ----------------------------------------------------------------------------------


def test_trigger_without_params_posts_build_and_reads_location(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "build", status=201, headers={"Location": QUEUE_LOCATION})
    ref = builds.trigger("team/app")
    assert ref == QueueRef(42)
    assert isinstance(ref, QueuedBuild) and ref.job is not None
    assert ref.job.full_name == "team/app"
    assert sent(mocked) == [("POST", "job/team/job/app/build", {})]


def test_trigger_with_params_puts_them_in_the_body_never_the_url(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "buildWithParameters", status=201, headers={"Location": QUEUE_LOCATION})
    builds.trigger("team/app", {"BRANCH": "main & dev", "DEBUG": True, "N": 3, "TAGS": ["a", "b"]})
    (call,) = [c for c in mocked.calls if "buildWithParameters" in c.request.url]
    assert "?" not in call.request.url
    assert call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(call.request.body) == {
        "BRANCH": ["main & dev"],
        "DEBUG": ["true"],
        "N": ["3"],
        "TAGS": ["a", "b"],
    }


def test_trigger_with_files_sends_multipart(
    mocked: responses.RequestsMock, builds: BuildOperations, tmp_path: Path
) -> None:
    mocked.post(JOB + "buildWithParameters", status=201, headers={"Location": QUEUE_LOCATION})
    upload = tmp_path / "data.bin"
    upload.write_bytes(b"\x00payload\xff")
    builds.trigger(
        "team/app",
        {"MODE": "fast"},
        files={"INPUT": upload, "EXTRA": ("notes.txt", io.BytesIO(b"hello"))},
    )
    (call,) = [c for c in mocked.calls if "buildWithParameters" in c.request.url]
    assert "?" not in call.request.url
    assert call.request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = call.request.body
    assert isinstance(body, bytes)
    assert b'name="MODE"' in body and b"fast" in body
    assert b'name="INPUT"; filename="data.bin"' in body and b"\x00payload\xff" in body
    assert b'name="EXTRA"; filename="notes.txt"' in body and b"hello" in body


def test_trigger_of_parameterised_job_without_params_falls_back_to_defaults(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "build", status=400, body="Nothing is submitted", content_type="text/html")
    mocked.post(JOB + "buildWithParameters", status=201, headers={"Location": QUEUE_LOCATION})
    assert builds.trigger("team/app").id == 42
    methods = [(m, p) for m, p, _ in sent(mocked)]
    assert methods == [
        ("POST", "job/team/job/app/build"),
        ("POST", "job/team/job/app/buildWithParameters"),
    ]


def test_trigger_201_without_location_is_no_queue_location(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "build", status=201)
    with pytest.raises(errors.NoQueueLocation):
        builds.trigger("team/app")


def test_trigger_encodes_odd_names(mocked: responses.RequestsMock, builds: BuildOperations) -> None:
    url = BASE + "job/a%20b/job/feature%252Fx/build"
    mocked.post(url, status=201, headers={"Location": QUEUE_LOCATION})
    builds.trigger(["a b", "feature%2Fx"])
    assert sent(mocked)[0][1] == "job/a%20b/job/feature%252Fx/build"


def test_encode_params_turns_values_into_form_fields() -> None:
    assert encode_params({"B": False, "F": 1.5, "L": ("x", "y")}) == [
        ("B", "false"),
        ("F", "1.5"),
        ("L", "x"),
        ("L", "y"),
    ]


# --- reads ------------------------------------------------------------------------------------


def test_get_reads_build_with_the_model_tree(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "7/api/json", json=build_json(7))
    build = builds.get("team/app", 7)
    assert build.number == 7
    (method, path, query) = sent(mocked)[0]
    assert (method, path) == ("GET", "job/team/job/app/7/api/json")
    assert "tree" in query and "number" in query["tree"][0]


def test_get_defaults_to_last_build(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "lastBuild/api/json", json=build_json(9))
    assert builds.get("team/app").number == 9


def test_status_building_and_completed(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "3/api/json", json={"number": 3, "building": True, "result": None})
    mocked.get(JOB + "4/api/json", json={"number": 4, "building": False, "result": "FAILURE"})
    running = builds.status("team/app", 3)
    assert running.state is BuildState.BUILDING and running.number == 3
    done = builds.status("team/app", 4)
    assert done.done and done.result is BuildResult.FAILURE
    assert sent(mocked)[0][2]["tree"] == ["number,building,result"]


def test_list_uses_a_range_and_all_builds_beyond_100(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "api/json", json={"builds": [{"number": 2, "url": JOB + "2/"}]})
    mocked.get(
        JOB + "api/json",
        json={"allBuilds": [{"number": n, "url": f"{JOB}{n}/"} for n in (300, 299)]},
    )
    assert [b.number for b in builds.list("team/app", limit=5)] == [2]
    assert [b.number for b in builds.list("team/app", limit=250)] == [300, 299]
    first, second = (q["tree"][0] for _, _, q in sent(mocked))
    assert first.startswith("builds[") and first.endswith("]{0,5}")
    assert second.startswith("allBuilds[") and second.endswith("]{0,250}")


def test_statuses_reads_many_builds_in_one_request(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(
        JOB + "api/json",
        json={
            "nextBuildNumber": 13,
            "allBuilds": [
                {"number": 12, "building": True, "result": None},
                {"number": 11, "building": False, "result": "SUCCESS"},
                {"number": 9, "building": False, "result": "ABORTED"},
            ],
        },
    )
    found = builds.statuses("team/app", [9, 10, 11, 12, 14])
    assert len(sent(mocked)) == 1
    assert sent(mocked)[0][2]["tree"] == [
        "nextBuildNumber,allBuilds[number,building,result]{0,100}"
    ]
    assert found[12].state is BuildState.BUILDING
    assert found[11].result is BuildResult.SUCCESS
    assert found[9].result is BuildResult.ABORTED
    assert found[14].state is BuildState.QUEUED  # not started yet
    assert 10 not in found  # deleted


def test_statuses_widens_the_window_once_when_builds_are_old(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    every = [
        {"number": n, "building": n < 100, "result": None if n < 100 else "SUCCESS"}
        for n in range(500, 0, -1)
    ]
    # The first window is guessed from the span asked for (450 - 5 + 1 + 2 = 448 builds) ...
    mocked.get(JOB + "api/json", json={"nextBuildNumber": 501, "allBuilds": every[:448]})
    # ... and widened once to next - oldest = 496 when build 5 is older than that.
    mocked.get(JOB + "api/json", json={"nextBuildNumber": 501, "allBuilds": every[:496]})
    found = builds.statuses("team/app", [5, 450])
    assert found[5].state is BuildState.BUILDING and found[450].done
    trees = [q["tree"][0] for _, _, q in sent(mocked)]
    assert [t.rsplit("]", 1)[1] for t in trees] == ["{0,448}", "{0,496}"]


@pytest.mark.parametrize(
    "payload",
    [
        {"nextBuildNumber": 13, "allBuilds": [{"number": "x"}, "junk", None, {"result": "X"}]},
        {"nextBuildNumber": 13, "allBuilds": [{"number": True}, {"number": 11.5}]},
        {"allBuilds": None},
        {},
    ],
)
def test_statuses_skips_builds_without_an_integer_number(
    mocked: responses.RequestsMock, builds: BuildOperations, payload: dict
) -> None:
    payload = {**payload}
    if payload.get("allBuilds"):
        payload["allBuilds"] = [*payload["allBuilds"], {"number": 11, "result": "FAILURE"}]
    mocked.get(JOB + "api/json", json=payload)
    found = builds.statuses("team/app", [11, 14])
    if payload.get("allBuilds"):
        assert found[11].result is BuildResult.FAILURE
        assert found[14].state is BuildState.QUEUED
    else:
        assert found == {}


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"nextBuildNumber": "z", "allBuilds": []}, r"\$\.nextBuildNumber: expected an integer"),
        ({"nextBuildNumber": 3, "allBuilds": {"number": 1}}, r"\$\.allBuilds: expected a list"),
        ([1, 2], "expected an object"),
    ],
)
def test_statuses_of_a_garbage_job_is_a_shape_error(
    mocked: responses.RequestsMock, builds: BuildOperations, payload: object, fragment: str
) -> None:
    mocked.get(JOB + "api/json", json=payload)
    with pytest.raises(errors.ResponseShapeError, match=fragment):
        builds.statuses("team/app", [1, 2])


@pytest.mark.parametrize("env_map", [[1, 2], "A=1", 3])
def test_env_vars_with_an_env_map_that_is_not_an_object_is_a_shape_error(
    mocked: responses.RequestsMock, builds: BuildOperations, env_map: object
) -> None:
    mocked.get(JOB + "5/injectedEnvVars/api/json", json={"envMap": env_map})
    with pytest.raises(errors.ResponseShapeError, match=r"\$\.envMap: expected an object"):
        builds.env_vars("team/app", 5)


def test_env_vars_without_an_env_map_is_empty(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "5/injectedEnvVars/api/json", json={"_class": "x"})
    assert builds.env_vars("team/app", 5) == {}


def test_env_vars_reads_envinject(mocked: responses.RequestsMock, builds: BuildOperations) -> None:
    mocked.get(JOB + "5/injectedEnvVars/api/json", json={"envMap": {"A": "1", "B": None}})
    assert builds.env_vars("team/app", 5) == {"A": "1", "B": ""}


# --- wait -------------------------------------------------------------------------------------

WAIT_TREE = "number,building,result,timestamp,estimatedDuration,executor[progress]"


def test_wait_polls_until_done_then_returns_build(
    mocked: responses.RequestsMock, builds: BuildOperations, clock: FakeClock
) -> None:
    # the first read (which also resolves the number) counts as the first look: no second read
    # right after it
    for building in (True, True, True, True, False):
        mocked.get(
            JOB + "8/api/json",
            json={"number": 8, "building": building, "result": None if building else "SUCCESS"},
            match=[matchers.query_param_matcher({"tree": WAIT_TREE})],
        )
    mocked.get(JOB + "8/api/json", json=build_json(8))
    assert builds.wait("team/app", 8, timeout=60).result == BuildResult.SUCCESS
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0]


def test_wait_looks_just_after_the_expected_end(
    mocked: responses.RequestsMock, builds: BuildOperations, clock: FakeClock
) -> None:
    # a 20 s estimate; Jenkins' own progress says 0, 40, 80 % at the looks (the timestamp is far
    # from this machine's clock, so progress decides): waits of 8 s (max_poll), 8 s, then just
    # after the expected end; doubling alone would have looked at 1, 3, 7, 15 and 23 s
    for progress in (0, 40, 80):
        running = {
            "number": 8,
            "building": True,
            "result": None,
            "timestamp": 1,
            "estimatedDuration": 20_000,
            "executor": {"progress": progress},
        }
        mocked.get(
            JOB + "8/api/json",
            json=running,
            match=[matchers.query_param_matcher({"tree": WAIT_TREE})],
        )
    mocked.get(
        JOB + "8/api/json",
        json={"number": 8, "building": False, "result": "SUCCESS", "executor": None},
        match=[matchers.query_param_matcher({"tree": WAIT_TREE})],
    )
    mocked.get(JOB + "8/api/json", json=build_json(8))
    assert builds.wait("team/app", 8, timeout=60, poll=1, max_poll=8).number == 8
    assert clock.sleeps == [8.0, 8.0, pytest.approx(4.05)]


def test_wait_resolves_a_permalink_once(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.get(JOB + "lastBuild/api/json", json={"number": 8, "building": True, "result": None})
    mocked.get(
        JOB + "8/api/json",
        json={"number": 8, "building": False, "result": "UNSTABLE"},
        match=[matchers.query_param_matcher({"tree": WAIT_TREE})],
    )
    mocked.get(JOB + "8/api/json", json=build_json(8, result="UNSTABLE"))
    assert builds.wait("team/app", BuildRef.LAST, timeout=60).number == 8
    assert [p for _, p, _ in sent(mocked)][1:] == ["job/team/job/app/8/api/json"] * 2


def test_wait_times_out_with_build_timeout(
    mocked: responses.RequestsMock, builds: BuildOperations, clock: FakeClock
) -> None:
    mocked.get(JOB + "8/api/json", json={"number": 8, "building": True, "result": None})
    with pytest.raises(errors.BuildTimeout):
        builds.wait("team/app", 8, timeout=10)
    assert sum(clock.sleeps) == pytest.approx(10)


# --- actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["stop", "term", "kill"])
def test_stop_term_kill_post(
    mocked: responses.RequestsMock, builds: BuildOperations, action: str
) -> None:
    mocked.post(JOB + f"6/{action}", status=302, headers={"Location": JOB + "6/"})
    mocked.get(JOB + "6/", body="<html/>", content_type="text/html")
    getattr(builds, action)("team/app", 6)
    assert sent(mocked)[0][:2] == ("POST", f"job/team/job/app/6/{action}")


def test_delete_posts_do_delete(mocked: responses.RequestsMock, builds: BuildOperations) -> None:
    mocked.post(JOB + "6/doDelete", status=302, headers={"Location": JOB})
    mocked.get(JOB, body="<html/>", content_type="text/html")
    builds.delete("team/app", 6)
    assert sent(mocked)[0][:2] == ("POST", "job/team/job/app/6/doDelete")


def test_replay_with_and_without_script(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "6/replay/rebuild", status=302, headers={"Location": JOB})
    mocked.post(JOB + "6/replay/run", status=302, headers={"Location": JOB})
    mocked.get(JOB, body="<html/>", content_type="text/html")
    builds.replay("team/app", 6)
    builds.replay("team/app", 6, script="echo 'hi'")
    posts = [c.request for c in mocked.calls if c.request.method == "POST"]
    assert posts[0].url.endswith("6/replay/rebuild")
    assert posts[1].url.endswith("6/replay/run")
    fields = form(posts[1].body)
    assert fields["mainScript"] == ["echo 'hi'"]
    assert json.loads(fields["json"][0]) == {"mainScript": "echo 'hi'"}


def test_restart_from_stage_posts_the_stage_name(
    mocked: responses.RequestsMock, builds: BuildOperations
) -> None:
    mocked.post(JOB + "6/restart/restart", status=302, headers={"Location": JOB})
    mocked.get(JOB, body="<html/>", content_type="text/html")
    builds.restart_from_stage("team/app", 6, "Deploy")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert "?" not in post.url
    assert json.loads(form(post.body)["json"][0]) == {"stageName": "Deploy"}
