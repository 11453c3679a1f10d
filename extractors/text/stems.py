"""A derivational key for terms: "radar jammer", "radar jamming" and "jamming equipment" meet.

The normaliser (extractors.text.normalise) keeps word forms apart on purpose: exact and fuzzy
matches need them. Technical writing, however, names the same thing as an agent noun
("jammer", "detector"), a gerund ("jamming") or an action noun ("detection"), and the lists
often name it with a generic head ("jamming equipment", "detection system"). The stem key
strips those derivational endings and drops generic heads, so such pairs can be matched,
with a similarity below an exact or fuzzy match (classifiers.match).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Generic heads a name may carry or leave out ("jamming equipment" ~ "jammer").
GENERIC_HEADS = frozenset({"equipment", "system", "device", "apparatus", "unit", "assembly", "instrument"})

#: No "-ation": "rotation" minus "ation" is "rot", the stem of "rotor"; minus "ion" it is
#: "rotat", which still meets "separat(or)" / "separat(ion)" and "modulat(or)".
_ENDINGS = ("ings", "ing", "ers", "er", "ors", "or", "ion", "ed")
_DOUBLE = re.compile(r"([bdfgklmnprstz])\1$")

#: Marks a stem formed by stripping an ending.
DERIVED = "~"

#: Stems shorter than this are not formed ("user" stays "user").
MIN_STEM = 3


@lru_cache(maxsize=100_000)
def split_word(word: str) -> tuple[str, str]:
    """(stem, ending stripped) of one normalised word: jamming -> ("jam", "ing"); press -> ("pres", "")."""
    if len(word) < 5 or not word.isalpha():
        return word, ""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return _DOUBLE.sub(r"\1", word[: -len(ending)]), ending
    return _DOUBLE.sub(r"\1", word), ""


def stem_word(word: str) -> str:
    """The derivational stem of one normalised word: jammer, jamming -> jam~; detector, detection -> detect~.

    The mark keeps a bare word apart from a derived one: a "project" is no "projector".
    """
    stem, ending = split_word(word)
    return stem + DERIVED if ending else stem


def core(norm: str) -> str:
    """The term without trailing generic heads: "jamming equipment" -> "jamming"."""
    words = norm.split()
    while words and words[-1] in GENERIC_HEADS:
        words.pop()
    return " ".join(words)


def stem_key(norm: str) -> str:
    """The stem key of a normalised term, or "" when it has no derived word.

    Only terms with a derived word get a key: pairs that differ in a generic head alone are
    the partial matches' business (classifiers.match).

    >>> stem_key("radar jammer"), stem_key("jamming equipment"), stem_key("equipment")
    ('radar jam~', 'jam~', '')
    """
    stems = [stem_word(w) for w in core(norm).split()]
    return " ".join(stems) if any(s.endswith(DERIVED) for s in stems) else ""


def gerund_key(norm: str) -> str:
    """Like stem_key, but a gerund meets its bare noun: "isostatic pressing" ~ "isostatic press".

    >>> gerund_key("hot isostatic pressing"), gerund_key("hot isostatic press"), gerund_key("radar jammer")
    ('hot isostatic pres', 'hot isostatic pres', 'radar jam~')
    """
    parts = [split_word(w) for w in core(norm).split()]
    if not parts:
        return ""
    return " ".join(stem + ("" if ending in ("", "ing") else DERIVED) for stem, ending in parts)


def has_gerund(norm: str) -> bool:
    """True when a word of the term's core is a gerund ("pressing")."""
    return any(split_word(w)[1] == "ing" for w in core(norm).split())
