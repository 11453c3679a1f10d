"""Word keys: how a document's words and a provision's qualifier words are compared.

Words are compared on their first :data:`KEY_CHARS` characters ("pulse"/"pulsed",
"doped"/"doping"), and "non tunable" is one word, "nontunable": a negated qualifier is a
different qualifier. The item lists' qualifier and purpose tables (itemlists.derive) and the
document's word keys (extractors.analysis.words) both use these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.text.normalise import normalise

KEY_CHARS = 5

_NON = re.compile(r"\bnon (?=[a-z])")


def word_key(word: str) -> str:
    """The comparison key of a normalised word."""
    return word[:KEY_CHARS]


def join_non(norm: str) -> str:
    """Join "non tunable" into "nontunable": a negated qualifier is a different qualifier."""
    return _NON.sub("non", norm)


def word_keys(texts: Iterable[str]) -> frozenset[str]:
    """Word keys of texts (a document's sentences and glossed terms), words of one letter left out."""
    return frozenset(word_key(w) for t in texts for w in join_non(normalise(t)).split() if len(w) > 1)
