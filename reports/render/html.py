"""The HTML report: one self-contained file (inline CSS, no scripts, no external assets).

Every string that comes from a document or the lists goes through ``esc``
(:mod:`~reports.render.html_text`); the only markup is written here and in
:mod:`~reports.render.html_findings`, whose ``<details>`` let a reviewer fold findings
without JavaScript.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path

from classifiers.types import DocumentResult
from reports.render.html_findings import finding_block
from reports.render.html_text import esc, table
from reports.render.json_report import build_report, cap_note, write_text_atomically
from reports.run import RunInfo
from reports.types import AUTHENTICITY_NOTICE, DocumentOut, ReportOut

log = logging.getLogger(__name__)

HTML_FILENAME = "report.html"


#: The report has no scripts, fonts or remote images: forbid them all (inline styles and data: images only).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _css() -> str:
    return resources.files("reports.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def _badge(decision: str) -> str:
    return f'<span class="badge d-{esc(decision)}">{esc(decision)}</span>'


def _document_meta(doc: DocumentOut) -> str:
    versions = ", ".join(f"{k}@{v}" for k, v in doc.itemlist_versions.items()) or "-"
    items = [
        ("kind", doc.kind or "-"),
        ("pages / words", f"{doc.pages} / {doc.words}"),
        ("sha256", doc.sha256 or "-"),
        ("lists used", versions),
        ("checked", doc.checked or "-"),
    ]
    return '<dl class="meta small">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items) + "</dl>"


def _document_section(index: int, doc: DocumentOut) -> str:
    error = f'<p class="d-failed"><strong>Could not be read:</strong> {esc(doc.error)}</p>'
    reasons = "".join(f"<li>{esc(r)}</li>" for r in doc.reasons)
    findings = "".join(finding_block(f"doc-{index}-f-{j}", f) for j, f in enumerate(doc.findings, 1))
    if doc.status != "failed" and not doc.findings:
        findings = '<p class="muted">No findings above the cutoff.</p>'
    if (note := cap_note(doc)):
        findings += f'<p class="cap">{esc(note)}</p>'
    return (
        f'<article id="doc-{index}"><h2>{index}. {esc(doc.path)}</h2>'
        f"<p>Verdict: {_badge(doc.decision)}</p>"
        + (error if doc.status == "failed" else "")
        + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
        + _document_meta(doc)
        + findings
        + "</article>"
    )


_DOCUMENT_HEADERS = (
    "<th class=num>#</th><th>document</th><th>decision</th>"
    "<th class=num>flags</th><th class=num>near-misses</th><th>top finding / reason</th>"
)


def _summary_section(report: ReportOut) -> str:
    counts = "".join(
        f'<li class="{"" if n else "zero"}">{_badge(name)} <strong>{n}</strong></li>'
        for name, n in report.summary.by_decision.items()
    )
    rows = "".join(
        f'<tr><td class=num>{i}</td><td class="path"><a href="#doc-{i}">{esc(d.path)}</a></td>'
        f"<td>{_badge(d.decision)}</td><td class=num>{sum(f.level == 'flag' for f in d.findings)}"
        f"</td><td class=num>{sum(f.level == 'near_miss' for f in d.findings)}</td>"
        f"<td>{esc(d.findings[0].code) if d.findings else esc(d.error or '-')}</td></tr>"
        for i, d in enumerate(report.documents, 1)
    )
    s = report.summary
    return (
        f"<section id=summary><h2>Summary</h2><p>{s.documents} document(s); {s.needs_review} "
        f"need review; {s.failed} failed; {s.flags} flag(s), {s.near_misses} near-miss(es).</p>"
        f'<ul class="counts">{counts}</ul>' + table("Documents", _DOCUMENT_HEADERS, rows) + "</section>"
    )


def _failed_section(report: ReportOut) -> str:
    failed = [(i, d) for i, d in enumerate(report.documents, 1) if d.status == "failed"]
    if not failed:
        return ""
    items = "".join(f'<li><a href="#doc-{i}">{esc(d.path)}</a>: {esc(d.error or "unreadable")}</li>' for i, d in failed)
    return f"<section id=failed><h2>Failed documents</h2><ul>{items}</ul></section>"


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _run_section(run: RunInfo) -> str:
    lists = "".join(
        f"<tr><td><code>{esc(x.label)}</code>{' (provisional)' if x.provisional else ''}</td>"
        f"<td>{esc(x.title)}</td><td>{esc(x.source_file)}<br><code class=small>"
        f"{esc(x.source_sha256)}</code></td><td class=small>{esc(x.attribution)}"
        f"{'<br>' + esc(x.provenance) if x.provenance else ''}</td></tr>"
        for x in run.itemlists
    )
    checked = "".join(f"<li>{esc(c)}</li>" for c in run.checked)
    settings = esc(json.dumps(run.settings, indent=2, ensure_ascii=False))
    return (
        f"<section id=run><h2>Run</h2><dl class=meta><dt>run id</dt><dd>{esc(run.run_id)}</dd>"
        f"<dt>started</dt><dd>{_utc(run.started_at)}</dd>"
        f"<dt>finished</dt><dd>{_utc(run.finished_at or run.started_at)} ({run.duration_seconds:.1f} s)</dd>"
        f"<dt>exportscreen</dt><dd>{esc(run.exportscreen_version)}</dd></dl>"
        f"<h3>What was checked</h3><ul>{checked or '<li>-</li>'}</ul>"
        + table("Item lists used", "<th>list</th><th>title</th><th>source, sha256</th><th>attribution</th>", lists)
        + f'<p class="notice">{esc(AUTHENTICITY_NOTICE)}</p>'
        f"<details><summary>Settings used</summary><pre>{settings}</pre></details></section>"
    )


def html_page(title: str, heading: str, lead: str, body: str, css: str = "") -> str:
    """One self-contained HTML document: the CSP, the style sheet, a header and ``body`` (already escaped).

    Args:
        title: The page title (plain text; escaped here).
        heading: The h1 (plain text; escaped here).
        lead: The line under the heading (plain text; escaped here).
        body: The sections, as HTML.
        css: More style rules after the report's own.
    """
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_css()}{css}</style></head>"
        f'<body><main><header><h1>{esc(heading)}</h1><p class="muted">{esc(lead)}</p></header>'
        f"{body}</main></body></html>\n"
    )


def render_html(results: Iterable[DocumentResult], run: RunInfo) -> str:
    """Render the whole report as one HTML document (a string)."""
    report = build_report(results, run)
    documents = "".join(_document_section(i, d) for i, d in enumerate(report.documents, 1))
    lead = f"run {run.run_id}, {_utc(run.finished_at or run.started_at)}; checked: {'; '.join(run.checked) or '-'}"
    return html_page(f"exportscreen report {run.run_id}", "Export-control screening report", lead,
                     f"{_summary_section(report)}{_failed_section(report)}{documents}{_run_section(run)}")


def write_html(results: Iterable[DocumentResult], run: RunInfo, out_dir: Path) -> Path:
    """Write ``report.html`` into ``out_dir`` (created if missing) and return its path.

    Raises:
        ReportWriteError: The directory cannot be created or the file written.
    """
    path = out_dir / HTML_FILENAME
    write_text_atomically(path, render_html(results, run))
    log.info("HTML report written to %s", path)
    return path
