"""The words a document states, as the document checks of classification read them.

- :func:`document_words`: the normalised words (extractors.text.keys) of the sentences, and of the
  glossed candidate terms when the document is not in English, with the lists' names of
  variants and the words implied by others. Classification compares them with provisions'
  kinds and purposes.
- :func:`term_words`: the words of the candidate terms and the words they imply, compared
  with exclusion notes ("does not control ... for educational purposes").
- :func:`norm_keys`: each distinct candidate's derivational keys and variant forms, which
  matching joins with the index's ("radar jammer" ~ "radar jamming").
"""

from __future__ import annotations

import polars as pl

from extractors.text.keys import text_words
from extractors.text.lexicon import implied_words, variant_forms, variant_names
from extractors.text.normalise import normalise
from extractors.text.stems import core, gerund_key, has_gerund, stem_key
from extractors.types import Quantity, Sentence

#: Frequency bands a stated frequency is in by definition (ITU bands), in Hz: the lists name
#: items by band ("Microwave or millimetre wave items", 3A001.b) and papers by frequency.
FREQUENCY_BANDS = ((300e6, 300e9, "microwave"), (30e9, 300e9, "millimetre wave"))


def document_words(
    sentences: tuple[Sentence, ...],
    candidates: pl.DataFrame,
    language: str,
    quantities: tuple[Quantity, ...] = (),
) -> frozenset[str]:
    """Words of the document's text, and of its glossed candidate terms when not in English.

    English candidates are pieces of the sentences, and a piece may start inside a word pair
    the sentences keep whole: "tunable pulsed laser" out of "non-tunable pulsed laser".
    A candidate named by a variant or kind also states the lists' name for it: a "hyperspectral
    camera" is a "multispectral imaging sensor", so 6A002.b's kind "multispectral" is stated.
    Some words state others (extractors.text.lexicon.implied_words): an imager "in orbit" is for
    "remote sensing"; a stated frequency states its band (:data:`FREQUENCY_BANDS`: "108 GHz" is
    "millimetre wave").
    """
    texts = [s.text for s in sentences]
    if candidates.height:
        norms = candidates["norm"].unique().sort().to_list()
        if language != "en":
            texts += norms
        texts += sorted({name for norm in norms for name in variant_names(norm)})
    texts += implied_words([normalise(t) for t in texts])
    texts += [
        band
        for low, high, band in FREQUENCY_BANDS
        if any(q.si_unit == "Hz" and q.si_value is not None and low <= q.si_value <= high for q in quantities)
    ]
    return text_words(texts)


def term_words(candidates: pl.DataFrame) -> frozenset[str]:
    """Words of the document's candidate terms, and the words those imply ("for teaching": "educational")."""
    norms = candidates["norm"].unique().sort().to_list()
    words = {w for norm in norms for w in norm.split()}
    implied = {w for phrase in implied_words(norms) for w in phrase.split()}
    return frozenset(words | implied)


#: Columns of ``Analysis.norm_keys``: one row per distinct candidate norm.
NORM_KEYS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "norm": pl.String,
    "stem": pl.String,  # extractors.text.stems.stem_key ("" when no derived word)
    "gerund": pl.String,  # extractors.text.stems.gerund_key
    "has_gerund": pl.Boolean,
    "core": pl.String,  # the norm without trailing generic heads
    "variants": pl.List(pl.String),  # extractors.text.lexicon.variant_forms: the lists' names
}


def norm_keys(candidates: pl.DataFrame) -> pl.DataFrame:
    """Derivational keys and variant forms of each distinct candidate norm, for matching (classifiers.match)."""
    norms = candidates.select(pl.col("norm").unique())
    return norms.with_columns(
        pl.col("norm").map_elements(stem_key, return_dtype=pl.String).alias("stem"),
        pl.col("norm").map_elements(gerund_key, return_dtype=pl.String).alias("gerund"),
        pl.col("norm").map_elements(has_gerund, return_dtype=pl.Boolean).alias("has_gerund"),
        pl.col("norm").map_elements(core, return_dtype=pl.String).alias("core"),
        pl.col("norm").map_elements(variant_forms, return_dtype=pl.List(pl.String)).alias("variants"),
    ).select(list(NORM_KEYS_SCHEMA))
