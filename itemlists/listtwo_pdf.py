"""Importer for Norway's official List II PDF ("Liste II – flerbruksvarer"), the EU dual-use list.

The file is Annex I of the EU dual-use regulation in English: entries headed by their code
("6A005" at the left margin, category from the digit, group from the letter), then lettered
and numbered items ("6A005.a.1.b") with notes, technical notes and N.B.s. Lines, running
heads and contents pages come from ``itemlists.listone_pdf``; labels, indentation and notes
are placed by the List I tree builder (``itemlists.listone_tree``), which this module only
teaches a different entry heading:

    frame, report = parse_list_two_pdf(Path("liste_II_2021_vedlegg_II.pdf"))

Category and group headings ("CATEGORY 6 - SENSORS AND LASERS", "6A Systems, ..."), the
"6A002 continued" heads at page tops, the general notes and definitions before the first
entry, and the change summary after the last one are skipped.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.errors import ListImportError
from itemlists.listone_labels import X_TOLERANCE, best, candidates, split_label
from itemlists.listone_notes import join_parts, owners, vocabulary
from itemlists.listone_pdf import Line, PdfText, read_lines
from itemlists.listone_tree import _NOTE_RE, Draft, TreeBuilder
from itemlists.types import PROVISION_SCHEMA

logger = logging.getLogger(__name__)

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
_MARKER_RE = re.compile(r"^(?:Technical\s+Notes?|Notes?|Nota|N\.\s?B\.)(?:\s*\d{1,2}\b)?[.:]?")
_REFERENCE_RE = re.compile(r"\b(?:see|entry|also|in)\W*$", re.IGNORECASE)
NAMING_SPAN = 110
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

    def feed(self, line: Line) -> None:
        """Take the next line of the document."""
        if self.ended_at is not None or _skipped(line):
            return
        heading = self._heading(line)
        if heading is not None:
            self._open_entry(heading, line)
        elif not self._code:
            self.skipped_front += 1
        elif self._ends(line):
            self._close_note()
            self.ended_at = line
        elif _NOTE_RE.match(line.text):
            self._start_note(line)
        elif (split := split_label(line.text)) is not None:
            self._place(line, *split)
        elif self._sink is not None:
            self._sink.append((line.text, line.soft_break))

    def _heading(self, line: Line) -> str | None:
        match = _HEADING_RE.match(line.text)
        if match is None or match.group("code") in self.drafts:
            return None
        if self._margin is not None and line.x > self._margin + X_TOLERANCE:
            return None
        return match.group("code")

    def _ends(self, line: Line) -> bool:
        """An all-capitals line of three or more words at the heading margin ends the list."""
        at_margin = self._margin is not None and line.x <= self._margin + X_TOLERANCE
        return at_margin and not re.search(r"[a-z]", line.text) and len(line.text.split()) >= 3

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
            self._place(replace(line, x=line.x + self._indent, text=rest), *split)
        else:
            draft.parts.append((rest, line.soft_break))

    def _place(self, line: Line, label: str, rest: str) -> None:
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


def _skipped(line: Line) -> bool:
    return bool(_SKIP_RE.match(line.text) or _CONTINUED_RE.match(line.text))


def parse_list_two_pdf(path: Path, *, version: str | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Parse the official List II PDF into provisions and an import report.

    Args:
        path: The PDF ("Vedlegg II ... Liste II – flerbruksvarer (2021)").
        version: Version label to write; None takes the year in the file's title.

    Returns:
        The provisions frame (``PROVISION_SCHEMA`` columns, one row per dotted code) and a
        report dict: ``entries``, ``provisions``, ``notes``, ``per_category``, ``version``,
        ``title``, ``warnings`` (labels that fit nowhere, skipped labels: the text is kept),
        ``problems`` (empty: List II has no cross-checks yet) and ``seconds``.

    Raises:
        ListImportError: Not a PDF, damaged, truncated, password-protected, or without
            any dual-use entry heading ("0A001", "6A005", ... at the start of a line).
    """
    started = time.perf_counter()
    pdf = read_lines(path)
    builder = DualUseBuilder()
    for line in pdf.lines:
        builder.feed(line)
    builder.finish()
    if not builder.drafts:
        raise ListImportError(_not_a_list_message(path, pdf))
    title, detected = _title_and_year(pdf)
    label = version or detected or DEFAULT_VERSION
    frame = _frame(builder, vocabulary(pdf.lines), label)
    report = _report(path, pdf, builder, frame, title)
    report.update(version=label, version_detected=detected is not None)
    report["seconds"] = round(time.perf_counter() - started, 2)
    logger.info(
        "List II %s from %s: %d entries, %d provisions, %d warning(s)",
        label,
        path.name,
        report["entries"],
        report["provisions"],
        len(report["warnings"]),
    )
    return frame, report


def _not_a_list_message(path: Path, pdf: PdfText) -> str:
    if not pdf.lines and not pdf.contents:
        return f"{path.name!r} has no text layer (a scan?): List II must be the official text PDF"
    return (
        f"{path.name!r} has no dual-use entry headings (0A001, 6A005, ... at the start of a line) "
        f"in its {pdf.page_count} page(s): it is not a List II file; choose the official "
        "'Liste II – flerbruksvarer' PDF"
    )


def _title_and_year(pdf: PdfText) -> tuple[str | None, str | None]:
    first_page = min((line.page for line in pdf.lines), default=1)
    title = next((ln.text for ln in pdf.lines if ln.page == first_page and _TITLE_RE.search(ln.text)), None)
    year = _YEAR_RE.search(title or "")
    return title, year.group(1) if year else None


def named_code(text: str, entry: str, codes: dict[str, Draft]) -> str | None:
    """The provision of ``entry`` a note names at its start ("Note: 1C010.a. does not ..."), if any."""
    marker = _MARKER_RE.match(text)
    start = text[marker.end() if marker else 0 :][:NAMING_SPAN]
    for match in _CODE_RE.finditer(start):
        if match.group(1) != entry or _REFERENCE_RE.search(start[: match.start()]):
            continue
        segments = [s for s in match.group(2).split(".") if s]
        for size in range(len(segments), -1, -1):
            code = ".".join([entry, *segments[:size]])
            if code in codes:
                return code
    return None


def _frame(builder: TreeBuilder, words: frozenset[str], version: str) -> pl.DataFrame:
    notes = owners(builder.notes, builder.drafts, words, named_code)
    drafts = list(builder.drafts.values())
    columns: dict[str, list[Any]] = {
        "code": [d.code for d in drafts],
        "list": [LIST_ID] * len(drafts),
        "version": [version] * len(drafts),
        "entry_code": [d.entry for d in drafts],
        "parent": [d.parent for d in drafts],
        "depth": [d.depth for d in drafts],
        "category": [d.entry[0] for d in drafts],
        "group": [d.entry[1] for d in drafts],
        "text": [join_parts(d.parts, words) for d in drafts],
        "notes": [notes.get(d.code, []) for d in drafts],
    }
    return pl.DataFrame(columns, schema=PROVISION_SCHEMA)


def _report(path: Path, pdf: PdfText, builder: TreeBuilder, frame: pl.DataFrame, title: str | None) -> dict[str, Any]:
    counts = frame.group_by("category", maintain_order=True).agg(pl.len().alias("provisions"))
    ended = builder.ended_at
    return {
        "source_file": path.name,
        "list": LIST_ID,
        "title": title,
        "pages": pdf.page_count,
        "entries": frame.filter(pl.col("depth") == 0).height,
        "provisions": frame.height,
        "notes": int(frame["notes"].list.len().sum()),
        "per_category": dict(zip(counts["category"], counts["provisions"], strict=True)),
        "running_heads": pdf.running_heads,
        "front_matter_lines": builder.skipped_front,
        "ended_at": f"page {ended.page}: {ended.text[:60]!r}" if ended else None,
        "warnings": builder.problems,
        "problems": [],
    }
