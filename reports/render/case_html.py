"""One review case as an HTML page, read back from the results store (``review show --format html``).

The page is the screening report of the case's document, with the case's review status, its
decision and reviewer, and the whole history from the audit-logged case events, so an adviser
can print or file what was decided and why. Suppressed findings stay visible, marked.
"""

from __future__ import annotations

import dataclasses

from classifiers.types import DocumentResult
from reports.i18n import _, outcome_name
from reports.render.html import document_section, html_page
from reports.render.html_text import esc, table
from reports.render.json_report import document_out
from reports.store.records import CaseDetail
from reports.store.review import FINAL

CASE_CSS = (".review-status{border-left:4px solid #888;padding:.3em .8em;margin:.6em 0}"
            ".review-status.final{border-color:#2a7}.review-status.pending{border-color:#c80}"
            ".suppressed{color:#555;font-style:italic}")


def case_result(detail: CaseDetail) -> DocumentResult:
    """The stored case as a screening result: its outcome, reasons and findings (suppressions marked)."""
    s = detail.summary
    findings = tuple(
        dataclasses.replace(item.finding, suppressed_by=item.suppressed_by.describe()) if item.suppressed_by
        else item.finding
        for item in detail.findings
    )
    return DocumentResult(path=s.path, status="screened", decision=s.decision, findings=findings,
                          reasons=detail.reasons, itemlist_versions=dict(s.itemlist_versions), checked=detail.checked,
                          sha256=s.sha256, candidates=len(findings))


def _decision(detail: CaseDetail) -> str:
    """The latest final decision as one sentence, or that none is made yet."""
    final = [e for e in detail.history if e.to_status in FINAL]
    if not final:
        return _("No decision yet.")
    last = final[-1]
    return _("Decided {outcome} by {reviewer} on {day}: {reason}").format(
        outcome=outcome_name(last.to_status), reviewer=last.reviewer, day=last.at[:10], reason=last.reason)


def review_block(detail: CaseDetail) -> str:
    """The case's review status, decision and history (HTML; every stored value escaped)."""
    s = detail.summary
    css = "final" if s.status in FINAL else "pending"
    rows = "".join(
        f"<tr><td>{esc(e.at[:19].replace('T', ' '))}</td><td>{esc(e.kind)}</td>"
        f"<td>{esc(outcome_name(e.from_status)) + ' &rarr; ' if e.from_status else ''}"
        f"{esc(outcome_name(e.to_status))}</td><td>{esc(e.reviewer)}</td><td>{esc(e.reason)}</td></tr>"
        for e in detail.history
    )
    headers = "".join(f"<th>{esc(h)}</th>" for h in (_("when"), _("event"), _("status"), _("by"), _("reason")))
    follows = (f"<p class=small>{esc(_('Follows case {n}.').format(n=s.previous_case_id))}</p>"
               if s.previous_case_id is not None else "")
    return (
        f'<div class="review-status {css}"><p><strong>{esc(_("Review status:"))}</strong> '
        f'<span title="{esc(s.status)}">{esc(outcome_name(s.status))}</span> '
        f"({esc(_('case {n}').format(n=s.id))})</p><p>{esc(_decision(detail))}</p>{follows}"
        + table(_("Case history"), headers, rows) + "</div>"
    )


def render_case_html(detail: CaseDetail) -> str:
    """The case as one self-contained HTML page (the same style and CSP as the screening report)."""
    s = detail.summary
    doc = document_out(case_result(detail))
    lead = _("Case {n}, opened {opened}, last changed {updated}; from the results store.").format(
        n=s.id, opened=s.created_at[:10], updated=s.updated_at[:10])
    title = _("Review case {n}").format(n=s.id)
    return html_page(title, title, lead, document_section(1, doc, review_block(detail)), css=CASE_CSS)
