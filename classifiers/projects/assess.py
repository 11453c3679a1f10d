"""A project's assessment: the three area levels, the outcome, the measures and the reasons.

The outcome uses the DOMAIN vocabulary (tests/benchmarks/projects/RULES.md, "The project's
outcome"): ``blocked_classified`` for a security-grade marking; ``review_required`` when an
area is ``high`` or listed technology makes (a) ``elevated``, unless the technology is at TRL
1-4 (``case_by_case``, or ``exempt`` when the screening found it exempt) and nothing is high;
``catch_all_review`` when any area is ``elevated``; else ``no_listed_technology``, saying what
was checked.
"""

from __future__ import annotations

from classifiers.projects.facts import ProjectFacts, technology
from classifiers.projects.measures import measures_for
from classifiers.projects.rules import ethics, knowledge_transfer, malign_influence
from classifiers.projects.types import AREA_TITLES, AreaLevel, ProjectAssessment, rank
from classifiers.types import DocumentResult, Evidence, Finding

#: Score of an area finding stored as a ``Finding`` (the review queue orders by it; never 1.0).
LEVEL_SCORES = {"high": 0.95, "elevated": 0.8, "low": 0.4, "not_assessed": 0.3}


def assess(facts: ProjectFacts, path: str, inputs: dict[str, str], quarantined: tuple[str, ...] = ()
           ) -> ProjectAssessment:
    """Assess one project from its facts."""
    areas = (knowledge_transfer(facts), malign_influence(facts), ethics(facts))
    decision, reasons = _decide(areas, facts.screening)
    ids = [m for a in areas for f in a.findings if rank(f.level) >= rank("elevated") for m in f.measures]
    ids += [m for a in areas for f in a.findings if f.level == "low" for m in f.measures]
    if not facts.partners_known:
        ids.append("partners_file")
    if facts.screening.decision == "blocked_classified":
        ids.append("security_officer")
    return ProjectAssessment(
        path=path, status="assessed", decision=decision, areas=areas, screening=facts.screening,
        participants=facts.participants, measures=measures_for(ids), reasons=reasons, inputs=inputs,
        quarantined=quarantined,
    )


def failed_assessment(path: str, reason: str, inputs: dict[str, str] | None = None) -> ProjectAssessment:
    """A project that could not be assessed (its description could not be read)."""
    return ProjectAssessment(path=path, status="failed", decision="failed", reasons=(reason,), inputs=inputs or {},
                             error=reason)


def _decide(areas: tuple[AreaLevel, ...], screening: DocumentResult) -> tuple[str, tuple[str, ...]]:
    reasons = tuple(_area_reason(a) for a in areas)
    if screening.decision == "blocked_classified":
        return "blocked_classified", ("The description carries a security-grade marking: it goes to the security "
                                      "officer.",) + reasons
    tech, _ = technology(screening)
    high = any(a.level == "high" for a in areas)
    listed_elevated = any(f.rule == "listed_technology" for a in areas for f in a.findings)
    if tech == "listed" and not high and screening.decision in ("case_by_case", "exempt"):
        return screening.decision, reasons + tuple(screening.reasons[:1])
    if high or listed_elevated:
        return "review_required", reasons
    if any(a.level == "elevated" for a in areas):
        return "catch_all_review", reasons
    checked = screening.checked or "the installed item lists"
    return "no_listed_technology", reasons + (f"Checked: {checked}.",)


def _area_reason(area: AreaLevel) -> str:
    top = area.findings[0] if area.findings else None
    said = f" {top.explanation}" if top and area.level != "none" else ""
    note = f" {area.note}" if area.note else ""
    return f"{AREA_TITLES[area.area]}: {area.level}.{said}{note}"


def as_document_result(assessment: ProjectAssessment) -> DocumentResult:
    """The assessment as a document result, so it is stored and reviewed like a document.

    The area findings above ``none`` become findings with rule ``<area rule>`` and code
    ``<area>.<rule>`` (no list entry); the screening's own findings follow.
    """
    screening = assessment.screening
    if assessment.status != "assessed" or screening is None:
        return DocumentResult(path=assessment.path, status="failed", decision="failed", error=assessment.error,
                              reasons=assessment.reasons)
    area_findings = [
        Finding(code=f"{area.area}.{f.rule}", entry_code="", list="", list_version="",
                provision_text=AREA_TITLES[area.area], score=LEVEL_SCORES[f.level],
                level="flag" if rank(f.level) >= rank("elevated") else "near_miss", rule=f.rule,
                evidence=f.evidence or (Evidence(f.explanation, None, None, "", f.rule, 1.0),),
                explanation=f"{f.level}: {f.explanation}")
        for area in assessment.areas for f in area.findings if f.level in LEVEL_SCORES
    ]
    return DocumentResult(
        path=assessment.path, status="screened", decision=assessment.decision,
        findings=tuple(area_findings) + screening.findings, reasons=assessment.reasons,
        itemlist_versions=screening.itemlist_versions, checked=screening.checked, kind=screening.kind,
        sha256=screening.sha256, pages=screening.pages, words=screening.words,
    )
