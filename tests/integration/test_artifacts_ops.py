"""client.artifacts over loopback against the emulator: list, download, interruption, zip."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import requests

from jenkins_sdk import JenkinsClient
from jenkins_sdk.errors import NetworkError, NotFound, UnsafePath
from jenkins_sdk.testing import ArtifactSpec, JenkinsEmulator

MB = 1024 * 1024


def with_artifacts(emu: JenkinsEmulator, *specs: ArtifactSpec) -> None:
    emu.freestyle("team/app", artifacts=list(specs))
    emu.history("team/app", ["SUCCESS"])


def bare_digest(emu: JenkinsEmulator, relative: str) -> str:
    """sha256 of an artifact fetched with plain requests (the reference bytes)."""
    user, token = emu.credentials
    url = f"{emu.url.rstrip('/')}/job/team/job/app/1/artifact/{relative}"
    digest = hashlib.sha256()
    with requests.get(url, auth=(user, token), stream=True, timeout=30) as response:
        response.raise_for_status()
        for chunk in response.iter_content(MB):
            digest.update(chunk)
    return digest.hexdigest()


def test_list_artifacts(jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient) -> None:
    with_artifacts(
        jenkins_emulator,
        ArtifactSpec("target/app.jar", size=1000),
        ArtifactSpec("reports/summary.txt", content=b"ok\n"),
    )
    found = jenkins_client.artifacts.list("team/app", 1)
    assert sorted(a.relative_path for a in found) == ["reports/summary.txt", "target/app.jar"]
    assert {a.file_name for a in found} == {"app.jar", "summary.txt"}


def test_download_large_artifact_with_hash_and_progress(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("dist/big file.bin", size=20 * MB + 17))
    (artifact,) = jenkins_client.artifacts.list("team/app", 1)
    calls: list[tuple[int, int | None]] = []
    result = jenkins_client.artifacts.download(
        "team/app",
        1,
        artifact,
        tmp_path,
        progress=lambda n, t: calls.append((n, t)),
        hash="sha256",
        keep_tree=True,
    )
    target = tmp_path / "dist" / "big file.bin"
    assert result.path == target
    assert result.size == target.stat().st_size == 20 * MB + 17
    assert result.digest == bare_digest(jenkins_emulator, "dist/big%20file.bin")
    assert calls[-1] == (20 * MB + 17, 20 * MB + 17)
    assert sorted(p.name for p in target.parent.iterdir()) == ["big file.bin"]


def test_interrupted_download_leaves_no_partial_file(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("app.bin", size=8 * MB))
    jenkins_emulator.truncate(path="artifact/app.bin", keep_fraction=0.5)
    with pytest.raises(NetworkError):
        jenkins_client.artifacts.download("team/app", 1, "app.bin", tmp_path)
    assert list(tmp_path.iterdir()) == []
    # the fault fired once: the next attempt completes and lands in place
    result = jenkins_client.artifacts.download("team/app", 1, "app.bin", tmp_path)
    assert result.size == 8 * MB
    assert [p.name for p in tmp_path.iterdir()] == ["app.bin"]


def test_interrupted_download_keeps_the_previous_file(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("app.bin", size=4 * MB))
    (tmp_path / "app.bin").write_bytes(b"previous version")
    jenkins_emulator.truncate(path="artifact/app.bin", keep_fraction=0.3)
    with pytest.raises(NetworkError):
        jenkins_client.artifacts.download("team/app", 1, "app.bin", tmp_path)
    assert (tmp_path / "app.bin").read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["app.bin"]


def test_missing_artifact_is_not_found(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("a.txt", content=b"a"))
    with pytest.raises(NotFound):
        jenkins_client.artifacts.download("team/app", 1, "b.txt", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_hostile_relative_path_never_leaves_dest(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("../../escape.txt", content=b"x"))
    (artifact,) = jenkins_client.artifacts.list("team/app", 1)
    dest = tmp_path / "a" / "b"
    with pytest.raises(UnsafePath):
        jenkins_client.artifacts.download("team/app", 1, artifact, dest)
    assert list(tmp_path.iterdir()) == []


def test_download_all_as_zip(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(
        jenkins_emulator,
        ArtifactSpec("target/app.jar", size=3 * MB),
        ArtifactSpec("notes.txt", content="naïve café\n".encode()),
    )
    result = jenkins_client.artifacts.download_all("team/app", 1, tmp_path)
    assert result.path == tmp_path / "archive.zip"
    with zipfile.ZipFile(result.path) as zf:
        assert sorted(zf.namelist()) == ["archive/notes.txt", "archive/target/app.jar"]
        assert zf.testzip() is None


def test_download_all_and_extract(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(
        jenkins_emulator,
        ArtifactSpec("target/app.jar", size=3 * MB),
        ArtifactSpec("notes.txt", content="naïve café\n".encode()),
    )
    result = jenkins_client.artifacts.download_all("team/app", 1, tmp_path, extract=True)
    assert result.path == tmp_path
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "naïve café\n"
    jar = (tmp_path / "target" / "app.jar").read_bytes()
    assert hashlib.sha256(jar).hexdigest() == bare_digest(jenkins_emulator, "target/app.jar")
    assert not (tmp_path / "archive.zip").exists()


def test_download_all_interrupted_leaves_nothing(
    jenkins_emulator: JenkinsEmulator, jenkins_client: JenkinsClient, tmp_path: Path
) -> None:
    with_artifacts(jenkins_emulator, ArtifactSpec("target/app.jar", size=4 * MB))
    jenkins_emulator.truncate(path="archive.zip", keep_fraction=0.5)
    with pytest.raises(NetworkError):
        jenkins_client.artifacts.download_all("team/app", 1, tmp_path, extract=True)
    assert list(tmp_path.iterdir()) == []
