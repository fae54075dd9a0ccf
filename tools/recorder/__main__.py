"""``python -m tools.recorder [DIR] [--only AREA/NAME ...] [--list]`` (``make record``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.recorder import SCENARIOS, record, select

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point (``make record``)."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.recorder",
        description="Regenerate the recordings from scripted scenarios against the emulator.",
    )
    parser.add_argument("root", nargs="?", default="recordings", help="output directory")
    parser.add_argument(
        "--only", action="append", default=[], metavar="AREA[/NAME]", help="record only these"
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    if args.list:
        for item in SCENARIOS:
            print(f"{item.key:<28} {item.summary}")
        return 0
    root = Path(args.root)
    try:
        chosen = select(args.only)
    except ValueError as exc:
        parser.error(str(exc))
    for item in chosen:
        path = record(item, root).path
        size = path.stat().st_size
        print(f"recorded {item.key:<28} {size:>7,} bytes  {path}")
    return 0


# --- helpers used by the scenarios ----------------------------------------------------------------


if __name__ == "__main__":
    sys.exit(main())
