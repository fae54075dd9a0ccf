"""Operations (artifacts): list a build's archived files and download them safely."""

from __future__ import annotations

import builtins
import contextlib
import os
import shutil
import zipfile
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from jenkins_sdk.errors import UnsafePath
from jenkins_sdk.models import Artifact, structure, tree_of
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path
from jenkins_sdk.resources._files import (
    DownloadedFile,
    HashLike,
    ProgressCallback,
    atomic_writer,
    declared_length,
    new_hash,
    safe_join,
    write_chunks,
)

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["ArtifactOperations"]

#: Download chunk size: large enough that per-chunk overhead vanishes next to the I/O.
CHUNK_SIZE = 1024 * 1024
_ARCHIVE_NAME = "archive.zip"


def _relative_path(artifact: Artifact | str) -> str:
    return artifact if isinstance(artifact, str) else artifact.relative_path


class ArtifactOperations:
    """Archived artifacts of builds, reached as ``client.artifacts``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def list(self, job: JobSpec, build: BuildSpec) -> builtins.list[Artifact]:
        """Return the artifacts archived by a build (empty if none)."""
        data = self._requester.get_json(
            build_path(job, build) + "api/json", tree=f"artifacts[{tree_of(Artifact)}]"
        )
        items = (data.get("artifacts") or []) if isinstance(data, dict) else []
        return [structure(item, Artifact) for item in items]

    def download(
        self,
        job: JobSpec,
        build: BuildSpec,
        artifact: Artifact | str,
        dest: str | PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        hash: str | HashLike | None = None,
    ) -> DownloadedFile:
        """Download one artifact into the directory ``dest``, at its ``relativePath`` below it.

        The body is streamed in 1 MiB chunks to a temporary file beside the target, its length
        checked against ``Content-Length``, then renamed into place: an interrupted download
        leaves no partial file.

        Args:
            job: the job.
            build: the build number or permalink.
            artifact: an :class:`Artifact` from :meth:`list`, or its ``relativePath``.
            dest: the destination directory (created if missing).
            progress: called as ``progress(bytes_so_far, total_or_None)`` after each chunk.
            hash: a hash algorithm name (``"sha256"``) or a hashlib object; the hex digest is
                returned in ``DownloadedFile.digest``.

        Raises:
            UnsafePath: the relative path is absolute or climbs out of ``dest`` (checked before
                any request is sent).
            NetworkError: the body broke off or was shorter than announced.
        """
        relative = _relative_path(artifact)
        target = safe_join(Path(dest), relative)
        url_path = "/".join(quote(part, safe="") for part in PurePosixPath(relative).parts)
        hasher = new_hash(hash)
        with self._requester.stream(build_path(job, build) + "artifact/" + url_path) as stream:
            size = write_chunks(
                target,
                stream.iter_bytes(CHUNK_SIZE),
                expected=declared_length(stream.headers),
                progress=progress,
                hasher=hasher,
                url=stream.url,
            )
        return DownloadedFile(
            path=target,
            size=size,
            digest=None if hasher is None else hasher.hexdigest(),
            algorithm=None if hasher is None else hasher.name,
        )

    def download_all(
        self,
        job: JobSpec,
        build: BuildSpec,
        dest: str | PathLike[str],
        *,
        extract: bool = False,
        progress: ProgressCallback | None = None,
        hash: str | HashLike | None = None,
    ) -> DownloadedFile:
        """Download every artifact as one zip (``artifact/*zip*/archive.zip``) into ``dest``.

        The zip is saved atomically as ``dest/archive.zip``. With ``extract`` its entries are
        then written below ``dest`` (the ``archive/`` folder Jenkins puts them in is dropped)
        and the zip is removed; the result then names ``dest`` and the bytes extracted.

        Raises:
            UnsafePath: with ``extract``, an entry would land outside ``dest`` (zip slip);
                every entry is checked before anything is extracted.
            NetworkError: the body broke off or was shorter than announced.
        """
        root = Path(dest)
        target = root / _ARCHIVE_NAME
        hasher = new_hash(hash)
        path = build_path(job, build) + "artifact/*zip*/" + _ARCHIVE_NAME
        with self._requester.stream(path) as stream:
            size = write_chunks(
                target,
                stream.iter_bytes(CHUNK_SIZE),
                expected=declared_length(stream.headers),
                progress=progress,
                hasher=hasher,
                url=stream.url,
            )
        digest = None if hasher is None else hasher.hexdigest()
        algorithm = None if hasher is None else hasher.name
        if not extract:
            return DownloadedFile(path=target, size=size, digest=digest, algorithm=algorithm)
        try:
            extracted = extract_zip(target, root)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(target)
        return DownloadedFile(path=root, size=extracted, digest=digest, algorithm=algorithm)


def extract_zip(archive: Path, dest: Path, *, strip_prefix: str | None = "archive") -> int:
    """Extract ``archive`` below ``dest`` with zip-slip protection; return the bytes written.

    Every entry name is checked first (no absolute paths, drives or ``..``; symlinks are
    refused), so a hostile zip writes nothing. Each file is written atomically. If every entry
    sits below the folder ``strip_prefix``, that folder level is dropped.

    Raises:
        UnsafePath: an entry would be written outside ``dest``, or is a symlink.
    """
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        names = [info.filename for info in infos]
        prefix = f"{strip_prefix}/" if strip_prefix else None
        strip = prefix is not None and bool(names) and all(n.startswith(prefix) for n in names)
        plan: list[tuple[zipfile.ZipInfo, Path]] = []
        for info in infos:
            name = info.filename[len(prefix) :] if strip and prefix else info.filename
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise UnsafePath(f"refusing to extract {info.filename!r}: it is a symlink")
            if info.is_dir() or not name:
                if name:
                    safe_join(dest, name.rstrip("/"))
                continue
            plan.append((info, safe_join(dest, name)))
        written = 0
        for info, target in plan:
            with zf.open(info) as source, atomic_writer(target) as sink:
                shutil.copyfileobj(source, sink, CHUNK_SIZE)
            written += info.file_size
        return written
