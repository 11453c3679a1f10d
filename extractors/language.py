"""Language detection (English or Norwegian bokmål) and Norwegian-to-English term glossing.

The item lists are matched in English. For Norwegian text we gloss each normalised candidate
word by word with a general technical glossary (``data/glossary_nb_en.tsv``: compounds such
as "undervannsfarkost" map to several English words). Sentences shown as evidence stay in
the original language; only the matching form is glossed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import polars as pl

from extractors.normalise import normalise

_WORD = re.compile(r"[a-zæøåé]+")
_NB_MARKERS = frozenset(
    """
    og i det som er på med av for til en et ei den de ikke har ble blir skal kan vi fra ved om
    også eller men etter under mellom hvor hvordan denne dette disse sin sitt sine være
    """.split()
)
_EN_MARKERS = frozenset(
    """
    the and of to in is that for with as on by are be this from at which we an was were these it
    its their has have been
    """.split()
)

#: Norwegian function words that end a phrase segment (as BREAK_WORDS do for English).
NB_BREAK_WORDS = frozenset(
    """
    og eller men er var være vært blir ble bli som det den de dem vi vår våre ikke skal kan
    kunne vil ville må har hadde med for til på i fra ved mot under over etter før mellom
    gjennom hvor hvordan når også denne dette disse sin sitt sine seg både enten om samt blant
    annet slik så da
    """.split()
)


def detect_language(text: str, sample: int = 5000) -> str:
    """Return "nb" when Norwegian function words outnumber English ones, else "en"."""
    words = _WORD.findall(text[:sample].lower())
    nb = sum(w in _NB_MARKERS for w in words)
    en = sum(w in _EN_MARKERS for w in words)
    return "nb" if nb > en else "en"


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Norwegian word (normalised) -> English words (normalised); "" drops the word."""
    text = resources.files("extractors").joinpath("data/glossary_nb_en.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        nb, _, en = line.partition("\t")
        key = normalise(nb.strip())
        if key:
            out[key] = normalise(en.strip())
    return out


_NB_SUFFIXES = ("ene", "ane", "en", "et", "er", "ar", "a", "e", "t")


def gloss_word(word: str) -> str:
    """English for one Norwegian word: exact, else after removing an inflection ending."""
    words = glossary()
    if word in words:
        return words[word]
    for suffix in _NB_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and stem in words:
            return words[stem]
    return word


def translate_norm(norm: str) -> str:
    """Gloss a normalised Norwegian term word by word ("hyperspektralt kamera" -> ...)."""
    return " ".join(w for w in (gloss_word(t) for t in norm.split()) if w)


def translate_norms(frame: pl.DataFrame) -> pl.DataFrame:
    """Replace the ``norm`` column of a candidate frame with its English gloss."""
    unique = frame.select(pl.col("norm").unique())
    mapped = unique.with_columns(pl.col("norm").map_elements(translate_norm, return_dtype=pl.String).alias("norm_en"))
    return (
        frame.join(mapped, on="norm", how="left")
        .drop("norm")
        .rename({"norm_en": "norm"})
        .select(frame.columns)
        .filter(pl.col("norm") != "")
    )
