"""Whether a document says a provision's word: forms of one word, not lookalikes.

Two words are the same word when they share a long enough beginning: "pulse"/"pulsed",
"cryptography"/"cryptographic", "confidentiality"/"confidential", "perform"/"performance"
(:func:`same_word`). How long is long enough grows with the words: the shorter one's length
less three letters, and never under five letters or six when both are that long, so that
"configuration" does not state "confidentiality", "quantity" does not state "quantum" and
"nucleus" does not state "nuclear" (issue 14: comparing the first five letters alone let all
three through). Short plurals are forms too ("gas"/"gases").

The document's words come from extractors.analysis.words (``Analysis.words``); the provisions'
from the item lists' qualifier and purpose tables, keyed by their first :data:`KEY_CHARS`
letters (extractors.text.keys.KEY_CHARS, which a test keeps equal).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

#: Letters of a word's key in the item lists' tables: the shortest beginning words ever share.
KEY_CHARS = 5
#: The longest beginning two words ever need to share (both six letters or more).
_FULL_SHARE = 6
#: Letters of derivational ending the shorter word may differ by ("-ity", "-ic", "-ance").
_ENDING = 3


def same_word(a: str, b: str) -> bool:
    """Whether two normalised words are forms of one word (a shared beginning long enough for both).

    >>> same_word("pulsed", "pulse"), same_word("confidential", "confidentiality")
    (True, True)
    >>> same_word("gas", "gases"), same_word("configuration", "confidentiality"), same_word("quantity", "quantum")
    (True, False, False)
    """
    if a == b or _singular(a) == b or a == _singular(b) or _singular(a) == _singular(b):
        return True
    shorter = min(len(a), len(b))
    need = max(min(shorter, _FULL_SHARE), shorter - _ENDING, KEY_CHARS)
    return shorter >= need and a[:need] == b[:need]


def _singular(word: str) -> str:
    """The word without a plural ending ("gases" -> "gas", "ions" -> "ion"), for short words."""
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def stated_words(words: Iterable[str], document_words: frozenset[str]) -> dict[str, bool]:
    """For each of ``words`` (a provision's), whether the document states it in some form (:func:`same_word`)."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for w in document_words:
        buckets[w[:KEY_CHARS]].append(w)
    result = {}
    for w in set(words):
        plurals = (f for f in (w[:-1], w[:-2], f"{w}s", f"{w}es") if f in document_words)
        near = [*buckets.get(w[:KEY_CHARS], ()), *plurals]
        result[w] = any(same_word(w, d) for d in near)
    return result
