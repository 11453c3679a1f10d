"""From an official list PDF to a provisions frame and an import report: the steps List I and II share.

Both importers read the PDF into lines (``itemlists.sources.pdf_lines``), feed them to a tree
builder (``TreeBuilder`` for List I, its dual-use subclass for List II), join each draft's
lines into one text and give each note its provision. What differs per list is described
by a ``PdfListSpec``: the entry headings named in the refusal message, the title and year
search, category and group, how a note names its provision, and the report's own sections.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.errors import ListImportError
from itemlists.sources.base import SourceData, SourceRequest, one_path
from itemlists.sources.listone.notes import join_parts, owners, vocabulary
from itemlists.sources.listone.tree import Draft, TreeBuilder
from itemlists.sources.pdf_lines import PdfText, read_lines
from itemlists.types import PROVISION_SCHEMA

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PdfListSpec:
    """What one list's PDF importer tells the shared steps.

    Attributes:
        list_id: "I" or "II": the ``list`` column and the name in messages ("List I").
        builder: Makes a fresh tree builder of the list (it decides what an entry heading is).
        headings: The entry headings, as the refusal message names them ("List I entry
            headings (ML1, ML2, ... at the start of a line)").
        official: Title of the official file ("Liste I – forsvarsrelaterte varer").
        default_version: Version label when the file states no year.
        title_and_year: The file's title line and the year in it (None when absent).
        columns: The ``category`` and ``group`` columns, as expressions of ``entry_code``.
        named_code: The provision a note names at its start (see ``owners``).
        report: The import report of a parsed file (``import_report`` plus its own sections).
        summary: The report in a few words for the log ("484 provisions, 111 notes, ...").
    """

    list_id: str
    builder: Callable[[], TreeBuilder]
    headings: str
    official: str
    default_version: str
    title_and_year: Callable[[PdfText], tuple[str | None, str | None]]
    columns: dict[str, pl.Expr]
    named_code: Callable[[str, str, dict[str, Draft]], str | None]
    report: Callable[[Path, ParsedPdf], dict[str, Any]]
    summary: Callable[[dict[str, Any]], str]

    def parse(self, path: Path, version: str | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
        """``parse_pdf`` with a fresh builder of this list."""
        return parse_pdf(path, self.builder(), self, version)

    def read_source(self, request: SourceRequest) -> SourceData:
        """Read the list's PDF as ``SourceData``: the reader of its source format (see ``read_pdf_source``)."""
        return read_pdf_source(request, self)


@dataclass(frozen=True, slots=True)
class ParsedPdf:
    """A list PDF read and built into provisions.

    Attributes:
        list_id: The list it was read as.
        pdf: Its lines and what was set aside.
        builder: The tree builder it was fed to (its ``problems``, where it ended).
        frame: The provisions (``PROVISION_SCHEMA``).
        title: The title line, if found on the first page.
        version: The version label written.
        requested: The version label asked for (None: from the file, else the default).
        detected: The year found in the file (None when it states none).
    """

    list_id: str
    pdf: PdfText
    builder: TreeBuilder
    frame: pl.DataFrame
    title: str | None
    version: str
    requested: str | None
    detected: str | None


def parse_pdf(
    path: Path, builder: TreeBuilder, spec: PdfListSpec, version: str | None
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Parse an official list PDF into provisions and an import report, and log the outcome.

    Args:
        path: The official PDF.
        builder: A fresh tree builder of the list (it decides what an entry heading is).
        spec: What else differs per list.
        version: Version label to write; None takes the year in the file's title.

    Returns:
        The provisions frame (``PROVISION_SCHEMA``) and ``spec.report``'s report, with the
        ``seconds`` the whole took.

    Raises:
        ListImportError: The file cannot be read (see ``read_lines``) or has no entry heading.
    """
    started = time.perf_counter()
    parsed = _parse(path, builder, spec, version)
    report = spec.report(path, parsed)
    report["seconds"] = round(time.perf_counter() - started, 2)
    logger.info("List %s %s from %s: %s", spec.list_id, parsed.version, path.name, spec.summary(report))
    return parsed.frame, report


def read_pdf_source(request: SourceRequest, spec: PdfListSpec) -> SourceData:
    """A list PDF as ``SourceData`` (``PdfListSpec.read_source``, the reader of each PDF format).

    The ``list`` column is the request's (a List III in the dual-use layout reads as List II);
    the report is ``{"parse_report": ...}`` and its problems are the data's ``problems``.
    """
    path = one_path(request, f"the List {spec.list_id} PDF format")
    if request.repairs:
        raise ListImportError(f"repairs {list(request.repairs)!r} apply to structured rows, not to a PDF")
    frame, report = spec.parse(path, request.version)
    frame = frame.with_columns(pl.lit(request.list_id).alias("list"))
    problems = [str(p) for p in report.get("problems", [])]
    return SourceData(frame, {"parse_report": report}, problems=problems)


def _parse(path: Path, builder: TreeBuilder, spec: PdfListSpec, version: str | None) -> ParsedPdf:
    pdf = read_lines(path)
    for line in pdf.lines:
        builder.feed(line)
    builder.finish()
    if not builder.drafts:
        raise ListImportError(_not_a_list_message(path, pdf, spec))
    title, detected = spec.title_and_year(pdf)
    label = version or detected or spec.default_version
    frame = _frame(builder, vocabulary(pdf.lines), label, spec)
    return ParsedPdf(spec.list_id, pdf, builder, frame, title, label, version, detected)


def _not_a_list_message(path: Path, pdf: PdfText, spec: PdfListSpec) -> str:
    name = f"List {spec.list_id}"
    if not pdf.lines and not pdf.contents:
        return f"{path.name!r} has no text layer (a scan?): {name} must be the official text PDF"
    return (
        f"{path.name!r} has no {spec.headings} "
        f"in its {pdf.page_count} page(s): it is not a {name} file; choose the official "
        f"'{spec.official}' PDF"
    )


def first_page_line(pdf: PdfText, pattern: Callable[[str], object]) -> str | None:
    """The first line of the first page with text whose text ``pattern`` finds (a title)."""
    first_page = min((line.page for line in pdf.lines), default=1)
    return next((line.text for line in pdf.lines if line.page == first_page and pattern(line.text)), None)


def _frame(builder: TreeBuilder, words: frozenset[str], version: str, spec: PdfListSpec) -> pl.DataFrame:
    notes = owners(builder.notes, builder.drafts, words, spec.named_code)
    drafts = list(builder.drafts.values())
    columns: dict[str, list[Any]] = {
        "code": [d.code for d in drafts],
        "list": [spec.list_id] * len(drafts),
        "version": [version] * len(drafts),
        "entry_code": [d.entry for d in drafts],
        "parent": [d.parent for d in drafts],
        "depth": [d.depth for d in drafts],
        "category": [None] * len(drafts),
        "group": [None] * len(drafts),
        "text": [join_parts(d.parts, words) for d in drafts],
        "notes": [notes.get(d.code, []) for d in drafts],
    }
    return pl.DataFrame(columns, schema=PROVISION_SCHEMA).with_columns(**spec.columns)


def import_report(
    path: Path,
    parsed: ParsedPdf,
    *,
    counts: dict[str, Any],
    contents: dict[str, Any],
    checks: dict[str, Any],
) -> dict[str, Any]:
    """The import report: totals, the list's own sections, what was set aside, the version.

    Args:
        path: The PDF read.
        parsed: The file as read and built.
        counts: The list's own counts, after the totals ("per_entry", "per_category").
        contents: What the table of contents gave, after the running heads (may be empty).
        checks: Problems and warnings, after where reading ended.

    Returns:
        The report dict, keys in that order (``build_report.json`` keeps it), ending with
        ``version`` and ``version_detected``.
    """
    frame, ended = parsed.frame, parsed.builder.ended_at
    return {
        "source_file": path.name,
        "list": parsed.list_id,
        "title": parsed.title,
        "pages": parsed.pdf.page_count,
        "entries": frame.filter(pl.col("depth") == 0).height,
        "provisions": frame.height,
        "notes": int(frame["notes"].list.len().sum()),
        **counts,
        "running_heads": parsed.pdf.running_heads,
        **contents,
        "front_matter_lines": parsed.builder.skipped_front,
        "ended_at": f"page {ended.page}: {ended.text[:60]!r}" if ended else None,
        **checks,
        "version": parsed.version,
        "version_detected": parsed.detected is not None,
    }
