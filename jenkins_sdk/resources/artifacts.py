"""Operations (artifacts): list a build's archived files and download them safely."""

from __future__ import annotations

import builtins
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from jenkins_sdk.models import Artifact, structure, tree_of
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path
from jenkins_sdk.resources import _shapes
from jenkins_sdk.resources._archive import extract_into, extract_zip
from jenkins_sdk.resources._files import (
    DownloadedFile,
    HashLike,
    ProgressCallback,
    declared_length,
    download_target,
    new_hash,
    staged_directory,
    write_chunks,
)

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["ArtifactOperations", "extract_zip"]

#: Download chunk size: large enough that per-chunk overhead vanishes next to the I/O.
CHUNK_SIZE = 1024 * 1024
_ARCHIVE_NAME = "archive.zip"


def _relative_path(artifact: Artifact | str) -> str:
    return artifact if isinstance(artifact, str) else artifact.relative_path


def _result(target: Path, size: int, hasher: HashLike | None) -> DownloadedFile:
    return DownloadedFile(
        path=target,
        size=size,
        digest=None if hasher is None else hasher.hexdigest(),
        algorithm=None if hasher is None else hasher.name,
    )


class ArtifactOperations:
    """Archived artifacts of builds, reached as ``client.artifacts``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def list(self, job: JobSpec, build: BuildSpec) -> builtins.list[Artifact]:
        """Return the artifacts archived by a build (empty if none)."""
        data = self._requester.get_json(
            build_path(job, build) + "api/json", tree=f"artifacts[{tree_of(Artifact)}]"
        )
        items = _shapes.entries(data, "artifacts", "build JSON")
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
        keep_tree: bool = False,
    ) -> DownloadedFile:
        """Download one artifact to ``dest``.

        Where the file goes:

        * ``dest`` is an existing directory, or ends with ``/``: inside it, under the artifact's
          own file name (``out/`` → ``out/app.jar``; a missing directory is created);
        * otherwise ``dest`` is the file's path (``out/app.jar``; missing parent directories are
          created);
        * ``keep_tree=True``: ``dest`` is a directory (created if missing) and the file goes at
          its ``relativePath`` below it (``out/`` → ``out/target/app.jar``).

        The body is streamed in 1 MiB chunks to a temporary file beside the target, its length
        checked against ``Content-Length``, then renamed into place; the file gets the mode a
        new file gets from your umask. A failed download leaves nothing it created (no file,
        no directory) and a file it was replacing as it was.

        Args:
            job: the job.
            build: the build number or permalink.
            artifact: an :class:`Artifact` from :meth:`list`, or its ``relativePath``.
            dest: an existing directory, the file's path, or (``keep_tree``) the root directory.
            progress: called as ``progress(bytes_so_far, total_or_None)`` after each chunk.
            hash: a hash algorithm name (``"sha256"``) or a hashlib object; the hex digest is
                returned in ``DownloadedFile.digest``.
            keep_tree: keep the artifact's folders below ``dest``.

        Raises:
            UnsafePath: the relative path is absolute or climbs out (checked before any request
                is sent).
            NetworkError: the body broke off or was shorter than announced.
            LocalFileError: the file could not be written (e.g. ``keep_tree`` with a file as
                ``dest``, permission denied, disk full).
        """
        relative = _relative_path(artifact)
        target = download_target(dest, relative, keep_tree=keep_tree)
        url_path = "/".join(quote(part, safe="") for part in PurePosixPath(relative).parts)
        hasher = new_hash(hash)
        size = self._fetch(
            build_path(job, build) + "artifact/" + url_path, target, progress, hasher
        )
        return _result(target, size, hasher)

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

        The zip is saved atomically as ``dest/archive.zip`` (``dest`` is a directory, created if
        missing). With ``extract`` the zip is downloaded and extracted into a staging directory
        beside ``dest`` instead, and its entries (without the ``archive/`` folder Jenkins puts
        them in) are moved below ``dest`` only once every one was read whole; the result then
        names ``dest`` and the bytes extracted. Whole or nothing: on any failure ``dest`` is as
        it was.

        Raises:
            UnsafePath: with ``extract``, an entry would land outside ``dest`` (zip slip) or is a
                symlink; every entry is checked before anything is extracted.
            BadArchive: with ``extract``, the body is not a zip that can be extracted whole
                (truncated, CRC error, encrypted, duplicate or conflicting entries).
            NetworkError: the body broke off or was shorter than announced.
            LocalFileError: the files could not be written.
        """
        root = Path(dest)
        hasher = new_hash(hash)
        path = build_path(job, build) + "artifact/*zip*/" + _ARCHIVE_NAME
        if not extract:
            target = root / _ARCHIVE_NAME
            return _result(target, self._fetch(path, target, progress, hasher), hasher)
        with staged_directory(root) as stage:
            archive = stage.scratch / _ARCHIVE_NAME
            self._fetch(path, archive, progress, hasher)
            extracted = extract_into(archive, stage.tree)
        return _result(root, extracted, hasher)

    def _fetch(
        self, path: str, target: Path, progress: ProgressCallback | None, hasher: HashLike | None
    ) -> int:
        """Stream ``path`` into ``target`` atomically; the bytes written."""
        with self._requester.stream(path) as stream:
            return write_chunks(
                target,
                stream.iter_bytes(CHUNK_SIZE),
                expected=declared_length(stream.headers),
                progress=progress,
                hasher=hasher,
                url=stream.url,
            )
