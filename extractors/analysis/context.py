"""Context of a term in its sentence: whether it is negated or used in another sense.

Two questions decide whether a list term found in text is evidence at all:

- **Negation** ("we do not use lasers", "not suitable for military use", "without a laser",
  "no qubits were", "mercury-free", "lasers were not used"): :func:`negation_cue` returns the
  words that negate the term, or None. Scope is kept narrow on purpose: "no", "without",
  "uten", "ingen", "free of" ... govern only the noun phrase they introduce ("no change in
  laser power" does not negate "laser"); "not", "never", "ikke" govern the rest of their
  clause up to a comma. Phrases that look negative but bound a number or hedge ("not more
  than", "not only", "cannot be ruled out") are not negations.
- **Other sense** ("laser focus", "nuclear family", drones that are male honeybees, "under the
  radar", "torpedo bats", "bomb cyclone"): :func:`other_sense_spans` returns the spans of
  list words used in a sense the item lists do not mean, from a small table of idioms and of
  context words (:data:`IDIOMS`, :data:`NEAR_SENSES`). The table is general vocabulary, not
  a list of known documents.

Everything works on plain text; a spaCy ``Span`` or ``Doc`` may be passed instead and its
text is used. Offsets are character offsets into that text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
from spacy.tokens import Doc, Span

from extractors.analysis.negation_scope import (
    FREE_SUFFIX,
    NEGATED_PREDICATE,
    NON_PREFIX,
    clause_prefix,
    clause_suffix,
    prefix_cue,
)
from extractors.analysis.regex_syntax import LETTERS, LOOKAROUND, alternatives, closing
from extractors.analysis.senses_tables import IDIOMS, NEAR_SENSES
from extractors.types import Sentence

_HISTORICAL = re.compile(
    r"\b(?:1[0-8]\d\d|19[0-7]\d)s?\b|\b(?:history|historical|historians?|histori(?:e|sk)\w*|world\s+war\s+\w+"
    r"|(?:first|second)\s+world\s+war|cold\s+war|during\s+the\s+war|under\s+krigen|krigsår\w*|verdenskrig\w*"
    r"|den\s+kalde\s+krigen|middle\s+ages|medieval|middelalder\w*)\b",
    re.IGNORECASE,
)


def historical_cue(text: str) -> str | None:
    """The words that place ``text`` in the past ("1943", "historical", "under krigen"), or None.

    A year before 1980 or a history word: what such a sentence says about weapons or markings
    is a report about the past, not about the work being screened.
    """
    found = _HISTORICAL.search(text)
    return found.group(0) if found else None


@dataclass(frozen=True, slots=True)
class TermContext:
    """What the sentence around a term says about it.

    Attributes:
        negated: A negation governs the term.
        negation: The negating words ("not", "without", "-free", "were not used"), or "".
        other_sense: The label of the other sense the term is used in ("idiom: under the
            radar"), or "" when it is used in its ordinary technical sense.
    """

    negated: bool
    negation: str
    other_sense: str


def _text_of(sentence: str | Span | Doc) -> str:
    return sentence if isinstance(sentence, str) else sentence.text


def negation_cue(sentence: str | Span | Doc, start: int, end: int) -> str | None:
    """Return the words that negate the term at ``[start, end)``, or None.

    Args:
        sentence: The sentence (text, or a spaCy Span/Doc whose text is used).
        start: Character offset of the term in that text.
        end: End offset (exclusive).

    Returns:
        "not", "without", "no", "free of", "-free", "non-", the negated predicate ("were not
        used") ...; None when nothing negates the term.
    """
    text = _text_of(sentence)
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = text[max(0, start - 8) : start]
    if NON_PREFIX.search(before):
        return "non-"
    suffix = clause_suffix(text, end)
    if FREE_SUFFIX.match(suffix):
        return "-free"
    cue = prefix_cue(clause_prefix(text, start), suffix)
    if cue:
        return cue
    found = NEGATED_PREDICATE.match(suffix)
    return " ".join(found.group(0).split()[-3:]) if found else None


def is_negated(sentence: str | Span | Doc, start: int, end: int) -> bool:
    """True when a negation governs the term at ``[start, end)`` (see :func:`negation_cue`)."""
    return negation_cue(sentence, start, end) is not None


_NEAR = 300


def pattern_stems(pattern: str) -> tuple[str, ...] | None:
    r"""Lower-case word starts, one of which every match of ``pattern`` must contain.

    A cheap pre-test (substring search) before running a long alternation of word patterns:
    ``r"\bnuclear\s+famil(?:y|ies)|\b(?:atomic|atom)\s+bomb"`` gives ("nuclear", "atomic",
    "atom"). Returns None when some alternative has no literal start (always run the pattern).
    """
    stems: list[str] = []
    for alternative in alternatives(pattern):
        rest = alternative
        while True:
            if rest.startswith(("\\b", "^")):
                rest = rest[2:] if rest.startswith("\\b") else rest[1:]
            elif rest.startswith(LOOKAROUND):
                rest = rest[closing(rest, 0) + 1 :]
            else:
                break
        if rest.startswith("("):
            close = closing(rest, 0)
            if rest[close + 1 : close + 2] in ("?", "*"):
                return None
            if rest.startswith("(?P<"):
                inner = rest[rest.index(">") + 1 : close]
            else:
                inner = rest[rest.index(":") + 1 if rest.startswith("(?") else 1 : close]
            sub = pattern_stems(inner)
            if sub is None:
                return None
            stems.extend(sub)
            continue
        found = LETTERS.match(rest)
        if not found or len(found.group(0)) < 2:
            return None
        stems.append(found.group(0).lower())
    return tuple(dict.fromkeys(stems))


def _target_stems(pattern: str) -> tuple[str, ...] | None:
    """Word starts of the ``(?P<t>...)`` groups of an idiom: the list word itself must occur."""
    stems: list[str] = []
    for group in re.finditer(r"\(\?P<[a-z]>", pattern):
        found = LETTERS.match(pattern, group.end())
        if not found:
            return None
        stems.append(found.group(0).lower())
    return tuple(stems) or None


def has_stem(lowered: str, stems: tuple[str, ...] | None) -> bool:
    """True when ``stems`` is None (no pre-test possible) or one of them occurs in ``lowered``."""
    return stems is None or any(stem in lowered for stem in stems)


Idiom = tuple[re.Pattern[str], str, tuple[str, ...] | None]


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[Idiom], list[tuple[re.Pattern[str], re.Pattern[str], str]]]:
    idioms = [(re.compile(p, re.IGNORECASE), label, _target_stems(p)) for p, label in IDIOMS]
    near = [(re.compile(w, re.IGNORECASE), re.compile(c, re.IGNORECASE), label) for w, c, label in NEAR_SENSES]
    return idioms, near


def _idiom_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    lowered = text.lower()
    for pattern, label, stems in _compiled()[0]:
        if not has_stem(lowered, stems):
            continue
        for found in pattern.finditer(text):
            for name, value in found.groupdict().items():
                if value is not None and len(name) == 1:
                    spans.append((found.start(name), found.end(name), label))
    return spans


def _near_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for word, context, label in _compiled()[1]:
        for found in word.finditer(text):
            window = text[max(0, found.start() - _NEAR) : found.end() + _NEAR]
            if context.search(window):
                spans.append((found.start(), found.end(), label))
    return spans


def other_sense_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of list words used in another sense, with a label saying which.

    Args:
        text: Any text (a sentence, or a sentence with its neighbours for more context).

    Returns:
        ``(start, end, label)`` character spans of the word itself ("radar" in "under the
        radar"), sorted by position, one per span (the first label found wins).
    """
    seen: dict[tuple[int, int], str] = {}
    for start, end, label in _idiom_spans(text) + _near_spans(text):
        seen.setdefault((start, end), label)
    return sorted((start, end, label) for (start, end), label in seen.items())


def other_sense(sentence: str | Span | Doc, start: int, end: int) -> str | None:
    """The other-sense label of the term at ``[start, end)`` if it overlaps such a span, else None."""
    for s, e, label in other_sense_spans(_text_of(sentence)):
        if s < end and start < e:
            return label
    return None


def term_context(sentence: str | Span | Doc, term: tuple[int, int] | Span) -> TermContext:
    """Negation and sense of one term in its sentence.

    Args:
        sentence: The sentence as text or a spaCy Span/Doc.
        term: Character offsets ``(start, end)`` into the sentence text, or a spaCy Span of
            the term inside ``sentence`` (its offsets are made relative to the sentence).
    """
    if isinstance(term, Span):
        base = sentence.start_char if isinstance(sentence, Span) else 0
        start, end = term.start_char - base, term.end_char - base
    else:
        start, end = term
    cue = negation_cue(sentence, start, end)
    sense = other_sense(sentence, start, end)
    return TermContext(cue is not None, cue or "", sense or "")


def senses_in_context(sentences: Sequence[Sentence], pos: int, window: int = 1) -> list[tuple[int, int, str]]:
    """Other-sense spans of ``sentences[pos]``, judged with ``window`` neighbours either side as context.

    Honeybee "drones" are often named as bees only in the sentence before; this looks there
    too. Offsets are into ``sentences[pos].text``.
    """
    sentence = sentences[pos]
    before = " ".join(s.text for s in sentences[max(0, pos - window) : pos])
    after = " ".join(s.text for s in sentences[pos + 1 : pos + 1 + window])
    offset = len(before) + 1 if before else 0
    joined = (before + " " if before else "") + sentence.text + " " + after
    return [
        (s - offset, e - offset, label)
        for s, e, label in other_sense_spans(joined)
        if offset <= s and e <= offset + len(sentence.text)
    ]


def sentence_senses(sentences: Sequence[Sentence], window: int = 1) -> dict[int, list[tuple[int, int, str]]]:
    """Other-sense spans for every sentence (see :func:`senses_in_context`).

    Returns:
        ``{sentence.index: [(start, end, label), ...]}``; sentences without such spans are left out.
    """
    out: dict[int, list[tuple[int, int, str]]] = {}
    for pos, sentence in enumerate(sentences):
        spans = senses_in_context(sentences, pos, window)
        if spans:
            out[sentence.index] = spans
    return out


def with_context(candidates: pl.DataFrame, sentences: tuple[Sentence, ...]) -> pl.DataFrame:
    """Mark candidate terms that are negated or used in another sense as ``negated``.

    Runs the context rules of extractors.analysis.context once per distinct span and adds a
    ``context`` column saying why ("negated: not", "other sense: nuclear family"), empty when
    the term counts as evidence.
    """
    spans = candidates.select("sentence", "start", "end").unique(maintain_order=True)
    senses = sentence_senses(sentences)
    reasons = []
    for sent, start, end in spans.iter_rows():
        text = sentences[sent].text
        cue = negation_cue(text, start, end)
        sense = next((label for s, e, label in senses.get(sent, ()) if s < end and start < e), None)
        reasons.append(f"negated: {cue}" if cue else (f"other sense: {sense}" if sense else ""))
    flagged = spans.with_columns(pl.Series("context", reasons, dtype=pl.String))
    return (
        candidates.join(flagged, on=["sentence", "start", "end"], how="left", maintain_order="left")
        .with_columns(pl.col("context").fill_null(""))
        .with_columns((pl.col("context") != "").alias("negated"))
    )
