"""Terms matched only in negated context ("we do not use a laser"): shown, they count for nothing."""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature


def _explain(row: PathRow) -> str:
    return f"{row['negated_terms']} term(s) matched only in negated context and were ignored."


FEATURE = ScoreFeature("negated_mentions", pl.col("negated_terms").cast(pl.Float64), pl.lit(0.0), _explain)
