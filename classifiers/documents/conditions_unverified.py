"""The path has conditions and the document gives none of the quantities they measure.

Conditions are numbers, sub-items or another entry's specification. The item may be
controlled, but nothing in the text shows it: such a path can still flag on strong wording;
it ranks below one whose numbers were checked.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, PathRow, ScoreFeature, flag

UNVERIFIED_PENALTY = 1.0


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    unverified = (
        (pl.col("thr_met") + pl.col("thr_missed") == 0)
        & ((pl.col("thr_unstated") > 0) | pl.col("target").is_in(sorted(context.conditional)))
        & ~pl.col("chemical_named")
    )
    return (unverified.alias("unverified"),)


def _explain(row: PathRow) -> str:
    if row.get("unverified"):
        return (
            "The provision has conditions (numbers, sub-items or another entry's specification) and the "
            "document states none of the quantities they measure."
        )
    return "Conditions compared with the document's quantities, or the provision has none."


FEATURE = ScoreFeature(
    "conditions_unverified",
    pl.col("unverified").cast(pl.Float64),
    flag("unverified", -UNVERIFIED_PENALTY),
    _explain,
    _derive,
)
