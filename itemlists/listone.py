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

import logging
import re
import time
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.errors import ListImportError
from itemlists.listone_checks import contents_titles, problems_in
from itemlists.listone_notes import join_parts, owners, vocabulary
from itemlists.listone_pdf import Line, PdfText, read_lines
from itemlists.listone_tree import TreeBuilder
from itemlists.types import PROVISION_SCHEMA

logger = logging.getLogger(__name__)

LIST_ID = "I"
#: Used when the file states no year in its title or running heads.
DEFAULT_VERSION = "2020"
_TITLE_RE = re.compile(r"\bListe\s+I\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")


def parse_list_one_pdf(path: Path, *, version: str | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Parse the official List I PDF into provisions and an import report.

    Args:
        path: The PDF ("Vedlegg I ... Liste I – forsvarsrelaterte varer (2020)").
        version: Version label to write; None takes the year in the file's title.

    Returns:
        The provisions frame (``PROVISION_SCHEMA`` columns, one row per dotted code) and a
        report dict: ``per_entry`` and ``notes_per_entry`` counts, ``provisions``,
        ``notes``, ``entries``, ``version``, ``title``, ``problems`` (list of messages
        naming page or code; empty when the file passed every check) and more.

    Raises:
        ListImportError: Not a PDF, damaged, truncated, password-protected, or without
            any List I entry heading ("ML1", "ML2", ...).
    """
    started = time.perf_counter()
    pdf = read_lines(path)
    builder = TreeBuilder()
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
    if detected is None and version is None:
        report["problems"].append(f"no year in the title; version set to {label!r}")
    report["seconds"] = round(time.perf_counter() - started, 2)
    logger.info(
        "List I %s from %s: %d provisions, %d notes, %d problem(s)",
        label,
        path.name,
        report["provisions"],
        report["notes"],
        len(report["problems"]),
    )
    return frame, report


def _not_a_list_message(path: Path, pdf: PdfText) -> str:
    if not pdf.lines and not pdf.contents:
        return f"{path.name!r} has no text layer (a scan?): List I must be the official text PDF"
    return (
        f"{path.name!r} has no List I entry headings (ML1, ML2, ... at the start of a line) "
        f"in its {pdf.page_count} page(s): it is not a List I file; choose the official "
        "'Liste I – forsvarsrelaterte varer' PDF"
    )


def _title_and_year(pdf: PdfText) -> tuple[str | None, str | None]:
    first_page = min((line.page for line in pdf.lines), default=1)
    candidates = [line.text for line in pdf.lines if line.page == first_page]
    title = next((text for text in candidates if _TITLE_RE.search(text)), None)
    for text in [title or "", *pdf.running_heads]:
        year = _YEAR_RE.search(text)
        if year and _TITLE_RE.search(text):
            return title, year.group(1)
    return title, None


def _frame(builder: TreeBuilder, words: frozenset[str], version: str) -> pl.DataFrame:
    notes = owners(builder.notes, builder.drafts, words)
    drafts = list(builder.drafts.values())
    columns: dict[str, list[Any]] = {
        "code": [d.code for d in drafts],
        "list": [LIST_ID] * len(drafts),
        "version": [version] * len(drafts),
        "entry_code": [d.entry for d in drafts],
        "parent": [d.parent for d in drafts],
        "depth": [d.depth for d in drafts],
        "category": ["ML"] * len(drafts),
        "group": [None] * len(drafts),
        "text": [join_parts(d.parts, words) for d in drafts],
        "notes": [notes.get(d.code, []) for d in drafts],
    }
    return pl.DataFrame(columns, schema=PROVISION_SCHEMA)


def _report(path: Path, pdf: PdfText, builder: TreeBuilder, frame: pl.DataFrame, title: str | None) -> dict[str, Any]:
    counts = frame.group_by("entry_code", maintain_order=True).agg(
        pl.len().alias("provisions"), pl.col("notes").list.len().sum().alias("notes")
    )
    titles = contents_titles(pdf.contents)
    ended = builder.ended_at
    return {
        "source_file": path.name,
        "list": LIST_ID,
        "title": title,
        "pages": pdf.page_count,
        "entries": frame.filter(pl.col("depth") == 0).height,
        "provisions": frame.height,
        "notes": int(frame["notes"].list.len().sum()),
        "per_entry": dict(zip(counts["entry_code"], counts["provisions"], strict=True)),
        "notes_per_entry": dict(zip(counts["entry_code"], counts["notes"], strict=True)),
        "not_used": frame.filter(pl.col("text").str.contains(r"(?i)^not used since")).height,
        "running_heads": pdf.running_heads,
        "contents_entries": sorted(titles, key=lambda code: int(code[2:])),
        "front_matter_lines": builder.skipped_front,
        "ended_at": _where(ended) if ended else None,
        "problems": builder.problems + problems_in(frame, titles, pdf.running_heads),
    }


def _where(line: Line) -> str:
    return f"page {line.page}: {line.text[:60]!r}"
