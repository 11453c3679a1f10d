"""Organisation names in one comparable form: transliterated, lower-case, legal forms dropped, words sorted.

"Harbin Inst. of Technology", "HARBIN INSTITUTE OF TECHNOLOGY" and "Technology, Harbin
Institute of" all become ``harbin institute of technology`` (words sorted: ``harbin institute
of technology``); "AO Volga Photonics" and "Volga Photonics JSC" both ``photonics volga``;
"МФТИ" becomes ``mfti``. Legal-form words (Ltd, JSC, GmbH, AS, OOO, ...) and the word "the"
carry no identity and are dropped; common abbreviations are spelled out. Acronyms are kept as
they are written, for an exact, case-sensitive comparison (``is_acronym``).
"""

from __future__ import annotations

import re

from text_unidecode import unidecode

#: Legal-form and filler words dropped from names (lower-case, after transliteration).
LEGAL_FORMS = frozenset({
    "ltd", "limited", "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "plc", "gmbh", "ag",
    "kg", "sa", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "oyj", "as", "asa", "aps", "a/s", "jsc", "ojsc",
    "pjsc", "cjsc", "ao", "oao", "zao", "pao", "ooo", "fsue", "fgup", "llp", "lp", "pte", "pty", "bhd", "sdn",
    "kk", "the", "group", "holding", "holdings",
})
#: Abbreviations spelled out before comparing.
ABBREVIATIONS = {
    "univ": "university", "uni": "university", "inst": "institute", "tech": "technology", "technol": "technology",
    "natl": "national", "nat": "national", "acad": "academy", "sci": "sciences", "res": "research",
    "lab": "laboratory", "labs": "laboratories", "dept": "department", "min": "ministry", "intl": "international",
    "int": "international", "eng": "engineering", "aero": "aeronautics", "st": "state", "&": "and",
    # British and American spellings of one name.
    "defence": "defense", "centre": "center", "organisation": "organization", "programme": "program",
    # Norwegian (and Scandinavian) words for the same institutions, so "Bauman-universitetet"
    # is the listed "Bauman University".
    "universitet": "university", "universitetet": "university", "universitetsinstitutt": "university institute",
    "institutt": "institute", "instituttet": "institute", "teknologi": "technology", "teknisk": "technical",
    "tekniske": "technical", "akademi": "academy", "akademiet": "academy", "vitenskap": "sciences",
    "vitenskapsakademi": "academy of sciences", "høgskole": "college", "høyskole": "college",
    "høgskolen": "college", "høyskolen": "college", "forskningsinstitutt": "research institute",
    "nasjonale": "national", "nasjonal": "national", "statlige": "state", "statlig": "state",
}
_WORD = re.compile(r"[a-z0-9]+")
_NATIVE_WORD = re.compile(r"[^\W_]+|&")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]{1,9}$")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def words(name: str) -> list[str]:
    """The name's comparable words, in order (transliterated, lower-case, legal forms dropped)."""
    lowered = name.lower()
    found = [part for w in _NATIVE_WORD.findall(lowered) for part in ABBREVIATIONS.get(w, w).split()]
    plain = unidecode(" ".join(found)).replace("&", " and ")
    found = [ABBREVIATIONS.get(w, w) for w in _WORD.findall(plain)]
    kept = [w for w in found if w not in LEGAL_FORMS]
    return kept or found


def name_key(name: str) -> str:
    """The normalised, word-sorted form of an organisation name ('' when it has no words)."""
    return " ".join(sorted(words(name)))


def is_acronym(name: str) -> bool:
    """True for a short all-capitals name such as "HIT", "NUDT" or "BMSTU" (compared exactly)."""
    return bool(_ACRONYM.match(name.strip()))


def name_variants(name: str) -> list[str]:
    """The name, each part in parentheses, and the part before a comma, as separate names.

    "Harbin Institute of Technology (HIT)" -> ["Harbin Institute of Technology (HIT)",
    "Harbin Institute of Technology", "HIT"]; "Sharif University of Technology, Tehran" also
    gives "Sharif University of Technology".
    """
    variants = [name.strip()]
    inner = [m.strip() for m in _PARENTHESES.findall(name) if m.strip()]
    outer = " ".join(_PARENTHESES.sub(" ", name).split())
    if inner:
        variants += [outer] + inner
    head = outer.split(",")[0].strip()
    if "," in outer and len(head.split()) >= 2:  # "Sharif University of Technology, Tehran"
        variants.append(head)
    return [v for v in dict.fromkeys(variants) if v]


def phrase(name: str) -> str:
    """The normalised words in their order, for finding a listed name inside running text."""
    return " ".join(words(name))
