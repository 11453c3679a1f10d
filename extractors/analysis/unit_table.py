"""Unit conversions computed with pint once, when the table is built, and shipped as a table.

Importing pint and building its registry takes about half a second, more than reading a
10-page manuscript's text. :func:`extractors.analysis.units.to_si` therefore looks a canonical
unit up in ``extractors/analysis/data/unit_conversions.tsv`` first and asks pint (imported
then) only for a unit the table lacks; both give the same numbers (tested row by row against
pint). The table holds every unit the spelling tables name (``unit_spellings``), the units of
the bundled lists' thresholds, and every unit the benchmark and example documents write.
Rebuild it after changing the spelling tables or pint's version:

    python -m extractors.analysis.unit_table --shared ../shared
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

#: The shipped table: canonical unit, factor, offset, base unit, logarithmic (0/1).
TABLE_PATH = Path(__file__).parent / "data" / "unit_conversions.tsv"
_HEADER = ("unit", "factor", "offset", "si_unit", "logarithmic")


class Conversion(NamedTuple):
    """How to bring a canonical unit to its base: si = value * factor + offset.

    For a logarithmic unit (dBm, dBW) ``factor`` is the scale of its reference power in W:
    si = factor * 10 ** (value / 10), as pint computes it.
    """

    factor: float
    offset: float
    si_unit: str
    logarithmic: bool = False


@lru_cache(maxsize=1)
def shipped() -> dict[str, Conversion]:
    """The shipped table (empty when missing: every unit then goes to pint)."""
    try:
        text = TABLE_PATH.read_text(encoding="utf-8")
    except OSError:
        return {}
    rows = csv.reader(io.StringIO(text), delimiter="\t")
    next(rows, None)
    return {
        unit: Conversion(float(factor), float(offset), si_unit, logarithmic == "1")
        for unit, factor, offset, si_unit, logarithmic in rows
    }


def render(conversions: dict[str, Conversion]) -> str:
    """The table's text: one row per unit in sorted order, floats written exactly (repr)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(_HEADER)
    for unit in sorted(conversions):
        c = conversions[unit]
        writer.writerow((unit, repr(c.factor), repr(c.offset), c.si_unit, "1" if c.logarithmic else "0"))
    return out.getvalue()


def spelled_units() -> set[str]:
    """Every canonical unit the spelling tables name (symbols, words, special forms)."""
    from extractors.analysis.unit_spellings import SPECIAL, SYMBOLS, WORDS
    from extractors.analysis.units import _COUNT_UNITS, _PREFERRED, canonical_unit

    units = {canonical_unit(u) for u in [*SYMBOLS.values(), *WORDS.values(), *SPECIAL, *_PREFERRED]}
    return {u for u in units if u and u not in _COUNT_UNITS}


def threshold_units(itemlists_data: Path) -> set[str]:
    """The units of the bundled lists' thresholds."""
    import polars as pl

    units: set[str] = set()
    for path in sorted(itemlists_data.glob("*/*/thresholds.parquet")):
        units |= {u for u in pl.read_parquet(path, columns=["unit"])["unit"].unique().to_list() if u}
    return units


def _texts(shared: Path) -> Iterator[str]:
    """Benchmark, probe and example texts (their quantities' units)."""
    root = Path(__file__).resolve().parents[2]
    probes = sorted((root / "tests" / "fixtures" / "probe").glob("*.jsonl"))
    for path in [shared / "data" / "eval" / "dev.jsonl", *probes]:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                yield json.loads(line)["text"]
    from extractors import read_document
    from extractors.errors import ExtractionError

    files = sorted((root / "tests" / "benchmarks" / "inbox").glob("*/files/*"))
    for path in [*files, *sorted((root / "flows" / "examples").iterdir())]:
        try:
            yield read_document(path).text  # the text screening reads (LaTeX units spelled out)
        except ExtractionError:
            continue


def document_units(texts: Iterable[str]) -> set[str]:
    """The canonical units of the quantities found in ``texts`` (line by line)."""
    from extractors.analysis.quantities import find_quantities

    units: set[str] = set()
    for text in texts:
        for chunk in [*text.splitlines(), *text.split("\n\n")]:
            if any(ch.isdigit() for ch in chunk):
                units |= {q.unit for q in find_quantities(chunk) if q.unit}
                units |= {q.unit for q in find_quantities(chunk, threshold_context=True) if q.unit}
    return units


def build(units: Iterable[str]) -> dict[str, Conversion]:
    """The pint conversion of each unit pint can convert (counts and unknown units left out)."""
    from extractors.analysis.units import pint_conversion

    table: dict[str, Conversion] = {}
    for unit in sorted(set(units)):
        conversion = pint_conversion(unit)
        if conversion is not None:
            table[unit] = conversion
    return table


def main(argv: list[str] | None = None) -> int:
    """Rebuild the shipped table (its rows kept, new units added)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    units = spelled_units() | threshold_units(root / "itemlists" / "data") | document_units(_texts(args.shared))
    units |= set(shipped())  # rows are kept: a unit once seen stays
    table = build(units)
    TABLE_PATH.write_text(render(table), encoding="utf-8")
    print(f"{TABLE_PATH}: {len(table)} units", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
