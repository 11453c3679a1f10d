"""The terminal report: a verdict line per document, a findings table, a summary line.

Everything from a document (paths, evidence, explanations) is untrusted: it is put into rich
``Text`` objects, never into markup strings, and control characters are replaced, so a
manuscript cannot restyle the output or send escape sequences to the reviewer's terminal.
On a non-terminal (a pipe, a CI log) rich drops colour and the output is plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from classifiers.types import DocumentResult
from reports.i18n import _, level_name, ngettext, outcome_name
from reports.render.json_report import build_report, cap_note
from reports.run import RunInfo
from reports.types import (
    AUTHENTICITY_NOTICE,
    DocumentOut,
    EvidenceOut,
    FindingOut,
    SummaryOut,
    find_span,
)

#: Style of each outcome's verdict; anything needing a person is warm, the rest green.
DECISION_STYLES = {
    "blocked_classified": "bold white on red",
    "review_required": "bold red",
    "case_by_case": "bold yellow",
    "catch_all_review": "yellow",
    "exempt": "green",
    "no_listed_technology": "green",
    "failed": "bold red",
}
THRESHOLD_STYLES = {True: "green", False: "yellow", None: "dim"}
SNIPPET_CHARS = 160
EXPLANATION_CHARS = 120
#: Below this console width the "Why" column is left out (the JSON and HTML keep it).
WHY_MIN_WIDTH = 100

# Bidirectional overrides can make text read differently from what it is ("Trojan source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """One line of text safe for a terminal: whitespace runs become one space, controls '?'."""
    text = _BIDI.sub("?", " ".join(text.split()))
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def snippet(evidence: EvidenceOut, limit: int = SNIPPET_CHARS) -> Text:
    """Cut the evidence sentence to about ``limit`` characters around the matched words."""
    text = printable(evidence.text)
    span = find_span(text, evidence.matched)
    start, end = 0, len(text)
    if len(text) > limit:
        middle = (span[0] + span[1]) // 2 if span else 0
        start = max(0, min(middle - limit // 2, len(text) - limit))
        if span and span[1] - span[0] >= limit:
            start = span[0]
        end = start + limit
    out = Text("…" if start > 0 else "")
    piece_start = len(out)
    out.append(text[start:end])
    if end < len(text):
        out.append("…")
    if span and span[0] >= start:
        offset = piece_start - start
        out.stylize("bold underline", offset + span[0], offset + min(span[1], end))
    return out


def _verdict(doc: DocumentOut) -> Text:
    line = Text.assemble((printable(doc.path), "bold"), "  ")
    line.append(decision_text(doc.decision), style=DECISION_STYLES.get(doc.decision, "bold"))
    if doc.status == "failed":
        line.append(f"  {printable(doc.error or 'unreadable')}", style="red")
        return line
    flags = sum(f.level == "flag" for f in doc.findings)
    near = len(doc.findings) - flags
    line.append(f"  {counts_text(flags, near)}", style="dim")
    return line


def decision_text(code: str) -> str:
    """An outcome as a person reads it, with its code for the JSON ("Licence review required (review_required)")."""
    return f"{outcome_name(code)} ({code})"


def counts_text(flags: int, near_misses: int) -> str:
    """The counts as "2 flags, 1 near-miss", in the run's language."""
    return (ngettext("{n} flag", "{n} flags", flags).format(n=flags) + ", "
            + ngettext("{n} near-miss", "{n} near-misses", near_misses).format(n=near_misses))


def _evidence_cell(finding: FindingOut) -> Text:
    evidence = finding.evidence
    page = (_("p. {page}").format(page=evidence.page) if evidence.page is not None
            else _("line {line}").format(line=evidence.line) if evidence.line is not None else None)
    if finding.rule == "classified_marking":  # a marking is reported as a marking, not as a fuzzy match
        cell = Text(_("marked") + " ", style="dim")
        cell.append(_clip(printable(evidence.matched), 60), style="bold")
        grade = f" ({printable(evidence.term)})" if evidence.term.lower() != evidence.matched.lower() else ""
        place = _("in the text") if page is None else _("on {page}").format(page=page)
        cell.append(f"{grade} {place}", style="dim")
        cell.append("\n")
        cell.append_text(snippet(evidence))
        return cell
    # The matched words are spelled out: off a terminal the highlighting is not visible.
    cell = Text(_("{place}, matched").format(place=page or _("no page")) + " ", style="dim")
    cell.append(_clip(printable(evidence.matched), 60), style="bold")
    cell.append("\n")
    cell.append_text(snippet(evidence))
    return cell


def _findings_table(doc: DocumentOut, with_why: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(_("Score"), justify="right", no_wrap=True)
    table.add_column(_("Level"), no_wrap=True)
    table.add_column(_("Provision"), no_wrap=True)
    table.add_column(_("Evidence"), ratio=3)
    if with_why:
        table.add_column(_("Why"), ratio=2)
    for finding in doc.findings:
        level_style = "bold" if finding.level == "flag" else "dim"
        where = f"{finding.list}@{finding.list_version}" if finding.list else _("(no list)")
        cells: list[str | Text] = [
            "-" if finding.rule == "classified_marking" else f"{finding.score:.3f}",
            Text.assemble((level_name(finding.level), level_style), "\n", (printable(finding.rule), "dim")),
            Text.assemble((printable(finding.code), "bold"), "\n", (printable(where), "dim")),
            _evidence_cell(finding),
        ]
        if with_why:
            cells.append(Text(_clip(printable(finding.explanation), EXPLANATION_CHARS)))
        table.add_row(*cells)
    return table


def _threshold_lines(doc: DocumentOut) -> list[Text]:
    return [
        Text(f"  {_('threshold')} {printable(t.readable())}", style=THRESHOLD_STYLES[t.met])
        for finding in doc.findings
        for t in finding.thresholds
    ]


def _summary_line(summary: SummaryOut, run: RunInfo) -> Text:
    counts = ", ".join(f"{n} {outcome_name(name)}" for name, n in summary.by_decision.items() if n)
    documents = ngettext("{n} document", "{n} documents", summary.documents).format(n=summary.documents)
    line = Text(f"{documents}: {counts or _('none')}", style="bold")
    line.append(f"; {counts_text(summary.flags, summary.near_misses)}")
    if run.checked:
        line.append(f"; {_('checked')} {printable('; '.join(run.checked))}", style="dim")
    return line


def render_document(doc: DocumentOut, console: Console) -> None:
    """Print one document: verdict, reasons, findings table and thresholds."""
    console.print(_verdict(doc))
    for reason in doc.reasons:
        console.print(Padding(Text(f"- {printable(reason)}"), (0, 0, 0, 2), expand=False))
    if doc.findings:
        console.print(_findings_table(doc, with_why=console.width >= WHY_MIN_WIDTH))
    for line in _threshold_lines(doc):
        console.print(line)
    if (note := cap_note(doc)):
        console.print(Text(f"  {note}", style="yellow"))



def render_terminal(results: Iterable[DocumentResult], run: RunInfo, console: Console) -> None:
    """Print the report of a run to ``console``.

    Args:
        results: Screening results, in the order to show them.
        run: Run metadata.
        console: Where to print; rich drops colour when it is not a terminal.
    """
    report = build_report(results, run)
    console.print(
        Text(_("exportscreen {version}, run {run}").format(version=run.exportscreen_version,
                                                            run=printable(run.run_id)), style="dim")
    )
    for doc in report.documents:
        console.print()
        render_document(doc, console)
    console.print()
    console.print(_summary_line(report.summary, run))
    if report.summary.flags or report.summary.near_misses:
        console.print(Text(_(AUTHENTICITY_NOTICE), style="dim"))
