"""Operations (artifacts): extract a build's ``archive.zip`` whole or not at all.

Every entry is checked before anything is written: its name must be a plain relative path
(zip slip), it must not be a symlink or encrypted, no name may appear twice, and no file may sit
where another entry needs a directory (``a`` then ``a/b``). The entries are then extracted into a
staging directory beside the destination (:func:`~jenkins_sdk.resources._files.staged_directory`)
and moved into place only when every one of them was read whole with a good CRC. Whatever is
wrong with the archive (not a zip, truncated, a CRC or decompression error, an unsupported
method) is a :class:`~jenkins_sdk.errors.BadArchive`, and the destination is left as it was.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

from jenkins_sdk.errors import BadArchive, JenkinsError, UnsafePath
from jenkins_sdk.resources._files import atomic_writer, plain_parts, staged_directory

__all__ = ["extract_into", "extract_zip"]

#: Copy chunk size while extracting.
CHUNK_SIZE = 1024 * 1024
_SYMLINK = 0o120000
_ENCRYPTED = 0x1
#: What a damaged archive raises from inside :mod:`zipfile` (OSError: a seek past a lying
#: offset; ValueError: a bad name or size field; struct.error: a short header).
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    ValueError,
    OverflowError,
    struct.error,
    OSError,
)

Plan = list[tuple[zipfile.ZipInfo, tuple[str, ...]]]


def extract_zip(archive: Path, dest: Path, *, strip_prefix: str | None = "archive") -> int:
    """Extract ``archive`` below ``dest``, whole or not at all; return the bytes written.

    If every entry sits below the folder ``strip_prefix``, that folder level is dropped (Jenkins
    puts a build's artifacts in ``archive/``). Files already in ``dest`` with the names of
    entries are replaced; others are left alone.

    Raises:
        UnsafePath: an entry would be written outside ``dest``, or is a symlink.
        BadArchive: the archive is damaged, encrypted, or has duplicate or conflicting entries.
        LocalFileError: the files could not be written.
    """
    with staged_directory(dest) as stage:
        return extract_into(archive, stage.tree, strip_prefix=strip_prefix)


def extract_into(archive: Path, tree: Path, *, strip_prefix: str | None = "archive") -> int:
    """Check every entry, then write them below ``tree`` (a staging directory); the bytes written.

    Raises:
        UnsafePath, BadArchive, LocalFileError: as :func:`extract_zip`; ``tree`` may then hold
            part of the entries (the staging directory is thrown away).
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            written = 0
            for info, parts in _plan(zf.infolist(), strip_prefix):
                with zf.open(info) as source, atomic_writer(tree.joinpath(*parts)) as sink:
                    shutil.copyfileobj(source, sink, CHUNK_SIZE)
                written += info.file_size
            return written
    except _DAMAGE as exc:
        if isinstance(exc, JenkinsError):
            raise
        raise BadArchive(f"the artifacts archive cannot be extracted: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _plan(infos: list[zipfile.ZipInfo], strip_prefix: str | None) -> Plan:
    """Check every entry (see the module docstring) and list the files to write."""
    names = [info.filename for info in infos]
    prefix = f"{strip_prefix}/" if strip_prefix else None
    strip = prefix is not None and bool(names) and all(n.startswith(prefix) for n in names)
    files: Plan = []
    file_paths: set[tuple[str, ...]] = set()
    dir_paths: set[tuple[str, ...]] = set()
    for info in infos:
        name = info.filename[len(prefix) :] if strip and prefix else info.filename
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            raise UnsafePath(f"refusing to extract {info.filename!r}: it is a symlink")
        if info.flag_bits & _ENCRYPTED:
            raise BadArchive(f"the artifacts archive has an encrypted entry {info.filename!r}")
        if info.is_dir() or not name:
            if name.rstrip("/"):
                dir_paths.add(plain_parts(name.rstrip("/")))
            continue
        parts = plain_parts(name)
        if parts in file_paths:
            raise BadArchive(f"the artifacts archive names {info.filename!r} twice")
        file_paths.add(parts)
        dir_paths.update(parts[:i] for i in range(1, len(parts)))
        files.append((info, parts))
    clash = sorted(file_paths & dir_paths)
    if clash:
        raise BadArchive(
            f"the artifacts archive has {'/'.join(clash[0])!r} both as a file and as a folder"
        )
    return files
