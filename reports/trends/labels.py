"""Words of the trend report, by key; their Norwegian is in the gettext catalog (reports.i18n).

Column names, outcome names and decision names stay as the JSON vocabulary in JSON and CSV;
the HTML, terminal and XLSX headings use these labels. Outcome and review-state names come from
:data:`reports.i18n.OUTCOME_NAMES`; anything without a label is shown as is.
"""

from __future__ import annotations

from reports.i18n import LANGS, N_, _, outcome_name

__all__ = ["LABELS", "LANGS", "label"]

LABELS: dict[str, str] = {
    "title": N_("Export control and research security: trends"),
    "subtitle": N_("From {start} to {end}, by {by}"),
    "generated": N_("Generated {at} from the results store {store}."),
    "privacy": N_("No names, e-mail addresses or citizenships appear in this report. Counts of grants from 1 to 4 "
                  "are shown as \u201c<5\u201d and drawn as 0."),
    "month": N_("month"),
    "quarter": N_("quarter"),
    "year": N_("year"),
    "empty": N_("No records in this period."),
    "chart_totals": N_("The chart shows the totals of all units."),
    # tables
    "volume": N_("Documents and projects screened"),
    "decisions": N_("Screening outcomes"),
    "flags_by_category": N_("Flags by list and category"),
    "top_families": N_("Most-flagged entry families"),
    "review_pipeline": N_("Review: opened, decided and days to decide"),
    "backlog": N_("Open cases by age at the end of the period"),
    "grants_by_decision": N_("Share grants by decision"),
    "grants_by_system": N_("Share grants by source system"),
    "share_cases": N_("Share cases opened and closed"),
    "list_versions": N_("Item-list versions first used in the period"),
    "rescreen_changes": N_("What re-screening changed"),
    # notes
    "false_positive_note": N_("False-positive share: flags in cases a reviewer cleared, plus suppressed findings, "
                              "out of flags in decided cases plus suppressed findings."),
    "review_note": N_("A case counts as decided at its first final decision; days are from opening to that decision."),
    "backlog_note": N_("Cases opened for review and not decided at the end of the period, by days open."),
    # columns
    "period": N_("Period"),
    "unit": N_("Unit"),
    "documents": N_("Documents"),
    "projects": N_("Projects"),
    "documents_failed": N_("Documents not read"),
    "projects_failed": N_("Projects not read"),
    "family": N_("Entry"),
    "list": N_("List"),
    "flags": N_("Flags"),
    "decided": N_("Decided"),
    "suppressed": N_("Suppressed"),
    "false_positive_share": N_("False-positive share"),
    "opened": N_("Opened"),
    "closed": N_("Closed"),
    "days_median": N_("Median days"),
    "days_p90": N_("90th percentile days"),
    "age_days": N_("Days open"),
    "cases": N_("Cases"),
    "lists": N_("List versions"),
    "first_used": N_("First used"),
    "rescreened": N_("Re-screened"),
    "decision_changed": N_("Outcome changed"),
    "now_needs_review": N_("Now needs review"),
    "no_longer_needs_review": N_("No longer needs review"),
}


def label(key: str, lang: str) -> str:
    """The label of ``key`` in ``lang`` (an outcome's name, or the key itself, when there is none)."""
    entry = LABELS.get(key)
    return _(entry, lang) if entry else outcome_name(key, lang)
