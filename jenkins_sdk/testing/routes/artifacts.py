"""Archived artifacts: ``artifact/<path>`` and ``artifact/[dir/]*zip*/name.zip``
(``hudson.model.DirectoryBrowserSupport``)."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.model import ArtifactSpec
from jenkins_sdk.testing.routes.common import Ctx, not_found
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Build


@lru_cache(maxsize=32)
def _block(seed: str) -> bytes:
    unit = hashlib.sha256(seed.encode()).digest()
    return (unit * (65536 // len(unit) + 1))[:65536]


def artifact_bytes(spec: ArtifactSpec, seed: str, start: int = 0) -> Iterator[bytes]:
    """The artifact's content in 256 KiB chunks (generated from ``seed`` when not literal)."""
    if spec.content is not None:
        yield spec.content[start:]
        return
    block = _block(seed + spec.path) * 4
    size = spec.size or 0
    pos = start
    while pos < size:
        offset = pos % len(block)
        piece = block[offset : offset + min(len(block) - offset, size - pos)]
        yield piece
        pos += len(piece)


class _Sink:
    """A write-only, unseekable file for ``zipfile`` that hands out what was written."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.pos = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        self.pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self.pos

    def seek(self, *args: Any) -> int:
        raise OSError("unseekable")

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def zip_stream(specs: list[ArtifactSpec], seed: str) -> Iterator[bytes]:
    """A zip of ``specs`` produced incrementally (stored, zip64 for big files)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, True) as zf:  # type: ignore[call-overload]
        for spec in specs:
            info = zipfile.ZipInfo("archive/" + spec.path, date_time=(2026, 1, 1, 0, 0, 0))
            info.file_size = spec.length
            with zf.open(info, "w", force_zip64=spec.length > (1 << 31)) as out:
                for chunk in artifact_bytes(spec, seed):
                    out.write(chunk)
                    if sink.size >= 262144:
                        yield sink.take()
            yield sink.take()
    yield sink.take()


def artifact(ctx: Ctx, build: Build, segs: list[str]) -> Response:
    """``artifact/<relativePath>`` and ``artifact/[dir/]*zip*/name.zip``."""
    if build.building:
        return not_found()
    names = [unquote(s) for s in segs if s]
    seed = f"{ctx.state.seed}:{build.job.full_name}:{build.number}:"
    if "*zip*" in names:
        prefix = "/".join(names[: names.index("*zip*")])
        chosen = [
            a for a in build.artifacts if not prefix or a.path.startswith(prefix.rstrip("/") + "/")
        ]
        if not chosen:
            return not_found()
        return Response(200, b"", "application/zip", stream=zip_stream(chosen, seed))
    path = "/".join(names)
    spec = next((a for a in build.artifacts if a.path == path), None)
    if spec is None:
        return not_found()
    return Response(
        200,
        b"",
        "application/octet-stream",
        stream=artifact_bytes(spec, seed),
        length=spec.length,
    )


BUILD_ACTIONS = {"artifact": artifact}
