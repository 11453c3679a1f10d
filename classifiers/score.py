"""From term matches to scored provisions: the evidence along one provision path.

An entry such as 3A001 has hundreds of sub-provisions; ordinary words scattered over unrelated
branches say nothing. So evidence is counted along a single path: a provision is credited
with the distinct terms matched on it or on its ancestors (a child inherits its parent's item
terms), and each entry is represented by its best-supported provision.

Score meaning (documented in the README): a logistic function of that evidence,

    z = BIAS + EVIDENCE_SLOPE * evidence - NO_ITEM_PENALTY * (no item term named),
    score = 1 / (1 + exp(-z)),

where ``evidence`` sums the distinct matched terms' ``weight * similarity`` along the path,
the i-th strongest counting ``DECAY**i`` so many weak words do not add up to a strong one.
A path whose *item* (the head noun phrase of a provision on it, e.g. "magnetometers") is not
named in the document is penalised: the link between text and entry must be close and clear.
Negated mentions ("we do not use a laser") contribute nothing. The score never reaches 1.0.
"""

from __future__ import annotations

import polars as pl

BIAS = -3.0
EVIDENCE_SLOPE = 3.0
NO_ITEM_PENALTY = 1.5
DECAY = 0.75


def dedupe_nested(matches: pl.DataFrame) -> pl.DataFrame:
    """Drop negated rows; keep the strongest of overlapping n-grams per provision and sentence.

    Overlapping means sharing an end or a start offset; ``contrib = weight * similarity``.
    """
    contrib = (pl.col("weight") * pl.col("similarity")).alias("contrib")
    m = matches.filter(~pl.col("negated")).with_columns(contrib).sort("contrib", descending=True)
    m = m.unique(subset=["list", "code", "sentence", "end"], keep="first", maintain_order=True)
    return m.unique(subset=["list", "code", "sentence", "start"], keep="first", maintain_order=True)


def path_support(matches: pl.DataFrame) -> pl.DataFrame:
    """One row per (list, entry): the best-supported provision and its evidence features."""
    m = dedupe_nested(matches)
    per_code = m.group_by("list", "entry_code", "version", "code", "term_norm").agg(
        pl.col("contrib").max(), (pl.col("kind") == "head").any().alias("is_head")
    )
    targets = per_code.select("list", "entry_code", pl.col("code").alias("target")).unique()
    on_path = targets.join(per_code, on=["list", "entry_code"]).filter(
        (pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + ".")
    )
    per_term = on_path.group_by("list", "entry_code", "version", "target", "term_norm").agg(
        pl.col("contrib").max(), pl.col("is_head").any()
    )
    ranked = per_term.sort("contrib", descending=True).with_columns(
        (pl.col("contrib") * DECAY ** pl.int_range(pl.len()).over("list", "target")).alias("decayed")
    )
    support = (
        ranked.group_by("list", "entry_code", "version", "target")
        .agg(
            pl.col("decayed").sum().alias("evidence"),
            pl.len().alias("distinct_terms"),
            pl.col("contrib").max().alias("best_contrib"),
            pl.col("is_head").any().alias("item_named"),
            pl.col("term_norm").sort_by("contrib", descending=True).alias("path_terms"),
        )
        .with_columns(pl.col("target").str.count_matches(r"\.").alias("depth"))
    )
    best = support.sort(["evidence", "depth", "target"], descending=[True, True, False]).unique(
        subset=["list", "entry_code"], keep="first", maintain_order=True
    )
    z = BIAS + EVIDENCE_SLOPE * pl.col("evidence") - NO_ITEM_PENALTY * (~pl.col("item_named")).cast(pl.Float64)
    return (
        best.rename({"target": "code"})
        .with_columns((1.0 / (1.0 + (-z).exp())).alias("score"))
        .sort("score", descending=True)
    )


def negated_terms(matches: pl.DataFrame) -> pl.DataFrame:
    """Per (list, entry): how many distinct terms were matched only in negated context."""
    neg = matches.filter(pl.col("negated")).select("list", "entry_code", "term_norm").unique()
    pos = matches.filter(~pl.col("negated")).select("list", "entry_code", "term_norm").unique()
    return (
        neg.join(pos, on=["list", "entry_code", "term_norm"], how="anti")
        .group_by("list", "entry_code")
        .agg(pl.len().alias("negated_terms"))
    )
