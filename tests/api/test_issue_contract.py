"""The namespaces, methods and parameter names that this round's issues (14, 15, 16) promise.

Users' scripts call exactly these names, keyword arguments included; a rename here is a break.
"""

from __future__ import annotations

import inspect

import pytest

import jenkins_sdk
from jenkins_sdk import JenkinsClient

#: namespace -> method -> the parameter names the issue text gives it.
CONTRACT: dict[str, dict[str, tuple[str, ...]]] = {
    "credentials": {
        "list": ("folder", "domain"),
        "get": ("id", "folder", "domain"),
        "exists": ("id",),
        "create": ("spec",),
        "update": ("spec",),
        "delete": ("id",),
        "domains": ("folder",),
    },
    "nodes": {
        "list": (),
        "get": (),
        "set_offline": (),
        "set_online": (),
        "create": (
            "name",
            "executors",
            "remote_fs",
            "labels",
            "description",
            "mode",
            "launcher",
        ),
        "delete": (),
        "exists": (),
        "get_config": (),
        "update_config": (),
        "set_labels": (),
        "connect": (),
        "disconnect": ("name", "reason"),
        "agent_secret": ("name",),
        "log": ("name",),
    },
    "plugins": {
        "list": (),
        "get": (),
        "install": ("names", "wait", "timeout"),
        "uninstall": ("name",),
        "check_updates": (),
        "updates": (),
        "restart_required": (),
    },
    "system": {
        "restart": (),
        "safe_restart": (),
        "safe_exit": (),
        "reload": (),
        "is_ready": (),
        "wait_until_ready": ("timeout",),
        "quiet_down": (),
    },
    "users": {
        "list": (),
        "get": ("id",),
        "me": (),
        "create_token": ("name", "user"),
        "tokens": ("user",),
        "revoke_token": ("uuid", "user"),
    },
    "views": {
        "list": (),
        "get": (),
        "jobs": (),
        "create": ("name", "folder", "jobs", "regex", "xml"),
        "delete": (),
        "get_config": (),
        "update_config": (),
        "add_job": ("view", "job"),
        "remove_job": ("view", "job"),
    },
    "jobs": {
        "scan": ("job", "wait", "timeout"),
        "scan_log": ("job",),
        "branches": ("job",),
        "search": ("pattern", "folder", "regex"),
        "upsert": ("job", "xml"),
        "move": ("job", "dest_folder"),
        "set_description": ("job", "text"),
        "set_next_build_number": ("job", "n"),
        "wipe_workspace": ("job",),
    },
    "builds": {
        "trigger": ("job", "params", "files", "token", "delay", "cause"),
        "set_description": ("job", "build", "text"),
        "set_display_name": ("job", "build", "name"),
        "keep_forever": ("job", "build", "keep"),
        "running": ("folder",),
        "monitor": ("builds",),
    },
    "console": {"tail": ("job", "build", "lines")},
    "pipelines": {"validate": ("jenkinsfile",)},
}

#: Typed inputs and results the issues name, importable from the package's top level.
TOP_LEVEL = (
    "UsernamePassword",
    "SecretText",
    "SSHPrivateKey",
    "SecretFile",
    "InboundLauncher",
    "SSHLauncher",
    "ApiToken",
    "BuildMonitor",
)

CASES = [
    (ns, method, params) for ns, methods in CONTRACT.items() for method, params in methods.items()
]


@pytest.fixture(scope="module")
def client() -> JenkinsClient:
    return JenkinsClient(url="http://127.0.0.1:9")


@pytest.mark.parametrize(("namespace", "method", "params"), CASES)
def test_issue_names_and_keywords_exist(
    client: JenkinsClient, namespace: str, method: str, params: tuple[str, ...]
) -> None:
    function = getattr(getattr(client, namespace), method)
    parameters = inspect.signature(function).parameters
    missing = [p for p in params if p not in parameters]
    assert not missing, f"client.{namespace}.{method}{inspect.signature(function)} lacks {missing}"


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_typed_values_are_exported(name: str) -> None:
    assert name in jenkins_sdk.__all__
    assert getattr(jenkins_sdk, name).__doc__
