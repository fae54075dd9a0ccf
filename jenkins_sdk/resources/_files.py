"""Operations (console, artifacts): the one path every file the SDK writes goes through.

* Destinations: :func:`safe_join` keeps a relative path (an artifact's ``relativePath``, a zip
  entry) inside its root; :func:`download_target` says where ``artifacts.download`` puts a file.
* Whole or nothing: :func:`atomic_writer` writes a temporary file beside the target and renames
  it into place; :func:`staged_directory` fills a temporary directory beside the destination and
  moves its contents into place only once everything in it is good. On any failure both remove
  what they created (the temporary file or directory, and the parent directories they made),
  so nothing half-written is left.
* Modes: files are created with ``0o666`` filtered by the process umask (like ``open()``), not
  ``mkstemp``'s ``0o600``.
* Errors: a failure of the local file system (permission denied, disk full, a file where a
  directory is needed) is a :class:`~jenkins_sdk.errors.LocalFileError`, never a bare
  ``OSError``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path, PurePosixPath
from typing import IO, Protocol, TypeAlias

import attrs

from jenkins_sdk._http.parse import header_int
from jenkins_sdk.errors import JenkinsError, LocalFileError, NetworkError, UnsafePath

__all__ = [
    "DownloadedFile",
    "FileParam",
    "HashLike",
    "ProgressCallback",
    "Stage",
    "atomic_writer",
    "declared_length",
    "download_target",
    "new_hash",
    "open_file_params",
    "plain_parts",
    "safe_join",
    "staged_directory",
    "write_chunks",
]

#: Called after each chunk with ``(bytes_written_so_far, total_bytes_or_None)``.
ProgressCallback = Callable[[int, "int | None"], None]

_DRIVE = re.compile(r"^[A-Za-z]:")
_FILE_MODE = 0o666  # filtered by the umask at creation, as open() does
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


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


# --- destinations -------------------------------------------------------------------------------


def plain_parts(relative: str) -> tuple[str, ...]:
    """The segments of a plain relative path (``/`` or ``\\`` separated, ``.`` dropped).

    Raises:
        UnsafePath: the path is empty, absolute, has a drive, a NUL, or a ``..`` segment.
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
    kept = tuple(part for part in parts if part != ".")
    if not kept:
        raise UnsafePath(f"refusing to write {relative!r}: it names the destination itself")
    return kept


def safe_join(root: Path, relative: str) -> Path:
    """Return ``root / relative`` after checking that it stays inside ``root``.

    ``relative`` uses ``/`` separators (as Jenkins' ``relativePath`` and zip entry names do).

    Raises:
        UnsafePath: the path is not plain (see :func:`plain_parts`), or climbs out of ``root``
            through a symlink already inside it.
    """
    target = root.joinpath(*plain_parts(relative))
    real_root = os.path.realpath(root)
    real_target = os.path.realpath(target)
    if os.path.commonpath([real_root, real_target]) != real_root or real_target == real_root:
        raise UnsafePath(f"refusing to write {relative!r}: it resolves outside {str(root)!r}")
    return target


def download_target(dest: str | os.PathLike[str], relative: str, *, keep_tree: bool) -> Path:
    """Where a downloaded artifact goes (the rule ``artifacts.download`` documents).

    ``keep_tree``: ``dest / relative`` (``dest`` a directory). Otherwise a ``dest`` that is an
    existing directory, or is written with a trailing ``/``, receives the file under its own
    name; any other ``dest`` is the file's path. ``relative`` is checked in every case (it also
    forms the request URL).

    Raises:
        UnsafePath: ``relative`` is not a plain relative path, or escapes ``dest``.
    """
    parts = plain_parts(relative)
    text = os.fspath(dest)
    root = Path(text)
    if keep_tree:
        return safe_join(root, relative)
    if root.is_dir() or text.endswith(("/", os.sep)):
        return safe_join(root, parts[-1])
    return root


# --- writing ------------------------------------------------------------------------------------


def _local_error(exc: OSError, doing: str) -> LocalFileError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return LocalFileError(f"cannot {doing}: {reason}")


def _make_parents(directory: Path) -> list[Path]:
    """Create ``directory`` and its missing ancestors; return the ones created, outermost first."""
    missing: list[Path] = []
    current = directory
    while not current.is_dir():
        if current.exists() or current.is_symlink():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(current))
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # another thread made it: not ours to remove
        made.append(path)
    return made


def _remove_dirs(made: list[Path]) -> None:
    """Remove directories this call created, innermost first, if they are empty."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir()


def _open_beside(target: Path, suffix: str) -> tuple[Path, IO[bytes]]:
    """A new file ``.<name>.<random><suffix>`` beside ``target``, created with the umask's mode."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")
        try:
            fd = os.open(tmp, _OPEN_FLAGS, _FILE_MODE)
        except FileExistsError:
            continue
        return tmp, os.fdopen(fd, "wb")
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``target``; on success rename it into place.

    Missing parent directories are created. On any exception the temporary file and the
    directories this call created are removed, so an interrupted write never leaves a partial
    file at ``target`` (nor a stray temporary one, nor an empty directory); a previous file at
    ``target`` stays as it was.

    Raises:
        LocalFileError: the file system refused (its ``OSError`` is the ``__cause__``).
    """
    made: list[Path] = []
    tmp: Path | None = None
    try:
        made = _make_parents(target.parent)
        tmp, handle = _open_beside(target, ".part")
        with handle:
            yield handle
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _remove_dirs(made)
        if isinstance(exc, OSError) and not isinstance(exc, JenkinsError):
            raise _local_error(exc, f"write {str(target)!r}") from exc
        raise


@attrs.frozen
class Stage:
    """A staging directory: ``tree`` is moved into the destination, ``scratch`` is thrown away."""

    tree: Path
    scratch: Path


@contextlib.contextmanager
def staged_directory(dest: Path) -> Iterator[Stage]:
    """Yield a :class:`Stage` beside ``dest``; on success move ``stage.tree``'s contents in.

    Everything is written into the staging directory first. Only when the ``with`` block ends
    without an exception are the entries of ``tree`` moved into ``dest`` (renames; files replace
    files of the same name, directories are merged; one rename when ``dest`` is new). A conflict
    with what ``dest`` already holds (a file where a directory goes, or the reverse, or a symlink
    leading out of ``dest``) is found before anything moves. The staging directory is always
    removed; on failure so are the parent directories this call created.

    Raises:
        LocalFileError: the file system refused, or ``dest`` holds a file where the staged tree
            has a directory (or the reverse).
        UnsafePath: a staged entry would land outside ``dest`` through a symlink inside it.
    """
    made: list[Path] = []
    root: Path | None = None
    try:
        made = _make_parents(dest.parent)
        if dest.exists() and not dest.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(dest))
        root = _new_stage(dest)
        stage = Stage(tree=root / "tree", scratch=root / "scratch")
        stage.tree.mkdir()
        stage.scratch.mkdir()
        yield stage
        _merge(stage.tree, dest)
    except BaseException as exc:
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)
        _remove_dirs(made)
        if isinstance(exc, OSError) and not isinstance(exc, JenkinsError):
            raise _local_error(exc, f"write below {str(dest)!r}") from exc
        raise
    shutil.rmtree(root, ignore_errors=True)


def _new_stage(dest: Path) -> Path:
    for _ in range(100):
        stage = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.part")
        try:
            stage.mkdir()
        except FileExistsError:
            continue
        return stage
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(dest.parent))


def _merge(tree: Path, dest: Path) -> None:
    """Move the staged tree into ``dest``: one rename when ``dest`` is new, else file by file."""
    if not dest.exists():
        os.rename(tree, dest)
        return
    moves: list[tuple[Path, Path]] = []
    _plan(tree, dest, (), moves)
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def _plan(source: Path, dest: Path, parts: tuple[str, ...], moves: list[tuple[Path, Path]]) -> None:
    """Check the staged tree against ``dest`` and list the file renames."""
    for entry in sorted(source.iterdir()):
        here = (*parts, entry.name)
        there = safe_join(dest, "/".join(here))
        if entry.is_dir():
            if there.exists() and not there.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "a file is in the way", str(there))
            _plan(entry, dest, here, moves)
        elif there.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a directory is in the way", str(there))
        else:
            moves.append((entry, there))


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
        LocalFileError: the file could not be written.
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
