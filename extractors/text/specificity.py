"""How unlike everyday English a word or term is, from wordfreq's bundled English frequencies.

The lists weigh their terms by it (itemlists.derive.weights), and matching asks it of a
document's one-word candidates: "measurement" or "computer" is everyday English and names no
"measurement system" or "computing equipment" by itself; "magnetometer" or "submersible" does.
"""

from __future__ import annotations

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
