"""Whether the document names the most specific item on the path (1), only its head noun (0.5), or neither.

The link between text and entry must be close and clear: "weapon systems" (2 of 3 words)
does not name "weapon control systems", it names its head noun only.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature

NO_ITEM_PENALTY = 1.5
#: A match names a provision's item only at this similarity or above (exact, fuzzy, variant,
#: derivational, or a partial match keeping most of its words).
NAMING_SIMILARITY = 0.75


def _explain(row: PathRow) -> str:
    level = row.get("item_level") or "this path"
    if row["item_named"]:
        return f"The document names the item of {level}."
    return f"The item of {level} (its head noun phrase) is not named."


FEATURE = ScoreFeature("item_named", pl.col("item_grade"), -NO_ITEM_PENALTY * (1.0 - pl.col("item_grade")), _explain)
