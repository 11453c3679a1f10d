"""One document's walk from path to decision, as the floors (packages) its calls enter in order.

    python -m tests.benchmarks.walk flows/examples/fibre_laser_manuscript.pdf

Prints the files entered, the number of climbs to a higher floor, and the floor sequence with
``types.py`` modules (records passed between floors) left out. After issue 13 it reads
``flows -> extractors -> flows -> extractors -> classifiers``: read, then analyse completely,
then classify the finished analysis; before, classification went back down to extractors and
itemlists twelve times.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

from flows.pipeline import make_context, screen_path
from tests.paths import ROOT

FLOORS = {"flows": 5, "reports": 4, "classifiers": 3, "itemlists": 2, "extractors": 1}


def calls(document: str | Path) -> list[str]:
    """The product files whose functions screening one document calls, in order (repeats collapsed)."""
    context = make_context()
    screen_path(document, context)  # warm: lazy imports and caches are not part of the walk
    seq: list[str] = []

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call":
            return
        try:
            rel = Path(frame.f_code.co_filename).resolve().relative_to(ROOT)
        except ValueError:
            return
        if rel.parts[0] in FLOORS and (not seq or seq[-1] != rel.as_posix()):
            seq.append(rel.as_posix())

    sys.setprofile(profile)
    try:
        screen_path(document, context)
    finally:
        sys.setprofile(None)
    return seq


def floors(seq: list[str]) -> list[str]:
    """The packages entered in order, consecutive repeats collapsed, type modules left out."""
    work = [s.split("/")[0] for s in seq if not s.endswith("types.py")]
    return [f for i, f in enumerate(work) if i == 0 or work[i - 1] != f]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    seq = calls(args[0] if args else ROOT / "flows" / "examples" / "fibre_laser_manuscript.pdf")
    levels = [FLOORS[s.split("/")[0]] for s in seq]
    climbs = sum(1 for a, b in zip(levels, levels[1:], strict=False) if b > a)
    print(f"{len(set(seq))} files, {climbs} climbs to a higher floor (returns from type modules included)")
    print("floors:", " -> ".join(floors(seq)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
