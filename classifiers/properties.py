"""What a number in a document measures: the list's measured properties and the words that name them.

A threshold's *key* is the word a document must use near a number for it to measure that
threshold's quantity (:func:`quantity_key`). The list's *measured properties* are the keys at
least :data:`PROPERTY_CONDITIONS` of its conditions share (:func:`property_words`). A number
whose nearby words, or whose sentence, name one of them is claimed by it (:func:`claimed`);
classifiers.thresholds then compares it only with bounds of that property.
"""

from __future__ import annotations

import polars as pl

from extractors.text.normalise import normalise

#: Last words of a quantity's name that do not say what is measured ("wavelength range",
#: "peak saturated power output", "linear acceleration levels"): the word before is the key.
GENERIC_QUANTITY_WORDS = frozenset({"range", "output", "level", "levels", "operation", "rating", "rms", "change"})


def quantity_key(quantity: str) -> str:
    """The word a document must use near a number for it to measure this quantity.

    The last word of the name, unless it is generic: "average output power" -> "power",
    "wavelength range" -> "wavelength" (a "3 km range" is no wavelength).
    """
    words = normalise(quantity).split()
    while len(words) > 1 and words[-1] in GENERIC_QUANTITY_WORDS:
        words.pop()
    return words[-1] if words else ""


#: A word is one of the list's measured properties when at least this many conditions measure it.
PROPERTY_CONDITIONS = 3


def property_words(thresholds: pl.DataFrame) -> pl.DataFrame:
    """(unit, key): the words the list itself uses for what its conditions measure, per unit.

    The keys (:func:`quantity_key`) of at least :data:`PROPERTY_CONDITIONS` conditions and four
    letters: "repeatability", "wavelength", "diameter" for lengths; "power" for watts. Rarer
    keys are often the item ("optical fibres") rather than a property.
    """
    if thresholds.height == 0:
        return pl.DataFrame(schema={"unit": pl.String, "key": pl.String})
    keyed = thresholds.select("code", "quantity", "unit").unique().with_columns(
        pl.col("quantity").map_elements(quantity_key, return_dtype=pl.String).alias("key")
    )
    return (
        keyed.filter(pl.col("key").str.len_chars() >= 4)
        .group_by("unit", "key")
        .agg(pl.len().alias("n"))
        .filter(pl.col("n") >= PROPERTY_CONDITIONS)
        .select("unit", "key")
        .sort("unit", "key")
    )


def claimed(
    quantities: pl.DataFrame, narrow: pl.DataFrame, keyed: pl.DataFrame, properties: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Which measured properties name a quantity, and which are each threshold's own.

    ``q_claims`` per quantity: the list's measured properties of its unit (:func:`property_words`)
    its nearby words name; ``q_sentence_claims``: those its sentence names. ``own_props`` per
    threshold: its key and the properties its quantity's or condition's words name ("accuracies"
    in "positioning accuracies with all compensations available"). A number named as another property does not
    bear on the threshold, nor does one no word names in a sentence about another property
    (:func:`_tier`).
    """
    if properties is None or properties.height == 0 or quantities.height == 0:
        return (quantities.with_columns(pl.lit(None, pl.List(pl.String)).alias("q_claims"),
                                        pl.lit(None, pl.List(pl.String)).alias("q_sentence_claims")),
                narrow.with_columns(pl.lit(None, pl.List(pl.String)).alias("own_props")))
    own = (
        keyed.select(
            "tid", "unit", "key",
            pl.concat_str(pl.col("quantity"), pl.col("text").fill_null(""), separator=" ")
            .str.to_lowercase()
            .alias("q"),
        )
        .join(properties.rename({"key": "prop"}), on="unit", how="inner")
        .filter(
            (pl.col("prop") == pl.col("key"))
            | pl.col("q").str.contains(pl.col("prop").str.slice(0, 6), literal=True)
        )
        .group_by("tid")
        .agg(pl.col("prop").unique().alias("own_props"))
    )
    narrow = narrow.join(own, on="tid", how="left").with_columns(
        pl.col("own_props").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )
    keys = properties.rename({"unit": "q_unit"})
    claims = _properties_named(quantities, keys, "q_near", "q_claims")
    in_sentence = _properties_named(quantities, keys, "q_norm", "q_sentence_claims")
    return quantities.join(claims, on="qid", how="left").join(in_sentence, on="qid", how="left"), narrow


def _properties_named(quantities: pl.DataFrame, keys: pl.DataFrame, words: str, alias: str) -> pl.DataFrame:
    """(qid, alias): the measured properties of each quantity's unit that its ``words`` column names."""
    return (
        quantities.select("qid", "q_unit", words)
        .join(keys, on="q_unit", how="inner")
        .filter(pl.col(words).str.contains(pl.concat_str(pl.lit(r"\b"), pl.col("key"), pl.lit(r"\b"))))
        .group_by("qid")
        .agg(pl.col("key").unique().alias(alias))
    )
