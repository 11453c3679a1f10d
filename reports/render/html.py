"""The HTML report: one self-contained file (inline CSS, no scripts, no external assets).

Every string that comes from a document or the lists goes through ``esc``; the only markup is
written here. ``<details>`` lets a reviewer fold findings without JavaScript.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path

from classifiers.types import DocumentResult
from reports.render.json_report import build_report, write_text_atomically
from reports.types import (
    AUTHENTICITY_NOTICE,
    DocumentOut,
    EvidenceOut,
    FeatureOut,
    FindingOut,
    ReportOut,
    RunInfo,
    ThresholdOut,
    find_span,
)

log = logging.getLogger(__name__)

HTML_FILENAME = "report.html"

# Characters that cannot be written as UTF-8 (lone surrogates), C0/C1 controls HTML forbids, and
# bidirectional overrides that would make text display differently from what it is.
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


#: The report has no scripts, fonts or remote images: forbid them all (inline styles and data: images only).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def esc(text: object) -> str:
    """Escape for HTML text and attribute values; unsafe characters become U+FFFD (same length)."""
    return html.escape(_UNSAFE.sub("\ufffd", str(text)), quote=True)


def _css() -> str:
    return resources.files("reports.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def _badge(decision: str) -> str:
    return f'<span class="badge d-{esc(decision)}">{esc(decision)}</span>'


def highlight(text: str, needles: Iterable[tuple[str, str]]) -> str:
    """Escape ``text`` and wrap the first occurrence of each needle in ``<mark class=...>``.

    Args:
        text: Untrusted text.
        needles: (words, css class) pairs; overlapping occurrences keep the earlier needle.
    """
    spans: list[tuple[int, int, str]] = []
    for words, css_class in needles:
        span = find_span(text, words)
        if span and all(span[1] <= a or span[0] >= b for a, b, _ in spans):
            spans.append((span[0], span[1], css_class))
    out, pos = [], 0
    for start, end, css_class in sorted(spans):
        out.append(esc(text[pos:start]))
        out.append(f'<mark class="{css_class}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _where(evidence: EvidenceOut) -> str:
    page = f"page {evidence.page}" if evidence.page is not None else "no page numbers"
    sentence = f", sentence {evidence.sentence}" if evidence.sentence is not None else ""
    return f"{page}{sentence}"


def _evidence_block(finding: FindingOut) -> str:
    quantities = [(t.found_text, "qty") for t in finding.thresholds if t.found_text]
    first = finding.evidence
    more = "".join(
        f"<li>{esc(_where(ev))}: {highlight(ev.text, [(ev.matched, 'term')])} "
        f'<span class="muted small">({esc(ev.matched)} ~ {esc(ev.term)}, {ev.similarity:.3f})'
        "</span></li>"
        for ev in finding.evidence_items[1:]
    )
    return (
        f"<h4>In the document: {esc(_where(first))}</h4>"
        f"<blockquote>{highlight(first.text, [(first.matched, 'term'), *quantities])}</blockquote>"
        f'<p class="small muted">matched <q>{esc(first.matched)}</q> to list term '
        f"<q>{esc(first.term)}</q>, similarity {first.similarity:.3f}</p>"
        + (f'<h4>More evidence</h4><ul class="small">{more}</ul>' if more else "")
    )


def _provision_block(finding: FindingOut) -> str:
    label = f"List {finding.list}@{finding.list_version}"
    return (
        f"<h4>Provision <code>{esc(finding.code)}</code> ({esc(label)})</h4>"
        f"<blockquote>{esc(finding.provision_text)}</blockquote>"
        f'<p class="small muted">{esc(AUTHENTICITY_NOTICE)}</p>'
    )


def _contribution(feature: FeatureOut) -> str:
    value = feature.contribution
    css = "contrib-pos" if value > 0 else "contrib-neg" if value < 0 else ""
    return f'<td class="num {css}">{feature.contribution:+.3f}</td>'


def _features_table(features: list[FeatureOut]) -> str:
    if not features:
        return '<p class="muted small">No score features recorded.</p>'
    rows = "".join(
        f"<tr><td><code>{esc(f.name)}</code></td><td class=num>{f.value:.4g}</td>"
        f"{_contribution(f)}<td>{esc(f.detail)}</td></tr>"
        for f in features
    )
    return (
        "<h3>Score features</h3><table><tr><th>feature</th><th class=num>value</th>"
        f"<th class=num>contribution</th><th>what was measured</th></tr>{rows}</table>"
    )


def _met(check: ThresholdOut) -> str:
    if check.met is None:
        word, css = "not stated", "none"
    else:
        word, css = ("met", "true") if check.met else ("not met", "false")
    return f'<td class="met-{css}">{word}</td>'


def _thresholds_table(thresholds: list[ThresholdOut]) -> str:
    if not thresholds:
        return '<p class="muted small">No numeric thresholds compared.</p>'
    rows = "".join(
        f"<tr><td><code>{esc(t.code)}</code></td><td>{esc(t.quantity)}</td>"
        f"<td>{esc(t.comparator)} {esc(t.required_text)}</td>"
        f"<td>{esc(t.found_text) or '-'}</td>{_met(t)}</tr>"
        for t in thresholds
    )
    notes = "".join(f"<li>{esc(t.readable())}</li>" for t in thresholds)
    return (
        "<h3>Thresholds compared</h3><table><tr><th>provision</th><th>quantity</th>"
        f"<th>required</th><th>found</th><th>result</th></tr>{rows}</table>"
        f'<ul class="small muted">{notes}</ul>'
    )


def _finding_footer(finding: FindingOut) -> str:
    rule = f'<p class="small">Rule fired: <code>{esc(finding.rule)}</code>'
    if not finding.list:
        return rule + "</p>"
    return (
        f"{rule}; entry <code>{esc(finding.entry_code)}</code>; list version "
        f"<code>{esc(finding.list)}@{esc(finding.list_version)}</code></p>"
    )


def _finding_block(anchor: str, finding: FindingOut) -> str:
    is_open = " open" if finding.level == "flag" else ""
    provision = f"<div>{_provision_block(finding)}</div>" if finding.list else ""
    return (
        f'<details class="finding" id="{anchor}"{is_open}><summary>'
        f'<span class="score">{finding.score:.3f}</span> '
        f'<span class="level-{esc(finding.level)}">{esc(finding.level)}</span> '
        f"<code>{esc(finding.code)}</code> <span class=muted>rule {esc(finding.rule)}</span> "
        f"&mdash; {esc(finding.explanation)}</summary><div class=body>"
        f'<div class="side"><div>{_evidence_block(finding)}</div>{provision}</div>'
        f"{_features_table(finding.features)}{_thresholds_table(finding.thresholds)}"
        f"{_finding_footer(finding)}</div></details>"
    )


def _document_meta(doc: DocumentOut) -> str:
    versions = ", ".join(f"{k}@{v}" for k, v in doc.itemlist_versions.items()) or "-"
    items = [
        ("kind", doc.kind or "-"),
        ("pages / words", f"{doc.pages} / {doc.words}"),
        ("sha256", doc.sha256 or "-"),
        ("lists used", versions),
        ("checked", doc.checked or "-"),
    ]
    return '<dl class="meta small">' + "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items
    ) + "</dl>"


def _document_section(index: int, doc: DocumentOut) -> str:
    error = f'<p class="d-failed"><strong>Could not be read:</strong> {esc(doc.error)}</p>'
    reasons = "".join(f"<li>{esc(r)}</li>" for r in doc.reasons)
    findings = "".join(
        _finding_block(f"doc-{index}-f-{j}", f) for j, f in enumerate(doc.findings, 1)
    )
    if doc.status != "failed" and not doc.findings:
        findings = '<p class="muted">No findings above the cutoff.</p>'
    return (
        f'<article id="doc-{index}"><h2>{index}. {esc(doc.path)}</h2>'
        f"<p>Verdict: {_badge(doc.decision)}</p>"
        + (error if doc.status == "failed" else "")
        + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
        + _document_meta(doc)
        + findings
        + "</article>"
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
        f'<ul class="counts">{counts}</ul>'
        "<h3>Documents</h3><table><tr><th class=num>#</th><th>document</th><th>decision</th>"
        "<th class=num>flags</th><th class=num>near-misses</th><th>top finding / reason</th>"
        f"</tr>{rows}</table></section>"
    )


def _failed_section(report: ReportOut) -> str:
    failed = [(i, d) for i, d in enumerate(report.documents, 1) if d.status == "failed"]
    if not failed:
        return ""
    items = "".join(
        f'<li><a href="#doc-{i}">{esc(d.path)}</a>: {esc(d.error or "unreadable")}</li>'
        for i, d in failed
    )
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
        f"<dt>finished</dt><dd>{_utc(run.finished_at)} ({run.duration_seconds:.1f} s)</dd>"
        f"<dt>exportscreen</dt><dd>{esc(run.exportscreen_version)}</dd></dl>"
        f"<h3>What was checked</h3><ul>{checked or '<li>-</li>'}</ul>"
        "<h3>Item lists used</h3><table><tr><th>list</th><th>title</th><th>source, sha256</th>"
        f"<th>attribution</th></tr>{lists}</table>"
        f'<p class="notice">{esc(AUTHENTICITY_NOTICE)}</p>'
        f"<details><summary>Settings used</summary><pre>{settings}</pre></details></section>"
    )


def render_html(results: Iterable[DocumentResult], run: RunInfo) -> str:
    """Render the whole report as one HTML document (a string)."""
    report = build_report(results, run)
    documents = "".join(_document_section(i, d) for i, d in enumerate(report.documents, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>exportscreen report {esc(run.run_id)}</title><style>{_css()}</style></head>"
        "<body><main><header><h1>Export-control screening report</h1>"
        f'<p class="muted">run {esc(run.run_id)}, {_utc(run.finished_at)}; checked: '
        f"{esc('; '.join(run.checked) or '-')}</p>"
        f"</header>{_summary_section(report)}{_failed_section(report)}{documents}"
        f"{_run_section(run)}</main></body></html>\n"
    )


def write_html(results: Iterable[DocumentResult], run: RunInfo, out_dir: Path) -> Path:
    """Write ``report.html`` into ``out_dir`` (created if missing) and return its path.

    Raises:
        ReportWriteError: The directory cannot be created or the file written.
    """
    path = out_dir / HTML_FILENAME
    write_text_atomically(path, render_html(results, run))
    log.info("HTML report written to %s", path)
    return path
