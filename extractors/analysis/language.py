"""Language detection (English or Norwegian bokmål) and Norwegian-to-English term glossing.

The item lists are matched in English. For Norwegian text we gloss each normalised candidate
word by word with a general technical glossary (``extractors/text/data/glossary_nb_en.tsv``: compounds such
as "undervannsfarkost" map to several English words). A word the glossary lacks is split
into known parts when it is a compound ("navigasjonsgyroskop" -> "navigation gyroscope"),
or rewritten by the regular spelling correspondences of Latin- and Greek-derived words
("stabilitet" -> "stability", :mod:`~extractors.analysis.cognates`) when the result is an
English word (wordfreq); else it is left as it is. Sentences shown as evidence stay in the
original language; only the matching form is glossed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import polars as pl

from extractors.analysis.cognates import cognate, stems, word_frequency
from extractors.text.normalise import fold, normalise

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
    og eller men er var være vært blir ble bli som det den de dem vi vår våre ikke skal kan av
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
    """Norwegian word -> English words (normalised); "" drops the word.

    Each entry is keyed by its normalised form and by its folded spelling: the normaliser
    takes a final "s" for an English plural ("krets" -> "kret"), but inside a compound the
    word keeps it ("kretsdybde").
    """
    text = resources.files("extractors.text").joinpath("data/glossary_nb_en.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        nb, _, en = line.partition("\t")
        english = normalise(en.strip())
        for key in (normalise(nb.strip()), fold(nb.strip())):
            if key:
                out.setdefault(key, english)
    return out


def _known(word: str, inflected: bool = True) -> str | None:
    """The glossary's English for a word, or for its base form when ``inflected``."""
    words = glossary()
    for stem in stems(word) if inflected else [word]:
        if stem in words:
            return words[stem]
    return None


#: Norwegian compounds are head-final: "navigasjons|gyroskop", "bias|stabilitet".
_MIN_PART = 3
#: Levels of compounds within a compound's head, at most ("skala|faktor|stabilitet").
_MAX_DEPTH = 2
#: Letters that may link the parts of a compound ("navigasjon-s-gyroskop", "barn-e-hage").
_LINKS = ("s", "e")
#: A word left in English inside Norwegian text ("imaging", "range"): common in English and
#: clearly more common there than in Norwegian ("bare" and "fire" are Norwegian words).
_ENGLISH_ZIPF = 3.5
_ENGLISH_MARGIN = 0.5


def _english(word: str) -> bool:
    """Whether a word reads as English left in Norwegian text ("imaging", "range")."""
    if len(word) < 4:
        return False
    zipf = word_frequency(word)
    return zipf >= _ENGLISH_ZIPF and zipf >= word_frequency(word, "nb") + _ENGLISH_MARGIN


@lru_cache(maxsize=100_000)
def _simple(word: str, inflected: bool) -> str | None:
    """English for one part of a compound: from the glossary or as a cognate."""
    known = _known(word, inflected)
    if known is not None:
        return known or None  # a dropped word (an article) is no part of a compound
    return cognate(word)


def _modifier(word: str) -> str | None:
    """English for the left part of a compound, without or with its linking letter."""
    found = _simple(word, inflected=False)
    if found is None and word.endswith(_LINKS) and len(word) > _MIN_PART:
        found = _simple(word[:-1], inflected=False)
    return found


@lru_cache(maxsize=100_000)
def _compound(word: str, depth: int = _MAX_DEPTH) -> str | None:
    """English for a head-final compound, the longest known head first, else None.

    Example: "navigasjonsgyroskop" -> "navigation gyroscope"; the head may be a compound
    again ("skala|faktorstabilitet"), ``depth`` levels deep.
    """
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head = word[cut:]
        english = _simple(head, inflected=True) or (_compound(head, depth - 1) if depth > 1 else None)
        if english:
            modifier = _modifier(word[:cut])
            if modifier:
                return f"{modifier} {english}"
    return None


@lru_cache(maxsize=200_000)
def gloss_word(word: str) -> str:
    """English for one normalised Norwegian word; a word it cannot gloss is left as it is.

    Tried in order: the glossary (also after removing an inflection ending), a word that
    is English already (left as it is), a cognate by spelling correspondence, a compound
    of known parts. A cognate goes first because it is one real English word, where two
    parts may meet by chance ("konsentrasjon" is "concentration", not "consent ration").

    Args:
        word: A normalised word (lower case, ø as o, æ as ae; extractors.text.normalise).

    Returns:
        The English words (normalised); "" for a word the glossary drops (an article).
    """
    known = _known(word)
    if known is not None:
        return known
    if _english(word):
        return word
    return cognate(word) or _compound(word) or word


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
