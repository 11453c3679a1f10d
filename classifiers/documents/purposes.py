"""Whether the document states what each provision on a path says its item must be for or contain.

itemlists.derive.purposes reads the clauses at install (1A006 "specially designed or modified
for the disposal of Improvised Explosive Devices"); here their words are compared with the
document's words (``Analysis.words``; classifiers.documents.wording.same_word), for the feature
``purpose_unstated``.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.kinds import kind_support, path_levels
from classifiers.documents.wording import stated_words


def purpose_support(targets: pl.DataFrame, purposes: pl.DataFrame, document_words: frozenset[str]) -> pl.DataFrame:
    """Per (list, target): purpose clauses on the path (entry included) the document never states.

    Columns ``purpose_unstated`` (count) and ``purpose_detail`` (the first such clause's
    provision and words, for the explanation).
    """
    entries = targets.select("list", "target", pl.col("target").str.split(".").list.first().alias("code"))
    levels = pl.concat([entries, path_levels(targets)]).unique()
    # A clause is stated when two of its words are (or its only word): "vehicles" alone does
    # not state "space launch vehicles".
    clauses = levels.join(purposes, on=["list", "code"])
    said = stated_words(clauses["words"].explode().drop_nulls().unique().to_list(), document_words)
    found = (
        pl.col("words").list.eval(pl.element().replace_strict(said, default=False, return_dtype=pl.Boolean)).list.sum()
    )
    present = found.fill_null(0) >= pl.min_horizontal(pl.col("keys").list.len(), pl.lit(2))
    missing = clauses.filter(~present).sort("code", "clause")
    return missing.group_by("list", "target").agg(
        pl.len().alias("purpose_unstated"),
        (pl.col("code").first() + ' "' + pl.col("words").first().list.join(" ") + '"').alias("purpose_detail"),
    )


def kind_and_purpose(
    targets: pl.DataFrame, qualifiers: pl.DataFrame, purposes: pl.DataFrame, document_words: frozenset[str]
) -> pl.DataFrame:
    """Per (list, target): kinds unstated or contradicted, and purposes unstated (classifiers.score.path_support)."""
    kinds = kind_support(targets, qualifiers, document_words)
    return kinds.join(
        purpose_support(targets, purposes, document_words), on=["list", "target"], how="full", coalesce=True
    )
