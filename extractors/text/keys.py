"""Word keys and words of texts, as itemlists.derive and the document analysis write them down.

:data:`KEY_CHARS` letters are a word's key ("pulse"/"pulsed"): the item lists' qualifier and
purpose tables (itemlists.derive) keep those prefixes to tell siblings' words apart, and
:func:`text_words` gives a document's normalised words. Whether a document's word is a
provision's word is judged in classifiers.documents.wording. "non tunable" is one word,
"nontunable": a negated qualifier is a different qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.text.normalise import normalise

KEY_CHARS = 5

_NON = re.compile(r"\bnon (?=[a-z])")


def word_key(word: str) -> str:
    """The key of a normalised word: its first :data:`KEY_CHARS` letters."""
    return word[:KEY_CHARS]


def join_non(norm: str) -> str:
    """Join "non tunable" into "nontunable": a negated qualifier is a different qualifier."""
    return _NON.sub("non", norm)


def text_words(texts: Iterable[str]) -> frozenset[str]:
    """The normalised words of texts (a document's sentences and glossed terms), one-letter words left out."""
    return frozenset(w for t in texts for w in join_non(normalise(t)).split() if len(w) > 1)
