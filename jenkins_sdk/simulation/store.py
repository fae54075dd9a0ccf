"""Simulation: a recording file in memory — load, save, find-and-consume, append, under one lock.

Replay order: interactions with the same key are served first-in, first-out (queue polling and
growing console logs replay as the sequence that was recorded). When every response for a key has
been served, ``on_exhausted`` decides: ``"repeat_last"`` (the default) serves the last one again,
``"raise"`` raises :class:`~jenkins_sdk.errors.SimulationMiss`.

Saving writes a temporary file in the same directory, fsyncs it and renames it over the target
(``os.replace``), so a crash mid-save leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import os
import tempfile
import threading
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from jenkins_sdk._version import __version__
from jenkins_sdk.errors import SimulationCorrupted, SimulationMiss
from jenkins_sdk.simulation.format import Interaction, dumps, from_document, to_document
from jenkins_sdk.simulation.key import DEFAULT_MATCHERS, Matcher, Signature, mismatches

__all__ = ["ON_EXHAUSTED", "OnExhausted", "Recording"]

OnExhausted = Literal["repeat_last", "raise"]
ON_EXHAUSTED: tuple[OnExhausted, ...] = ("repeat_last", "raise")
_NEAREST = 3


class _Slot:
    """The interactions recorded under one key, and how many have been served."""

    __slots__ = ("interactions", "served")

    def __init__(self) -> None:
        self.interactions: list[Interaction] = []
        self.served = 0


class Recording:
    """The interactions of one recording file, safe to use from many threads at once.

    Args:
        path: the file this recording is loaded from and saved to.
        on_exhausted: what :meth:`take` does once every response for a key was served.
        meta: extra provenance for the ``meta`` block (e.g. ``made_by``, ``date``).
        matchers: the functions explaining a miss (see :mod:`jenkins_sdk.simulation.key`).
        sensitive: extra parameter names whose values are secret (``sensitive_params``): their
            values in response bodies are scrubbed on save, like the policy's own names.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        on_exhausted: OnExhausted = "repeat_last",
        meta: Mapping[str, Any] | None = None,
        matchers: Iterable[Matcher] = DEFAULT_MATCHERS,
        sensitive: Collection[str] = (),
    ) -> None:
        if on_exhausted not in ON_EXHAUSTED:
            valid = ", ".join(ON_EXHAUSTED)
            raise ValueError(f"unknown on_exhausted {on_exhausted!r}; valid values are: {valid}")
        self.path = Path(path)
        self.on_exhausted: OnExhausted = on_exhausted
        self.meta: dict[str, Any] = dict(meta or {})
        self.matchers = tuple(matchers)
        self.sensitive = tuple(sensitive)
        self._lock = threading.Lock()
        self._interactions: list[Interaction] = []
        self._slots: dict[str, _Slot] = {}

    # --- loading and saving ---------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        on_exhausted: OnExhausted = "repeat_last",
        matchers: Iterable[Matcher] = DEFAULT_MATCHERS,
    ) -> Recording:
        """Read a recording file.

        Raises:
            SimulationCorrupted: the file is missing, unreadable, corrupt, truncated or of an
                unknown format version (the message names the file).
        """
        target = Path(path)
        try:
            text = target.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise SimulationCorrupted(f"recording {target} does not exist") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise SimulationCorrupted(f"recording {target} cannot be read: {exc}") from exc
        meta, interactions = from_document(str(target), text)
        recording = cls(target, on_exhausted=on_exhausted, meta=meta, matchers=matchers)
        for interaction in interactions:
            recording._add(interaction)
        return recording

    def document(self) -> dict[str, Any]:
        """Return the scrubbed JSON document for this recording (what :meth:`save` writes)."""
        with self._lock:
            interactions = list(self._interactions)
            meta = dict(self.meta)
        meta.setdefault("sdk_version", __version__)
        meta.setdefault("date", _dt.datetime.now(_dt.timezone.utc).date().isoformat())
        meta.setdefault("made_by", "recorded by jenkins_sdk.simulation.SimulationAdapter")
        if "jenkins_version" not in meta:
            meta["jenkins_version"] = next(
                (
                    value
                    for item in interactions
                    for name, value in item.response.headers
                    if name == "X-Jenkins"
                ),
                None,
            )
        return to_document(interactions, meta, sensitive=self.sensitive)

    def save(self) -> None:
        """Write the recording atomically (temp file in the same directory, fsync, rename)."""
        text = dumps(self.document())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; recordings are meant to be committed
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(self.path.parent)

    # --- recording and replaying ----------------------------------------------------------------

    def _add(self, interaction: Interaction) -> None:
        self._interactions.append(interaction)
        slot = self._slots.get(interaction.request.key)
        if slot is None:
            slot = self._slots[interaction.request.key] = _Slot()
        slot.interactions.append(interaction)

    def append(self, interaction: Interaction) -> None:
        """Add a recorded exchange (thread-safe)."""
        with self._lock:
            self._add(interaction)

    def __len__(self) -> int:
        with self._lock:
            return len(self._interactions)

    @property
    def interactions(self) -> list[Interaction]:
        """A snapshot of the interactions in recorded order."""
        with self._lock:
            return list(self._interactions)

    def rewind(self) -> None:
        """Serve every key from its first response again."""
        with self._lock:
            for slot in self._slots.values():
                slot.served = 0

    def take(self, request: Signature) -> Interaction:
        """Return the next recorded response for ``request`` (thread-safe, FIFO per key).

        Raises:
            SimulationMiss: nothing matches, or every response for the key has been served and
                ``on_exhausted`` is ``"raise"``.
        """
        with self._lock:
            slot = self._slots.get(request.key)
            if slot is not None:
                if slot.served < len(slot.interactions):
                    slot.served += 1
                    return slot.interactions[slot.served - 1]
                if self.on_exhausted == "repeat_last":
                    return slot.interactions[-1]
                count = len(slot.interactions)
                raise SimulationMiss(
                    f"all {count} recorded response(s) for this request in {self.path} were "
                    "already served (on_exhausted='raise'; use 'repeat_last' to repeat the last)",
                    method=request.method,
                    url=request.describe().partition(" ")[2],
                )
            candidates = [slot.interactions[0].request for slot in self._slots.values()]
        raise SimulationMiss(
            self._miss_message(request, candidates),
            method=request.method,
            url=request.describe().partition(" ")[2],
        )

    def _miss_message(self, request: Signature, candidates: list[Signature]) -> str:
        wanted = request.describe()

        def closeness(pair: tuple[list[str], Signature]) -> tuple[int, float, str]:
            # Fewest failing matchers first, then the most similar request line.
            text = pair[1].describe()
            return (len(pair[0]), -difflib.SequenceMatcher(None, text, wanted).ratio(), text)

        scored = sorted(
            ((mismatches(c, request, self.matchers), c) for c in candidates), key=closeness
        )
        lines = [
            f"no recorded response matches in {self.path} (mode replay, {len(candidates)} "
            "distinct request(s) recorded)"
        ]
        if scored:
            lines.append("nearest recorded requests:")
            for reasons, candidate in scored[:_NEAREST]:
                lines.append(f"  {candidate.describe()}: {'; '.join(reasons)}")
        return "\n".join(lines)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
