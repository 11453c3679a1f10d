"""Safe repairs of known flaws in the structured sources, each one logged.

Two flaws are repaired (see shared SOURCES.md):

* **Misplaced notes.** The flat annex attaches a note to the provision printed just before it,
  so "Note 1: 4A506 applies to ..." sits on 4A506.c. A note moves only when it names exactly
  one code in subject position ("Note: X does not control", "Technical Note: For the purposes
  of X", "Items specified by X"), that code exists in the same entry, and it is not already the
  owner. Cross-references ("N.B. For ... see X") never move.
* **Flattened exponents.** "2 × 108" is 2 × 10⁸ and "less than 10-4" is 10⁻⁴. Only a 10 right
  after "×"/"x" and a number, or a "10-N" right after "×" or a comparison word, is rewritten;
  ranges such as "10-20 GHz" after other words are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from itemlists.errors import ListImportError

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# Mantissa of at most two integer digits ("5", "37,5"): "1024 × 1024" is a size, not 10²⁴.
_TIMES_RE = re.compile(r"(?<![\w,.])(\d{1,2}(?:,\d+)?\s?[×xX]\s?)10(-?[1-9]\d?)(?![\d,])")
_MINUS_RE = re.compile(r"(\b(?:than|to|of|only|exceeding|below|above)\s)10-([1-9]\d?)(?![\d,])")
_CODE = r"\d[A-E]\d{3}(?:\.?(?:[a-z]{1,2}|\d{1,3})(?:\.(?:[a-z]{1,2}|\d{1,3}))*)?"
_HEAD_RE = re.compile(
    r"^(?:Technical\s+)?Notes?\s*\d*\s*:?\s*(?:In\s+|For the purposes? of\s+|"
    rf"Items specified (?:by|in)\s+)?(?P<code>{_CODE})(?P<tail>\.?\s*(?:and|or|to|,|-|–)\s*\d[A-E]\d{{3}})?"
)
_SUBJECT_RE = re.compile(rf"(?:For the purposes? of|Items specified (?:by|in)|^In)\s+(?P<code>{_CODE})")
_CODE_PARTS_RE = re.compile(r"(\d[A-E]\d{3})\.?(.*)")


@dataclass(frozen=True, slots=True)
class Repair:
    """One logged repair: where, what kind, and the text before and after."""

    code: str
    kind: str  # "note_moved" | "note_deduplicated" | "exponent"
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form for the build report."""
        return {"code": self.code, "kind": self.kind, "before": self.before, "after": self.after}


def normalise_code(raw: str) -> str:
    """Normalise a code as written in prose: "1C111a.2.a." -> "1C111.a.2.a", "2E503g" -> "2E503.g"."""
    match = _CODE_PARTS_RE.match(raw.rstrip("."))
    if not match:
        return raw
    entry, rest = match.groups()
    return f"{entry}.{rest}" if rest else entry


def fix_exponents(text: str) -> str:
    """Rewrite flattened powers of ten as superscripts ("5 × 106" -> "5 × 10⁶")."""
    text = _TIMES_RE.sub(lambda m: m.group(1) + "10" + m.group(2).translate(_SUPERSCRIPT), text)
    return _MINUS_RE.sub(lambda m: m.group(1) + "10" + ("-" + m.group(2)).translate(_SUPERSCRIPT), text)


def note_subject(note: str) -> str | None:
    """The single code a note is about, or None when it names none or several."""
    head = _HEAD_RE.match(note)
    if head is None or head.group("tail"):
        return None
    codes = {normalise_code(head.group("code"))}
    codes |= {normalise_code(m.group("code")) for m in _SUBJECT_RE.finditer(note)}
    return codes.pop() if len(codes) == 1 else None


def repair_exponents(records: list[dict[str, Any]]) -> list[Repair]:
    """Fix flattened exponents in place in each record's text and notes; return the log."""
    log: list[Repair] = []
    for rec in records:
        fixed = fix_exponents(rec["text"])
        if fixed != rec["text"]:
            log.append(Repair(rec["code"], "exponent", rec["text"], fixed))
            rec["text"] = fixed
        notes = []
        for note in rec["notes"]:
            fixed = fix_exponents(note)
            if fixed != note:
                log.append(Repair(rec["code"], "exponent", note, fixed))
            notes.append(fixed)
        rec["notes"] = notes
    return log


def repair_note_placement(records: list[dict[str, Any]]) -> list[Repair]:
    """Move notes in place to the provision they name (see module docstring); return the log."""
    by_code = {rec["code"]: rec for rec in records}
    moves: list[tuple[dict[str, Any], str, dict[str, Any]]] = []
    for rec in records:
        for note in rec["notes"]:
            subject = note_subject(note)
            if subject is None or subject == rec["code"] or subject not in by_code:
                continue
            if by_code[subject]["entry_code"] != rec["entry_code"]:
                continue
            moves.append((rec, note, by_code[subject]))
    log: list[Repair] = []
    for source, note, dest in moves:
        source["notes"] = [n for n in source["notes"] if n != note]
        kind = "note_deduplicated" if note in dest["notes"] else "note_moved"
        if kind == "note_moved":
            dest["notes"] = [*dest["notes"], note]
        log.append(Repair(source["code"], kind, note, f"-> {dest['code']}"))
    return log


#: Repair name (as a bundled version's manifest names it) -> the repair, applied in place.
REPAIRS: dict[str, Callable[[list[dict[str, Any]]], list[Repair]]] = {
    "note_placement": repair_note_placement,
    "exponents": repair_exponents,
}


def apply_repairs(records: list[dict[str, Any]], names: Sequence[str]) -> list[Repair]:
    """Apply the named repairs in order, in place; return their logs joined."""
    unknown = [name for name in names if name not in REPAIRS]
    if unknown:
        raise ListImportError(f"unknown repair(s) {unknown!r}; known: {sorted(REPAIRS)!r}")
    return [repair for name in names for repair in REPAIRS[name](records)]


def repair_report(log: Sequence[Repair], counts: dict[str, int] | None = None) -> dict[str, Any]:
    """``repairs`` (the parser's own ``counts``, then kind -> count) and ``repair_log`` for a report."""
    return {
        "repairs": {**(counts or {}), **Counter(r.kind for r in log)},
        "repair_log": [r.as_dict() for r in log],
    }
