"""A provision on the path says what its item must be for or contain, and the document never says it.

"Specially designed for the disposal of improvised explosive devices", "containing vacuum
electronic devices": per level, at most two count (classifiers.documents.purposes).
"""

from __future__ import annotations

from classifiers.documents.feature import counted_feature

PURPOSE_UNSTATED_PENALTY = 1.0


FEATURE = counted_feature(
    "purpose_unstated",
    "purpose_unstated",
    -PURPOSE_UNSTATED_PENALTY,
    (
        "{purpose_unstated} provision(s) on this path say what the item must be for or contain, and the "
        "document does not say it, first {purpose_detail}.",
        "The document states what the item is for or contains wherever this path requires it.",
    ),
)
