"""Record and replay through the real JenkinsClient (requester, crumbs, session cookies)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import NotFound, SimulationMiss
from jenkins_sdk.simulation import SimulationMode


class RecordingClock:
    """A clock that never sleeps and remembers what it was asked to sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def drive(client: JenkinsClient) -> dict[str, Any]:
    """Calls a user's automation would make, returning what it saw (URLs made base-relative)."""
    base = client.requester.base_url.rstrip("/")
    out: dict[str, Any] = {}
    job = client.get_json("job/app/api/json", tree="name,url")
    out["job"] = (job["name"], job["url"].replace(base, "{base}"))
    trigger = client.requester.post(
        "job/app/buildWithParameters", data={"BRANCH": "main"}, ok=(201,)
    )
    out["location"] = trigger.headers["Location"].replace(base, "{base}")
    out["console"] = [
        client.requester.get_text("job/app/1/logText/progressiveText", params={"start": "0"})
        for _ in range(3)
    ]
    with client.requester.stream("job/app/1/artifact/out.bin") as reply:
        out["artifact"] = b"".join(reply.iter_bytes(64))
    with pytest.raises(NotFound) as missing:
        client.get_json("job/nope/api/json")
    out["missing"] = missing.value.status
    return out


@pytest.fixture
def client_recording(tmp_path: Path, fake_jenkins: Any) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "client.json"
    with JenkinsClient(
        url=f"{fake_jenkins.url}/ctx/",
        username=fake_jenkins.user,
        password=fake_jenkins.password,
        simulation_mode="record",
        recording_path=path,
    ) as client:
        live = drive(client)
    return path, live


def test_client_replay_equals_live_under_another_base_url(
    client_recording: tuple[Path, dict[str, Any]],
    fake_jenkins: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, live = client_recording
    assert live["artifact"] == fake_jenkins.artifact and live["missing"] == 404
    assert live["console"][-1] == "".join(fake_jenkins.console_chunks)

    def refuse(self: socket.socket, address: Any) -> None:
        raise OSError(f"network used during replay: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    served = fake_jenkins.requests
    with JenkinsClient(
        url="http://elsewhere.invalid:8181/jenkins/",
        username=fake_jenkins.user,
        password="a-different-password",
        simulation_mode=SimulationMode.REPLAY,
        recording_path=path,
    ) as client:
        assert client.simulation.replaying
        assert drive(client) == live
    assert fake_jenkins.requests == served


def test_client_recording_has_no_secrets(
    client_recording: tuple[Path, dict[str, Any]], fake_jenkins: Any
) -> None:
    path, _ = client_recording
    text = path.read_text()
    assert fake_jenkins.password not in text
    for session_id, crumb in fake_jenkins.sessions.items():
        assert session_id not in text and crumb not in text
    assert "/ctx/" not in text  # the context path is stripped from paths and URLs


def test_client_simulate_block_and_clock_skips_sleeps_in_replay(
    tmp_path: Path, fake_jenkins: Any
) -> None:
    path = tmp_path / "block.json"
    clock = RecordingClock()
    with JenkinsClient(url=fake_jenkins.url, clock=clock) as client:
        with client.simulate("record", path):
            client.get_json("queue/item/7/api/json")
        assert path.exists()
        client.clock.sleep(1.0)
        assert clock.slept == [1.0]
        with client.simulate("replay", path):
            assert client.simulation.replaying
            assert client.get_json("queue/item/7/api/json")["id"] == 7
            client.clock.sleep(5.0)
            with pytest.raises(SimulationMiss, match="queue/item/8"):
                client.get_json("queue/item/8/api/json")
        assert clock.slept == [1.0]
        assert not client.simulation.replaying


def test_client_sensitive_params_keep_parameter_values_out_of_recordings(
    tmp_path: Path, fake_jenkins: Any
) -> None:
    """BUG-8: ``JenkinsConfig.sensitive_params`` reaches the recorder: form fields and the
    ``json`` field of ``/build`` and input submissions are hidden, and so are echoes."""
    key, pin = "deploy-key-7f3a9c", "approval-pin-4411"
    path = tmp_path / "sensitive.json"
    form = {
        "json": json.dumps(
            {"parameter": [{"name": "PIN", "value": pin}, {"name": "N", "value": 1}]}
        ),
        "proceed": "Proceed",
    }
    with JenkinsClient(
        url=fake_jenkins.url,
        username=fake_jenkins.user,
        password=fake_jenkins.password,
        sensitive_params=["DEPLOY_KEY", "PIN"],
    ) as client:
        assert "DEPLOY_KEY" in repr(client.config)
        with client.simulate("record", path):
            client.requester.post(
                "job/app/buildWithParameters", data={"DEPLOY_KEY": key, "BRANCH": "x"}, ok=(201,)
            )
            echoed = client.requester.post("echo", data=form, ok=(200,)).text
    assert pin in echoed  # the live caller saw the real answer
    text = path.read_text(encoding="utf-8")
    assert key not in text and pin not in text
    assert "<sensitive>" in text and "BRANCH" in text
    # a replay pairs requests with other secret values
    with JenkinsClient(
        url="http://elsewhere.invalid:8181/",
        username=fake_jenkins.user,
        password="another-password",
        sensitive_params=["DEPLOY_KEY", "PIN"],
        simulation_mode="replay",
        recording_path=path,
    ) as client:
        reply = client.requester.post(
            "job/app/buildWithParameters", data={"DEPLOY_KEY": "other", "BRANCH": "x"}, ok=(201,)
        )
        assert reply.headers["Location"].endswith("/queue/item/7/")
        form["json"] = form["json"].replace(pin, "another-pin")
        assert "another-pin" not in client.requester.post("echo", data=form, ok=(200,)).text
