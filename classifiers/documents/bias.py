"""The score's starting point: with no evidence at all a path scores about 0.05."""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature

BIAS = -3.0


def _explain(_row: PathRow) -> str:
    return "Starting point of the logistic score (no evidence: about 0.05)."


FEATURE = ScoreFeature("bias", pl.lit(1.0), pl.lit(BIAS), _explain)
