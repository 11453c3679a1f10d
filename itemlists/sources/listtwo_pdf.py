"""Importer for Norway's official List II PDF ("Liste II – flerbruksvarer"), the EU dual-use list.

The file is Annex I of the EU dual-use regulation in English: entries headed by their code
("6A005" at the left margin, category from the digit, group from the letter), then lettered
and numbered items ("6A005.a.1.b") with notes, technical notes and N.B.s. Lines, running
heads and contents pages come from ``itemlists.sources.pdf_lines``, the frame and report from
``itemlists.sources.pdf_provisions``; labels, indentation and notes are placed by the List I
tree builder (``itemlists.sources.listone.tree``), which this module only teaches a
different entry heading:

    frame, report = parse_list_two_pdf(Path("liste_II_2021_vedlegg_II.pdf"))

Category and group headings ("CATEGORY 6 - SENSORS AND LASERS", "6A Systems, ..."), the
"6A002 continued" heads at page tops, the general notes and definitions before the first
entry, and the change summary after the last one are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.sources.listone import notes
from itemlists.sources.listone.labels import X_TOLERANCE, best, candidates, split_label
from itemlists.sources.listone.tree import NOTE_RE, Draft, TreeBuilder
from itemlists.sources.pdf_lines import Line, PdfText
from itemlists.sources.pdf_provisions import ParsedPdf, PdfListSpec, first_page_line, import_report

LIST_ID = "II"
#: Used when the file states no year in its title.
DEFAULT_VERSION = "2021"
_HEADING_RE = re.compile(r"^(?P<code>\d[A-E]\d{3})(?:\s+|$)")
_CONTINUED_RE = re.compile(r"^\d[A-E]\d{3}\s+continued\b", re.IGNORECASE)
_SKIP_RE = re.compile(r"^(?:(?:CATEGORY|KATEGORI)\s+\d|\d[A-E]\s+[A-Z\"'])")
_TITLE_RE = re.compile(r"\bListe\s+II\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
#: A note's start names its provision: "Note: 1C010.a. does not control ...".
_CODE_RE = re.compile(r"\b(\d[A-E]\d{3})((?:\.(?:[a-z]{1,2}|\d{1,3}))*)\.?(?![a-z0-9])")
_REFERENCE_RE = re.compile(r"\b(?:see|entry|also|in)\W*$", re.IGNORECASE)
#: Default indentation of an entry's first item relative to its heading, in points, used
#: when a heading and its first label share a line ("9E101 a. ...").
ITEM_INDENT_PT = 42.5


@dataclass(slots=True)
class DualUseBuilder(TreeBuilder):
    """The List I tree builder with dual-use entry headings ("6A005 ...") instead of "ML8"."""

    _code: str = ""
    _margin: float | None = None
    _indent: float = ITEM_INDENT_PT

    @property
    def entry(self) -> str:
        """Code of the current entry ("" before the first heading)."""
        return self._code

    def _skipped(self, line: Line) -> bool:
        """Category and group headings, and "6A002 continued" heads at page tops."""
        return bool(_SKIP_RE.match(line.text) or _CONTINUED_RE.match(line.text))

    def _opens_entry(self, line: Line) -> bool:
        """Start a new entry when ``line`` is a heading at the headings' margin."""
        match = _HEADING_RE.match(line.text)
        if match is None or match.group("code") in self.drafts:
            return False
        if self._margin is not None and line.x > self._margin + X_TOLERANCE:
            return False
        self._open_entry(match.group("code"), line)
        return True

    def _ends(self, line: Line) -> bool:
        """An all-capitals line of three or more words at the heading margin ends the list."""
        at_margin = self._margin is not None and line.x <= self._margin + X_TOLERANCE
        return at_margin and not re.search(r"[a-z]", line.text) and len(line.text.split()) >= 3

    def _is_note(self, line: Line) -> bool:
        """Any line starting with a note marker, "Note 2.a ..." included."""
        return bool(NOTE_RE.match(line.text))

    def _open_entry(self, code: str, line: Line) -> None:
        self._close_note()
        self._previous_note = None
        self._margin = line.x if self._margin is None else self._margin
        self._code = code
        self._items = []
        rest = line.text[len(code) :].strip()
        draft = Draft(code, code, None, 0, line.page)
        self.drafts[code] = draft
        self._sink = draft.parts
        split = split_label(rest)
        if split is not None:  # "9E101 a. ...": no title, the first item on the heading line
            self._label(replace(line, x=line.x + self._indent, text=rest), *split)
        else:
            draft.parts.append((rest, line.soft_break))

    def _label(self, line: Line, label: str, rest: str) -> None:
        """Place a labelled line; a note ending in ":" takes the list that follows it."""
        if not self._items and self._note is None and self._margin is not None:
            self._indent = max(line.x - self._margin, X_TOLERANCE)
        note = self._note
        if note is not None and not note.levels and note.parts[-1][0].rstrip().endswith(":"):
            # "Note: 0B006 includes:" announces its own list, even at the items' indentation.
            place = best(candidates(note.levels, label, line.x, ("a", "1"), note.x))
            if place is not None:
                self._note_label(note, line, label, place)
                return
        self._place_label(line, label, rest)


def parse_list_two_pdf(path: Path, *, version: str | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Parse the official List II PDF ("Vedlegg II ... Liste II – flerbruksvarer (2021)").

    Arguments, frame and errors are those of ``parse_pdf``; a file without any dual-use
    entry heading ("0A001", "6A005", ... at the start of a line) is refused. The report adds
    ``per_category`` and ``warnings`` (labels that fit nowhere, skipped labels: the text is
    kept); ``problems`` is empty, as List II has no cross-checks yet.
    """
    return SPEC.parse(path, version)


def _title_and_year(pdf: PdfText) -> tuple[str | None, str | None]:
    title = first_page_line(pdf, _TITLE_RE.search)
    year = _YEAR_RE.search(title or "")
    return title, year.group(1) if year else None


def named_code(text: str, entry: str, codes: dict[str, Draft]) -> str | None:
    """The provision of ``entry`` a note names at its start ("Note: 1C010.a. does not ..."), if any."""
    return notes.named_code(text, entry, codes, code_re=_CODE_RE, reference_re=_REFERENCE_RE, prefix="")


def _summary(report: dict[str, Any]) -> str:
    return f"{report['entries']} entries, {report['provisions']} provisions, {len(report['warnings'])} warning(s)"


def _report(path: Path, parsed: ParsedPdf) -> dict[str, Any]:
    counts = parsed.frame.group_by("category", maintain_order=True).agg(pl.len().alias("provisions"))
    per_category = dict(zip(counts["category"], counts["provisions"], strict=True))
    checks = {"warnings": parsed.builder.problems, "problems": []}
    return import_report(path, parsed, counts={"per_category": per_category}, contents={}, checks=checks)


#: Also the reader of format ``list_two_pdf`` (``SPEC.read_source``).
SPEC = PdfListSpec(
    list_id=LIST_ID,
    builder=DualUseBuilder,
    headings="dual-use entry headings (0A001, 6A005, ... at the start of a line)",
    official="Liste II – flerbruksvarer",
    default_version=DEFAULT_VERSION,
    columns={"category": pl.col("entry_code").str.slice(0, 1), "group": pl.col("entry_code").str.slice(1, 1)},
    title_and_year=_title_and_year,
    named_code=named_code,
    report=_report,
    summary=_summary,
)
