"""How much a matched term weighs: its rarity over entries, its specificity in English, its length.

``weight = sqrt(idf over entries) x specificity in general English x length factor``;
specificity comes from wordfreq's bundled English frequencies, so "people" or "way" weigh
nothing while "magnetometer" weighs fully (itemlists.derive.index attaches the weights).
"""

from __future__ import annotations

import math

import polars as pl

from extractors.text.specificity import term_specificity


def term_weights(terms: pl.DataFrame, n_entries: int) -> pl.DataFrame:
    """Attach weights: idf over entries x specificity in general English x length factor."""
    log_n = math.log(n_entries + 1)
    df = terms.group_by("norm").agg(pl.col("entry_code").n_unique().alias("df"))
    spec = df.select("norm", pl.col("norm").map_elements(term_specificity, return_dtype=pl.Float64).alias("spec"))
    n_words = pl.col("norm").str.count_matches(" ") + 1
    length_factor = pl.min_horizontal(pl.lit(1.0), 0.7 + 0.15 * (n_words - 1))
    idf = (((n_entries + 1) / (pl.col("df") + 0.5)).log() / log_n).clip(0.05, 1.0)
    weight = idf.sqrt() * pl.col("spec") * length_factor
    return (
        terms.join(df, on="norm")
        .join(spec, on="norm")
        .with_columns(weight.clip(0.01, 1.0).alias("weight"))
        .drop("df", "spec")
    )
