"""A provision with no conditions is controlled whenever its item is: naming the item is enough.

Naming it with a specific term (head weight x similarity >= 0.6) is then strong evidence on
its own. On List I, in a document with a military-use context, naming the item at all is:
"missiles specially designed for military use" are common words made specific by that
context. Calibrated on the development set: 1.0 left a scramjet paper at 0.56; 1.5 flagged a
near-miss; 1.25 flags the first and none of the near-misses (a thin margin: see README).
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, PathRow, ScoreFeature, flag

UNCONDITIONAL_ITEM_BONUS = 1.25
#: The strongest head term (weight x similarity) that names an item "specifically".
SPECIFIC_HEAD = 0.6


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    no_conditions = (pl.col("thr_met") + pl.col("thr_missed") + pl.col("thr_unstated")) == 0
    unconditional = (
        no_conditions
        & (pl.col("item_grade") >= 1.0)
        & ((pl.col("head_contrib") >= SPECIFIC_HEAD) | (pl.col("military_adjust") > 0))
        & ~pl.col("target").is_in(sorted(context.conditional))
    )
    return (unconditional.alias("unconditional_item"),)


def _explain(row: PathRow) -> str:
    if row.get("unconditional_item") and row.get("reference_met"):
        return (
            f"The item is named, and the entries it is specified by or for ({row['reference_met']}) are "
            "flagged in this document."
        )
    if row.get("unconditional_item"):
        return "The provision has no numeric conditions and its item is named with a specific term."
    return "Not applicable (conditions to check, or the item is not named specifically)."


FEATURE = ScoreFeature(
    "unconditional_item",
    pl.col("unconditional_item").cast(pl.Float64),
    flag("unconditional_item", UNCONDITIONAL_ITEM_BONUS),
    _explain,
    _derive,
)
