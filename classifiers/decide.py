"""Decision rules for a document (DOMAIN.md): from findings to one outcome with reasons.

Order of the rules, first match wins:

1. A security-grade marking (Security Act) -> ``blocked_classified``, whatever else the
   document contains; the marking and its page are the evidence. It goes to the security
   officer, not through export-control review.
2. A flag on a list provision, refined by:
   a. content declared already publicly available (``public_reference``) -> ``exempt``;
   b. the technology readiness level (stated by the user, else inferred from the text):
      TRL 1-2 -> ``exempt`` when stated or written explicitly ("TRL 2"), ``case_by_case`` when
      only inferred from wording (a reviewer confirms basic research); TRL 3-4 ->
      ``case_by_case``; TRL 5-9 or unknown -> ``review_required``.
3. No flag, but strong catch-all cues (military end use, weapons, WMD ...) ->
   ``catch_all_review``, with the cues as findings ranked below any list match.
4. Otherwise -> ``no_listed_technology``, stating what was checked (never "cleared").
"""

from __future__ import annotations

from classifiers.documents.trl import resolve_trl, trl_rule
from classifiers.settings import Cutoffs, ScreeningSettings
from classifiers.types import DocumentResult, Evidence, Finding
from extractors.analysis.cues import strong_cues
from extractors.types import Analysis, Cue
from itemlists.types import Reference

#: Score given to a marking finding: certain enough to order above list flags, never 1.0.
MARKING_SCORE = 0.99
#: Catch-all findings score below the flag threshold range of list matches: cue weight x this.
CATCH_ALL_SCALE = 0.55


def _line(analysis: Analysis, sentence: int | None) -> int | None:
    """The file line of a sentence (text formats), or None."""
    if sentence is None or not 0 <= sentence < len(analysis.sentences):
        return None
    return analysis.sentences[sentence].line


def marking_finding(analysis: Analysis) -> Finding | None:
    """The highest security-grade marking as a finding, or None."""
    if not analysis.markings:
        return None
    top = analysis.markings[0]
    grades = ", ".join(dict.fromkeys(m.grade for m in analysis.markings))
    evidence = tuple(Evidence(m.line, m.page, m.sentence, m.text, m.grade, 1.0, line=_line(analysis, m.sentence))
                     for m in analysis.markings[:3])
    line = _line(analysis, top.sentence)
    where = f"page {top.page}" if top.page else f"line {line}" if line else "the document"
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


#: In a document longer than its lead, cues only in the body count from this many sentences.
CUE_SENTENCES = 2
#: Zones whose cues say nothing about the document's own end use: cited titles, licence text, contents.
ASIDE_ZONES = frozenset({"references", "boilerplate", "contents"})


def own_cues(analysis: Analysis) -> list[Cue]:
    """The strong catch-all cues that speak about the document's own work.

    Not those in references, licence text or contents lines; none in a legal text (a
    statute or regulation: its weapons words name the regime it sets up, not an end use of
    the document; extractors.analysis.zones.text_register); and in a document longer than
    its lead, none unless a cue stands in the lead or a heading or cues recur in
    :data:`CUE_SENTENCES` sentences.
    """
    if analysis.register == "legal":
        return []
    zones = analysis.zones

    def zone(cue: Cue) -> str:
        return zones[cue.sentence] if cue.sentence < len(zones) else "body"

    cues = [c for c in strong_cues(analysis.cues) if zone(c) not in ASIDE_ZONES]
    # A long document accumulates chance mentions: one cue deep in its body is not what the
    # document is about. It counts in the lead or a heading, or when it recurs.
    prominent = any(zone(c) in ("lead", "heading") for c in cues)
    if "body" in zones and not prominent and len({c.sentence for c in cues}) < CUE_SENTENCES:
        return []
    return cues


def catch_all_finding(analysis: Analysis) -> Finding | None:
    """Strong catch-all cues as one finding (lower priority than any list match), or None."""
    cues = sorted(own_cues(analysis), key=lambda c: -c.weight)
    if not cues:
        return None
    labels = ", ".join(dict.fromkeys(f"{c.label} ({c.text!r})" for c in cues[:4]))
    evidence = tuple(
        Evidence(c.sentence_text, c.page, c.sentence, c.text, c.label, 1.0, line=_line(analysis, c.sentence))
        for c in cues[:3]
    )
    return Finding(
        code="catch_all",
        entry_code="",
        list="",
        list_version="",
        provision_text="Catch-all: technology not on any list can need a licence when it relates to military "
        "use or national security interests (Export Control Regulation; Regulation (EU) 2021/821 Art. 4).",
        score=round(min(0.999, CATCH_ALL_SCALE * cues[0].weight), 3),
        level="flag",
        rule="catch_all",
        evidence=evidence,
        explanation=f"No list provision reached the threshold, but the text has catch-all cues: {labels}. "
        "Lower priority than list matches.",
    )


def _list_outcome(
    analysis: Analysis, flags: list[Finding], settings: ScreeningSettings, cut: Cutoffs
) -> tuple[str, tuple[str, ...]]:
    """The outcome for a document with list flags, after the public-domain and TRL rules."""
    listed = tuple(
        f"rule list_match: {f.code} (List {f.list}@{f.list_version}) scored {f.score:.3f} "
        f">= threshold {cut.threshold:.2f}"
        for f in flags
    )
    if settings.public_reference:
        return "exempt", (
            f"rule public_domain: the content is declared already publicly available "
            f"({settings.public_reference}); knowledge in the public domain is not controlled.",
            *listed,
        )
    estimate = resolve_trl(analysis.trl, settings.trl)
    rule = trl_rule(estimate.level)
    trl_line = _line(analysis, estimate.sentence)
    place = f"line {trl_line}" if trl_line else f"sentence {estimate.sentence}"
    where = f" ({place}: {estimate.text[:160]!r})" if estimate.text else ""
    level = f"TRL {estimate.level}" if estimate.level else "TRL unknown"
    trl_reason = f"rule trl: {level} ({estimate.rule}){where}"
    if rule == "exempt" and estimate.explicit:
        return "exempt", (f"{trl_reason}: basic research (TRL 1-2) is exempt.", *listed)
    if rule == "exempt":
        return "case_by_case", (
            f"{trl_reason}: looks like basic research (TRL 1-2); inferred from wording, so a "
            "reviewer confirms before treating it as exempt.",
            *listed,
        )
    if rule == "case_by_case":
        return "case_by_case", (f"{trl_reason}: TRL 3-4 is assessed case by case.", *listed)
    return "review_required", (f"{trl_reason}: TRL 5-9 or unknown: a licence is needed if listed.", *listed)


def _no_listed_technology(analysis: Analysis, ordered: list[Finding], reference: Reference, threshold: float) -> str:
    near = f"; {len(ordered)} near-miss(es) reported below the threshold" if ordered else ""
    legal = (
        " The text reads as a statute or regulation (it cites provisions throughout): its catch-all "
        "words name the regime, not an end use of this document, so they raise no catch-all review."
        if analysis.register == "legal" and strong_cues(analysis.cues)
        else ""
    )
    return (
        f"No listed technology: {analysis.candidates.height} candidate terms from "
        f"{len(analysis.sentences)} sentences were matched against {reference.checked}; "
        f"no provision reached the threshold {threshold:.2f}{near}.{legal} "
        "This is not a clearance."
    )


def _outcome(
    analysis: Analysis, ordered: list[Finding], reference: Reference, settings: ScreeningSettings, cut: Cutoffs
) -> tuple[str, tuple[str, ...]]:
    """The decision and its reasons by the first rule that applies; a marking or catch-all finding goes first."""
    flags = [f for f in ordered if f.level == "flag"]
    marking = marking_finding(analysis)
    if marking is not None:
        ordered.insert(0, marking)
        return "blocked_classified", (f"rule classified_marking: {marking.explanation}",)
    if flags:
        return _list_outcome(analysis, flags, settings, cut)
    catch_all = catch_all_finding(analysis)
    if catch_all is not None:
        ordered.insert(0, catch_all)
        return "catch_all_review", (f"rule catch_all: {catch_all.explanation}",)
    return "no_listed_technology", (_no_listed_technology(analysis, ordered, reference, cut.threshold),)


def decide(
    analysis: Analysis,
    findings: list[Finding],
    reference: Reference,
    settings: ScreeningSettings,
    cut: Cutoffs,
    scorer: str = "",
) -> DocumentResult:
    """Apply the document rules and state the reasons; ``scorer`` says which scorer scored the findings."""
    doc = analysis.document
    ordered = sorted(findings, key=lambda f: (f.level != "flag", -f.score, f.code))
    decision, reasons = _outcome(analysis, ordered, reference, settings, cut)
    return DocumentResult(
        path=doc.path,
        status="screened",
        decision=decision,
        findings=tuple(ordered),
        reasons=reasons,
        itemlist_versions=dict(reference.versions),
        checked=f"{reference.checked}; NLP: {analysis.pipeline}" + (f"; {scorer}" if scorer else ""),
        kind=doc.kind,
        sha256=doc.sha256,
        pages=len(doc.pages),
        words=doc.word_count,
    )
