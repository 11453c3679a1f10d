"""Decision rules for a document (DOMAIN.md): from findings to one outcome with reasons."""

from __future__ import annotations

from classifiers.settings import ScreeningSettings
from classifiers.types import DocumentResult, Finding
from extractors.types import Analysis
from itemlists.reference import Reference


def decide(
    analysis: Analysis,
    findings: list[Finding],
    reference: Reference,
    settings: ScreeningSettings,
) -> DocumentResult:
    """Apply the document rules and state the reasons.

    ``no_listed_technology`` is never "cleared": its reason says what was checked, against
    which list versions, with which cutoff.
    """
    doc = analysis.document
    ordered = tuple(sorted(findings, key=lambda f: (f.level != "flag", -f.score, f.code)))
    flags = [f for f in ordered if f.level == "flag"]
    if flags:
        decision = "review_required"
        reasons = tuple(
            f"rule list_match: {f.code} (List {f.list}@{f.list_version}) scored {f.score:.3f} "
            f">= threshold {settings.threshold:.2f}"
            for f in flags
        )
    else:
        decision = "no_listed_technology"
        near = f"; {len(ordered)} near-miss(es) reported below the threshold" if ordered else ""
        reasons = (
            f"No listed technology: {analysis.candidates.height} candidate terms from "
            f"{len(analysis.sentences)} sentences were matched against {reference.checked}; "
            f"no provision reached the threshold {settings.threshold:.2f}{near}. "
            "This is not a clearance.",
        )
    return DocumentResult(
        path=doc.path,
        status="screened",
        decision=decision,
        findings=ordered,
        reasons=reasons,
        itemlist_versions=dict(reference.versions),
        checked=f"{reference.checked}; NLP: {analysis.pipeline}",
        kind=doc.kind,
        sha256=doc.sha256,
        pages=len(doc.pages),
        words=doc.word_count,
    )
