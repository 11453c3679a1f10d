"""Decision rules for a document (DOMAIN.md): from findings to one outcome with reasons.

Order of the rules, first match wins:

1. A security-grade marking (Security Act) -> ``blocked_classified``, whatever else the
   document contains; the marking and its page are the evidence. It goes to the security
   officer, not through export-control review.
2. A flag on a list provision -> ``review_required``.
3. Otherwise -> ``no_listed_technology``, stating what was checked (never "cleared").
"""

from __future__ import annotations

from classifiers.settings import ScreeningSettings
from classifiers.types import DocumentResult, Evidence, Finding
from extractors.types import Analysis
from itemlists.reference import Reference

#: Score given to a marking finding: certain enough to order above list flags, never 1.0.
MARKING_SCORE = 0.99


def marking_finding(analysis: Analysis) -> Finding | None:
    """The highest security-grade marking as a finding, or None."""
    if not analysis.markings:
        return None
    top = analysis.markings[0]
    grades = ", ".join(dict.fromkeys(m.grade for m in analysis.markings))
    evidence = tuple(Evidence(m.line, m.page, m.sentence, m.text, m.grade, 1.0) for m in analysis.markings[:3])
    where = f"page {top.page}" if top.page else f"sentence {top.sentence}"
    return Finding(
        code="classified_marking",
        entry_code="",
        list="",
        list_version="",
        provision_text="Security Act (sikkerhetsloven): information with a security grade must not be "
        "published or shared to an unapproved system.",
        score=MARKING_SCORE,
        level="flag",
        rule="classified_marking",
        evidence=evidence,
        explanation=f"Security-grade marking {top.text!r} ({top.grade}, {top.system}; Norwegian grade "
        f"{top.norwegian_grade}) on {where}, found as a {top.rule} marking. All grades found: {grades}. "
        "Send the document to the security officer.",
    )


def decide(
    analysis: Analysis,
    findings: list[Finding],
    reference: Reference,
    settings: ScreeningSettings,
) -> DocumentResult:
    """Apply the document rules and state the reasons."""
    doc = analysis.document
    ordered = sorted(findings, key=lambda f: (f.level != "flag", -f.score, f.code))
    flags = [f for f in ordered if f.level == "flag"]
    marking = marking_finding(analysis)
    if marking is not None:
        ordered.insert(0, marking)
        decision = "blocked_classified"
        reasons: tuple[str, ...] = (f"rule classified_marking: {marking.explanation}",)
    elif flags:
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
        findings=tuple(ordered),
        reasons=reasons,
        itemlist_versions=dict(reference.versions),
        checked=f"{reference.checked}; NLP: {analysis.pipeline}",
        kind=doc.kind,
        sha256=doc.sha256,
        pages=len(doc.pages),
        words=doc.word_count,
    )
