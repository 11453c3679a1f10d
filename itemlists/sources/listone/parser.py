"""Importer for Norway's official List I PDF ("Liste I – forsvarsrelaterte varer").

The PDF mirrors the EU Common Military List: entries ML1–ML22, items lettered "a.",
numbered "1.", lettered again ("ML8.a.1.a"), with notes, technical notes and N.B.s that
carry lists of their own. The parser works by structure only (headings, label sequence,
indentation, running heads found by repetition), so the same code reads next year's file:

    frame, report = parse_list_one_pdf(Path("liste_I_2020_vedlegg_I.pdf"))

``frame`` has the columns of ``PROVISION_SCHEMA``; ``report`` says what was read (counts per
entry, notes, what was set aside) and lists every integrity problem found. A file that is
not a List I, is damaged or truncated, or needs a password raises ``ListImportError``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.sources.listone.checks import contents_titles, problems_in
from itemlists.sources.listone.notes import named_code
from itemlists.sources.listone.tree import TreeBuilder
from itemlists.sources.pdf_lines import PdfText
from itemlists.sources.pdf_provisions import ParsedPdf, PdfListSpec, first_page_line, import_report

LIST_ID = "I"
#: Used when the file states no year in its title or running heads.
DEFAULT_VERSION = "2020"
_TITLE_RE = re.compile(r"\bListe\s+I\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")


def parse_list_one_pdf(path: Path, *, version: str | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Parse the official List I PDF ("Vedlegg I ... Liste I – forsvarsrelaterte varer (2020)").

    Arguments, frame and errors are those of ``parse_pdf``; a file without any List I entry
    heading ("ML1", "ML2", ...) is refused. The report adds ``per_entry`` and
    ``notes_per_entry`` counts, ``not_used`` and ``contents_entries``; its ``problems`` name
    page or code and are empty when the file passed every check.
    """
    return SPEC.parse(path, version)


def _title_and_year(pdf: PdfText) -> tuple[str | None, str | None]:
    title = first_page_line(pdf, _TITLE_RE.search)
    for text in [title or "", *pdf.running_heads]:
        year = _YEAR_RE.search(text)
        if year and _TITLE_RE.search(text):
            return title, year.group(1)
    return title, None


def _summary(report: dict[str, Any]) -> str:
    return f"{report['provisions']} provisions, {report['notes']} notes, {len(report['problems'])} problem(s)"


def _report(path: Path, parsed: ParsedPdf) -> dict[str, Any]:
    frame = parsed.frame
    counts = frame.group_by("entry_code", maintain_order=True).agg(
        pl.len().alias("provisions"), pl.col("notes").list.len().sum().alias("notes")
    )
    titles = contents_titles(parsed.pdf.contents)
    per_entry = {
        "per_entry": dict(zip(counts["entry_code"], counts["provisions"], strict=True)),
        "notes_per_entry": dict(zip(counts["entry_code"], counts["notes"], strict=True)),
        "not_used": frame.filter(pl.col("text").str.contains(r"(?i)^not used since")).height,
    }
    problems = parsed.builder.problems + problems_in(frame, titles, parsed.pdf.running_heads)
    if parsed.detected is None and parsed.requested is None:
        problems.append(f"no year in the title; version set to {parsed.version!r}")
    return import_report(
        path,
        parsed,
        counts=per_entry,
        contents={"contents_entries": sorted(titles, key=lambda code: int(code[2:]))},
        checks={"problems": problems},
    )


#: Also the reader of format ``list_one_pdf`` (``SPEC.read_source``).
SPEC = PdfListSpec(
    list_id=LIST_ID,
    builder=TreeBuilder,
    headings="List I entry headings (ML1, ML2, ... at the start of a line)",
    official="Liste I – forsvarsrelaterte varer",
    default_version=DEFAULT_VERSION,
    columns={"category": pl.lit("ML"), "group": pl.lit(None, dtype=pl.String)},
    title_and_year=_title_and_year,
    named_code=named_code,
    report=_report,
    summary=_summary,
)
