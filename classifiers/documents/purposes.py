"""Whether the document states what each provision on a path says its item must be for or contain.

itemlists.derive.purposes reads the clauses at install (1A006 "specially designed or modified
for the disposal of Improvised Explosive Devices"); here their words are compared with the
document's word keys (``Analysis.word_keys``), for the feature ``purpose_unstated``.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.kinds import kind_support, path_levels


def purpose_support(targets: pl.DataFrame, purposes: pl.DataFrame, document_keys: frozenset[str]) -> pl.DataFrame:
    """Per (list, target): purpose clauses on the path (entry included) the document never states.

    Columns ``purpose_unstated`` (count) and ``purpose_detail`` (the first such clause's
    provision and words, for the explanation).
    """
    entries = targets.select("list", "target", pl.col("target").str.split(".").list.first().alias("code"))
    levels = pl.concat([entries, path_levels(targets)]).unique()
    # A clause is stated when two of its words are (or its only word): "vehicles" alone does
    # not state "space launch vehicles".
    found = pl.col("keys").list.eval(pl.element().is_in(sorted(document_keys))).list.sum().fill_null(0)
    present = found >= pl.min_horizontal(pl.col("keys").list.len(), pl.lit(2))
    missing = levels.join(purposes, on=["list", "code"]).filter(~present).sort("code", "clause")
    return missing.group_by("list", "target").agg(
        pl.len().alias("purpose_unstated"),
        (pl.col("code").first() + ' "' + pl.col("words").first().list.join(" ") + '"').alias("purpose_detail"),
    )


def kind_and_purpose(
    targets: pl.DataFrame, qualifiers: pl.DataFrame, purposes: pl.DataFrame, document_keys: frozenset[str]
) -> pl.DataFrame:
    """Per (list, target): kinds unstated or contradicted, and purposes unstated (classifiers.score.path_support)."""
    kinds = kind_support(targets, qualifiers, document_keys)
    return kinds.join(
        purpose_support(targets, purposes, document_keys), on=["list", "target"], how="full", coalesce=True
    )
