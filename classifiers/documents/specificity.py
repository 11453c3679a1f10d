"""The strongest single term (weight x similarity); shown for the reviewer, already in term_evidence."""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature


def _explain(_row: PathRow) -> str:
    return "Strongest single term (weight x similarity); included in term_evidence."


FEATURE = ScoreFeature("specificity", pl.col("best_contrib"), pl.lit(0.0), _explain)
