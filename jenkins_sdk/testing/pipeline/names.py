"""Names the renderer and routes need without loading the interpreter: the classes of freestyle
build steps and publishers, and matrix configurations' names (matrix-project ``Combination``)."""

from __future__ import annotations

from typing import Any

SHELL = "hudson.tasks.Shell"
BATCH = "hudson.tasks.BatchFile"
ARCHIVER = "hudson.tasks.ArtifactArchiver"
JUNIT = "hudson.tasks.junit.JUnitResultArchiver"
TRIGGER = "hudson.tasks.BuildTrigger"
#: Build steps and publishers the emulator runs (others in config.xml are kept but ignored).
KNOWN = (SHELL, BATCH, ARCHIVER, JUNIT, TRIGGER)


def combination_name(combo: dict[str, str]) -> str:
    """``Combination.toString``: ``a=1,b=x`` (sorted by axis name); ``default`` when empty."""
    return ",".join(f"{k}={v}" for k, v in combo.items()) or "default"


def compact_name(job: Any, combo: dict[str, str]) -> str:
    """``Combination.toCompactString``: values only, ``name=`` where values collide."""
    owners: dict[str, list[str]] = {}
    for name, values in job.axes:
        for value in values:
            owners.setdefault(value, []).append(name)
    clash = {n for names in owners.values() if len(names) > 1 for n in names}
    return ",".join(f"{k}={v}" if k in clash else v for k, v in combo.items()) or "default"
