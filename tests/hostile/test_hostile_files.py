"""Files whole or not at all (issue 18 item 10, issue 17 item 4), against real sockets.

Every hostile archive ``download_all(extract=True)`` can be served (not a zip, truncated, a CRC
error in a later entry, encrypted, an unsupported method, duplicate names, a file where a folder
must go, zip slip, a symlink...) raises a documented ``JenkinsError`` and leaves the destination
exactly as it was: no entry extracted, no staging directory, no parent directory it created.
Single downloads that break (short body, reset, 404) leave nothing they created, whatever the
destination was; the file system's own refusals are ``LocalFileError``; created files follow the
umask. The writer under test is ``jenkins_sdk/resources/_files.py`` (one path for every file).
"""

from __future__ import annotations

import io
import os
import re
import socket
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from tests.hostile._hostile_server import HostileServer, Seen, answer, http_response

ZIP = [("Content-Type", "application/zip")]
JSON = [("Content-Type", "application/json")]


def _zip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(buffer, "w", method) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buffer.getvalue()


GOOD = [("archive/a.txt", b"A" * 100), ("archive/sub/b.txt", b"B" * 100)]


def _data_start(data: bytes, index: int) -> int:
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[index]
    at = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[at + 26 : at + 30])
    return at + 30 + name_len + extra_len


def _flip(data: bytes, offset: int) -> bytes:
    damaged = bytearray(data)
    damaged[offset] ^= 0xFF
    return bytes(damaged)


def _patch_headers(data: bytes, local: int, central: int, value: int, *, bits: bool) -> bytes:
    """Set a 16-bit field of every local (PK\\3\\4) and central (PK\\1\\2) header."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        for match in re.finditer(re.escape(signature), data):
            at = match.start() + offset
            old = struct.unpack("<H", out[at : at + 2])[0]
            struct.pack_into("<H", out, at, (old | value) if bits else value)
    return bytes(out)


def _crc_error_in_second_entry() -> bytes:
    data = _zip(GOOD)
    return _flip(data, _data_start(data, 1))


def _broken_deflate() -> bytes:
    data = _zip([("archive/a.txt", b"hello " * 2000)], zipfile.ZIP_DEFLATED)
    return _flip(data, _data_start(data, 0) + 3)


def _bytes_cut_from_the_middle() -> bytes:
    data = _zip(GOOD)
    return data[:40] + data[60:]


# (id, archive body, error class, fragment of the message)
ARCHIVES: list[tuple[str, bytes, type[errors.JenkinsError], str]] = [
    ("html-page-not-a-zip", b"<html><body>Please sign in</body></html>", errors.BadArchive, "zip"),
    ("empty-body", b"", errors.BadArchive, "zip"),
    ("truncated-half", _zip(GOOD)[: len(_zip(GOOD)) // 2], errors.BadArchive, "zip"),
    ("bytes-cut-from-the-middle", _bytes_cut_from_the_middle(), errors.BadArchive, ""),
    ("crc-error-in-second-entry", _crc_error_in_second_entry(), errors.BadArchive, "CRC"),
    ("broken-deflate-stream", _broken_deflate(), errors.BadArchive, ""),
    (
        "encrypted-entry",
        _patch_headers(_zip(GOOD), 6, 8, 0x1, bits=True),
        errors.BadArchive,
        "encrypted",
    ),
    (
        "unsupported-method",
        _patch_headers(_zip(GOOD), 8, 10, 99, bits=False),
        errors.BadArchive,
        "",
    ),
    (
        "file-then-folder-of-the-same-name",
        _zip([("archive/a", b"file"), ("archive/a/b", b"inside")]),
        errors.BadArchive,
        "both as a file and as a folder",
    ),
    (
        "folder-then-file-of-the-same-name",
        _zip([("archive/a/b", b"inside"), ("archive/a", b"file")]),
        errors.BadArchive,
        "both as a file and as a folder",
    ),
    (
        "folder-entry-then-file",
        _zip([("archive/a/", b""), ("archive/a", b"file")]),
        errors.BadArchive,
        "both as a file and as a folder",
    ),
    (
        "duplicate-names",
        _zip([("archive/a.txt", b"first"), ("archive/a.txt", b"second")]),
        errors.BadArchive,
        "twice",
    ),
    (
        "duplicate-names-through-dot-segments",
        _zip([("archive/a.txt", b"first"), ("archive/./a.txt", b"second")]),
        errors.BadArchive,
        "twice",
    ),
    (
        "zip-slip-after-good-entries",
        _zip([*GOOD, ("archive/../../evil.sh", b"x")]),
        errors.UnsafePath,
        "evil.sh",
    ),
    ("absolute-entry", _zip([("/tmp/evil.sh", b"x")]), errors.UnsafePath, "evil.sh"),
]


def _symlink_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("archive/ok.txt", b"ok")
        info = zipfile.ZipInfo("archive/link")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


ARCHIVES.append(("symlink-entry", _symlink_archive(), errors.UnsafePath, "symlink"))


def _client(url: str) -> JenkinsClient:
    return JenkinsClient(
        url=url,
        username="alice",
        api_token="files-token-5e1f",
        retry={"total": 0},
        read_timeout=5.0,
        clock=ManualClock(),
    )


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path below ``root`` (hidden ones too) with its bytes (None for directories)."""
    return {
        str(path.relative_to(root)): None if path.is_dir() else path.read_bytes()
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture(params=["existing", "new-parents"])
def layout(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(where to look afterwards, dest): a dest holding files, or one below missing parents."""
    if request.param == "existing":
        dest = tmp_path / "out"
        (dest / "sub").mkdir(parents=True)
        (dest / "a.txt").write_bytes(b"previous a")
        (dest / "keep.txt").write_bytes(b"kept")
        yield tmp_path, dest
    else:
        yield tmp_path, tmp_path / "new" / "deeper" / "out"


@pytest.mark.parametrize(
    ("name", "body", "expected", "fragment"), ARCHIVES, ids=[row[0] for row in ARCHIVES]
)
def test_a_hostile_archive_extracts_nothing(
    name: str,
    body: bytes,
    expected: type[errors.JenkinsError],
    fragment: str,
    layout: tuple[Path, Path],
) -> None:
    root, dest = layout
    before = _snapshot(root)
    with (
        HostileServer(answer(http_response(200, body, ZIP), close=True)) as server,
        _client(server.url) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        client.artifacts.download_all("app", 1, dest, extract=True)
    assert isinstance(caught.value, expected), f"{type(caught.value).__name__}: {caught.value}"
    assert type(caught.value).__module__ == "jenkins_sdk.errors"
    assert fragment in str(caught.value), str(caught.value)
    assert _snapshot(root) == before  # nothing extracted, no staging left, no directory made


def test_a_good_archive_is_merged_into_an_existing_destination(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    (dest / "sub").mkdir(parents=True)
    (dest / "a.txt").write_bytes(b"previous a")
    (dest / "keep.txt").write_bytes(b"kept")
    with (
        HostileServer(answer(http_response(200, _zip(GOOD), ZIP))) as server,
        _client(server.url) as client,
    ):
        result = client.artifacts.download_all("app", 1, dest, extract=True)
    assert result.path == dest and result.size == 200
    assert _snapshot(tmp_path) == {
        "out": None,
        "out/a.txt": b"A" * 100,
        "out/keep.txt": b"kept",
        "out/sub": None,
        "out/sub/b.txt": b"B" * 100,
    }


def test_an_archive_entry_where_the_destination_holds_a_folder_changes_nothing(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "out"
    (dest / "a.txt").mkdir(parents=True)  # the archive has a FILE a.txt
    before = _snapshot(tmp_path)
    with (
        HostileServer(answer(http_response(200, _zip(GOOD), ZIP))) as server,
        _client(server.url) as client,
        pytest.raises(errors.LocalFileError, match="directory is in the way"),
    ):
        client.artifacts.download_all("app", 1, dest, extract=True)
    assert _snapshot(tmp_path) == before


def test_a_symlink_inside_the_destination_cannot_carry_entries_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "sub").symlink_to(outside)  # the archive writes sub/b.txt
    with (
        HostileServer(answer(http_response(200, _zip(GOOD), ZIP))) as server,
        _client(server.url) as client,
        pytest.raises(errors.UnsafePath),
    ):
        client.artifacts.download_all("app", 1, dest, extract=True)
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in dest.iterdir()) == ["sub"]


# --- single downloads -----------------------------------------------------------------------------


def _reset_mid_body(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
    if "api/json" in seen.target:
        conn.sendall(http_response(200, b'{"artifacts": []}', JSON))
        return True
    conn.sendall(http_response(200, b"x" * 1000, length=100_000)[:-500])
    conn.shutdown(socket.SHUT_RDWR)
    return False


BROKEN: list[tuple[str, Callable[..., bool], type[errors.JenkinsError]]] = [
    (
        "short-body",
        answer(http_response(200, b"x" * 10, length=1000), close=True),
        errors.NetworkError,
    ),
    ("reset-mid-body", _reset_mid_body, errors.NetworkError),
    (
        "broken-chunking",
        answer(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n",
            close=True,
        ),
        errors.NetworkError,
    ),
    ("not-found", answer(http_response(404, b"<html>nope</html>"), close=True), errors.NotFound),
]

# (id, how dest is given, what is on disk before): every one must be unchanged after a failure
DESTS = ["new-file-below-new-dirs", "existing-file", "existing-dir", "dir-with-slash", "tree"]


def _dest(kind: str, root: Path) -> tuple[Any, dict[str, Any]]:
    if kind == "new-file-below-new-dirs":
        return root / "new" / "deeper" / "app.jar", {}
    if kind == "existing-file":
        (root / "app.jar").write_bytes(b"previous version")
        return root / "app.jar", {}
    if kind == "existing-dir":
        (root / "out").mkdir()
        return root / "out", {}
    if kind == "dir-with-slash":
        return f"{root / 'new'}/", {}
    return root / "tree", {"keep_tree": True}


@pytest.mark.parametrize("dest_kind", DESTS)
@pytest.mark.parametrize(("name", "handler", "expected"), BROKEN, ids=[row[0] for row in BROKEN])
def test_a_broken_download_leaves_nothing_it_created(
    name: str,
    handler: Callable[..., bool],
    expected: type[errors.JenkinsError],
    dest_kind: str,
    tmp_path: Path,
) -> None:
    dest, options = _dest(dest_kind, tmp_path)
    before = _snapshot(tmp_path)
    with (
        HostileServer(handler) as server,
        _client(server.url) as client,
        pytest.raises(errors.JenkinsError) as caught,
    ):
        client.artifacts.download("app", 1, "target/app.jar", dest, **options)
    assert isinstance(caught.value, expected), f"{type(caught.value).__name__}: {caught.value}"
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("dest_kind", "where"),
    [
        ("new-file-below-new-dirs", "new/deeper/app.jar"),
        ("existing-file", "app.jar"),
        ("existing-dir", "out/app.jar"),
        ("dir-with-slash", "new/app.jar"),
        ("tree", "tree/target/app.jar"),
    ],
)
def test_where_a_download_lands(dest_kind: str, where: str, tmp_path: Path) -> None:
    dest, options = _dest(dest_kind, tmp_path)
    with (
        HostileServer(answer(http_response(200, b"jar bytes"))) as server,
        _client(server.url) as client,
    ):
        result = client.artifacts.download("app", 1, "target/app.jar", dest, **options)
    assert result.path == tmp_path / where
    assert (tmp_path / where).read_bytes() == b"jar bytes"
    hidden = [p for p in tmp_path.rglob(".*")]
    assert hidden == []


def test_keep_tree_with_a_file_as_dest_is_a_local_file_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_bytes(b"a file, not a folder")
    before = _snapshot(tmp_path)
    with (
        HostileServer(answer(http_response(200, b"jar bytes"))) as server,
        _client(server.url) as client,
        pytest.raises(errors.LocalFileError, match="not a directory") as caught,
    ):
        client.artifacts.download("app", 1, "target/app.jar", tmp_path / "out", keep_tree=True)
    assert isinstance(caught.value, OSError)  # ``except OSError`` callers still catch it
    assert _snapshot(tmp_path) == before


def test_a_dest_below_a_file_is_a_local_file_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"x")
    with (
        HostileServer(answer(http_response(200, b"jar bytes"))) as server,
        _client(server.url) as client,
        pytest.raises(errors.LocalFileError),
    ):
        client.artifacts.download("app", 1, "app.jar", tmp_path / "file" / "sub" / "app.jar")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda mask: os.umask(mask) and None
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_every_written_file_follows_the_umask(
    mask: int, umask: Callable[[int], None], tmp_path: Path
) -> None:
    def serve(conn: socket.socket, seen: Seen, server: HostileServer) -> bool:
        if "*zip*" in seen.target:
            conn.sendall(http_response(200, _zip(GOOD), ZIP))
        else:
            conn.sendall(http_response(200, b"bytes", [("Content-Type", "text/plain")]))
        return True

    umask(mask)
    with HostileServer(serve) as server, _client(server.url) as client:
        files = [
            client.artifacts.download("app", 1, "app.jar", tmp_path / "one" / "app.jar").path,
            client.console.download("app", 1, tmp_path / "logs" / "console.txt").path,
            client.artifacts.download_all("app", 1, tmp_path / "zip").path,
        ]
        extracted = client.artifacts.download_all("app", 1, tmp_path / "x", extract=True).path
    files += [extracted / "a.txt", extracted / "sub" / "b.txt"]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
    for folder in (tmp_path / "one", tmp_path / "logs", extracted, extracted / "sub"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~mask, folder


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any permission")
def test_a_read_only_destination_is_a_local_file_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with (
            HostileServer(answer(http_response(200, b"jar bytes"))) as server,
            _client(server.url) as client,
            pytest.raises(errors.LocalFileError, match="ermission"),
        ):
            client.artifacts.download("app", 1, "app.jar", locked)
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []
