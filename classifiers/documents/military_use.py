"""List I items are controlled when "specially designed or modified for military use".

A military-use context in the document (classifiers.documents.military) adds to a List I
path; its absence takes away. Not from a substance List I names with its CAS number (ML8's
explosives, ML7's agents): the list names the substance itself, not an item designed for
military use, so FOX-7 is listed whatever the paper it is made in.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.chemical_named import named_chemical
from classifiers.documents.feature import PathContext, PathRow, ScoreFeature

MILITARY_BONUS = 1.2
NO_MILITARY_PENALTY = 0.8


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    adjust = {None: 0.0, True: MILITARY_BONUS, False: -NO_MILITARY_PENALTY}[context.military]
    judged = (pl.col("list") == "I") & ~(named_chemical(context) & (pl.lit(adjust) < 0))
    on_list_one = pl.when(judged).then(pl.lit(adjust)).otherwise(pl.lit(0.0))
    return (on_list_one.alias("military_adjust"),)


def _explain(row: PathRow) -> str:
    adjust = row.get("military_adjust") or 0.0
    if adjust > 0:
        return "List I: military-use context in the document."
    return "List I: no military-use context in the document." if adjust else "Not a List I path."


FEATURE = ScoreFeature("military_use", pl.col("military_adjust"), pl.col("military_adjust"), _explain, _derive)
