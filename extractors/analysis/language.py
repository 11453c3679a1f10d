"""Language detection (English or Norwegian bokmål) and Norwegian-to-English term glossing.

The item lists are matched in English. For Norwegian text we gloss each normalised candidate
word by word with a general technical glossary (``extractors/text/data/glossary_nb_en.tsv``: compounds such
as "undervannsfarkost" map to several English words). A word the glossary lacks is split
into known parts when it is a compound ("navigasjonsgyroskop" -> "navigation gyroscope"),
or rewritten by the regular spelling correspondences of Latin- and Greek-derived words
("stabilitet" -> "stability") when the result is an English word (wordfreq); else it is left
as it is. Sentences shown as evidence stay in the original language; only the matching form
is glossed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from itertools import islice, product
from typing import NamedTuple

import polars as pl
from wordfreq import zipf_frequency

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


#: Inflection endings, longest first; "n", "ne" and "r" follow a stem's final e ("spolen").
_NB_SUFFIXES = ("ene", "ane", "en", "et", "er", "ar", "ne", "a", "e", "n", "r", "t")
#: Stem + ending loses the e of a final -el/-er: "vinkler" -> "vinkel", "fibrene" -> "fiber".
_SYNCOPE = re.compile(r"(?<=[^aeiouyæøålr])([lr])$")
#: A final m doubles before an ending: "rommet" -> "rom", "programmet" -> "program".
_DOUBLE_M = re.compile(r"mm$")


def _stems(word: str, min_len: int = 3) -> list[str]:
    """Base forms a word may be inflected from, the word itself first."""
    out = [word]
    for suffix in _NB_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= min_len:
            out += [stem, _SYNCOPE.sub(r"e\1", stem), _DOUBLE_M.sub("m", stem)]
    return list(dict.fromkeys(out))


def _known(word: str, inflected: bool = True) -> str | None:
    """The glossary's English for a word, or for its base form when ``inflected``."""
    words = glossary()
    for stem in _stems(word) if inflected else [word]:
        if stem in words:
            return words[stem]
    return None


#: Norwegian compounds are head-final: "navigasjons|gyroskop", "bias|stabilitet".
_MIN_PART = 3
#: Levels of compounds within a compound's head, at most ("skala|faktor|stabilitet").
_MAX_DEPTH = 2
#: Letters that may link the parts of a compound ("navigasjon-s-gyroskop", "barn-e-hage").
_LINKS = ("s", "e")
#: Cognate rules apply to words at least this long: short words are too often false friends.
_MIN_COGNATE = 6
#: A rewritten word must be at least this frequent in English (wordfreq's Zipf scale).
_MIN_ZIPF = 1.5
#: A word left in English inside Norwegian text ("imaging", "range"): common in English and
#: clearly more common there than in Norwegian ("bare" and "fire" are Norwegian words).
_ENGLISH_ZIPF = 3.5
_ENGLISH_MARGIN = 0.5


class _Rule(NamedTuple):
    """A suffix rewrite: a Norwegian ending, its English ones, the shortest stem it takes."""

    suffix: str
    endings: tuple[str, ...]
    min_stem: int = 3


#: Suffix rewrites for Latin- and Greek-derived words, tried in order (specific before
#: general); the first rule with an output that is an English word wins. "-ert" becomes
#: "-ed" only after five letters ("redusert" -> "reduced"): short stems meet English words
#: by chance ("armert" is reinforced, not "armed"; "polert" polished, not "poled").
_COGNATES = (
    _Rule("ksjon", ("ction",)),
    _Rule("asjon", ("ation",)),
    _Rule("isjon", ("ition", "ision", "ission")),
    _Rule("usjon", ("ution", "usion")),
    _Rule("sjon", ("tion", "sion")),
    _Rule("sjonell", ("tional", "sional")),
    _Rule("siell", ("tial",)),
    _Rule("iell", ("ial",)),
    _Rule("uell", ("ual",)),
    _Rule("ntell", ("ntal",)),
    _Rule("nell", ("nal",)),
    _Rule("itet", ("ity",)),
    _Rule("ifisering", ("ification",)),
    _Rule("isering", ("ization", "isation")),
    _Rule("ering", ("ation",)),
    _Rule("ifisert", ("ified",)),
    _Rule("isert", ("ized", "ised")),
    _Rule("struert", ("structed",)),
    _Rule("ert", ("ated",)),
    _Rule("ert", ("ed",), 5),
    _Rule("isk", ("ic", "ical")),
    _Rule("ikk", ("ics", "ic")),
    _Rule("iv", ("ive",)),
    _Rule("aer", ("ar",)),
    _Rule("ur", ("ure",)),
    _Rule("grafi", ("graphy",)),
    _Rule("graf", ("graph",)),
    _Rule("skopi", ("scopy",)),
    _Rule("skop", ("scope",)),
    _Rule("fon", ("phone",)),
    _Rule("logi", ("logy",)),
    _Rule("metri", ("metry",)),
    _Rule("isme", ("ism",)),
    _Rule("id", ("ide",)),
    _Rule("at", ("ate",)),
    # Endings English shares; only the stem's spelling differs ("prosessor", "elektron").
    _Rule("or", ("or",)),
    _Rule("on", ("on",)),
    _Rule("ent", ("ent",)),
    _Rule("ant", ("ant",)),
    _Rule("al", ("al",)),
    _Rule("meter", ("meter",)),
)
#: Norwegian spellings of Latin/Greek letters and their English ones: k is c before a back
#: vowel or consonant ("elektron") and may be ch ("mekanisk"); s before e, i, y may be c
#: ("presisjon"), as ks may be cc ("akselerasjon"); kv is qu, ks x, f ph ("fysikk").
_SITE = re.compile(r"(?P<qu>kv)|(?P<cc>ks(?=[eiy]))|(?P<x>ks)|(?P<c>k(?![eiy]))|(?P<ch>k)|(?P<s>s(?=[eiy]))|(?P<ph>f)")
_RESPELL = {
    "qu": ("kv", "qu"),
    "cc": ("ks", "x", "cc"),
    "x": ("ks", "x"),
    "c": ("k", "c", "ch"),
    "ch": ("k", "ch"),
    "s": ("s", "c"),
    "ph": ("f", "ph"),
}
_MAX_SPELLINGS = 256


@lru_cache(maxsize=100_000)
def _zipf(word: str, language: str = "en") -> float:
    return zipf_frequency(word, language)


def _english(word: str) -> bool:
    """Whether a word reads as English left in Norwegian text ("imaging", "range")."""
    if len(word) < 4:
        return False
    zipf = _zipf(word)
    return zipf >= _ENGLISH_ZIPF and zipf >= _zipf(word, "nb") + _ENGLISH_MARGIN


def _respellings(stem: str, ending: str) -> Iterator[str]:
    """English spellings of a Norwegian stem before an ending, the stem itself first."""
    pieces: list[tuple[str, ...]] = []
    last = 0
    for m in _SITE.finditer(stem + ending[:1]):
        if m.end() > len(stem):
            break
        pieces += [(stem[last : m.start()],), _RESPELL[m.lastgroup or "s"]]
        last = m.end()
    pieces.append((stem[last:],))
    return ("".join(p) + ending for p in islice(product(*pieces), _MAX_SPELLINGS))


def _rewrite(form: str, rule: _Rule, floor: float) -> str | None:
    """The most frequent English word the rule makes of a form, if above ``floor``.

    The form itself does not count: an ending English shares must change the stem's
    spelling ("prosessor" -> "processor"), else the word is no evidence of anything.
    """
    stem = form[: -len(rule.suffix)]
    if not form.endswith(rule.suffix) or len(stem) < rule.min_stem:
        return None
    best, score = None, max(floor, _MIN_ZIPF)
    for ending in rule.endings:
        for candidate in _respellings(stem, ending):
            zipf = _zipf(candidate)
            if zipf > score and candidate != form:
                best, score = candidate, zipf
    return best


@lru_cache(maxsize=100_000)
def _cognate(word: str) -> str | None:
    """English by regular spelling correspondence: "stabilitet" -> "stability", else None.

    The word or one of its base forms must end in a rule's suffix, and the rewritten word
    must be an English word more frequent than the form as written ("format" stays).
    """
    if len(word) < _MIN_COGNATE:
        return None
    for form in _stems(word, _MIN_COGNATE):
        floor = max(_zipf(word), _zipf(form))
        for rule in _COGNATES:
            found = _rewrite(form, rule, floor)
            if found:
                return normalise(found)
    return None


@lru_cache(maxsize=100_000)
def _simple(word: str, inflected: bool) -> str | None:
    """English for one part of a compound: from the glossary or as a cognate."""
    known = _known(word, inflected)
    if known is not None:
        return known or None  # a dropped word (an article) is no part of a compound
    return _cognate(word)


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
    return _cognate(word) or _compound(word) or word


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
