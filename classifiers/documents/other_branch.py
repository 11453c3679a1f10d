"""The document states a sibling branch's kind instead: the path describes another item.

"Continuous wave" where the path says "pulsed", or a residual "Other lasers" branch
(classifiers.documents.kinds).
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature

OTHER_BRANCH_PENALTY = 2.5


def _explain(row: PathRow) -> str:
    if row.get("other_branch"):
        return f"The document states the kind of item of a sibling provision instead of {row['kind_detail']}."
    return "No sibling provision fits the document better."


FEATURE = ScoreFeature(
    "other_branch",
    pl.col("other_branch").cast(pl.Float64),
    pl.when(pl.col("other_branch") > 0).then(pl.lit(-OTHER_BRANCH_PENALTY)).otherwise(pl.lit(0.0)),
    _explain,
)
