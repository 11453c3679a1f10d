"""Numeric conditions on the path met by quantities in the document (at most two count)."""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature, per_level

THRESHOLD_MET_BONUS = 1.2


def _explain(row: PathRow) -> str:
    return f"{row['thr_met']} numeric condition(s) on this path met by quantities in the document."


FEATURE = ScoreFeature(
    "thresholds_met", pl.col("thr_met").cast(pl.Float64), per_level("thr_met", THRESHOLD_MET_BONUS), _explain
)
