"""A provision on the path says what its item must be for or contain, and the document never says it.

"Specially designed for the disposal of improvised explosive devices", "containing vacuum
electronic devices": per level, at most two count (classifiers.documents.purposes).
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature, per_level

PURPOSE_UNSTATED_PENALTY = 1.0


def _explain(row: PathRow) -> str:
    if row.get("purpose_unstated"):
        return (
            f"{row['purpose_unstated']} provision(s) on this path say what the item must be for or contain, "
            f"and the document does not say it, first {row['purpose_detail']}."
        )
    return "The document states what the item is for or contains wherever this path requires it."


FEATURE = ScoreFeature(
    "purpose_unstated",
    pl.col("purpose_unstated").cast(pl.Float64),
    per_level("purpose_unstated", -PURPOSE_UNSTATED_PENALTY),
    _explain,
)
