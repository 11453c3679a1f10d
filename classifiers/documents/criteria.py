"""Criteria the document says its item does not have ("untethered" against "with a tether").

A provision of the form "Designed to operate with a tether" or "having a X" is a criterion
the item must meet; under "having all of the following" it must meet every sibling too. A
document that says its item is without that thing ("an untethered AUV", "without a tether",
"tetherless", "no tether") contradicts the criterion: a path through that provision, or
through a sibling under an "all of the following" parent, may not flag (the issue 14 case:
every autonomous underwater vehicle landed on the tethered branch 8A001.c.2.b).

Only "with a/an X" and "having a/an X" criteria are read, so a provision whose own wording
is a negation ("without real-time human assistance") is never contradicted by the same
negation in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import polars as pl

from extractors.types import Sentence

#: "with a tether;" as a whole criterion: the noun ends the provision (or its clause), so "with a
#: wall thickness of ..." (a measured condition) is never read as one.
_CRITERION = re.compile(r"\b(?:with|having)\s+(?:a|an)\s+([a-z][a-z-]{3,})\s*(?:[;.,:]|\bor\b|\band\b|$)",
                        re.IGNORECASE)
_NEGATED = re.compile(
    r"\bun-?([a-z]{4,})ed\b|\b([a-z]{4,})-?less\b|\b(?:without|no)\s+(?:a\s+|an\s+|any\s+)?([a-z]{4,})\b",
    re.IGNORECASE)


def negated_nouns(sentences: Iterable[Sentence]) -> frozenset[str]:
    """Nouns the document says its subject is without: "untethered" and "without a tether" give "tether"."""
    found = set()
    for sentence in sentences:
        for match in _NEGATED.finditer(sentence.text):
            word = next(g for g in match.groups() if g).lower()
            found.add(word)
    return frozenset(found)


@lru_cache(maxsize=8)
def _criteria(codes: tuple[str, ...], texts: tuple[str, ...]) -> dict[str, str]:
    """Code -> the thing its criterion requires ("8A001.c.2.a" -> "tether")."""
    found = {}
    for code, text in zip(codes, texts, strict=True):
        match = _CRITERION.search(text or "")
        if match:
            found[code] = match.group(1).lower()
    return found


def contradicted_criteria(sentences: Iterable[Sentence], provisions: pl.DataFrame) -> frozenset[str]:
    """Codes whose "with a X" criterion the document negates."""
    negated = negated_nouns(sentences)
    if not negated:
        return frozenset()
    criteria = _criteria(tuple(provisions["code"].to_list()), tuple(provisions["text"].to_list()))
    return frozenset(code for code, thing in criteria.items() if thing in negated or thing.rstrip("e") in negated)


def path_contradicted(target: str, contradicted: frozenset[str], conjunctive: frozenset[str]) -> bool:
    """Whether the path to ``target`` runs through a contradicted criterion or has one as an "all of" sibling."""
    parts = target.split(".")
    path = [".".join(parts[: i + 1]) for i in range(len(parts))]
    if any(code in contradicted for code in path):
        return True
    return any(code.rsplit(".", 1)[0] in conjunctive and code.rsplit(".", 1)[0] in path for code in contradicted)
