"""Refinements of list findings that need the whole document: exclusion notes, E-technology.

- **Exclusions** (issue 4.2): a note such as "6A005.a.2. does not control argon lasers of
  50 W or less" is applied when the document names the excluded item (or purpose) and its
  numbers meet the note's conditions. The finding stays visible as a near-miss, with the
  note as its reason.
- **E-technology** (issue 4.3): when the document explains how to develop, produce or use an
  item of group A, B, C or D, the technology provision covering that item (xE001, xE002 ...,
  per their text) is reported beside it, in the item's finding: for a publication, the
  technology is what is transferred.
"""

from __future__ import annotations

import dataclasses

import polars as pl

from classifiers.types import Feature, Finding
from extractors.text.lexicon import implied_words
from extractors.types import Analysis
from itemlists.derive.exclusion_checks import applying_exclusions
from itemlists.derive.technology import purpose_cues, technology_for
from itemlists.reference import Reference

#: What an applying exclusion takes from a finding's score (in logit units, shown as a feature).
EXCLUSION_PENALTY = 2.0


#: Cue categories that show a military-use context (extractors.analysis.cues).
MILITARY_CATEGORIES = frozenset(
    {"military_end_use", "weapons", "armed_forces", "defence_customer", "missile_delivery", "wmd"}
)


def military_cues(analysis: Analysis) -> bool:
    """True when the document has at least one clear military-use cue (extractors.analysis.cues)."""
    return any(c.category in MILITARY_CATEGORIES and c.weight >= 0.5 for c in analysis.cues)


def military_context(analysis: Analysis) -> bool:
    """True when the document has a clear military-use cue and is about technology.

    List I items are named with everyday words ("missiles", "electronic equipment"); a
    history of missile debates has the military cues but transfers no technology. So the
    context counts only where the document also explains developing, producing or using
    something, or states a physical quantity; otherwise its military cues are left to the
    catch-all rule.
    """
    if not military_cues(analysis):
        return False
    physical = any(q.si_unit and q.si_value is not None for q in analysis.quantities)
    return physical or bool(purpose_cues(analysis.document.text))


def _document_words(analysis: Analysis) -> set[str]:
    """Words of the document's candidate terms, and "civil" when nothing in it is military.

    Notes release civil kinds of items ("6A008 does not control ... Civil Automotive Radar");
    papers rarely write "civil" but say what the item is for. "Civil" means not military, so
    a document without any military-use cue states it: "automotive radar" is then enough.
    Implied words count (extractors.text.lexicon.implied_words): a tunnel "for teaching" is for
    "educational" purposes.
    """
    norms = analysis.candidates["norm"].unique().sort().to_list()
    words = {w for norm in norms for w in norm.split()}
    implied = {w for phrase in implied_words(norms) for w in phrase.split()}
    civil = set() if military_cues(analysis) else {"civil"}
    return words | implied | civil


def _topic_words(analysis: Analysis, finding: Finding) -> set[str]:
    """Words the document is about: in two sentences or more, or in the finding's evidence sentences."""
    per_sentence = (
        analysis.candidates.select("sentence", pl.col("norm").str.split(" ").alias("word")).explode("word").unique()
    )
    counts = per_sentence.group_by("word").agg(pl.col("sentence").n_unique().alias("n"))
    evidence = sorted({e.sentence for e in finding.evidence if e.sentence is not None})
    local = per_sentence.filter(pl.col("sentence").is_in(evidence))["word"].to_list()
    return set(counts.filter(pl.col("n") >= 2)["word"].to_list()) | set(local)


def apply_exclusions(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Turn flags whose item falls under an exclusion note into near-misses, with the note."""
    if reference.exclusions.height == 0 or not any(f.level == "flag" for f in findings):
        return findings
    words = _document_words(analysis)
    quantities = [(q.si_value if q.si_value is not None else q.value, q.si_unit) for q in analysis.quantities]
    out = []
    for finding in findings:
        rows = (
            applying_exclusions(
                reference.exclusions, finding.code, words, quantities, _topic_words(analysis, finding)
            )
            if finding.rule == "list_match" and finding.level == "flag"
            else pl.DataFrame()
        )
        if rows.height == 0:
            out.append(finding)
            continue
        note = str(rows["text"][0])
        feature = Feature("exclusion", 1.0, -EXCLUSION_PENALTY, f"Excluded by: {note}")
        out.append(
            dataclasses.replace(
                finding,
                level="near_miss",
                features=(*finding.features, feature),
                explanation=f"{finding.explanation} Excluded by a note ({rows['code'][0]}): {note} -> near-miss.",
            )
        )
    return out


def _provision_text(reference: Reference, code: str) -> str:
    hit = reference.provisions.filter(pl.col("code") == code)
    return str(hit["text"][0]) if hit.height else ""


def add_technology(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Name the E-technology provision beside each flagged A/B/C/D item the document explains.

    The technology provision is reported inside the item's finding (a feature with its code
    and text, and the explanation), so a reviewer decides on, or suppresses, item and
    technology together.
    """
    flagged = [f for f in findings if f.level == "flag" and f.rule == "list_match" and f.list in ("II", "III")]
    if not flagged or reference.technology.height == 0:
        return findings
    purposes = purpose_cues(analysis.document.text)
    if not purposes:
        return findings
    out = []
    for finding in findings:
        codes = (
            technology_for(finding.code, purposes, reference.technology)[:1]
            if finding in flagged and len(finding.entry_code) > 1 and finding.entry_code[1] in "ABCD"
            else []
        )
        if not codes:
            out.append(finding)
            continue
        e_code, what = codes[0], ", ".join(sorted(purposes))
        feature = Feature(
            "e_technology", 1.0, 0.0, f"{e_code}: {_provision_text(reference, e_code)} (the document explains {what})"
        )
        out.append(
            dataclasses.replace(
                finding,
                features=(*finding.features, feature),
                explanation=f"{finding.explanation} The document explains the {what} of this item: for a "
                f"publication the technology is what is transferred, so {e_code} applies beside {finding.code}.",
            )
        )
    return out
