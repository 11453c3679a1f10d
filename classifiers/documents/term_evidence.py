"""The distinct terms matched along the provision path, the strongest counting most.

``evidence`` sums the distinct matched terms' ``weight * similarity`` along the path, the
i-th strongest counting ``DECAY**i``, so many weak words do not add up to a strong one
(computed by classifiers.score).
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature

EVIDENCE_SLOPE = 3.0
DECAY = 0.75


def _explain(row: PathRow) -> str:
    return (
        f"{row['distinct_terms']} distinct term(s) of this provision path matched; sum of "
        f"weight x similarity, decayed by rank = {row['evidence']:.2f}."
    )


FEATURE = ScoreFeature("term_evidence", pl.col("evidence"), EVIDENCE_SLOPE * pl.col("evidence"), _explain)
