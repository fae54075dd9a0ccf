"""Print the requirements of a PEP 735 dependency group of pyproject.toml, one per line.

For pips older than 25.1 (no ``--group``): ``pip install $(python .ci/groups.py dev)``.
``--floors`` prints the runtime dependencies pinned at their lower bounds instead
(``requests==2.32.2``), the constraints of the lowest-versions test run. Needs Python >= 3.11.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def requirements(
    groups: dict[str, list[Any]], name: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """The group's requirement strings, ``include-group`` entries expanded (no cycles)."""
    if name in seen:
        raise SystemExit(f"dependency group cycle through {name!r}")
    out: list[str] = []
    for entry in groups[name]:
        if isinstance(entry, str):
            out.append(entry)
        else:
            out += requirements(groups, entry["include-group"], seen | {name})
    return list(dict.fromkeys(out))


def floors(dependencies: list[str]) -> list[str]:
    """``name==lowest`` for each ``name>=lowest,...`` runtime dependency (markers dropped)."""
    out: list[str] = []
    for dependency in dependencies:
        spec = dependency.split(";", 1)[0].replace(" ", "")
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?>=([^,]+)(?:,.*)?", spec)
        if found is None:
            raise SystemExit(
                f"no lower bound in {dependency!r}: every runtime dependency needs one"
            )
        out.append(f"{found.group(1)}=={found.group(2)}")
    return out


def main(argv: list[str]) -> int:
    """Print the requirements of every group named on the command line (or ``--floors``)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    if argv == ["--floors"]:
        print("\n".join(floors(project["project"]["dependencies"])))
        return 0
    groups = project["dependency-groups"]
    for name in argv:
        print("\n".join(requirements(groups, name)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
