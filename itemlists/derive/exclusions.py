"""Exclusion notes: what a provision does not control, in a form a document can be checked against.

"Note: 6A005.a.2. does not control Argon "lasers" having an output power equal to or less
than 50 W." becomes one row: code 6A005.a.2, item_norm "argon laser", condition output
power <= 50 W. A note excluding by purpose ("instruments specially designed for fishery
applications or biomagnetic measurements for medical diagnostics") gives one row per purpose
alternative with ``purpose_norm`` set ("fishery", "biomagnetic measurement medical
diagnostic") and no item (the head noun is generic). Provision texts contribute their
"other than <named thing>" clauses ("other than silicon-28 or silicon-30"), with source "text".

Reading a note ("does not control" / "does not apply to"):
* The code is the one the note names before the verb ("7A001.a.1. and 7A001.a.2. do not
  control" gives both; "6A203.a. to 6A203.c." is expanded), else the provision carrying it.
* What follows the verb runs to the end of the sentence or the next note. A lettered list
  after "having all of the following" is one exclusion whose conditions are all its items';
  after "having any of the following" each item is one exclusion of the intro's item; after
  "designed for any of the following" each item is a purpose; otherwise ("the following",
  "lasers as follows") each item is its own exclusion ("a. Ruby ..." -> "ruby laser").
* Numeric conditions come from ``itemlists.derive.thresholds.parse_thresholds`` on the exclusion's
  text, so units are the same base units as document quantities.
* Where a list item has alternatives joined by "or", the conditions of all of them are kept
  together: the exclusion then applies only when all hold, which errs toward keeping a flag.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import polars as pl

from itemlists.derive.exclusion_objects import Exclusion, named_items, parse_exclusion
from itemlists.derive.technology import code_refs

logger = logging.getLogger(__name__)

#: Columns of the frame returned by ``exclusions_frame``.
EXCLUSION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "code": pl.String,  # provision the exclusion applies to (and everything below it)
    "exclusion_id": pl.Int32,  # rows of one exclusion share it; all its conditions must hold
    "item_norm": pl.String,  # normalised excluded item ("argon laser"), "" when by purpose only
    "purpose_norm": pl.String,  # normalised purpose ("medical"), "" when none
    "quantity": pl.String,  # the numeric condition, null when none
    "comparator": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "source": pl.String,  # "note" or "text" (an "other than" clause of the provision text)
    "text": pl.String,  # the note (or clause) the exclusion was read from
}

_CODE = r"(?:\d[A-E]\d{3}[a-z]?|ML\d{1,2})(?:\.(?:[a-z]{1,2}|\d{1,2})(?![\w]))*\.?"
_VERB = re.compile(
    rf"(?P<subject>{_CODE}(?:\s*(?:,|and|or|to)\s*(?:{_CODE}|[a-z]\.))*)\s*(?:does|do)\s+not\s+"
    r"(?:control|apply\s+to)\b\s*",
)
_RELATIVE = re.compile(r"\b(?:which|whitch)\s*$", re.IGNORECASE)
_NOTE_START = re.compile(r"(?:^|(?<=[.;:]\s))(?:Technical\s+)?Notes?\b\s*\d*\s*:?|N\.B\.")
_SENTENCE_END = re.compile(r"(?<![\s.(][a-z0-9])(?<!\b[a-z])(?<!e\.g)(?<!i\.e)\.(?=\s+[A-Z\"“'‘])")
_OTHER_THAN = re.compile(r"\b(?:other\s+than|except)\s+(?P<what>(?:[^;:,(]|,(?=\S))+)", re.IGNORECASE)
_NOT_A_THING = re.compile(r"^(?:those|that|by|during|in|for|to|as|the|a|an|\d)\b", re.IGNORECASE)


def exclusions_frame(provisions: pl.DataFrame) -> pl.DataFrame:
    """One row per exclusion condition of a provisions frame (``EXCLUSION_SCHEMA``).

    An exclusion without a numeric condition is one row with null quantity, comparator,
    value and unit; one with several conditions is several rows sharing ``exclusion_id``.

    Args:
        provisions: A frame with at least ``code``, ``text`` and ``notes``.
    """
    codes = provisions["code"].to_list()
    rows: list[tuple[Any, ...]] = []
    source = provisions.select("code", "text", "notes").iter_rows()
    for carrier, text, notes in source:
        for note in notes or []:
            for targets, segment, exclusions in _note_exclusions(carrier, note, codes):
                _add_rows(rows, targets, exclusions, "note", segment)
        for clause, exclusions in _text_exclusions(carrier, text or ""):
            _add_rows(rows, [carrier], exclusions, "text", clause)
    logger.debug("exclusions: %d rows", len(rows))
    return pl.DataFrame(rows, schema=EXCLUSION_SCHEMA, orient="row")


def _add_rows(
    rows: list[tuple[Any, ...]], targets: list[str], exclusions: list[Exclusion], source: str, text: str
) -> None:
    for code in targets:
        for exclusion in exclusions:
            number = rows[-1][1] + 1 if rows else 0
            base = (code, number, exclusion.item_norm, exclusion.purpose_norm)
            if not exclusion.conditions:
                rows.append((*base, None, None, None, None, source, text))
            for c in exclusion.conditions:
                rows.append((*base, c.quantity, c.comparator, c.value, c.unit, source, text))


def _note_exclusions(carrier: str, note: str, codes: list[str]) -> Iterator[tuple[list[str], str, list[Exclusion]]]:
    """(codes, note segment, exclusions) for each "does not control" statement of a note."""
    for m in _statements(note):
        obj, end = _object(note, m.end())
        starts = [s.start() for s in _NOTE_START.finditer(note, 0, m.start())]
        segment = note[starts[-1] if starts else 0 : end].strip()
        targets = [c for c in code_refs(m["subject"], codes) if len(c) > 2] or [carrier]
        exclusions = parse_exclusion(targets[0], obj)
        if exclusions:
            yield targets, segment, exclusions


def _statements(note: str, start: int = 0) -> Iterator[re.Match[str]]:
    """Statements "<codes> does not control", not relative clauses ("to which 5D002 does not control")."""
    for m in _VERB.finditer(note, start):
        if not _RELATIVE.search(note, 0, m.start()):
            yield m


def _object(note: str, start: int) -> tuple[str, int]:
    """The excluded object after a verb and where it ends in the note.

    It ends at the next sentence, note or statement; a Technical Note inside a lettered list
    (followed by the list's next item) is skipped rather than ending the object.
    """
    parts: list[str] = []
    while True:
        end = _boundary(note, start)
        parts.append(note[start:end])
        resume = _after_inner_note(note, end)
        if resume is None:
            return " ".join(parts), end
        start = resume


def _boundary(note: str, start: int) -> int:
    ends = [len(note)]
    for found in (
        _SENTENCE_END.search(note, start),
        _NOTE_START.search(note, start),
        next(_statements(note, start), None),
    ):
        if found is not None:
            ends.append(found.start())
    return min(ends)


def _after_inner_note(note: str, end: int) -> int | None:
    """Where the list continues after a Technical Note at ``end``, or None."""
    end += len(note[end:]) - len(note[end:].lstrip(". "))
    if not note.startswith("Technical Note", end):
        return None
    sentence = _SENTENCE_END.search(note, end + 15)
    marker = re.compile(r"\.\s+(?:[a-z]|\d{1,2})\.\s+").search(note, end + 15)
    if marker is None or (sentence is not None and sentence.start() < marker.start()):
        return None
    return marker.start() + 1


def _text_exclusions(code: str, text: str) -> Iterator[tuple[str, list[Exclusion]]]:
    """Clauses "other than <named thing>" of a provision's own text."""
    for m in _OTHER_THAN.finditer(text):
        what = m["what"].strip()
        if _NOT_A_THING.match(what) or re.search(r"\b(?:specified|described)\b", what):
            continue
        items = named_items(what, "")
        if items:
            yield m[0].strip(), [Exclusion(i, "", ()) for i in items]
