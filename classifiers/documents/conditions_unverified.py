"""The path has conditions and the document gives none of the quantities they measure.

Conditions are numbers, sub-items or another entry's specification. The item may be
controlled, but nothing in the text shows it: such a path can still flag on strong wording;
it ranks below one whose numbers were checked.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, yes_no_feature

UNVERIFIED_PENALTY = 1.0


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    unverified = (
        (pl.col("thr_met") + pl.col("thr_missed") == 0)
        & ((pl.col("thr_unstated") > 0) | pl.col("target").is_in(sorted(context.conditional)))
        & ~pl.col("chemical_named")
    )
    return (unverified.alias("unverified"),)


FEATURE = yes_no_feature(
    "conditions_unverified",
    "unverified",
    -UNVERIFIED_PENALTY,
    (
        "The provision has conditions (numbers, sub-items or another entry's specification) and the "
        "document states none of the quantities they measure.",
        "Conditions compared with the document's quantities, or the provision has none.",
    ),
    _derive,
)
