"""Operations (console, artifacts): safe destination paths and atomic, streamed file writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path, PurePosixPath
from typing import IO, Protocol, TypeAlias

import attrs

from jenkins_sdk._http.parse import header_int
from jenkins_sdk.errors import NetworkError, UnsafePath

__all__ = [
    "DownloadedFile",
    "FileParam",
    "HashLike",
    "ProgressCallback",
    "atomic_writer",
    "declared_length",
    "new_hash",
    "open_file_params",
    "safe_join",
    "write_chunks",
]

#: Called after each chunk with ``(bytes_written_so_far, total_bytes_or_None)``.
ProgressCallback = Callable[[int, "int | None"], None]

_DRIVE = re.compile(r"^[A-Za-z]:")


class HashLike(Protocol):
    """The part of a :mod:`hashlib` object the downloads use."""

    @property
    def name(self) -> str:
        """The algorithm name, e.g. ``"sha256"``."""

    def update(self, data: bytes, /) -> None:
        """Feed more bytes."""

    def hexdigest(self) -> str:
        """Return the digest so far as hex."""


@attrs.frozen
class DownloadedFile:
    """A file written by a download; usable wherever a path is (``os.fspath(result)``).

    Attributes:
        path: where the file now is.
        size: the number of bytes written.
        digest: the hex digest, when a hash was asked for.
        algorithm: the hash algorithm name, when a hash was asked for.
    """

    path: Path
    size: int
    digest: str | None = None
    algorithm: str | None = None

    def __fspath__(self) -> str:
        """Return the file's path as a string."""
        return os.fspath(self.path)


def new_hash(spec: str | HashLike | None) -> HashLike | None:
    """Turn a hash argument (an algorithm name or a hashlib object) into a hash object."""
    if spec is None or not isinstance(spec, str):
        return spec
    try:
        return hashlib.new(spec)
    except ValueError as exc:
        raise ValueError(f"unknown hash algorithm {spec!r}") from exc


def safe_join(root: Path, relative: str) -> Path:
    """Return ``root / relative`` after checking that it stays inside ``root``.

    ``relative`` uses ``/`` separators (as Jenkins' ``relativePath`` and zip entry names do).

    Raises:
        UnsafePath: the path is empty, absolute, has a drive, or climbs out with ``..``
            (also through a symlink already inside ``root``).
    """
    text = relative.replace("\\", "/")
    parts = PurePosixPath(text).parts
    if (
        not text
        or text.startswith("/")
        or _DRIVE.match(text)
        or "\x00" in text
        or any(part in ("..", "") for part in parts)
    ):
        raise UnsafePath(f"refusing to write {relative!r}: not a plain relative path")
    parts = tuple(part for part in parts if part != ".")
    if not parts:
        raise UnsafePath(f"refusing to write {relative!r}: it names the destination itself")
    target = root.joinpath(*parts)
    real_root = os.path.realpath(root)
    real_target = os.path.realpath(target)
    if os.path.commonpath([real_root, real_target]) != real_root or real_target == real_root:
        raise UnsafePath(f"refusing to write {relative!r}: it resolves outside {str(root)!r}")
    return target


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``target``; on success rename it into place.

    On any exception the temporary file is removed, so an interrupted write never leaves a
    partial file at ``target`` (nor a stray temporary one).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def declared_length(headers: Mapping[str, str]) -> int | None:
    """Return the body length the server announced (``None`` if unknown or content-encoded)."""
    if headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None
    return header_int(headers.get("Content-Length"))


def write_chunks(
    target: Path,
    chunks: Iterable[bytes],
    *,
    expected: int | None = None,
    progress: ProgressCallback | None = None,
    hasher: HashLike | None = None,
    url: str | None = None,
) -> int:
    """Write ``chunks`` atomically to ``target`` and return the number of bytes written.

    Raises:
        NetworkError: fewer or more bytes arrived than ``expected`` (nothing is left at ``target``).
    """
    written = 0
    with atomic_writer(target) as handle:
        for chunk in chunks:
            if not chunk:
                continue
            handle.write(chunk)
            if hasher is not None:
                hasher.update(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, expected)
        if expected is not None and written != expected:
            raise NetworkError(
                f"download incomplete: got {written} of {expected} bytes", method="GET", url=url
            )
    return written


#: A file parameter: a path, raw bytes, an open binary file, or ``(filename, bytes | file)``.
FileParam: TypeAlias = str | os.PathLike[str] | bytes | IO[bytes] | tuple[str, bytes | IO[bytes]]


def open_file_params(
    stack: ExitStack, files: Mapping[str, FileParam]
) -> dict[str, tuple[str, bytes | IO[bytes]]]:
    """Open path-like file parameters of a trigger (closed by ``stack``) and name every part."""
    parts: dict[str, tuple[str, bytes | IO[bytes]]] = {}
    for name, spec in files.items():
        if isinstance(spec, tuple):
            parts[name] = spec
        elif isinstance(spec, bytes):
            parts[name] = (name, spec)
        elif isinstance(spec, (str, os.PathLike)):
            handle = stack.enter_context(open(spec, "rb"))  # noqa: SIM115 - closed by the stack
            parts[name] = (os.path.basename(os.fspath(spec)), handle)
        else:
            filename = os.path.basename(str(getattr(spec, "name", name)))
            parts[name] = (filename, spec)
    return parts
