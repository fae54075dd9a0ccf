"""Recording files: corruption is reported, saving is atomic, concurrent appends lose nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk.errors import SimulationCorrupted, SimulationMiss
from jenkins_sdk.simulation import Recording, SimulationMode
from jenkins_sdk.simulation.format import Interaction, RecordedResponse
from jenkins_sdk.simulation.key import signature_of


def interaction(path: str, body: bytes = b"ok", query: str = "") -> Interaction:
    return Interaction(
        request=signature_of("GET", f"http://h{path}{query}", None, ""),
        request_headers=(),
        response=RecordedResponse(
            status=200, reason="OK", headers=(("Content-Type", "text/plain"),), body=body
        ),
    )


def saved(tmp_path: Path, *items: Interaction) -> Path:
    recording = Recording(tmp_path / "rec.json", meta={"date": "2026-01-01"})
    for item in items:
        recording.append(item)
    recording.save()
    return recording.path


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2]", "top level is not an object"),
        ('{"version": 2, "interactions": []}', "unknown format version 2"),
        ('{"interactions": []}', "unknown format version None"),
        ('{"version": 1, "meta": {}, "interactions": {}}', "'interactions' list"),
        ('{"version": 1, "meta": {}, "interactions": [{"request": {}}]}', "interaction 0"),
        (
            '{"version": 1, "meta": {}, "interactions": [{"request": {"method": "GET", '
            '"path": "/"}, "response": {"status": 200, "body": {"base64": "!!"}}}]}',
            "invalid base64",
        ),
    ],
    ids=["garbage", "empty", "array", "version-2", "no-version", "bad-list", "bad-item", "base64"],
)
def test_broken_files_raise_corrupted_naming_the_file(
    tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(SimulationCorrupted) as caught:
        Recording.load(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)


def test_truncated_file_is_corrupted(tmp_path: Path) -> None:
    path = saved(tmp_path, interaction("/a"), interaction("/b"))
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(SimulationCorrupted, match="truncated"):
        Recording.load(path)


def test_missing_file_is_reported_with_its_name(tmp_path: Path, make_session: Any) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(SimulationCorrupted, match=r"nope\.json does not exist"):
        make_session(SimulationMode.REPLAY, missing)


def test_unknown_on_exhausted_lists_valid_values(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid values are: repeat_last, raise"):
        Recording(tmp_path / "x.json", on_exhausted="loop")  # type: ignore[arg-type]


def test_fifo_per_key_then_raise(tmp_path: Path) -> None:
    path = saved(tmp_path, interaction("/q", b"1"), interaction("/other"), interaction("/q", b"2"))
    recording = Recording.load(path, on_exhausted="raise")
    request = signature_of("GET", "http://elsewhere:1/q", None, "")
    assert [recording.take(request).response.body for _ in range(2)] == [b"1", b"2"]
    with pytest.raises(SimulationMiss, match="already served"):
        recording.take(request)
    recording.rewind()
    assert recording.take(request).response.body == b"1"


def test_concurrent_appends_from_16_threads_lose_nothing(tmp_path: Path) -> None:
    recording = Recording(tmp_path / "many.json")
    barrier = threading.Barrier(16)

    def worker(n: int) -> None:
        barrier.wait()
        for i in range(50):
            recording.append(interaction(f"/t{n}", f"{n}-{i}".encode(), f"?i={i}"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recording.save()
    loaded = Recording.load(recording.path)
    assert len(loaded) == 800
    bodies = {item.response.body for item in loaded.interactions}
    assert bodies == {f"{n}-{i}".encode() for n in range(16) for i in range(50)}


def test_concurrent_recording_through_the_adapter(
    tmp_path: Path, fake_jenkins: Any, make_session: Any
) -> None:
    path = tmp_path / "threads.json"
    session, adapter = make_session(SimulationMode.RECORD, path, pool_maxsize=16)
    barrier = threading.Barrier(16)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                reply = session.get(
                    f"{fake_jenkins.url}/job/app/api/json", params={"tree": f"{n}.{i}"}
                )
                assert reply.json()["tree"] == [f"{n}.{i}"]
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    adapter.close()
    assert errors == []
    document = json.loads(path.read_text())
    trees = sorted(item["request"]["query"][0][1] for item in document["interactions"])
    assert trees == sorted(f"{n}.{i}" for n in range(16) for i in range(10))


def test_failed_replace_keeps_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(tmp_path, interaction("/first"))
    before = path.read_text()
    recording = Recording.load(path)
    recording.append(interaction("/second"))

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full while renaming")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        recording.save()
    monkeypatch.undo()
    assert path.read_text() == before
    assert len(Recording.load(path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rec.json"]


_KILLED_WRITER = """
import os, sys
from jenkins_sdk.simulation import Recording
from jenkins_sdk.simulation.format import Interaction, RecordedResponse
from jenkins_sdk.simulation.key import signature_of

def stall(src, dst):
    # The temp file is written and fsynced; tell the parent, then wait to be killed.
    sys.stdout.write(src + "\\n")
    sys.stdout.flush()
    sys.stdin.read()

os.replace = stall
recording = Recording.load(sys.argv[1])
recording.append(Interaction(
    request=signature_of("GET", "http://h/new", None, ""), request_headers=(),
    response=RecordedResponse(status=200, reason="OK", headers=(), body=b"x" * 100000),
))
recording.save()
"""


def test_writer_killed_mid_save_leaves_a_loadable_file(tmp_path: Path) -> None:
    path = saved(tmp_path, interaction("/first"))
    before = path.read_text()
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        temp_name = writer.stdout.readline().strip()
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert Path(temp_name).parent == tmp_path and Path(temp_name).exists()
    assert path.read_text() == before
    assert [i.request.path for i in Recording.load(path).interactions] == ["/first"]
