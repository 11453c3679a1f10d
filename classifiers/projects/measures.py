"""The measures table (classifiers/data/measures.tsv): suggested measures per area rule, in English and Norwegian."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from classifiers.projects.types import Measure

MEASURES_FILE = Path(__file__).parents[1] / "data" / "measures.tsv"


@lru_cache(maxsize=1)
def measures_table() -> tuple[Measure, ...]:
    """Every measure, in the table's order."""
    with MEASURES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return tuple(Measure(r["id"], r["who"], r["en"], r["nb"]) for r in rows)


def measures_for(ids: Iterable[str]) -> tuple[Measure, ...]:
    """The measures named by ``ids``, in the table's order; an unknown id is a programming error."""
    wanted = set(ids)
    known = {m.id for m in measures_table()}
    if wanted - known:
        raise KeyError(f"measures {sorted(wanted - known)} are not in {MEASURES_FILE}")
    return tuple(m for m in measures_table() if m.id in wanted)
