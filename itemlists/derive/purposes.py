"""What a provision's item must be for, or must contain, in words a document can be checked for.

Many provisions narrow their item by a clause after it: 1A006 "Equipment, specially designed
or modified for the disposal of Improvised Explosive Devices", 3A001.b.8 "Microwave power
amplifiers containing vacuum electronic devices". A remotely operated vehicle for fish farms
names 1A006.a's item but not its purpose; a solid-state amplifier names 3A001.b.8's but not
what it must contain. This module reads such clauses (``purpose_table``); classifiers.documents.purposes
asks whether the document says each clause's specific words, and a path whose purpose the
document never states is penalised (classifiers.documents.purpose_unstated).

Not read here: "specially designed or modified for military use" (List I's military-use test,
decided from the whole document's context) and references to other entries ("specially
designed for items specified by 4A506.a"; those are conditional codes).
"""

from __future__ import annotations

import re

import polars as pl
from wordfreq import zipf_frequency

from extractors.text.keys import KEY_CHARS
from extractors.text.normalise import STOP_WORDS, normalise

#: "(specially) designed or modified for X", "prepared for X", "usable in X", "containing X" ...
_CLAUSE = re.compile(
    r"\b(?:(?:specially\s+)?(?:designed|modified|prepared|formulated)(?:\s+or\s+(?:designed|modified|prepared))?"
    r"\s+(?:for|to)(?:\s+use)?(?:\s+(?:in|with|on|by|as))?|usable\s+(?:in|on|for|with)|containing|incorporating|"
    r"employing)\s+(?P<what>[^,;:(]+)",
    re.IGNORECASE,
)
#: Where the clause's object ends.
_OBJECT_END = re.compile(
    r"\b(?:as follows|and specially|and having|having|specified|described|controlled|other than|which|that|"
    r"with|when|in order|so as|and components|and related)\b",
    re.IGNORECASE,
)
#: Words that say nothing a document could be checked for.
_EMPTY = STOP_WORDS | frozenset(
    """
    military use used item items equipment system systems component components device devices part parts
    purpose purposes application applications operation operate operating function functions type types
    product products material materials technology software following any all one following such
    specially designed modified particular specific certain given
    exceeding exceed exceeds greater less more than above below over under least maximum minimum
    better lower higher equal
    """.split()
)
#: Words at least this common in general English (Zipf) do not identify a purpose alone.
COMMON_ZIPF = 5.0


def purpose_clauses(text: str) -> list[list[str]]:
    """The specific words of each purpose or containment clause of a provision, normalised.

    Each clause is one requirement: "designed for use in inertial navigation systems ... and
    usable in 'missiles'" gives two, and a document must state both.

    >>> purpose_clauses("Equipment, specially designed or modified for the disposal of Improvised Explosive Devices")
    [['disposal', 'improvized', 'explosive']]
    """
    clauses: list[list[str]] = []
    for clause in _CLAUSE.finditer((text or "").replace('"', " ").replace("'", " ")):
        what = clause.group("what")
        end = _OBJECT_END.search(what)
        part = what[: end.start()] if end else what
        words = [
            w
            for w in normalise(part).split()
            if w not in _EMPTY and w.isalpha() and len(w) > 2 and zipf_frequency(w, "en") < COMMON_ZIPF
        ]
        if words:
            clauses.append(list(dict.fromkeys(words)))
    return clauses


def purpose_table(provisions: pl.DataFrame) -> pl.DataFrame:
    """(list, code, clause, words, keys): one row per checkable purpose clause of a provision."""
    rows = [
        (list_id, code, number, words, sorted({w[:KEY_CHARS] for w in words}))
        for list_id, code, text in provisions.select("list", "code", "text").iter_rows()
        for number, words in enumerate(purpose_clauses(text or ""))
    ]
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "list": pl.String,
        "code": pl.String,
        "clause": pl.Int32,
        "words": pl.List(pl.String),
        "keys": pl.List(pl.String),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
