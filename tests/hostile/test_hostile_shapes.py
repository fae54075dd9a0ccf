"""Valid JSON of the wrong shape (issue 18 item 9): only ``ResponseShapeError`` comes out.

Two layers:

* a table served by real sockets: for every resource read that takes raw JSON rather than a
  whole model (``builds.list/status/statuses/env_vars``, ``jobs.list/parameters``,
  ``pipelines.runs/pending_inputs/watch``, ``queue.wait_for_build``, ``views.list/jobs``,
  ``artifacts.list``, the triage's test counts and abort causes), several wrong shapes (a list
  where an object is expected, a string where a list is, ``null``, numbers as strings, booleans
  as strings, an unknown result) each raise :class:`ResponseShapeError` naming the JSON path;
* a property test (hypothesis) that answers every request of every resource read, the
  model-based ones too, with arbitrary JSON (biased towards Jenkins' own keys so the reads go
  deep) and asserts that nothing but a ``JenkinsError`` ever comes out.

The single place that enforces this is ``jenkins_sdk/resources/_shapes.py`` (raw reads) next to
``jenkins_sdk.models.structure`` (model reads).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenkins_sdk import BuildMonitor, errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.hostile._hostile_server import HostileServer, Seen, http_response

JSON = [("Content-Type", "application/json;charset=utf-8")]
Read = Callable[[JenkinsClient], Any]


def _client(url: str) -> JenkinsClient:
    return JenkinsClient(
        url=url,
        username="alice",
        api_token="shapes-token-77aa",
        retry={"total": 0},
        read_timeout=5.0,
        clock=ManualClock(),
    )


def _first_run(c: JenkinsClient) -> Any:
    return next(iter(c.pipelines.watch("pipe", 1, timeout=0)))


def _diagnose(c: JenkinsClient) -> Any:
    return c.builds.diagnose("app", 7)


BUILD_WITH = {
    "_class": "hudson.model.FreeStyleBuild",
    "number": 7,
    "building": False,
    "url": "http://127.0.0.1/job/app/7/",
}

# (id, read, JSON answered to every request, fragment of the message)
TABLE: list[tuple[str, Read, Any, str]] = [
    ("builds.list-list", lambda c: c.builds.list("app"), [1, 2], "$: expected an object"),
    ("builds.list-null", lambda c: c.builds.list("app"), None, "$: expected an object"),
    ("builds.list-str", lambda c: c.builds.list("app"), {"builds": "x"}, "$.builds: expected a"),
    ("builds.list-item", lambda c: c.builds.list("app"), {"builds": [3]}, "BuildSummary"),
    (
        "builds.status-building-str",
        lambda c: c.builds.status("app", 7),
        {"number": 7, "building": "no"},
        "$.building: expected a boolean",
    ),
    (
        "builds.status-number-str",
        lambda c: c.builds.status("app", 7),
        {"number": "7", "building": False},
        "$.number: expected an integer",
    ),
    (
        "builds.status-unknown-result",
        lambda c: c.builds.status("app", 7),
        {"number": 7, "building": False, "result": "GREAT"},
        "$.result: expected one of",
    ),
    (
        "builds.status-result-number",
        lambda c: c.builds.status("app", 7),
        {"number": 7, "building": False, "result": 0},
        "$.result: expected a string",
    ),
    (
        "builds.statuses-next-str",
        lambda c: c.builds.statuses("app", [1]),
        {"nextBuildNumber": "9", "allBuilds": []},
        "$.nextBuildNumber",
    ),
    (
        "builds.statuses-all-object",
        lambda c: c.builds.statuses("app", [1]),
        {"nextBuildNumber": 9, "allBuilds": {"number": 1}},
        "$.allBuilds: expected a list",
    ),
    (
        "builds.statuses-entry-building-str",
        lambda c: c.builds.statuses("app", [1]),
        {"nextBuildNumber": 9, "allBuilds": [{"number": 1, "building": "yes"}]},
        "$.building",
    ),
    ("builds.env_vars-list", lambda c: c.builds.env_vars("app", 1), [], "$: expected an object"),
    (
        "builds.env_vars-value-number",
        lambda c: c.builds.env_vars("app", 1),
        {"envMap": {"A": 1}},
        "$.envMap.A: expected a string",
    ),
    (
        "builds.env_vars-map-str",
        lambda c: c.builds.env_vars("app", 1),
        {"envMap": "A=1"},
        "$.envMap: expected an object",
    ),
    ("jobs.list-list", lambda c: c.jobs.list(), [], "$: expected an object"),
    ("jobs.list-jobs-object", lambda c: c.jobs.list(), {"jobs": {}}, "$.jobs: expected a list"),
    ("jobs.list-entry-number", lambda c: c.jobs.list(), {"jobs": [7]}, "$.jobs[0]: expected"),
    (
        "jobs.list-name-number",
        lambda c: c.jobs.list(),
        {"jobs": [{"name": 7}]},
        "$.jobs[0].name: expected a string",
    ),
    (
        "jobs.list-children-str",
        lambda c: c.jobs.list(recursive=True),
        {"jobs": [{"name": "f", "jobs": "x"}]},
        "expected a list",
    ),
    ("jobs.parameters-list", lambda c: c.jobs.parameters("app"), [], "$: expected an object"),
    (
        "jobs.parameters-property-str",
        lambda c: c.jobs.parameters("app"),
        {"property": "x"},
        "$.property: expected a list",
    ),
    (
        "jobs.parameters-holder-number",
        lambda c: c.jobs.parameters("app"),
        {"property": [7]},
        "$.property[0]: expected an object",
    ),
    (
        "jobs.parameters-definitions-object",
        lambda c: c.jobs.parameters("app"),
        {"actions": [{"parameterDefinitions": {}}]},
        "$.actions[0].parameterDefinitions: expected a list",
    ),
    (
        "jobs.parameters-name-number",
        lambda c: c.jobs.parameters("app"),
        {"property": [{"parameterDefinitions": [{"name": 5}]}]},
        "ParameterDefinition",
    ),
    ("pipelines.runs-object", lambda c: c.pipelines.runs("pipe"), {}, "$: expected a list"),
    ("pipelines.runs-str", lambda c: c.pipelines.runs("pipe"), "x", "$: expected a list"),
    ("pipelines.runs-number", lambda c: c.pipelines.runs("pipe"), 5, "$: expected a list"),
    ("pipelines.runs-item", lambda c: c.pipelines.runs("pipe"), [5], "PipelineRun"),
    (
        "pipelines.pending_inputs-object",
        lambda c: c.pipelines.pending_inputs("pipe", 1),
        {"id": "x"},
        "$: expected a list",
    ),
    (
        "queue.wait-list",
        lambda c: c.queue.wait_for_build(5, timeout=0),
        [],
        "$: expected an object",
    ),
    (
        "queue.wait-task-str",
        lambda c: c.queue.wait_for_build(5, timeout=0),
        {"task": "app"},
        "$.task: expected an object",
    ),
    (
        "queue.wait-number-str",
        lambda c: c.queue.wait_for_build(5, timeout=0),
        {"executable": {"number": "7"}},
        "$.executable.number: expected an integer",
    ),
    (
        "queue.wait-cancelled-str",
        lambda c: c.queue.wait_for_build(5, timeout=0),
        {"cancelled": "true"},
        "$.cancelled: expected a boolean",
    ),
    ("views.list-list", lambda c: c.views.list(), [], "$: expected an object"),
    ("views.list-views-object", lambda c: c.views.list(), {"views": {}}, "$.views: expected"),
    ("views.jobs-number", lambda c: c.views.jobs("all"), {"jobs": 5}, "$.jobs: expected a list"),
    ("artifacts.list-list", lambda c: c.artifacts.list("app", 1), [], "$: expected an object"),
    ("users.list-users-number", lambda c: c.users.list(), {"users": 5}, "$.users: expected a"),
    (
        "users.list-user-str",
        lambda c: c.users.list(),
        {"users": [{"user": "alice"}]},
        "$.users[0].user: expected an object",
    ),
    (
        "credentials.list-number",
        lambda c: c.credentials.list(),
        {"credentials": 5},
        "$.credentials: expected a list",
    ),
    (
        "plugins.updates-updates-number",
        lambda c: c.plugins.updates(),
        {"sites": [{"updates": 5}]},
        "$.sites[0].updates: expected a list",
    ),
    (
        "plugins.restart_required-plugins-number",
        lambda c: c.plugins.restart_required(),
        {"plugins": 5},
        "$.plugins: expected a list",
    ),
    (
        "jobs.branches-views-number",
        lambda c: c.jobs.branches("multi"),
        {"jobs": [], "views": [{"name": "change-requests", "jobs": 5}]},
        "$.views[0].jobs: expected a list",
    ),
    (
        "pipelines.validate-errors-number",
        lambda c: c.pipelines.validate("pipeline {}"),
        {"status": "ok", "data": {"result": "failure", "errors": 5}},
        "$.data.errors: expected a list",
    ),
    (
        "builds.running-number-str",
        lambda c: c.builds.running(),
        {"computer": [{"executors": [{"currentExecutable": {"url": "u", "number": "9"}}]}]},
        "currentExecutable.number: expected an integer",
    ),
    (
        "artifacts.list-object",
        lambda c: c.artifacts.list("app", 1),
        {"artifacts": {}},
        "$.artifacts: expected a list",
    ),
    (
        "diagnose-test-count-str",
        _diagnose,
        {
            **BUILD_WITH,
            "result": "SUCCESS",
            "actions": [{"urlName": "testReport", "failCount": "2"}],
        },
        "$.failCount: expected an integer",
    ),
    (
        "diagnose-abort-causes-number",
        _diagnose,
        {
            **BUILD_WITH,
            "result": "ABORTED",
            "actions": [{"_class": "jenkins.model.InterruptedBuildAction", "causes": 5}],
        },
        "$.causes: expected a list",
    ),
    (
        "diagnose-abort-cause-user-object",
        _diagnose,
        {
            **BUILD_WITH,
            "result": "ABORTED",
            "actions": [
                {"_class": "jenkins.model.InterruptedBuildAction", "causes": [{"userId": {}}]}
            ],
        },
        "$.causes[0].userId: expected a string",
    ),
]


def _same_answer(body: bytes, diagnosis: bool) -> Callable[[Any, Seen, HostileServer], bool]:
    """Every read answered with ``body``; for a diagnosis, the rest of a failed build too."""

    def handler(conn: Any, seen: Seen, server: HostileServer) -> bool:
        if not diagnosis:
            conn.sendall(http_response(200, body, JSON))
        elif "logText" in seen.target:  # the console tail a diagnosis reads
            headers = [("Content-Type", "text/plain"), ("X-Text-Size", "4")]
            conn.sendall(http_response(200, b"end\n", headers))
        elif seen.target.startswith("/job/app/api/json"):  # the diagnosis' history
            conn.sendall(http_response(200, b'{"nextBuildNumber": 8, "allBuilds": []}', JSON))
        elif "testReport" in seen.target:
            conn.sendall(http_response(404, b"<html>no report</html>"))
        else:
            conn.sendall(http_response(200, body, JSON))
        return True

    return handler


@pytest.mark.parametrize(("name", "read", "data", "fragment"), TABLE, ids=[row[0] for row in TABLE])
def test_wrong_shape_is_a_response_shape_error(
    name: str, read: Read, data: Any, fragment: str
) -> None:
    with (
        HostileServer(_same_answer(json.dumps(data).encode(), name.startswith("diag"))) as server,
        _client(server.url) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        read(client)
    error = caught.value
    assert isinstance(error, errors.ResponseShapeError), f"{type(error).__name__}: {error}"
    assert fragment in str(error), str(error)


def test_a_finished_check_of_the_wrong_shape_stops_a_watch() -> None:
    """``pipelines.watch`` asks the build itself when a run reads NOT_EXECUTED."""
    run = {"id": "1", "name": "#1", "status": "NOT_EXECUTED", "stages": []}

    def handler(conn: Any, seen: Seen, server: HostileServer) -> bool:
        body = run if "wfapi" in seen.target else {"building": "no"}
        conn.sendall(http_response(200, json.dumps(body).encode(), JSON))
        return True

    with HostileServer(handler) as server, _client(server.url) as client:
        watch = iter(client.pipelines.watch("pipe", 1, timeout=0))
        next(watch)
        with pytest.raises(errors.ResponseShapeError, match=r"\$\.building: expected a boolean"):
            next(watch)


# --- property: any JSON, every read ---------------------------------------------------------------

#: Keys Jenkins answers carry, so arbitrary objects reach the reads' inner paths.
KEYS = [
    "_class", "actions", "allBuilds", "artifacts", "building", "builds", "cancelled", "cases",
    "causes", "choices", "computer", "defaultParameterValue", "displayName", "duration",
    "envMap", "executable", "failCount", "fileName", "id", "items", "jobs", "name",
    "nextBuildNumber", "number", "parameterDefinitions", "parameters", "plugins", "property",
    "queueId", "relativePath", "result", "shortName", "skipCount", "stageFlowNodes", "stages",
    "status", "suites", "task", "text", "timestamp", "totalCount", "type", "url", "urlName",
    "userId", "value", "views",
]  # fmt: skip

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.sampled_from(["SUCCESS", "FAILURE", "NOT_EXECUTED", "IN_PROGRESS", "7", "", "x"])
    | st.text(max_size=8)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=25,
)

READS: dict[str, Read] = {
    "builds.get": lambda c: c.builds.get("app", 7),
    "builds.status": lambda c: c.builds.status("app", 7),
    "builds.list": lambda c: c.builds.list("app", limit=5),
    "builds.list-all": lambda c: c.builds.list("app", limit=150),
    "builds.statuses": lambda c: c.builds.statuses("app", [1, 2, 150]),
    "builds.env_vars": lambda c: c.builds.env_vars("app", 7),
    "builds.wait": lambda c: c.builds.wait("app", 7, timeout=0),
    "jobs.list": lambda c: c.jobs.list(),
    "jobs.list-recursive": lambda c: c.jobs.list(recursive=True),
    "jobs.get": lambda c: c.jobs.get("app"),
    "jobs.exists": lambda c: c.jobs.exists("app"),
    "jobs.parameters": lambda c: c.jobs.parameters("app"),
    "pipelines.runs": lambda c: c.pipelines.runs("pipe"),
    "pipelines.get_run": lambda c: c.pipelines.get_run("pipe", 1),
    "pipelines.get_stage": lambda c: c.pipelines.get_stage("pipe", 1, "5"),
    "pipelines.node_log": lambda c: c.pipelines.node_log("pipe", 1, "5"),
    "pipelines.stage_log": lambda c: c.pipelines.stage_log("pipe", 1, "5"),
    "pipelines.pending_inputs": lambda c: c.pipelines.pending_inputs("pipe", 1),
    "pipelines.watch": lambda c: list(c.pipelines.watch("pipe", 1, timeout=0)),
    "queue.get": lambda c: c.queue.get(5),
    "queue.list": lambda c: c.queue.list(),
    "queue.wait_for_build": lambda c: c.queue.wait_for_build(5, timeout=0, job="app"),
    "views.list": lambda c: c.views.list(),
    "views.get": lambda c: c.views.get("all"),
    "views.jobs": lambda c: c.views.jobs("all"),
    "artifacts.list": lambda c: c.artifacts.list("app", 1),
    "nodes.list": lambda c: c.nodes.list(),
    "nodes.get": lambda c: c.nodes.get("agent-1"),
    "plugins.list": lambda c: c.plugins.list(),
    "plugins.get": lambda c: c.plugins.get("git"),
    "system.whoami": lambda c: c.system.whoami(),
    "system.info": lambda c: c.system.info(),
    "tests.report": lambda c: c.tests.report("app", 7),
    "tests.failures": lambda c: c.tests.failures("app", 7),
    "builds.diagnose": lambda c: c.builds.diagnose("app", 7),
    "monitor": lambda c: list(BuildMonitor(c, [("app", 7), ("app", "lastBuild")], timeout=0)),
    "builds.running": lambda c: c.builds.running(folder="team"),
    "users.list": lambda c: c.users.list(),
    "users.get": lambda c: c.users.get("alice"),
    "credentials.list": lambda c: c.credentials.list(),
    "credentials.get": lambda c: c.credentials.get("deploy-key"),
    "credentials.domains": lambda c: c.credentials.domains(),
    "plugins.updates": lambda c: c.plugins.updates(),
    "plugins.restart_required": lambda c: c.plugins.restart_required(),
    "system.is_ready": lambda c: c.system.is_ready(),
    "jobs.branches": lambda c: c.jobs.branches("multi"),
    "jobs.scan": lambda c: c.jobs.scan("multi", wait=True, timeout=0),
    "pipelines.validate": lambda c: c.pipelines.validate("pipeline {}"),
    "builds.set_display_name": lambda c: c.builds.set_display_name("app", 7, "x"),
}

BASE = "http://jenkins.shapes.test/"


@pytest.fixture(scope="module")
def answering() -> Iterator[tuple[JenkinsClient, dict[str, Any]]]:
    """A client whose every GET is answered with ``state["body"]`` (as JSON)."""
    state: dict[str, Any] = {"body": None}

    def reply(request: Any) -> tuple[int, dict[str, str], str]:
        return 200, {"Content-Type": "application/json", "X-Jenkins": "2.541"}, state["body"]

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, re.compile(".*"), callback=reply)
        with _client(BASE) as client:
            yield client, state


@pytest.mark.parametrize("read", list(READS), ids=list(READS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=JSON_VALUES)
def test_any_json_shape_gives_a_value_or_a_jenkins_error(
    read: str, data: Any, answering: tuple[JenkinsClient, dict[str, Any]]
) -> None:
    client, state = answering
    state["body"] = json.dumps(data)
    with contextlib.suppress(errors.JenkinsError):  # anything else fails the test
        READS[read](client)
