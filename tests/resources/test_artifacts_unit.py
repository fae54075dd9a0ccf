"""Unit tests (responses) for client.artifacts: URLs, streaming to disk, path safety, zips."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.errors import NetworkError, NotFound, UnsafePath
from jenkins_sdk.resources.artifacts import ArtifactOperations, extract_zip

BASE = "http://jenkins.test/"
BUILD = BASE + "job/team/job/app/7/"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def artifacts() -> Iterator[ArtifactOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as client:
        yield ArtifactOperations(client.requester)


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_list_sends_the_artifacts_tree(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations
) -> None:
    mocked.get(
        BUILD + "api/json",
        json={
            "_class": "hudson.model.FreeStyleBuild",
            "artifacts": [
                {"displayPath": "app.jar", "fileName": "app.jar", "relativePath": "target/app.jar"}
            ],
        },
    )
    found = artifacts.list("team/app", 7)
    assert [a.relative_path for a in found] == ["target/app.jar"]
    query = parse_qs(urlsplit(mocked.calls[0].request.url or "").query)
    assert query["tree"][0].startswith("artifacts[")
    assert "relativePath" in query["tree"][0]


def test_list_of_build_without_artifacts_is_empty(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations
) -> None:
    mocked.get(BUILD + "api/json", json={"artifacts": []})
    assert artifacts.list("team/app", 7) == []


def test_download_streams_to_dest_with_hash_and_progress(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    body = bytes(range(256)) * 10_000  # 2.5 MB: several 1 MiB chunks
    mocked.get(
        BUILD + "artifact/target/my%20app%2B1.jar", body=body, auto_calculate_content_length=True
    )
    seen: list[tuple[int, int | None]] = []
    result = artifacts.download(
        "team/app",
        7,
        "target/my app+1.jar",
        tmp_path,
        progress=lambda done, total: seen.append((done, total)),
        hash="sha256",
        keep_tree=True,
    )
    target = tmp_path / "target" / "my app+1.jar"
    assert result.path == target
    assert target.read_bytes() == body
    assert result.size == len(body)
    assert result.digest == hashlib.sha256(body).hexdigest()
    assert result.algorithm == "sha256"
    assert seen[-1] == (len(body), len(body))
    assert len(seen) >= 3
    assert sorted(p.name for p in target.parent.iterdir()) == ["my app+1.jar"]


def test_download_accepts_a_hashlib_object(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    mocked.get(BUILD + "artifact/a.txt", body=b"abc")
    hasher = hashlib.md5()
    result = artifacts.download("team/app", 7, "a.txt", tmp_path, hash=hasher)
    assert result.digest == hasher.hexdigest() == hashlib.md5(b"abc").hexdigest()


def test_short_body_leaves_no_partial_file(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    mocked.get(
        BUILD + "artifact/big.bin",
        body=b"x" * 1000,
        headers={"Content-Length": "5000"},
        auto_calculate_content_length=False,
    )
    with pytest.raises(NetworkError):
        artifacts.download("team/app", 7, "big.bin", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_missing_artifact_is_not_found_and_writes_nothing(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    mocked.get(BUILD + "artifact/nope.txt", status=404, body="<html/>", content_type="text/html")
    with pytest.raises(NotFound):
        artifacts.download("team/app", 7, "nope.txt", tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "relative",
    ["../escape.txt", "a/../../escape.txt", "/etc/passwd", "C:/windows/x", "a\\..\\..\\x", ""],
    ids=["dotdot", "nested-dotdot", "absolute", "drive", "backslash", "empty"],
)
def test_unsafe_relative_path_is_refused_before_any_request(
    mocked: responses.RequestsMock,
    artifacts: ArtifactOperations,
    tmp_path: Path,
    relative: str,
) -> None:
    dest = tmp_path / "dest"
    with pytest.raises(UnsafePath):
        artifacts.download("team/app", 7, relative, dest)
    assert len(mocked.calls) == 0
    assert list(tmp_path.iterdir()) == []


def test_symlink_inside_dest_cannot_redirect_outside(
    artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        artifacts.download("team/app", 7, "link/x.txt", dest, keep_tree=True)


def test_download_all_saves_the_archive_zip(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    data = make_zip({"archive/a.txt": b"A", "archive/sub/b.txt": b"B"})
    mocked.get(BUILD + "artifact/*zip*/archive.zip", body=data, content_type="application/zip")
    result = artifacts.download_all("team/app", 7, tmp_path)
    assert result.path == tmp_path / "archive.zip"
    assert result.path.read_bytes() == data


def test_download_all_extracts_without_the_archive_folder(
    mocked: responses.RequestsMock, artifacts: ArtifactOperations, tmp_path: Path
) -> None:
    data = make_zip({"archive/a.txt": b"A", "archive/sub/b.txt": b"BB"})
    mocked.get(BUILD + "artifact/*zip*/archive.zip", body=data, content_type="application/zip")
    result = artifacts.download_all("team/app", 7, tmp_path, extract=True)
    assert result.path == tmp_path
    assert result.size == 3
    assert (tmp_path / "a.txt").read_bytes() == b"A"
    assert (tmp_path / "sub" / "b.txt").read_bytes() == b"BB"
    assert not (tmp_path / "archive.zip").exists()


def test_zip_slip_entry_is_refused_and_nothing_extracted(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    archive.write_bytes(make_zip({"ok.txt": b"fine", "../evil.txt": b"pwned"}))
    dest = tmp_path / "out"
    with pytest.raises(UnsafePath):
        extract_zip(archive, dest)
    assert not (tmp_path / "evil.txt").exists()
    assert not (dest / "ok.txt").exists()


def test_zip_with_absolute_entry_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    archive.write_bytes(make_zip({"/tmp/evil.txt": b"pwned"}))
    with pytest.raises(UnsafePath):
        extract_zip(archive, tmp_path / "out")


def test_zip_symlink_entry_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        info = zipfile.ZipInfo("link")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    archive = tmp_path / "evil.zip"
    archive.write_bytes(buffer.getvalue())
    with pytest.raises(UnsafePath, match="symlink"):
        extract_zip(archive, tmp_path / "out")
