"""A provision on the path names a kind of item the document never states.

"Semiconductor" lasers, "neodymium-doped" lasers: per level, at most two count
(classifiers.documents.kinds).
"""

from __future__ import annotations

from classifiers.documents.feature import counted_feature

KIND_UNSTATED_PENALTY = 1.0


FEATURE = counted_feature(
    "kind_unstated",
    "kind_unstated",
    -KIND_UNSTATED_PENALTY,
    (
        "{kind_unstated} provision(s) on this path name a kind of item the document does not state, "
        "first {kind_detail}.",
        "The document states the kind of item wherever this path's provisions qualify it.",
    ),
)
