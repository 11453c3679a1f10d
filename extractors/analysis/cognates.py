"""Norwegian words read by their spelling: base forms under inflection endings, English cognates.

:func:`stems` gives the base forms a word may be inflected from ("vinkler" -> "vinkel");
:func:`cognate` rewrites a Latin- or Greek-derived word by the regular spelling correspondences
of Norwegian and English ("stabilitet" -> "stability") when the result is an English word
(wordfreq). Both serve the glossing in :mod:`extractors.analysis.language`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice, product
from typing import NamedTuple

from extractors.text.normalise import normalise

#: Inflection endings, longest first; "n", "ne" and "r" follow a stem's final e ("spolen").
_NB_SUFFIXES = ("ene", "ane", "en", "et", "er", "ar", "ne", "a", "e", "n", "r", "t")
#: Stem + ending loses the e of a final -el/-er: "vinkler" -> "vinkel", "fibrene" -> "fiber".
_SYNCOPE = re.compile(r"(?<=[^aeiouyæøålr])([lr])$")
#: A final m doubles before an ending: "rommet" -> "rom", "programmet" -> "program".
_DOUBLE_M = re.compile(r"mm$")


def stems(word: str, min_len: int = 3) -> list[str]:
    """Base forms a word may be inflected from, the word itself first."""
    out = [word]
    for suffix in _NB_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= min_len:
            out += [stem, _SYNCOPE.sub(r"e\1", stem), _DOUBLE_M.sub("m", stem)]
    return list(dict.fromkeys(out))


#: Cognate rules apply to words at least this long: short words are too often false friends.
_MIN_COGNATE = 6
#: A rewritten word must be at least this frequent in English (wordfreq's Zipf scale).
_MIN_ZIPF = 1.5


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
def word_frequency(word: str, language: str = "en") -> float:
    """How common a word is in a language, on wordfreq's Zipf scale (cached).

    wordfreq is imported here, not with the module: only Norwegian glossing asks, and its import
    and first table take about half a second an English document need not pay.
    """
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language))


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
            zipf = word_frequency(candidate)
            if zipf > score and candidate != form:
                best, score = candidate, zipf
    return best


@lru_cache(maxsize=100_000)
def cognate(word: str) -> str | None:
    """English by regular spelling correspondence: "stabilitet" -> "stability", else None.

    The word or one of its base forms must end in a rule's suffix, and the rewritten word
    must be an English word more frequent than the form as written ("format" stays).
    """
    if len(word) < _MIN_COGNATE:
        return None
    for form in stems(word, _MIN_COGNATE):
        floor = max(word_frequency(word), word_frequency(form))
        for rule in _COGNATES:
            found = _rewrite(form, rule, floor)
            if found:
                return normalise(found)
    return None
