"""Whether the document states the kind of item each provision on a path names, or a sibling's kind.

Sibling provisions often differ only in the words before their shared head noun
(6A005.a "Non-tunable continuous wave (CW) lasers", 6A005.b "Non-tunable pulsed lasers");
itemlists.derive.qualifiers reads each provision's distinctive qualifiers at install. Here they
are compared with the document's word keys (``Analysis.word_keys``), for the features
``kind_unstated`` and ``other_branch``.
"""

from __future__ import annotations

import polars as pl


def path_levels(targets: pl.DataFrame) -> pl.DataFrame:
    """(list, target, code) for every provision below the entry on each target's path."""
    rows: dict[str, list] = {"list": [], "target": [], "code": []}
    for list_id, target in targets.select("list", "target").unique().iter_rows():
        parts = target.split(".")
        for i in range(2, len(parts) + 1):
            rows["list"].append(list_id)
            rows["target"].append(target)
            rows["code"].append(".".join(parts[:i]))
    return pl.DataFrame(rows, schema={"list": pl.String, "target": pl.String, "code": pl.String})


def _stated(qualifiers: pl.DataFrame, document_keys: frozenset[str]) -> pl.DataFrame:
    """The qualifier table with, per provision, whether its kind is unstated or contradicted."""
    keys = sorted(document_keys)
    q = qualifiers.with_columns(
        pl.col("keys").list.eval(pl.element().is_in(keys)).list.any().fill_null(False).alias("present"),
        (pl.col("keys").list.len() > 0).alias("qualified"),
    )
    present = pl.col("present").cast(pl.Int32)
    q = q.with_columns(((present.sum().over("list", "parent") - present) > 0).alias("sibling_present"))
    unstated = pl.col("qualified") & ~pl.col("present")
    return q.with_columns(
        unstated.alias("unstated"),
        ((unstated | (pl.col("residual") & ~pl.col("present"))) & pl.col("sibling_present")).alias("contradicted"),
    )


def kind_support(targets: pl.DataFrame, qualifiers: pl.DataFrame, document_keys: frozenset[str]) -> pl.DataFrame:
    """Per (list, target): how many path levels' kinds the document leaves unstated or contradicts.

    ``kind_unstated``: levels with distinctive qualifiers none of which the document says.
    ``other_branch``: levels the document contradicts, i.e. unstated (or residual "Other ...")
    while a sibling's distinctive qualifier *is* said. ``kind_detail``: the first such
    level and its words, for the explanation.
    """
    levels = path_levels(targets).join(_stated(qualifiers, document_keys), on=["list", "code"], how="inner")
    flagged = levels.filter(pl.col("unstated") | pl.col("contradicted")).sort("code")
    detail = (
        pl.when(pl.col("words").first().list.len() > 0)
        .then(pl.col("code").first() + ' "' + pl.col("words").first().list.join(" ") + '"')
        .otherwise(pl.col("code").first() + " (other items)")
    )
    return (
        levels.group_by("list", "target")
        .agg(pl.col("unstated").sum().alias("kind_unstated"), pl.col("contradicted").sum().alias("other_branch"))
        .join(flagged.group_by("list", "target").agg(detail.alias("kind_detail")), on=["list", "target"], how="left")
    )
