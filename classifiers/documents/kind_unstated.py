"""A provision on the path names a kind of item the document never states.

"Semiconductor" lasers, "neodymium-doped" lasers: per level, at most two count
(classifiers.documents.kinds).
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature, per_level

KIND_UNSTATED_PENALTY = 1.0


def _explain(row: PathRow) -> str:
    if row.get("kind_unstated"):
        return (
            f"{row['kind_unstated']} provision(s) on this path name a kind of item the document does not "
            f"state, first {row['kind_detail']}."
        )
    return "The document states the kind of item wherever this path's provisions qualify it."


FEATURE = ScoreFeature(
    "kind_unstated",
    pl.col("kind_unstated").cast(pl.Float64),
    per_level("kind_unstated", -KIND_UNSTATED_PENALTY),
    _explain,
)
