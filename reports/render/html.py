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
from reports.i18n import _, current_lang, ngettext, outcome_name
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
    return f'<span class="badge d-{esc(decision)}" title="{esc(decision)}">{esc(outcome_name(decision))}</span>'


def _document_meta(doc: DocumentOut) -> str:
    versions = ", ".join(f"{k}@{v}" for k, v in doc.itemlist_versions.items()) or "-"
    items = [
        (_("kind"), doc.kind or "-"),
        (_("pages / words"), f"{doc.pages} / {doc.words}"),
        ("sha256", doc.sha256 or "-"),
        (_("lists used"), versions),
        (_("checked"), doc.checked or "-"),
    ]
    if doc.status != "failed" and not doc.kind and not doc.pages:  # a case read back from the store keeps neither
        items = items[2:]
    return '<dl class="meta small">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items) + "</dl>"


def document_section(index: int, doc: DocumentOut, review: str = "") -> str:
    """One document's article: verdict, ``review``, reasons, metadata and findings.

    ``review`` is HTML placed under the verdict: the case's review status when the report comes
    from the store (reports.render.case_html), else empty.
    """
    error = f'<p class="d-failed"><strong>{esc(_("Could not be read:"))}</strong> {esc(doc.error)}</p>'
    reasons = "".join(f"<li>{esc(r)}</li>" for r in doc.reasons)
    findings = "".join(finding_block(f"doc-{index}-f-{j}", f) for j, f in enumerate(doc.findings, 1))
    if doc.status != "failed" and not doc.findings:
        findings = f'<p class="muted">{esc(_("No findings above the cutoff."))}</p>'
    if (note := cap_note(doc)):
        findings += f'<p class="cap">{esc(note)}</p>'
    return (
        f'<article id="doc-{index}"><h2>{index}. {esc(doc.path)}</h2>'
        f"<p>{esc(_('Verdict:'))} {_badge(doc.decision)}</p>"
        + review
        + (error if doc.status == "failed" else "")
        + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
        + _document_meta(doc)
        + findings
        + "</article>"
    )


def _document_headers() -> str:
    return (f"<th class=num>#</th><th>{esc(_('document'))}</th><th>{esc(_('decision'))}</th>"
            f"<th class=num>{esc(_('flags'))}</th><th class=num>{esc(_('near-misses'))}</th>"
            f"<th>{esc(_('top finding / reason'))}</th>")


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
        f"<section id=summary><h2>{esc(_('Summary'))}</h2><p>"
        + esc(ngettext("{n} document", "{n} documents", s.documents).format(n=s.documents) + "; "
              + _("{n} need review; {failed} failed; {flags} flag(s), {near} near-miss(es).").format(
                  n=s.needs_review, failed=s.failed, flags=s.flags, near=s.near_misses))
        + f'</p><ul class="counts">{counts}</ul>' + table(_("Documents"), _document_headers(), rows) + "</section>"
    )


def _failed_section(report: ReportOut) -> str:
    failed = [(i, d) for i, d in enumerate(report.documents, 1) if d.status == "failed"]
    if not failed:
        return ""
    items = "".join(f'<li><a href="#doc-{i}">{esc(d.path)}</a>: {esc(d.error or "unreadable")}</li>' for i, d in failed)
    return f"<section id=failed><h2>{esc(_('Failed documents'))}</h2><ul>{items}</ul></section>"


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _run_section(run: RunInfo) -> str:
    lists = "".join(
        f"<tr><td><code>{esc(x.label)}</code>{esc(' (' + _('provisional') + ')') if x.provisional else ''}</td>"
        f"<td>{esc(x.title)}</td><td>{esc(x.source_file)}<br><code class=small>"
        f"{esc(x.source_sha256)}</code></td><td class=small>{esc(x.attribution)}"
        f"{'<br>' + esc(x.provenance) if x.provenance else ''}</td></tr>"
        for x in run.itemlists
    )
    checked = "".join(f"<li>{esc(c)}</li>" for c in run.checked)
    settings = esc(json.dumps(run.settings, indent=2, ensure_ascii=False))
    headers = "".join(f"<th>{esc(h)}</th>" for h in (_("list"), _("title"), _("source, sha256"), _("attribution")))
    return (
        f"<section id=run><h2>{esc(_('Run'))}</h2><dl class=meta><dt>{esc(_('run id'))}</dt><dd>{esc(run.run_id)}</dd>"
        f"<dt>{esc(_('started'))}</dt><dd>{_utc(run.started_at)}</dd>"
        f"<dt>{esc(_('finished'))}</dt><dd>{_utc(run.finished_at or run.started_at)} "
        f"({run.duration_seconds:.1f} s)</dd>"
        f"<dt>exportscreen</dt><dd>{esc(run.exportscreen_version)}</dd></dl>"
        f"<h3>{esc(_('What was checked'))}</h3><ul>{checked or '<li>-</li>'}</ul>"
        + table(_("Item lists used"), headers, lists)
        + f'<p class="notice">{esc(_(AUTHENTICITY_NOTICE))}</p>'
        f"<details><summary>{esc(_('Settings used'))}</summary><pre>{settings}</pre></details></section>"
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
        f'<!DOCTYPE html>\n<html lang="{current_lang()}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_css()}{css}</style></head>"
        f'<body><main><header><h1>{esc(heading)}</h1><p class="muted">{esc(lead)}</p></header>'
        f"{body}</main></body></html>\n"
    )


def render_html(results: Iterable[DocumentResult], run: RunInfo) -> str:
    """Render the whole report as one HTML document (a string)."""
    report = build_report(results, run)
    documents = "".join(document_section(i, d) for i, d in enumerate(report.documents, 1))
    lead = _("run {run}, {at}; checked: {checked}").format(run=run.run_id, at=_utc(run.finished_at or run.started_at),
                                                          checked="; ".join(run.checked) or "-")
    return html_page(_("exportscreen report {run}").format(run=run.run_id), _("Export-control screening report"), lead,
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
