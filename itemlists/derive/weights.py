"""How much a matched term weighs: its rarity over entries, its specificity in English, its length.

``weight = sqrt(idf over entries) x specificity in general English x length factor``;
specificity comes from wordfreq's bundled English frequencies, so "people" or "way" weigh
nothing while "magnetometer" weighs fully (itemlists.derive.index attaches the weights).
"""

from __future__ import annotations

import math

import polars as pl
from wordfreq import zipf_frequency


def word_generality(word: str) -> float:
    """How ordinary a word is in general English, 0 (technical) .. 1 (everyday).

    From the word's Zipf frequency in wordfreq's bundled English data: Zipf 2.5 or less
    ("magnetometer", "ytterbium") is 0, Zipf 5.5 or more ("people", "way", "power") is 1.
    """
    if word.isdigit():
        return 1.0
    return min(1.0, max(0.0, (zipf_frequency(word, "en") - 2.5) / 3.0))


#: How much rarer (in Zipf units) each further word makes a compound than its rarest word.
COMPOUND_ZIPF_STEP = 1.0


def term_specificity(norm: str) -> float:
    """How unlike everyday English a term is, 0 .. 1.

    One word: 1 - its generality. A compound is rarer than any of its words ("fire control",
    "data acquisition" are technical although "fire", "control" and "data" are everyday
    words): its Zipf frequency is taken as that of its rarest word, lowered by
    COMPOUND_ZIPF_STEP per further word. Number words count as fully general.
    """
    words = [w for w in norm.split() if not w.isdigit()]
    if not words:
        return 0.0
    rarest = min(zipf_frequency(w, "en") for w in words)
    zipf = rarest - COMPOUND_ZIPF_STEP * (len(words) - 1)
    return 1.0 - min(1.0, max(0.0, (zipf - 2.5) / 3.0))


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
