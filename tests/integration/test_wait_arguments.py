"""Every wait refuses a timeout that could never end it (NaN) or makes no sense (negative, not a
number) with a ConfigError before anything is sent; None means the client's finite wait_timeout."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from jenkins_sdk import JenkinsClient
from jenkins_sdk.errors import ConfigError
from jenkins_sdk.testing import JenkinsEmulator

WAITS: dict[str, Callable[[JenkinsClient, Any], object]] = {
    "builds.wait": lambda c, t: c.builds.wait("app", 1, timeout=t),
    "queue.wait_for_build": lambda c, t: c.queue.wait_for_build(1, timeout=t, job="app"),
    "pipelines.watch": lambda c, t: list(c.pipelines.watch("app", 1, timeout=t)),
    "console.stream": lambda c, t: list(c.console.stream("app", 1, timeout=t)),
    "builds.monitor": lambda c, t: list(c.builds.monitor([("app", 1)], timeout=t)),
    "system.wait_until_ready": lambda c, t: c.system.wait_until_ready(timeout=t),
    "plugins.install": lambda c, t: c.plugins.install("git", timeout=t),
    "jobs.scan": lambda c, t: c.jobs.scan("mb", wait=True, timeout=t),
}


@pytest.mark.parametrize("timeout", [math.nan, -1.0, "10", True])
@pytest.mark.parametrize("call", sorted(WAITS))
def test_a_wait_with_a_bad_timeout_is_refused_before_anything_is_sent(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, call: str, timeout: Any
) -> None:
    jenkins_emulator.freestyle("app")
    with pytest.raises(ConfigError, match="timeout"):
        WAITS[call](jenkins_client, timeout)
    posts = [r for r in jenkins_emulator.request_log if r.method == "POST"]
    assert posts == [], f"{call} sent {posts} before refusing its timeout"


def test_none_is_the_clients_finite_wait_timeout(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient
) -> None:
    assert math.isfinite(jenkins_client.requester.wait_seconds(None))
    assert jenkins_client.requester.wait_seconds(None) == jenkins_client.config.wait_timeout
    assert jenkins_client.requester.wait_seconds(0) == 0.0
